/**
 * Issue 12: each hole found when the server was attacked, attacked again over real HTTP
 * against the real app. Every test here failed before its fix.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { generateFlow } from '../../bench/generate-flow.js';
import { loadFlowText } from '../../src/flow/load.js';
import { fixedFlow } from '../../src/flow/source.js';
import { startLocalServer, startServer } from '../../src/http/server.js';
import { readSettings, SettingsError } from '../../src/settings.js';
import { createLogger } from '../../src/log.js';
import { demoFlow, flowFromText, ROOT, startApp } from '../helpers/app.js';
import { rawRequest } from '../helpers/raw-http.js';
import { signatureHeaders } from '../helpers/signed.js';
import { dialOf, gatherOf, hangsUp, redirectOf, spoken } from '../helpers/webhook.js';
import { parsePlivoXml } from '../helpers/xml.js';
import { AUTH_ID, AUTH_TOKEN, BASIC_AUTH, CALLING_ENV, FIRED, interceptPlivo, postCall } from '../plivo/plivo-api.js';

const run = promisify(execFile);
const TO = '+14155550100';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
/** A server that can place calls but has no CALLS_API_TOKEN: loopback-only mode. */
const LOOPBACK_ENV = { PLIVO_AUTH_ID: AUTH_ID, PLIVO_AUTH_TOKEN: AUTH_TOKEN, PLIVO_FROM_NUMBER: '+14155550111' };

