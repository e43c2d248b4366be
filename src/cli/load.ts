/**
 * `npm run load`: the webhook under load while ivr.yaml is being edited (issue 5).
 *
 * Serves a temp copy of ivr.yaml + audio/ with hot reload and signature checks on, then holds
 * LOAD_CONNECTIONS (300) concurrent connections of signed Plivo webhook requests for
 * LOAD_SECONDS (30 s) from autocannon on loopback, while the file is rewritten every second
 * (two valid versions in turn, saved in place and by rename). Prints requests, errors,
 * non-2xx, latency and reloads; exits 1 unless errors and non-2xx are 0 and the reloads kept up.
 */
import { fork } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { makeNonce, signV3 } from '../emulator/index.js';
import { startServer } from '../http/server.js';
import { createLogger } from '../log.js';
import { readSettings, secretsOf } from '../settings.js';
import { readArgs, runCli } from './args.js';

const ROOT = resolve(import.meta.dirname, '../..');
const USAGE = `usage: npm run load

Serves a temporary copy of ivr.yaml with hot reload and signature checks, holds signed webhook
requests on loopback while the file is rewritten every second, and fails (exit 1) unless there
are no errors, no non-2xx answers, and every save was reloaded. No arguments; settings:

  LOAD_SECONDS      how long (default 30)
  LOAD_CONNECTIONS  connections held open (default 300)
  LOAD_EDITS=off    the same load without rewriting the file, for comparison
  -h, --help        this text`;
const SECONDS = Number(process.env['LOAD_SECONDS'] ?? 30);
const CONNECTIONS = Number(process.env['LOAD_CONNECTIONS'] ?? 300);
/** LOAD_EDITS=off: the same load without rewriting the file, for comparison. */
const EDITS = process.env['LOAD_EDITS'] !== 'off';
const AUTH_TOKEN = 'load-test-fake-auth-token';
/** What Plivo would believe it calls; signatures are made for it, not for the loopback socket. */
const PUBLIC_URL = 'https://ivr.load.test';
const CALL = { CallUUID: 'load-call', From: '14155550111', To: '14155550122', CallStatus: 'in-progress', Direction: 'outbound' };

/** One step of a call, as Plivo sends it: method, path (with query) and form body. */
interface Step { path: string; params: Record<string, string> }
const STEPS: Step[] = [
  { path: '/node/language', params: { ...CALL, Event: 'StartApp' } },
  { path: '/node/language', params: { ...CALL, Digits: '1' } },
  { path: '/node/language?event=no-input', params: { ...CALL, Event: 'Redirect' } },
  { path: '/node/main?lang=en', params: { ...CALL, Digits: '1' } },
  { path: '/node/main?lang=es&attempt=2', params: { ...CALL, Digits: '7' } },
  { path: '/node/connecting?lang=en', params: { ...CALL, DialStatus: 'no-answer' } },
  { path: '/node/goodbye?lang=en', params: { ...CALL, Event: 'Redirect' } },
  { path: '/hangup', params: { ...CALL, CallStatus: 'completed', HangupCause: 'NORMAL_CLEARING', Duration: '42', BillDuration: '60' } },
];

type Request = { method: 'POST'; path: string; headers: Record<string, string>; body: string };

/**
 * autocannon in a child process, so the load generator does not share the server's event loop.
 * (Not autocannon's `workers`: in worker-thread mode some of its connections never reached the
 * server in our sandbox and ended as timeouts.)
 */
function loadFrom(url: string, requests: Request[]): Promise<autocannon.Result> {
  return new Promise((done, fail) => {
    const child = fork(fileURLToPath(import.meta.url), [], { execArgv: ['--import', 'tsx'], env: { ...process.env, LOAD_ROLE: 'client' } });
    child.once('message', (result) => done(result as autocannon.Result));
    child.once('error', fail);
    child.once('exit', (code) => { if (code !== 0) fail(new Error(`load generator exited with ${code}`)); });
    child.send({ url, requests });
  });
}

