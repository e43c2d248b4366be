import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it, type TestContext } from 'node:test';
import { namedFlowFiles } from '../../src/flow/catalog.js';
import { startServer, FlowError, type RunningServer } from '../../src/http/server.js';
import { createLogger } from '../../src/log.js';
import { readSettings } from '../../src/settings.js';
import { ROOT } from '../helpers/app.js';
import { callWith, errors, heard, played, serveFlow } from '../helpers/emulate.js';
import { spoken, webhook } from '../helpers/webhook.js';

const EXAMPLES = [
  { name: 'clinic', file: 'examples/clinic.yaml' },
  { name: 'support', file: 'examples/support.yaml' },
  { name: 'demo', file: 'ivr.yaml' },
];

/** The paths a call asked for (hang-up included). */
const paths = (call: Awaited<ReturnType<typeof callWith>>): string[] =>
  call.events.flatMap((e) => (e.type === 'request' ? [new URL(e.url).pathname] : []));

describe('several flows on one server, through the emulator', () => {
  it('serves each named flow at /flows/<name>/… beside the default flow, each call staying in its own flow', async (t) => {
    const server = await serveFlow(t, 'ivr.yaml', {}, EXAMPLES);

    const main = await callWith(server, ['1', '1']);
    assert.deepEqual(errors(main), []);
    assert.equal(heard(main)[0]?.text, 'Welcome. For English, press 1.');
    assert.ok(paths(main).every((p) => p.startsWith('/node/') || p === '/hangup'), paths(main).join(' '));

    const support = await callWith(server, ['1', '1', '123456#', '1', '2'], [], undefined, server.answerUrlFor('support'));
    assert.deepEqual(errors(support), []);
    assert.ok(heard(support).some((s) => s.text === 'Order 1 2 3 4 5 6 has shipped and will arrive within three working days.'));
    assert.ok(paths(support).every((p) => p.startsWith('/flows/support/node/') || p === '/flows/support/hangup'), paths(support).join(' '));

    const clinic = await callWith(server, ['9', '9'], [], undefined, server.answerUrlFor('clinic'));
    assert.deepEqual(errors(clinic), []);
    assert.match(heard(clinic)[0]?.text ?? '', /^Clínica Sorriso/);
    assert.equal(clinic.outcome, 'hangup');
    assert.ok(clinic.events.some((e) => e.type === 'request' && e.purpose === 'hangup' && e.status === 200));
    assert.ok(paths(clinic).every((p) => p.startsWith('/flows/clinic/node/') || p === '/flows/clinic/hangup'), paths(clinic).join(' '));
  });

  it('serves a named flow its own audio, at /flows/<name>/audio/…', async (t) => {
    const server = await serveFlow(t, 'examples/clinic.yaml', {}, EXAMPLES);
    const call = await callWith(server, ['1', '1'], [], undefined, server.answerUrlFor('demo'));
    assert.deepEqual(errors(call), []);
    assert.deepEqual(played(call).map((p) => [new URL(p.url).pathname, p.ok]), [['/flows/demo/audio/english.mp3', true]]);
  });

  it('the call is signature-checked on a named flow too', async (t) => {
    const server = await serveFlow(t, 'ivr.yaml', {}, EXAMPLES);
    const call = await callWith(server, ['1'], [], 'a-wrong-auth-token', server.answerUrlFor('clinic'));
    assert.equal(heard(call).length, 0);
    assert.ok(call.events.some((e) => e.type === 'request' && e.status === 403));
  });
});

interface Served { server: RunningServer; dir: string; logs(): Record<string, unknown>[] }

/** A real server (on a socket) serving copies of the demo flow as default, `a` and `b`, all watched. */
async function serveWatched(t: TestContext): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'ivr-flows-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(resolve(ROOT, 'audio'), join(dir, 'audio'), { recursive: true });
  const demo = readFileSync(resolve(ROOT, 'ivr.yaml'), 'utf8');
  for (const name of ['ivr', 'a', 'b']) writeFileSync(join(dir, `${name}.yaml`), demo);
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== '')));
  const settings = readSettings({ PORT: '0', PUBLIC_URL: 'http://127.0.0.1', FLOWS: `${join(dir, 'a.yaml')},${join(dir, 'b.yaml')}` });
  const server = await startServer({
    settings,
    logger: createLogger({ level: 'info', secrets: [], stream }),
    flows: { file: join(dir, 'ivr.yaml'), env: {}, watch: true },
    namedFlows: namedFlowFiles(settings),
    host: '127.0.0.1',
    publicUrl: (socketUrl) => socketUrl,
  });
  t.after(() => server.close());
  return { server, dir, logs: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

async function firstWords(server: RunningServer, flow: string | undefined): Promise<string | undefined> {
  const answer = await webhook(server.answerUrlFor(flow), { Event: 'StartApp' });
  assert.equal(answer.status, 200);
  return spoken(answer.doc)[0]?.text;
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let waited = 0; waited < 8000; waited += 50) {
    if (await check()) return;
    await new Promise((done) => setTimeout(done, 50));
  }
  assert.fail(`timed out waiting until ${what}`);
}