const post = (url: string, path: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> =>
  rawRequest(url, { method: 'POST', path, headers: { 'content-type': 'application/json', ...headers }, body });

describe('1. /calls: the token gate and the rate limit belong to the route', () => {
  it('POST /calls/, /CALLS, /Calls/ without a token never reach Plivo: 404, while /calls asks for the token', async (t) => {
    const plivo = interceptPlivo(t);
    plivo.api().times(10).reply(201, FIRED);
    const app = await startApp(t, { env: CALLING_ENV });
    const body = JSON.stringify({ to: TO });
    for (const path of ['/calls/', '/CALLS', '/Calls/', '/Calls', '/calls//', '/%63alls']) {
      const reply = await post(app.url, path, body, {});
      assert.equal(reply.status, 404, `${path}: ${reply.text}`);
    }
    assert.equal((await post(app.url, '/calls', body, {})).status, 401);
    assert.deepEqual(plivo.sent, [], 'Plivo was asked to place a call');
  });
});

describe('2. loopback-only mode does not trust proxies', () => {
  it('refuses a request that came through a proxy on this machine (ngrok) with 403 JSON saying to set CALLS_API_TOKEN', async (t) => {
    const plivo = interceptPlivo(t);
    plivo.api().times(5).reply(201, FIRED);
    const app = await startApp(t, { env: LOOPBACK_ENV });
    for (const header of [{ 'x-forwarded-for': '203.0.113.9' }, { forwarded: 'for=203.0.113.9;proto=https' }, { 'x-real-ip': '203.0.113.9' }, { 'x-forwarded-proto': 'https' }]) {
      const answer = await postCall(app.url, { to: TO }, { authorization: '', ...header });
      assert.equal(answer.status, 403, JSON.stringify(header));
      assert.equal(answer.body['error'], 'forbidden');
      assert.match(String(answer.body['detail']), /CALLS_API_TOKEN/);
    }
    // A page on another site whose name was rebound to 127.0.0.1 (DNS rebinding) is not local either.
    assert.equal((await post(app.url, '/calls', JSON.stringify({ to: TO }), { host: 'evil.example' })).status, 403);
    assert.deepEqual(plivo.sent, []);
    // A client really on this machine still may.
    assert.equal((await postCall(app.url, { to: TO }, { authorization: '' })).status, 201);
  });
});

describe('3. a GET webhook takes its parameters from the signed query only', () => {
  it('a signed POST replayed as a GET whose query absorbs the body, with an unsigned body, acts on nothing unsigned', async (t) => {
    const app = await startApp(t, { env: { PLIVO_AUTH_ID: AUTH_ID, PLIVO_AUTH_TOKEN: AUTH_TOKEN } });
    // Captured: Plivo's signed POST /node/main?lang=en with Digits=1 (hear the message).
    const signed = await signatureHeaders('POST', `${app.url}/node/main?lang=en`, { Digits: '1' }, AUTH_TOKEN);
    // Same base string as a GET: `…/node/main?lang=en.Digits1`. The attacker adds a body: Digits=2 (transfer).
    const body = 'Digits=2&CallUUID=forged';
    const reply = await rawRequest(app.url, { method: 'GET', path: '/node/main?lang=en.Digits1', headers: { ...signed, ...FORM, 'content-length': String(body.length) }, body });
    assert.equal(reply.status, 200, `${reply.status} ${reply.text}`);
    const doc = parsePlivoXml(reply.text);
    assert.equal(dialOf(doc), undefined, 'the unsigned Digits=2 in the GET body placed a transfer');
    assert.ok(gatherOf(doc), 'the menu is offered again, as for a call that pressed nothing');
    const served = app.logs().find((l) => l['message'] === 'node served');
    assert.equal(served?.['input'], 'arrive');
    assert.equal(served?.['callUuid'], 'unknown');
  });
});

/** A valid flow that names one anchor 120 times. */
function anchoredFlow(typo = false): string {
  const count = 120;
  const nodes = Array.from({ length: count }, (_, i) =>
    i === 0 ? `  n0: { type: say, prompt: &p { en: "One moment." }, next: n1 }` : `  n${i}: { type: say, prompt: *p, next: ${i === count - 1 ? 'bye' : `n${i + 1}`}${typo && i === 7 ? ', timout: 3' : ''} }`,
  );
  return `entry: n0\nlanguages: { en: { speak: en-US } }\nnodes:\n${nodes.join('\n')}\n  bye: { type: hangup, prompt: { en: Goodbye. } }\n`;
}

/** Nine nested anchors of nine aliases each: 9^9 values once expanded. */
const BILLION_LAUGHS = `entry: a
languages: { en: { speak: en-US } }
${Array.from({ length: 9 }, (_, i) => (i === 0 ? 'l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]' : `l${i}: &l${i} [${Array.from({ length: 9 }, () => `*l${i - 1}`).join(', ')}]`)).join('\n')}
nodes:
  a: { type: hangup, prompt: { en: Hi. } }
`;

describe('4. loading a flow never throws', () => {
  it('a hot reload of an anchor-heavy flow with a typo is a report; the server keeps serving', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'ivr-alias-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'ivr.yaml');
    writeFileSync(file, anchoredFlow());
    const lines: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== '')));
    const server = await startLocalServer({ flowFile: file, env: {}, watch: true, logStream: stream });
    t.after(() => server.close());
    const reloaded = new Promise<void>((done) => server.flows.onChange(() => done()));
    writeFileSync(file, anchoredFlow(true));
    await reloaded;
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as Record<string, unknown>;
    assert.equal(health['status'], 'ready');
    assert.ok(Number(health['problems']) >= 1);
    const failed = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['message'] === 'flow reload failed');
    assert.match(String(failed?.['report']), /ivr\.yaml:\d+:\d+ error .*timout/);
  });

  it('npm run validate reports a billion-laughs file with file:line:column, at once, without a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ivr-laughs-'));
    try {
      const file = join(dir, 'laughs.yaml');
      writeFileSync(file, BILLION_LAUGHS);
      const outcome = await run(process.execPath, ['--import', 'tsx', 'src/cli/validate.ts', file], { cwd: ROOT, timeout: 30_000 }).then(
        () => assert.fail('a billion-laughs file validated'),
        (error: { code?: number; stderr?: string; killed?: boolean }) => error,
      );
      assert.equal(outcome.killed, false, 'validate ran for 30 s');
      assert.equal(outcome.code, 1);
      assert.match(outcome.stderr ?? '', /laughs\.yaml:\d+:\d+ error\b.*alias/);
      assert.doesNotMatch(outcome.stderr ?? '', /\n\s+at .+:\d+:\d+/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a file too big to be a flow is one problem, not a parse', () => {
    const loaded = loadFlowText(`# ${'x'.repeat(9 * 1024 * 1024)}\n`, { file: 'big.yaml', env: {}, audioExists: () => true });
    assert.equal(loaded.ok, false);
    assert.match(loaded.ok ? '' : (loaded.problems[0]?.message ?? ''), /larger than 8 MB/);
  });
});