/** The child's side: run autocannon once with what the parent sent, send back the result. */
function runClient(): void {
  process.once('message', (message) => {
    const { url, requests } = message as { url: string; requests: Request[] };
    void autocannon({ url, connections: CONNECTIONS, duration: SECONDS, requests, timeout: 10 }).then((result) => {
      process.send?.(result, () => process.exit(0));
    });
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ivr-load-'));
  cpSync(resolve(ROOT, 'audio'), join(dir, 'audio'), { recursive: true });
  const file = join(dir, 'ivr.yaml');
  const versionA = readFileSync(resolve(ROOT, 'ivr.yaml'), 'utf8');
  const versionB = versionA.replace('timeout: 20', 'timeout: 25').replace('Please hold while', 'Please hold on while');
  writeFileSync(file, versionA);

  let logLines = 0;
  const logStream = new Writable({ write: (_chunk, _encoding, done) => { logLines += 1; done(); } });
  // What `npm start` runs (startServer(): hot reload, signature checks, info-level logs), on loopback only.
  const env = { PORT: '0', PUBLIC_URL, IVR_CONFIG: file, PLIVO_AUTH_ID: 'MALOADTESTAUTHID0000', PLIVO_AUTH_TOKEN: AUTH_TOKEN, LOG_LEVEL: 'info' };
  const settings = readSettings(env);
  const logger = createLogger({ level: settings.logLevel, secrets: secretsOf(settings), stream: logStream });
  const serving = await startServer({ settings, logger, flows: { file: settings.ivrConfig, env, watch: true }, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${serving.port}`;
  let accepted = 0;
  serving.server.on('connection', () => { accepted += 1; });
  const reloads = { ok: 0, failed: 0, versions: new Set<string>([serving.flows.current().version]) };
  serving.flows.onChange((status) => {
    if (status.problems.length > 0) reloads.failed += 1;
    else reloads.ok += 1;
    reloads.versions.add(status.flow.version);
  });

  let writes = 0;
  const rewriter = setInterval(() => {
    if (!EDITS) return;
    writes += 1;
    const text = writes % 2 === 1 ? versionB : versionA;
    // Every other save the way many editors do it: a new file renamed over the old one.
    if (writes % 4 < 2) writeFileSync(file, text);
    else {
      writeFileSync(`${file}.tmp`, text);
      renameSync(`${file}.tmp`, file);
    }
  }, 1000);

  const requests = await Promise.all(STEPS.map(async (step): Promise<Request> => {
    const nonce = makeNonce();
    const signature = await signV3({ method: 'POST', url: PUBLIC_URL + step.path, params: step.params, nonce, authToken: AUTH_TOKEN });
    return {
      method: 'POST',
      path: step.path,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-plivo-signature-v3': signature, 'x-plivo-signature-v3-nonce': nonce },
      body: new URLSearchParams(step.params).toString(),
    };
  }));

  console.log(`load: ${CONNECTIONS} connections for ${SECONDS} s against ${url} (signed for ${PUBLIC_URL}, ${STEPS.length} request kinds), ${EDITS ? `rewriting ${file} every second` : 'no edits'}`);
  const result = await loadFrom(url, requests);
  clearInterval(rewriter);
  // Let the last write's reload land before counting.
  await new Promise((done) => setTimeout(done, 500));
  await serving.stop();
  rmSync(dir, { recursive: true, force: true });

  const report = {
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    fileWrites: writes,
    reloads: { ok: reloads.ok, failed: reloads.failed, versionsServed: reloads.versions.size },
    logLines,
    connectionsAccepted: accepted,
  };
  console.log(JSON.stringify(report, null, 2));
  const problems = [
    ...(report.errors + report.timeouts > 0 ? [`${report.errors} errors, ${report.timeouts} timeouts`] : []),
    ...(report.non2xx > 0 ? [`${report.non2xx} non-2xx answers`] : []),
    ...(reloads.ok < writes - 1 ? [`only ${reloads.ok} reloads for ${writes} writes`] : []),
    ...(reloads.failed > 0 ? [`${reloads.failed} reloads failed`] : []),
  ];
  if (problems.length > 0) {
    console.error(`load: FAILED: ${problems.join('; ')}`);
    process.exitCode = 1;
  } else console.log('load: ok: no errors, no non-2xx, every save reloaded');
}

if (process.env['LOAD_ROLE'] === 'client') runClient();
else {
  runCli('load', USAGE, async () => {
    readArgs(USAGE, {}, { maxPositionals: 0 });
    await main();
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  });
}