const flowView = async (server: RunningServer, flow?: string): Promise<{ version: string; problems: string[]; answerPath: string; flows: string[] }> =>
  (await (await fetch(`${server.url}/api/flow${flow === undefined ? '' : `?flow=${flow}`}`)).json()) as { version: string; problems: string[]; answerPath: string; flows: string[] };

describe('several flows, each hot-reloaded on its own', () => {
  it('a broken flow keeps its last good version and never touches the others; a change to one leaves the rest', async (t) => {
    const { server, dir } = await serveWatched(t);
    const welcome = 'Welcome. For English, press 1.';
    assert.equal(await firstWords(server, 'b'), welcome);
    const before = { main: await flowView(server), a: await flowView(server, 'a') };
    assert.deepEqual(before.a.flows, ['a', 'b']);
    assert.equal(before.a.answerPath, '/flows/a/node/language');

    writeFileSync(join(dir, 'b.yaml'), 'entry: nowhere\nnodes: {}\n');
    await until('b reports its problems', async () => (await flowView(server, 'b')).problems.length > 0);
    assert.equal(await firstWords(server, 'b'), welcome, 'b keeps its last good version');
    assert.equal(await firstWords(server, 'a'), welcome);
    assert.deepEqual((await flowView(server, 'a')).problems, []);
    assert.deepEqual((await flowView(server)).problems, []);

    const demo = readFileSync(resolve(ROOT, 'ivr.yaml'), 'utf8');
    writeFileSync(join(dir, 'a.yaml'), demo.replace(welcome, 'Hello from flow A. For English, press 1.'));
    await until('a reloads', async () => (await firstWords(server, 'a')) !== welcome);
    assert.equal(await firstWords(server, 'a'), 'Hello from flow A. For English, press 1.');
    assert.equal(await firstWords(server, undefined), welcome, 'the default flow is untouched');
    assert.equal(await firstWords(server, 'b'), welcome, 'b still serves its last good version');
    assert.equal((await flowView(server)).version, before.main.version);
  });

  it('answers an unknown flow name 404 (XML on a webhook, JSON on the API), whatever the name', async (t) => {
    const { server } = await serveWatched(t);
    for (const name of ['nope', 'constructor', '__proto__', 'toString', 'A']) {
      const answer = await webhook(`${server.url}/flows/${name}/node/language`, { Event: 'StartApp' });
      assert.equal(answer.status, 404, name);
      assert.ok(answer.doc.children.some((e) => e.name === 'Hangup'), `${name}: the apology ends the call`);
      assert.equal((await webhook(`${server.url}/flows/${name}/hangup`)).status, 404, name);
      assert.equal((await fetch(`${server.url}/flows/${name}/audio/english.mp3`)).status, 404, name);
      const api = await fetch(`${server.url}/api/flow?flow=${name}`);
      assert.equal(api.status, 404, name);
      assert.deepEqual(((await api.json()) as { flows: string[] }).flows, ['a', 'b']);
      assert.equal((await fetch(`${server.url}/api/flow.svg?flow=${name}`)).status, 404, name);
    }
    assert.equal((await fetch(`${server.url}/flows/a/audio/english.mp3`)).status, 200);
  });

  it('does not start when a named flow does not load: the report names its file, line and column', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'ivr-flows-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'good.yaml'), readFileSync(resolve(ROOT, 'examples/clinic.yaml'), 'utf8'));
    writeFileSync(join(dir, 'bad.yaml'), 'entry: nowhere\nnodes:\n  x: { type: hangup }\n');
    const settings = readSettings({ PORT: '0', FLOWS_DIR: dir });
    await assert.rejects(
      startServer({ settings, logger: createLogger({ level: 'error', secrets: [], stream: new PassThrough() }), flows: { file: resolve(ROOT, 'ivr.yaml'), env: {}, watch: false }, namedFlows: namedFlowFiles(settings), host: '127.0.0.1' }),
      (error: unknown) => error instanceof FlowError && /bad\.yaml:1:\d+/.test(error.message),
    );
  });

  it('takes flow names from file names: lower-case letters, digits and dashes, one file a name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ivr-flows-'));
    try {
      writeFileSync(join(dir, 'reminders-2.yaml'), '');
      writeFileSync(join(dir, 'notes.txt'), '');
      assert.deepEqual(namedFlowFiles({ flowsDir: dir, flowFiles: [] }).map((f) => f.name), ['reminders-2']);
      writeFileSync(join(dir, 'Bad Name.yaml'), '');
      assert.throws(() => namedFlowFiles({ flowsDir: dir, flowFiles: [] }), /lower-case letters, digits and dashes.*"Bad Name"/);
      rmSync(join(dir, 'Bad Name.yaml'));
      assert.throws(() => namedFlowFiles({ flowsDir: dir, flowFiles: [join(ROOT, 'x', 'reminders-2.yaml')] }), /two flows are named "reminders-2"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