describe('5. GET /api/flow.svg never blocks a webhook', () => {
  it('a webhook sent while a big diagram is being drawn is answered before the drawing', async (t) => {
    // Graphviz loaded and warm, as on a server that has drawn a diagram before.
    const warm = await startApp(t);
    assert.equal((await fetch(`${warm.url}/api/flow.svg`)).status, 200);
    const flow = flowFromText(generateFlow(250));
    const app = await startApp(t, { flows: fixedFlow(flow) });
    const order: string[] = [];
    const svg = fetch(`${app.url}/api/flow.svg`).then(async (r) => {
      order.push('svg');
      return r.text();
    });
    // Give the server the SVG request first.
    await new Promise((done) => setTimeout(done, 150));
    const hook = fetch(`${app.url}/node/${flow.entry}`, { method: 'POST', headers: FORM, body: 'CallUUID=during-render' }).then((r) => {
      order.push('webhook');
      return r.status;
    });
    assert.equal(await hook, 200);
    assert.match(await svg, /<svg/);
    assert.deepEqual(order, ['webhook', 'svg']);
  });

  it('a flow too big to draw gets a picture saying so, not a hung server', async (t) => {
    const app = await startApp(t, { flows: fixedFlow(flowFromText(generateFlow(2000))) });
    const response = await fetch(`${app.url}/api/flow.svg`);
    assert.equal(response.status, 200);
    assert.match(await response.text(), /2\d{3} nodes: too many to draw here/);
  });
});

describe('6. secrets never leave the server', () => {
  it('${PLIVO_AUTH_TOKEN} (or any *TOKEN*, *SECRET*, *PASSWORD*, *KEY*) in a flow is an error naming the variable, never its value', () => {
    const env = { PLIVO_AUTH_TOKEN: AUTH_TOKEN, STRIPE_KEY: 'sk-live-123456', DB_PASSWORD: 'hunter2-hunter2' };
    for (const name of ['PLIVO_AUTH_TOKEN', 'STRIPE_KEY', 'DB_PASSWORD', 'CALLS_API_TOKEN']) {
      const loaded = loadFlowText(`entry: a\nlanguages: { en: { speak: en-US } }\nnodes:\n  a: { type: hangup, prompt: { en: "Token \${${name}}" } }\n`, { file: 'f.yaml', env, audioExists: () => true });
      assert.equal(loaded.ok, false, name);
      const problem = loaded.ok ? undefined : loaded.problems[0];
      assert.equal(problem?.line, 4, name);
      assert.ok(problem?.message.includes(`\${${name}} names a variable that holds a secret`), problem?.message);
      const report = JSON.stringify(loaded);
      for (const secret of Object.values(env)) assert.ok(!report.includes(secret), `${name}: a value leaked`);
    }
  });

  it('a token written into a flow by hand is redacted in the XML, /api/flow and /healthz', async (t) => {
    const flow = flowFromText(`entry: a\nlanguages: { en: { speak: en-US } }\nnodes:\n  a: { type: hangup, prompt: { en: "Code ${AUTH_TOKEN}." } }\n`);
    const app = await startApp(t, { flows: fixedFlow(flow), env: { ...CALLING_ENV, PLIVO_VERIFY_SIGNATURES: 'false' } });
    const xml = await (await fetch(`${app.url}/node/a`, { method: 'POST', headers: FORM, body: 'CallUUID=x' })).text();
    assert.deepEqual(spoken(parsePlivoXml(xml)).map((s) => s.text), ['Code [redacted].']);
    const texts = [xml, await (await fetch(`${app.url}/api/flow`)).text(), await (await fetch(`${app.url}/healthz`)).text(), app.rawLogs()];
    for (const text of texts) assert.ok(!text.includes(AUTH_TOKEN), text.slice(0, 200));
  });

  it('Plivo echoing our Basic credentials in an error: the base64 never reaches the client or the log', async (t) => {
    const plivo = interceptPlivo(t);
    const base64 = BASIC_AUTH.slice('Basic '.length);
    plivo.api().reply(400, { error: `bad request from ${BASIC_AUTH} (${base64.replace(/=+$/, '')})` });
    const app = await startApp(t, { env: CALLING_ENV });
    const answer = await postCall(app.url, { to: TO });
    assert.equal(answer.status, 422);
    const seen = JSON.stringify(answer.body) + app.rawLogs();
    assert.ok(!seen.includes(base64.replace(/=+$/, '')), seen);
    assert.match(String(answer.body['detail']), /\[redacted\]/);
  });

  it('a PUBLIC_URL with a password is refused at start-up, and the refusal does not repeat the password', () => {
    assert.throws(() => readSettings({ PUBLIC_URL: 'https://ivr:s3cret-pass@ivr.example.com' }), (error: unknown) => {
      assert.ok(error instanceof SettingsError);
      assert.match(error.message, /PUBLIC_URL must not contain a user name or password/);
      assert.ok(!error.message.includes('s3cret-pass'));
      return true;
    });
  });
});

