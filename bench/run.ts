/**
 * `npm run bench`: how fast the webhook answers, against a bare-Koa ceiling; how long a big
 * flow takes to load and how much memory it keeps; what one rendered node costs. Loopback
 * only, about 80 s. Prints a table with targets and writes bench/results.json.
 *
 * Options: --duration=<s> per HTTP case (default 8), --warmup=<s> (1), --connections=<n> (64).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateFlow } from './generate-flow.js';
import type { LoadFigures } from './load-flow.js';
import type { LoadJob, LoadResult } from './load-worker.js';
import { benchRender, type RenderFigure } from './render.js';
import { AUTH_TOKEN, demoFlow, ROOT, startBare, startOurs, type Running } from './servers.js';
import { assertSdkAccepts, signatureHeaders, type SignedShape } from './sign.js';

const option = (name: string, fallback: number): number => {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg === undefined ? fallback : Number(arg.slice(name.length + 3));
};
const DURATION = option('duration', 8);
const WARMUP = option('warmup', 1);
const CONNECTIONS = option('connections', 64);
/** Seconds at a single connection: the latency of one request when nothing queues. */
const SINGLE = 2;
const LARGE_NODES = 10_000;

/** What Plivo posts with every call webhook. */
const CALL = {
  ALegRequestUUID: '6f1c2a5e-8a4b-11ee-b9d1-0242ac120002',
  ALegUUID: '7b2e0f44-8a4b-11ee-b9d1-0242ac120002',
  BillRate: '0.0085',
  CallStatus: 'in-progress',
  CallUUID: '7b2e0f44-8a4b-11ee-b9d1-0242ac120002',
  CallerName: '+14155550111',
  Direction: 'inbound',
  From: '14155550111',
  RequestUUID: '6f1c2a5e-8a4b-11ee-b9d1-0242ac120002',
  STIRAttestation: 'Not Applicable',
  SessionStart: '2026-11-24 19:00:00.000000',
  To: '14155550122',
};

interface HttpCase { name: string; path: string; params: Record<string, string>; expect: string }
const CASES: HttpCase[] = [
  { name: 'entry (answer → language menu)', path: '/node/language', params: { ...CALL, Event: 'StartApp' }, expect: 'Para español' },
  { name: 'branch (Digits=1 → main)', path: '/node/language', params: { ...CALL, Event: 'Redirect', Digits: '1' }, expect: 'Press 1 to hear a message' },
  { name: 'menu retry (main, Digits=9)', path: '/node/main?lang=en', params: { ...CALL, Event: 'Redirect', Digits: '9' }, expect: 'not one of the options' },
];

interface Request { url: string; headers: Record<string, string>; body: string }
interface HttpFigure extends LoadResult { name: string; ratio?: number; single: LoadResult }
interface HttpFigures { signature: { active: boolean; unsignedStatus: number }; ceiling: HttpFigure[]; cases: HttpFigure[] }
interface Target { name: string; target: string; value: string; pass: boolean }

/** The request Plivo would send for `c`, signed once (autocannon repeats it as is). */
function requestFor(base: string, c: HttpCase, nonce: string): Request {
  const shape: SignedShape = { method: 'POST', url: `${base}${c.path}`, params: c.params };
  const headers = signatureHeaders(shape, AUTH_TOKEN, nonce);
  assertSdkAccepts(shape, AUTH_TOKEN, headers);
  return { url: shape.url, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(c.params).toString() };
}

async function post(request: Request): Promise<{ status: number; text: string }> {
  const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body });
  return { status: response.status, text: await response.text() };
}

