/**
 * `npm run bench`: what a webhook costs the server, against ceilings measured in the same run;
 * how long a big flow takes to load (clean, and with a warning) and what it keeps in memory;
 * what one rendered node costs. Loopback only, about 3 minutes. Prints tables with the targets
 * and writes bench/results.json.
 *
 * The main figure is **server CPU per request**: every server (bench/variants.ts) runs in its
 * own process (bench/server.ts), and for a fixed number of signed requests the bench reads the
 * server's own process.cpuUsage() before and after. Targets take turns in several short rounds
 * (the order shifts each round), so a burst of load from elsewhere on the machine hits them all
 * alike; each round gives a ratio to each ceiling, and the tables show medians and the spread.
 * The load generator (autocannon) runs in another process, so its CPU is not counted.
 *
 * Options: --rounds=<n> (12), --requests=<n> per target and round (800), --cpu-connections=<n>
 * (16), --duration=<s> at --connections=<n> for throughput (9 s, 64), --single=<s> at one
 * connection for latency (6); both split over 3 interleaved rounds, --only=<variant>,… (run just those, plus the ceilings),
 * --variant='name:VAR=value,…' (an extra app variant, repeatable), --no-load (skip the loader).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateFlow } from './generate-flow.js';
import type { LoadFigures } from './load-flow.js';
import type { LoadJob, LoadResult } from './load-worker.js';
import { benchRender, type RenderFigure } from './render.js';
import type { CpuReading, ServerReady } from './server.js';
import { demoFlow, ROOT } from './servers.js';
import { assertSdkAccepts, signatureHeaders, type SignedShape } from './sign.js';
import { APP_ENV, AUTH_TOKEN, CASES, parseVariant, VARIANTS, type CaseName, type HttpCase, type ServerVariant } from './variants.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const arg = args.find((a) => a.startsWith(`--${name}=`));
  return arg === undefined ? fallback : Number(arg.slice(name.length + 3));
};
const ROUNDS = option('rounds', 12);
const REQUESTS = option('requests', 800);
const CPU_CONNECTIONS = option('cpu-connections', 16);
const DURATION = option('duration', 9);
const CONNECTIONS = option('connections', 64);
const SINGLE = option('single', 6);
const LATENCY_ROUNDS = 3;
const LARGE_NODES = 10_000;
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const extra = args.filter((a) => a.startsWith('--variant=')).map((a) => parseVariant(a.slice('--variant='.length)));
const variants = [...VARIANTS, ...extra].filter((v) => v.ceiling === true || only === undefined || only.includes(v.name));

interface Request { url: string; headers: Record<string, string>; body: string }
interface Server { variant: ServerVariant; url: string; child: ChildProcess }
/** One server answering one case: what the rounds measure. */
interface Target { key: string; server: Server; c: HttpCase; request: Request; cpu: number[]; failures: number }
interface Check { name: string; target: string; value: string; pass: boolean }