describe('7. node ids that are Object.prototype names', () => {
  it('entry: constructor, next: toString, a choice to hasOwnProperty do not validate', () => {
    const cases = [
      ['entry: constructor', 'nodes:\n  a: { type: hangup }'],
      ['entry: a', 'nodes:\n  a: { type: say, prompt: { en: Hi. }, next: toString }'],
      ['entry: a', 'nodes:\n  a: { type: menu, prompt: { en: Press 1. }, choices: { "1": hasOwnProperty } }'],
      ['entry: a', 'nodes:\n  a: { type: menu, prompt: { en: Press 1. }, choices: { "1": { goto: b, language: constructor } } }\n  b: { type: hangup }'],
    ];
    for (const [entry, nodes] of cases) {
      const loaded = loadFlowText(`${entry}\nlanguages: { en: { speak: en-US } }\n${nodes}\n`, { file: 'p.yaml', env: {}, audioExists: () => true });
      assert.equal(loaded.ok, false, `${entry} ${nodes}`);
    }
  });

  it('the apology never redirects to an entry that does not exist: the call ends instead of looping', async (t) => {
    const demo = demoFlow();
    // A flow whose entry is gone (what `entry: constructor` compiled to before the fix).
    const broken = { ...demo, entry: 'constructor' };
    const app = await startApp(t, { flows: fixedFlow(broken) });
    const reply = await fetch(`${app.url}/node/constructor`, { method: 'POST', headers: FORM, body: 'CallUUID=loop' });
    const doc = parsePlivoXml(await reply.text());
    assert.equal(redirectOf(doc), undefined);
    assert.ok(hangsUp(doc));
  });
});

describe('8. a chunked webhook body over 64 kB', () => {
  it('is a 413, logged with the client address, like a body that declares its length', async (t) => {
    const app = await startApp(t);
    const { hostname, port } = new URL(app.url);
    const status = await new Promise<number>((done, fail) => {
      const req = request({ hostname, port, method: 'POST', path: '/node/language', headers: { ...FORM, 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        done(res.statusCode ?? 0);
      });
      req.on('error', fail);
      for (let i = 0; i < 20; i += 1) req.write(`pad${i}=${'x'.repeat(8 * 1024)}&`);
      req.end('Digits=1');
    });
    assert.equal(status, 413);
    const refused = app.logs().find((l) => l['message'] === 'webhook request refused');
    assert.equal(refused?.['status'], 413);
    assert.equal(refused?.['address'], '127.0.0.1');
  });
});

describe('9. a symlinked ivr.yaml', () => {
  it('reloads when the file the link points to changes', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'ivr-link-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'releases', 'v1'), { recursive: true });
    mkdirSync(join(dir, 'app'));
    cpSync(resolve(ROOT, 'audio'), join(dir, 'app', 'audio'), { recursive: true });
    const target = join(dir, 'releases', 'v1', 'ivr.yaml');
    const demo = readFileSync(resolve(ROOT, 'ivr.yaml'), 'utf8');
    writeFileSync(target, demo);
    symlinkSync(target, join(dir, 'app', 'ivr.yaml'));
    const server = await startLocalServer({ flowFile: join(dir, 'app', 'ivr.yaml'), env: {}, watch: true });
    t.after(() => server.close());
    const before = server.flows.current().version;
    const reloaded = new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error('no reload within 5 s')), 5000);
      server.flows.onChange(() => {
        clearTimeout(timer);
        done();
      });
    });
    writeFileSync(target, demo.replace('Thank you for calling. Goodbye.', 'Thanks, bye.'));
    await reloaded;
    assert.notEqual(server.flows.current().version, before);
  });
});

describe('10. npm start', () => {
  it('runs the server as npm\'s direct child, so SIGTERM to npm stops it', async (t) => {
    const child = spawn('npm', ['start'], { cwd: ROOT, env: { ...process.env, PORT: '0', LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
    t.after(() => child.kill('SIGKILL'));
    const port = await new Promise<number>((done, fail) => {
      const timer = setTimeout(() => fail(new Error('npm start did not listen within 60 s')), 60_000);
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        const match = /"message":"listening"[^\n]*?"port":(\d+)/.exec(text);
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          done(Number(match[1]));
        }
      });
    });
    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
    // Give an orphan, if any, the time a graceful stop takes; then nothing may be listening.
    await new Promise((done) => setTimeout(done, 1500));
    const listening = await new Promise<boolean>((done) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        done(true);
      });
      socket.on('error', () => done(false));
    });
    assert.equal(listening, false, `something still listens on ${port} after SIGTERM to npm`);
  });
});