function forkTs(file: string, args: string[], execArgv: string[] = []): ChildProcess {
  return fork(resolve(import.meta.dirname, file), args, { execArgv: [...execArgv, '--import', 'tsx'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
}

function startWorker(): Promise<ChildProcess> {
  const worker = forkTs('load-worker.ts', []);
  return new Promise((ready, failed) => {
    worker.once('message', () => ready(worker));
    worker.once('error', failed);
  });
}

function load(worker: ChildProcess, request: Request, connections: number, warmup: number, duration: number): Promise<LoadResult> {
  const job: LoadJob = { ...request, connections, warmup, duration };
  return new Promise((done) => {
    worker.once('message', (result) => done(result as LoadResult));
    worker.send(job);
  });
}

/** 64 connections (throughput, latency under load), then 1 connection (latency of a lone request). */
async function measure(worker: ChildProcess, name: string, request: Request): Promise<HttpFigure> {
  const loaded = await load(worker, request, CONNECTIONS, WARMUP, DURATION);
  const single = await load(worker, request, 1, 0, SINGLE);
  return { name, ...loaded, single };
}

async function benchHttp(): Promise<HttpFigures> {
  const ours = await startOurs(demoFlow());
  const worker = await startWorker();
  let bare: Running | undefined;
  try {
    // Is the signature check in this build? An unsigned request must be refused.
    const unsigned = await post({ ...requestFor(ours.url, CASES[0] as HttpCase, '1'), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const signature = { active: unsigned.status === 403, unsignedStatus: unsigned.status };
    const requests = CASES.map((c, i) => ({ c, request: requestFor(ours.url, c, `${31337000 + i}`) }));
    for (const { c, request } of requests) {
      const reply = await post(request);
      if (reply.status !== 200 || !reply.text.includes(c.expect)) throw new Error(`${c.name}: ${reply.status}, expected 200 with "${c.expect}":\n${reply.text}`);
    }
    const [entry] = requests;
    if (entry === undefined) throw new Error('no benchmark cases');

    // The ceiling answers the entry request with the very XML ours sends for it. It is
    // measured before and after our cases, and ours is compared with the mean of the two.
    bare = await startBare((await post(entry.request)).text);
    const bareRequest = { ...entry.request, url: `${bare.url}${entry.c.path}` };
    const ceiling = [await measure(worker, 'bare Koa + body parser (ceiling)', bareRequest)];
    const cases: HttpFigure[] = [];
    for (const { c, request } of requests) cases.push(await measure(worker, c.name, request));
    ceiling.push(await measure(worker, 'bare Koa (ceiling, again)', bareRequest));
    const ceilingRps = ceiling.reduce((sum, f) => sum + f.requestsPerSecond, 0) / ceiling.length;
    for (const f of cases) f.ratio = f.requestsPerSecond / ceilingRps;
    return { signature, ceiling, cases };
  } finally {
    worker.kill();
    await bare?.close();
    await ours.close();
  }
}

/** A generated 10,000-node flow in a temporary folder (with the repo's audio/ beside it), loaded in a fresh process. */
async function benchLoad(): Promise<LoadFigures & { bytes: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'ivr-bench-'));
  try {
    const text = generateFlow(LARGE_NODES);
    writeFileSync(join(dir, 'flow.yaml'), text);
    symlinkSync(resolve(ROOT, 'audio'), join(dir, 'audio'));
    const child = forkTs('load-flow.ts', [join(dir, 'flow.yaml'), '3'], ['--expose-gc']);
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    if (code !== 0) throw new Error(`bench/load-flow.ts exited with ${code}`);
    return { ...(JSON.parse(out) as LoadFigures), bytes: Buffer.byteLength(text) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function table(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ')).join('\n');
}

const fmt = (n: number, digits = 1): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`bench: node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), loopback only`);
  console.log('load generator: autocannon (programmatic API) in a forked child process; the server runs in the bench process');
  console.log(`${CONNECTIONS} connections for ${WARMUP} s warm-up + ${DURATION} s per case, then 1 connection for ${SINGLE} s; production logger (info, JSON) into a discarding stream\n`);

  const loadFigures = await benchLoad();
  const http = await benchHttp();
  const render: RenderFigure[] = benchRender(demoFlow(), 'http://127.0.0.1:3000', 1);

  console.log(http.signature.active
    ? 'signature check: active (unsigned request → 403; every benchmarked request carries a V3 signature the plivo SDK accepts)'
    : `signature check: not active in this build (unsigned request → ${http.signature.unsignedStatus}); requests are signed anyway`);
  console.log();
  console.log(table([
    ['webhook (POST, form body)', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'vs ceiling', '1 conn p50', '1 conn p99'],
    ...[...http.ceiling.slice(0, 1), ...http.cases, ...http.ceiling.slice(1)].map((f) => [
      f.name, fmt(f.requestsPerSecond, 0), fmt(f.p50, 2), fmt(f.p99, 2), fmt(f.max, 0), String(f.non2xx + f.errors),
      f.ratio === undefined ? '-' : fmt(f.ratio, 2), fmt(f.single.p50, 2), fmt(f.single.p99, 2),
    ]),
  ]));
  console.log();
  console.log(table([
    ['respond() without HTTP', 'ops/s', 'µs/op', 'XML bytes'],
    ...render.map((r) => [r.name, fmt(r.opsPerSecond, 0), fmt(r.microsPerOp, 1), String(r.bytes)]),
  ]));
  console.log();
  const { demo, large } = loadFigures;
  console.log(table([
    ['load + validate (loadFlowFile)', 'cold ms', 'median ms', 'runs ms'],
    [`ivr.yaml (${demo.nodes} nodes)`, fmt(demo.coldMs, 0), fmt(demo.medianMs, 1), demo.runsMs.map((ms) => fmt(ms, 1)).join(' / ')],
    [`generated (${large.nodes} nodes, ${fmt(loadFigures.bytes / 1e6, 1)} MB)`, fmt(large.coldMs, 0), fmt(large.medianMs, 0), large.runsMs.map((ms) => fmt(ms, 0)).join(' / ')],
  ]));
  console.log(`resident memory (gc'd): ${fmt(large.rssBeforeMb, 0)} MB before loading, ${fmt(large.rssAfterLoadMb, 0)} MB right after, `
    + `${fmt(large.rssSettledMb, 0)} MB 3 s later; the flow itself keeps ${fmt(large.heapRetainedMb, 0)} MB of heap`);

  const ceilingP99 = Math.max(...http.ceiling.map((f) => f.p99));
  const targets: Target[] = [
    ...http.cases.map((f) => ({ name: `${f.name}: throughput vs ceiling`, target: '≥ 0.85', value: fmt(f.ratio ?? 0, 2), pass: (f.ratio ?? 0) >= 0.85 })),
    ...http.cases.map((f) => ({ name: `${f.name}: p99 at ${CONNECTIONS} conn.`, target: '≤ 5 ms', value: `${fmt(f.p99, 1)} ms (ceiling ${fmt(ceilingP99, 1)})`, pass: f.p99 <= 5 })),
    ...http.cases.map((f) => ({ name: `${f.name}: errors, non-2xx`, target: '0', value: String(f.non2xx + f.errors + f.single.non2xx + f.single.errors), pass: f.non2xx + f.errors + f.single.non2xx + f.single.errors === 0 })),
    { name: `${large.nodes}-node flow: load + validate (median of ${large.runsMs.length})`, target: '≤ 1000 ms', value: `${fmt(large.medianMs, 0)} ms`, pass: large.medianMs <= 1000 },
    { name: `${large.nodes}-node flow: resident memory, settled`, target: '≤ 150 MB', value: `${fmt(large.rssSettledMb, 0)} MB (peak ${fmt(large.rssAfterLoadMb, 0)})`, pass: large.rssSettledMb <= 150 },
  ];
  console.log();
  console.log(table([['target', 'wanted', 'measured', ''], ...targets.map((t) => [t.name, t.target, t.value, t.pass ? 'PASS' : 'MISS'])]));

  const seconds = (performance.now() - started) / 1000;
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    loadGenerator: 'autocannon programmatic API in a forked child process; server in the bench process',
    connections: CONNECTIONS,
    warmupSeconds: WARMUP,
    durationSeconds: DURATION,
    singleConnectionSeconds: SINGLE,
    signature: http.signature,
    http: { ceiling: http.ceiling, cases: http.cases },
    render,
    load: loadFigures,
    targets,
    totalSeconds: seconds,
  };
  writeFileSync(resolve(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n${targets.filter((t) => t.pass).length}/${targets.length} targets met; figures in bench/results.json (run took ${fmt(seconds, 0)} s)`);
}

await main();
