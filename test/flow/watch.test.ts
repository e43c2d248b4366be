import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it, type TestContext } from 'node:test';
import type { FlowStatus } from '../../src/flow/source.js';
import { openFlowFile } from '../../src/flow/watch.js';
import { startLocalServer, type LocalServer } from '../../src/http/server.js';
import { createLogger } from '../../src/log.js';
import { ROOT } from '../helpers/app.js';
import { press, redirectOf, spoken, webhook } from '../helpers/webhook.js';

const DEMO = readFileSync(resolve(ROOT, 'ivr.yaml'), 'utf8');
const GOODBYE = 'en: Thank you for calling. Goodbye.';
/** The demo with the English goodbye of the `goodbye` node (the last one in the file) changed. */
const withGoodbye = (text: string): string => {
  const at = DEMO.lastIndexOf(GOODBYE);
  return `${DEMO.slice(0, at)}en: ${text}${DEMO.slice(at + GOODBYE.length)}`;
};

interface Watched { server: LocalServer; file: string; logs(): Record<string, unknown>[] }

/** A copy of the demo (ivr.yaml + audio/) in a temp folder, served with hot reload. */
async function serveCopy(t: TestContext): Promise<Watched> {
  const dir = mkdtempSync(join(tmpdir(), 'ivr-watch-'));
  cpSync(resolve(ROOT, 'audio'), join(dir, 'audio'), { recursive: true });
  const file = join(dir, 'ivr.yaml');
  writeFileSync(file, DEMO);
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== '')));
  const server = await startLocalServer({ flowFile: file, env: {}, watch: true, logStream: stream });
  t.after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { server, file, logs: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

/** The next reload attempt's status; fails the test after 5 s. */
function nextReload(server: LocalServer): Promise<FlowStatus> {
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error('no reload within 5 s')), 5000);
    const stop = server.flows.onChange((status) => {
      clearTimeout(timer);
      stop();
      done(status);
    });
  });
}

const CALL = { CallUUID: 'reload-call', From: '14155550111', To: '14155550122' };

describe('hot reload of the flow file', () => {
  it('serves a valid change to the very next request, and logs the new version', async (t) => {
    const { server, file, logs } = await serveCopy(t);
    const before = server.flows.current();
    const reloaded = nextReload(server);
    writeFileSync(file, withGoodbye('Bye for now, and thanks.'));
    const status = await reloaded;
    assert.notEqual(status.flow.version, before.version);
    assert.deepEqual(status.problems, []);
    const bye = await webhook(`${server.url}/node/goodbye?lang=en`, CALL);
    assert.deepEqual(spoken(bye.doc).map((s) => s.text), ['Bye for now, and thanks.']);
    const logged = logs().find((l) => l['message'] === 'flow reloaded');
    assert.equal(logged?.['version'], status.flow.version);
    assert.equal(logged?.['previousVersion'], before.version);
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as Record<string, unknown>;
    assert.equal(health['version'], status.flow.version);
  });

  it('picks up an editor-style save: a new file renamed over the old one', async (t) => {
    const { server, file } = await serveCopy(t);
    for (const text of ['Bye one.', 'Bye two.']) {
      const reloaded = nextReload(server);
      writeFileSync(`${file}.swp`, withGoodbye(text));
      renameSync(`${file}.swp`, file);
      await reloaded;
      const bye = await webhook(`${server.url}/node/goodbye?lang=en`, CALL);
      assert.deepEqual(spoken(bye.doc).map((s) => s.text), [text]);
    }
  });

  it('keeps the last good flow answering when the new file is broken, and logs the full report', async (t) => {
    const { server, file, logs } = await serveCopy(t);
    const good = server.flows.current();
    const reloaded = nextReload(server);
    writeFileSync(file, DEMO.replace('goto: message', 'goto: mesage').replace('goto: connecting', 'goto: conecting'));
    const status = await reloaded;
    assert.equal(status.flow, good);
    assert.ok(status.problems.length >= 2);
    const menu = await press(await webhook(server.answerUrl, CALL), '1');
    assert.equal(spoken(menu.doc)[0]?.text, 'Press 1 to hear a message. Press 2 to talk to an associate.');
    const failed = logs().find((l) => l['message'] === 'flow reload failed');
    assert.equal(failed?.['servingVersion'], good.version);
    assert.match(String(failed?.['report']), /ivr\.yaml:\d+:\d+ error nodes\.main\.choices\.1\.goto: .*"mesage"/);
    assert.match(String(failed?.['report']), /ivr\.yaml:\d+:\d+ error nodes\.main\.choices\.2\.goto: .*"conecting"/);
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as Record<string, unknown>;
    assert.deepEqual([health['version'], health['problems']], [good.version, status.problems.length]);

    const fixed = nextReload(server);
    writeFileSync(file, DEMO);
    assert.deepEqual((await fixed).problems, []);
  });

  it('a caller at a menu the new file removed hears an apology and is taken back to the entry', async (t) => {
    const { server, file } = await serveCopy(t);
    const menu = await press(await webhook(server.answerUrl, CALL), '1');
    assert.equal(menu.doc.children[0]?.attributes['action'], `${server.url}/node/main?lang=en`);

    // The new file has no `main`: level 1 goes straight to the message.
    const withoutMain = DEMO.replace(/\n {2}main:\n(?: {4}.*\n| *\n)+/, '\n').replaceAll('goto: main', 'goto: message').replace('next: main', 'next: language');
    const reloaded = nextReload(server);
    writeFileSync(file, withoutMain);
    const status = await reloaded;
    assert.deepEqual(status.problems, []);
    assert.equal(status.flow.nodes.has('main'), false);

    const after = await press(menu, '1');
    assert.equal(after.status, 200);
    assert.deepEqual(spoken(after.doc), [{ text: 'Sorry, that part of the menu has changed. Let us start again.', language: 'en-US' }]);
    assert.equal(redirectOf(after.doc), `${server.url}/node/language?lang=en`);
  });
});

describe('openFlowFile', () => {
  const logger = createLogger({ level: 'error', secrets: [], stream: new PassThrough() });

  it('keeps the flow object a request already holds when a reload swaps in a new one', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'ivr-store-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    cpSync(resolve(ROOT, 'audio'), join(dir, 'audio'), { recursive: true });
    writeFileSync(join(dir, 'ivr.yaml'), DEMO);
    const opened = openFlowFile({ file: join(dir, 'ivr.yaml'), env: {}, logger, watch: false });
    assert.ok(opened.ok);
    const held = opened.store.current();
    writeFileSync(join(dir, 'ivr.yaml'), DEMO.replace('timeout: 20', 'timeout: 25'));
    const changes: FlowStatus[] = [];
    opened.store.onChange((status) => changes.push(status));
    opened.store.reload();
    opened.store.reload(); // same bytes: not a new attempt
    assert.equal(changes.length, 1);
    assert.notEqual(opened.store.current(), held);
    assert.equal(held.nodes.get('connecting')?.type === 'dial' && held.nodes.get('connecting'), held.nodes.get('connecting'));
    assert.equal(opened.store.status().file.endsWith('ivr.yaml'), true);
  });

  it('reports the problems of a first load that fails', () => {
    const opened = openFlowFile({ file: resolve(ROOT, 'test/fixtures/flows/unknown-target.yaml'), env: {}, logger, watch: false });
    assert.equal(opened.ok, false);
  });
});