describe('11. premium-rate destinations', () => {
  it('ALLOWED_DESTINATIONS=+1 does not let +1 900 through; ALLOW_PREMIUM_DESTINATIONS=true does', async (t) => {
    const plivo = interceptPlivo(t);
    plivo.api().reply(201, FIRED);
    const app = await startApp(t, { env: { ...CALLING_ENV, ALLOWED_DESTINATIONS: '+1' } });
    const refused = await postCall(app.url, { to: '+19005550123' });
    assert.equal(refused.status, 403);
    assert.equal(refused.body['error'], 'premium_destination_refused');
    assert.match(String(refused.body['detail']), /premium-rate.*ALLOW_PREMIUM_DESTINATIONS=true/);
    for (const to of ['+449090901234', '+447012345678']) assert.equal((await postCall(app.url, { to })).status, 403, to);
    assert.deepEqual(plivo.sent, []);
    const allowing = await startApp(t, { env: { ...CALLING_ENV, ALLOW_PREMIUM_DESTINATIONS: 'true' } });
    assert.equal((await postCall(allowing.url, { to: '+19005550123' })).status, 201);
  });
});

describe('12. slow bodies and idle sockets', () => {
  it('the server has webhook-sized timeouts, and cuts off a body that trickles in', async (t) => {
    const logger = createLogger({ level: 'error', secrets: [], stream: new PassThrough() });
    const settings = readSettings({ PORT: '0', IVR_CONFIG: resolve(ROOT, 'ivr.yaml') });
    const serving = await startServer({ settings, logger, flows: { file: settings.ivrConfig, env: {}, watch: false }, host: '127.0.0.1' });
    t.after(() => serving.stop());
    assert.ok(serving.server.requestTimeout <= 30_000, `requestTimeout ${serving.server.requestTimeout}`);
    assert.ok(serving.server.headersTimeout <= 10_000, `headersTimeout ${serving.server.headersTimeout}`);
    assert.ok(serving.server.keepAliveTimeout <= 30_000, `keepAliveTimeout ${serving.server.keepAliveTimeout}`);

    const quick = await startServer({ settings, logger, flows: { file: settings.ivrConfig, env: {}, watch: false }, host: '127.0.0.1', timeouts: { requestTimeout: 1_000, headersTimeout: 1_000, connectionsCheckingInterval: 200 } });
    t.after(() => quick.stop());
    const started = Date.now();
    const answer = await new Promise<string>((done) => {
      const socket = connect(quick.port, '127.0.0.1', () => {
        socket.write('POST /node/language HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nD');
        const trickle = setInterval(() => socket.write('x'), 300);
        let text = '';
        socket.on('data', (chunk: Buffer) => { text += chunk.toString('utf8'); });
        socket.on('close', () => {
          clearInterval(trickle);
          done(text);
        });
        socket.on('error', () => undefined);
      });
    });
    assert.match(answer, /^HTTP\/1\.1 408/);
    assert.ok(Date.now() - started < 10_000);
  });
});

describe('13. audio/ does not follow links out of its folder', () => {
  it('serves a regular file inside audio/, and 404 for a link that points outside it', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'ivr-audio-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'audio'));
    mkdirSync(join(dir, 'private'));
    cpSync(resolve(ROOT, 'audio', 'english.mp3'), join(dir, 'audio', 'english.mp3'));
    writeFileSync(join(dir, 'private', 'secret.mp3'), 'not for callers');
    symlinkSync(join(dir, 'private', 'secret.mp3'), join(dir, 'audio', 'leak.mp3'));
    symlinkSync(join(dir, 'private'), join(dir, 'audio', 'more'));
    writeFileSync(join(dir, 'ivr.yaml'), readFileSync(resolve(ROOT, 'ivr.yaml'), 'utf8').replace('audio/spanish.mp3', 'audio/english.mp3'));
    const server = await startLocalServer({ flowFile: join(dir, 'ivr.yaml'), env: {} });
    t.after(() => server.close());
    assert.equal((await fetch(`${server.url}/audio/english.mp3`)).status, 200);
    for (const path of ['/audio/leak.mp3', '/audio/more/secret.mp3']) {
      const response = await fetch(`${server.url}${path}`);
      assert.equal(response.status, 404, path);
      assert.ok(!(await response.text()).includes('not for callers'), path);
    }
  });
});