const caseOf = (name: CaseName): HttpCase => {
  const found = CASES.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no case ${name}`);
  return found;
};

/** The request Plivo would send for `c` to the server at `base`, signed once (repeated as is). */
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

function forkTs(file: string, argv: string[], options: { execArgv?: string[]; env?: NodeJS.ProcessEnv } = {}): ChildProcess {
  return fork(resolve(import.meta.dirname, file), argv, {
    execArgv: [...(options.execArgv ?? []), '--import', 'tsx'],
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
}

function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((done, failed) => {
    const onExit = (code: number | null): void => failed(new Error(`child process exited with ${code}`));
    child.once('exit', onExit);
    child.once('message', (message) => {
      child.off('exit', onExit);
      done(message as T);
    });
  });
}

async function startServer(variant: ServerVariant, xml: string): Promise<Server> {
  const env = { ...process.env, ...(variant.server === 'app' ? APP_ENV : {}), ...variant.env, BENCH_SERVER: variant.server, BENCH_XML: xml };
  const child = forkTs('server.ts', [], { env });
  const { url } = await nextMessage<ServerReady>(child);
  return { variant, url, child };
}

async function cpuOf(server: Server): Promise<number> {
  const reply = nextMessage<CpuReading>(server.child);
  server.child.send('cpu');
  return (await reply).cpu;
}

function load(worker: ChildProcess, request: Request, job: Omit<LoadJob, keyof Request>): Promise<LoadResult> {
  const result = nextMessage<LoadResult>(worker);
  worker.send({ ...request, ...job } satisfies LoadJob);
  return result;
}

/** CPU µs the server spent on `amount` requests of `target`, and whether any failed. */
async function cpuRun(worker: ChildProcess, target: Target, amount: number): Promise<{ perRequest: number; failures: number }> {
  const before = await cpuOf(target.server);
  const result = await load(worker, target.request, { connections: CPU_CONNECTIONS, warmup: 0, duration: 0, amount });
  const after = await cpuOf(target.server);
  return { perRequest: (after - before) / amount, failures: result.non2xx + result.errors + result.timeouts + Math.max(0, amount - result.responses) };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

interface Spread { median: number; min: number; max: number }
const spread = (values: readonly number[]): Spread => ({ median: median(values), min: Math.min(...values), max: Math.max(...values) });

interface CpuFigure {
  target: string;
  variant: string;
  case: CaseName;
  /** µs of server CPU per request, one per round. */
  microsPerRequest: number[];
  cpu: Spread;
  /** Per round: the ceiling's CPU per request ÷ this target's (1 = as cheap as the ceiling). */
  ratios: Record<string, Spread>;
  failures: number;
}
interface LatencyFigure { target: string; p50: Spread; p99: Spread; requestsPerSecond: Spread; loadedP50: Spread; loadedP99: Spread; failures: number }

async function benchHttp(): Promise<{ signature: { active: boolean; unsignedStatus: number }; cpu: CpuFigure[]; latency: LatencyFigure[]; koaP50: number; koaRps: number }> {
  const main = variants.find((v) => v.name === 'webhook');
  if (main === undefined) throw new Error('bench/variants.ts needs the `webhook` variant');
  const servers: Server[] = [];
  const worker = forkTs('load-worker.ts', []);
  await nextMessage(worker);
  try {
    // The app first: the ceilings answer with the very XML it sends for the entry request.
    const probe = await startServer(main, '-');
    servers.push(probe);
    const entry = caseOf('entry');
    const unsigned = await post({ ...requestFor(probe.url, entry, '1'), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const signature = { active: unsigned.status === 403, unsignedStatus: unsigned.status };
    const xml = (await post(requestFor(probe.url, entry, '2'))).text;

    // One process per target, so each has the same duty cycle: a process that served more
    // requests between its turns (warmer JIT, caches, heap) would look cheaper than it is.
    const pairs = variants.flatMap((variant) => variant.cases.map((name) => ({ variant, c: caseOf(name) })));
    const started = await Promise.all(pairs.map(({ variant, c }) => (variant === main && c.name === 'entry' ? probe : startServer(variant, xml))));
    for (const server of started) if (server !== probe) servers.push(server);
    const targets: Target[] = [];
    for (const [i, { variant, c }] of pairs.entries()) {
      const server = started[i] as Server;
      const request = requestFor(server.url, c, `${31337000 + i}`);
      const reply = await post(request);
      const expect = variant.server === 'app' ? c.expect : variant.server === 'floor' ? 'Press 1' : entry.expect;
      if (reply.status !== 200 || !reply.text.includes(expect)) throw new Error(`${variant.name} / ${c.name}: ${reply.status}, expected 200 with "${expect}":\n${reply.text}`);
      targets.push({ key: `${variant.name} / ${c.name}`, server, c, request, cpu: [], failures: 0 });
    }

    // Warm-up (JIT, connection pools), then the rounds.
    for (const target of targets) await cpuRun(worker, target, REQUESTS);
    for (let round = 0; round < ROUNDS; round++) {
      const order = targets.map((_, i) => targets[(i + round) % targets.length] as Target);
      for (const target of order) {
        const { perRequest, failures } = await cpuRun(worker, target, REQUESTS);
        target.cpu.push(perRequest);
        target.failures += failures;
      }
      process.stdout.write(`  round ${round + 1}/${ROUNDS}: ${targets.map((t) => `${t.key} ${fmt(t.cpu[round] ?? NaN, 0)}`).join(', ')} µs\n`);
    }
    const ceilings = targets.filter((t) => t.server.variant.ceiling === true);
    const cpu = targets.map((t): CpuFigure => ({
      target: t.key,
      variant: t.server.variant.name,
      case: t.c.name,
      microsPerRequest: t.cpu,
      cpu: spread(t.cpu),
      ratios: Object.fromEntries(ceilings.filter((ceiling) => ceiling !== t).map((ceiling) => [ceiling.server.variant.name, spread(t.cpu.map((us, i) => (ceiling.cpu[i] ?? NaN) / us))])),
      failures: t.failures,
    }));

    // Latency of a lone request (one connection), then throughput at many, in rounds that
    // alternate the bare Koa ceiling with the webhook cases; medians over the rounds.
    const koa = targets.find((t) => t.server.variant.server === 'koa');
    const webhooks = targets.filter((t) => t.server.variant === main);
    if (koa === undefined) throw new Error('no bare Koa ceiling');
    const runs = new Map<string, { single: LoadResult[]; loaded: LoadResult[] }>();
    for (let round = 0; round < LATENCY_ROUNDS; round++) {
      for (const t of [koa, ...webhooks]) {
        const single = await load(worker, t.request, { connections: 1, warmup: 0.5, duration: SINGLE / LATENCY_ROUNDS });
        const loaded = await load(worker, t.request, { connections: CONNECTIONS, warmup: 0.5, duration: DURATION / LATENCY_ROUNDS });
        const entry = runs.get(t.key) ?? { single: [], loaded: [] };
        entry.single.push(single);
        entry.loaded.push(loaded);
        runs.set(t.key, entry);
      }
    }
    const latency: LatencyFigure[] = [...runs].map(([target, r]) => ({
      target,
      p50: spread(r.single.map((x) => x.p50)),
      p99: spread(r.single.map((x) => x.p99)),
      requestsPerSecond: spread(r.loaded.map((x) => x.requestsPerSecond)),
      loadedP50: spread(r.loaded.map((x) => x.p50)),
      loadedP99: spread(r.loaded.map((x) => x.p99)),
      failures: [...r.single, ...r.loaded].reduce((sum, x) => sum + x.errors + x.non2xx + x.timeouts, 0),
    }));
    const koaP50 = latency.find((l) => l.target === koa.key)?.p50.median ?? NaN;
    const koaRps = latency.find((l) => l.target === koa.key)?.requestsPerSecond.median ?? NaN;
    return { signature, cpu, latency, koaP50, koaRps };
  } finally {
    worker.kill();
    for (const server of servers) server.child.disconnect();
  }
}

/** A generated 10,000-node flow in a temporary folder (with the repo's audio/ beside it), loaded in a fresh process. */
async function benchLoad(withWarning: boolean): Promise<LoadFigures & { bytes: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'ivr-bench-'));
  try {
    // An extra node nothing leads to: a warning, which sends the loader down its reporting path.
    const text = generateFlow(LARGE_NODES) + (withWarning ? '  orphan:\n    type: hangup\n    prompt: { en: Goodbye., es: Adiós. }\n' : '');
    writeFileSync(join(dir, 'flow.yaml'), text);
    symlinkSync(resolve(ROOT, 'audio'), join(dir, 'audio'));
    const child = forkTs('load-flow.ts', [join(dir, 'flow.yaml'), '3'], { execArgv: ['--expose-gc'] });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    if (code !== 0) throw new Error(`bench/load-flow.ts exited with ${code}`);
    const figures = JSON.parse(out) as LoadFigures;
    if ((figures.large.warnings > 0) !== withWarning) throw new Error(`the generated flow has ${figures.large.warnings} warnings, expected ${withWarning ? 'one' : 'none'}`);
    return { ...figures, bytes: Buffer.byteLength(text) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function table(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ')).join('\n');
}

const fmt = (n: number, digits = 1): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const range = (s: Spread, digits: number): string => `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`;

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`bench: node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), loopback only`);
  console.log(`server CPU: ${ROUNDS} rounds × ${REQUESTS} signed requests per target at ${CPU_CONNECTIONS} connections, each server in its own process (process.cpuUsage), autocannon in another`);
  console.log(`latency: 1 connection for ${SINGLE} s; throughput: ${CONNECTIONS} connections for ${DURATION} s; each split over ${LATENCY_ROUNDS} rounds alternating bare Koa and the webhook cases\n`);

  const skipLoad = args.includes('--no-load');
  const clean = skipLoad ? undefined : await benchLoad(false);
  const warned = skipLoad ? undefined : await benchLoad(true);
  const http = await benchHttp();
  const render: RenderFigure[] = benchRender(demoFlow(), 'http://127.0.0.1:3000', 1);

  console.log(http.signature.active
    ? '\nsignature check: active (unsigned request → 403; every benchmarked request carries a V3 signature the plivo SDK accepts)'
    : `\nsignature check: NOT active (unsigned request → ${http.signature.unsignedStatus}); requests are signed anyway`);
  const ceilingNames = variants.filter((v) => v.ceiling === true).map((v) => v.name);
  console.log();
  console.log(table([
    ['server CPU per request', 'µs: median (min–max)', ...ceilingNames.map((n) => `× ${n}`)],
    ...http.cpu.map((f) => [f.target, range(f.cpu, 0), ...ceilingNames.map((n) => (f.ratios[n] === undefined ? '-' : range(f.ratios[n], 2)))]),
  ]));
  console.log('(× ceiling = the ceiling\'s CPU per request ÷ this one\'s, per round: 1.00 is as cheap as the ceiling)');
  const onOff = variants.filter((v) => v.baseline !== undefined);
  if (onOff.length > 0) {
    console.log();
    console.log(table([
      ['on / off', 'case', 'off µs', 'on µs', 'cost µs'],
      ...onOff.flatMap((v) => v.cases.map((c) => {
        const off = http.cpu.find((f) => f.variant === v.name && f.case === c);
        const on = http.cpu.find((f) => f.variant === v.baseline && f.case === c);
        if (off === undefined || on === undefined) return [v.name, c, '-', '-', '-'];
        const cost = median(on.microsPerRequest.map((us, i) => us - (off.microsPerRequest[i] ?? NaN)));
        return [v.name, c, fmt(off.cpu.median, 0), fmt(on.cpu.median, 0), fmt(cost, 0)];
      })),
    ]));
  }
  console.log();
  console.log(table([
    ['latency, throughput (median of rounds)', '1 conn p50 ms (min–max)', '1 conn p99 ms', `${CONNECTIONS} conn req/s (min–max)`, 'p50 ms', 'p99 ms'],
    ...http.latency.map((l) => [l.target, range(l.p50, 3), fmt(l.p99.median, 2), range(l.requestsPerSecond, 0), fmt(l.loadedP50.median, 1), fmt(l.loadedP99.median, 1)]),
  ]));
  console.log();
  console.log(table([
    ['respond() without HTTP', 'ops/s', 'µs/op', 'XML bytes'],
    ...render.map((r) => [r.name, fmt(r.opsPerSecond, 0), fmt(r.microsPerOp, 1), String(r.bytes)]),
  ]));
  if (clean !== undefined && warned !== undefined) {
    console.log();
    const { demo } = clean;
    console.log(table([
      ['load + validate (loadFlowFile)', 'cold ms', 'median ms', 'runs ms', 'RSS settled MB'],
      [`ivr.yaml (${demo.nodes} nodes)`, fmt(demo.coldMs, 0), fmt(demo.medianMs, 1), demo.runsMs.map((ms) => fmt(ms, 1)).join(' / '), '-'],
      ...[['clean', clean], ['one warning', warned]].map(([label, f]) => {
        const { large, bytes } = f as typeof clean;
        return [`${large.nodes} nodes, ${fmt(bytes / 1e6, 1)} MB, ${label as string}`, fmt(large.coldMs, 0), fmt(large.medianMs, 0), large.runsMs.map((ms) => fmt(ms, 0)).join(' / '), `${fmt(large.rssSettledMb, 0)} (peak ${fmt(large.rssAfterLoadMb, 0)})`];
      }),
    ]));
  }

  const webhook = http.cpu.filter((f) => f.variant === 'webhook');
  const checks: Check[] = [
    ...webhook.map((f) => {
      const ratio = f.ratios['bare Koa + body parser']?.median ?? NaN;
      return { name: `webhook ${f.case}: CPU, bare Koa's ÷ ours`, target: '≥ 0.60', value: fmt(ratio, 2), pass: ratio >= 0.6 };
    }),
    ...http.latency.filter((l) => l.target.startsWith('webhook /')).map((l) => ({
      name: `${l.target}: p50 at 1 connection`, target: `≤ 1.5 × bare Koa`, value: `${fmt(l.p50.median / http.koaP50, 2)} × (${fmt(l.p50.median, 3)} ms vs ${fmt(http.koaP50, 3)})`, pass: l.p50.median <= 1.5 * http.koaP50,
    })),
    { name: 'errors, non-2xx, timeouts', target: '0', value: String(http.cpu.reduce((sum, f) => sum + f.failures, 0) + http.latency.reduce((sum, l) => sum + l.failures, 0)), pass: false },
  ];
  const errorCheck = checks[checks.length - 1];
  if (errorCheck !== undefined) errorCheck.pass = errorCheck.value === '0';
  if (clean !== undefined && warned !== undefined) {
    for (const [label, f] of [['clean', clean], ['one warning', warned]] as const) {
      checks.push({ name: `${f.large.nodes}-node flow, ${label}: load + validate (median of ${f.large.runsMs.length})`, target: '≤ 1000 ms', value: `${fmt(f.large.medianMs, 0)} ms`, pass: f.large.medianMs <= 1000 });
      checks.push({ name: `${f.large.nodes}-node flow, ${label}: resident memory, settled`, target: '≤ 150 MB', value: `${fmt(f.large.rssSettledMb, 0)} MB`, pass: f.large.rssSettledMb <= 150 });
    }
  }
  console.log();
  console.log(table([['target', 'wanted', 'measured', ''], ...checks.map((t) => [t.name, t.target, t.value, t.pass ? 'PASS' : 'MISS'])]));

  const seconds = (performance.now() - started) / 1000;
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    method: 'server CPU from process.cpuUsage() of each server process, before and after a fixed number of requests; autocannon in a separate process',
    rounds: ROUNDS,
    requestsPerRound: REQUESTS,
    cpuConnections: CPU_CONNECTIONS,
    connections: CONNECTIONS,
    durationSeconds: DURATION,
    singleConnectionSeconds: SINGLE,
    variants,
    signature: http.signature,
    cpu: http.cpu,
    latency: http.latency,
    render,
    load: { clean, oneWarning: warned },
    targets: checks,
    totalSeconds: seconds,
  };
  writeFileSync(resolve(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n${checks.filter((t) => t.pass).length}/${checks.length} targets met; figures in bench/results.json (run took ${fmt(seconds, 0)} s)`);
}

await main();
