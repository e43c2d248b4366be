import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { describe, it, type TestContext } from 'node:test';
import { createLogger } from '../../src/log.js';
import { startServer } from '../../src/http/server.js';
import { readSettings } from '../../src/settings.js';
import { ROOT } from '../helpers/app.js';

const BODY = 'CallUUID=shutdown-call&From=14155550111&To=14155550122';

/** Everything a socket receives until the server closes it. */
function readAll(socket: Socket): Promise<string> {
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((done) => socket.on('close', () => done(Buffer.concat(chunks).toString('utf8'))));
}

describe('graceful shutdown', () => {
  it('stops accepting, finishes the request in flight, then resolves', async () => {
    const settings = readSettings({ PORT: '0', IVR_CONFIG: `${ROOT}/ivr.yaml`, LOG_LEVEL: 'error' });
    const logger = createLogger({ level: 'error', secrets: [], stream: new PassThrough() });
    const serving = await startServer({ settings, logger, flows: { file: settings.ivrConfig, env: {}, watch: false }, host: '127.0.0.1' });

    // A webhook request half sent: headers and the first half of its body.
    const socket = connect(serving.port, '127.0.0.1');
    await new Promise<void>((done) => socket.once('connect', done));
    const answer = readAll(socket);
    socket.write(`POST /node/language HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${BODY.length}\r\n\r\n${BODY.slice(0, 10)}`);
    await new Promise((done) => setTimeout(done, 50));

    let stopped = false;
    const stopping = serving.stop().then(() => { stopped = true; });
    assert.equal(serving.stopping(), true);
    await assert.rejects(fetch(`http://127.0.0.1:${serving.port}/healthz`), 'no new connections');
    assert.equal(stopped, false, 'waits for the request in flight');

    socket.write(BODY.slice(10));
    const response = await answer;
    assert.match(response, /^HTTP\/1\.1 200 OK/);
    assert.match(response, /\r\nConnection: close\r\n/i);
    assert.match(response, /<GetInput /);
    await stopping;
    assert.equal(stopped, true);
  });

  it('npm start: SIGTERM ends the process with exit code 0, after saying so', async (t) => {
    const main = await startMain(t, {});
    const port = Number(main.listening['port']);
    // Issue 18: the start-up log names the page to open.
    assert.equal(main.listening['page'], `http://localhost:${port}/`);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(((await health.json()) as Record<string, unknown>)['status'], 'ready');

    main.child.kill('SIGTERM');
    assert.equal(await main.exited, 0);
    const messages = main.lines.map((l) => String(l['message']));
    assert.ok(messages.some((m) => m.startsWith('webhook signatures are NOT checked (PLIVO_AUTH_TOKEN is not set)')));
    assert.deepEqual(messages.slice(-2), ['stopping', 'stopped']);
  });

  it('HOST=127.0.0.1 listens on loopback only, and the log says where the page is (issue 18)', async (t) => {
    const main = await startMain(t, { HOST: '127.0.0.1' });
    const port = Number(main.listening['port']);
    assert.equal(main.listening['address'], '127.0.0.1');
    assert.equal(main.listening['page'], `http://127.0.0.1:${port}/`);
    assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
  });

  it('refuses a HOST that is not an address', async () => {
    assert.throws(() => readSettings({ HOST: 'http://0.0.0.0/' }), /HOST must be an address or host name to listen on/);
  });
});

/** `npm start` (src/main.ts) with `env` on a free port, until its `listening` line; stopped when the test ends. */
async function startMain(t: TestContext, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', PORT: '0', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  t.after(() => { child.kill('SIGTERM'); return exited; });
  const lines: Record<string, unknown>[] = [];
  let pending = '';
  const listening = await new Promise<Record<string, unknown>>((done, fail) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const text = pending + chunk.toString('utf8');
      const complete = text.split('\n');
      pending = complete.pop() ?? '';
      for (const line of complete.filter((l) => l.startsWith('{'))) {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        lines.push(parsed);
        if (parsed['message'] === 'listening') done(parsed);
      }
    });
    child.once('exit', (code) => fail(new Error(`exited early with ${code}`)));
  });
  return { child, exited, lines, listening };
}
