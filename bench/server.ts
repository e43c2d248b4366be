/**
 * One benchmarked server, alone in its own process so that its CPU time is its own
 * (bench/run.ts forks one per variant). `BENCH_SERVER` picks what it runs:
 *
 * - `app`: the real app (createApp) with the flow of `IVR_CONFIG`, settings read from this
 *   process's environment like src/main.ts does (so a variant turns a feature on or off with
 *   the same variable an operator would set), logging at `LOG_LEVEL` into a stream that drops
 *   the lines (the formatting is still paid for);
 * - `koa`: bare Koa + koa-bodyparser answering the constant `BENCH_XML`;
 * - `http`: a bare node:http handler that reads the body and answers `BENCH_XML`;
 * - `floor`: one Koa middleware doing a webhook's work by hand (bench/floor.ts).
 *
 * It listens on a loopback port, sends `{ url }` over IPC, then answers every `'cpu'` message
 * with `{ cpu }`: user + system CPU microseconds used so far (process.cpuUsage).
 */
import { rmSync } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import Koa from 'koa';
import bodyParser from 'koa-bodyparser';
import { createApp, createCallEvents } from '../src/http/app.js';
import { loadFlowFile } from '../src/flow/load.js';
import { fixedFlow } from '../src/flow/source.js';
import { createLogger } from '../src/log.js';
import { readSettings, secretsOf } from '../src/settings.js';
import { floorHandler } from './floor.js';

export interface ServerReady { url: string }
export interface CpuReading { cpu: number }

const ROOT = resolve(import.meta.dirname, '..');

/** A stream that takes every log line and drops it. */
function discard(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}

function constantXml(): string {
  const xml = process.env['BENCH_XML'];
  if (xml === undefined || xml === '') throw new Error('bench/server.ts: BENCH_XML is not set');
  return xml;
}

function appHandler(url: string): RequestListener {
  // A database file of its own (DATA_FILE), as each production instance would have, unless the variant names one.
  const dataFile = join(tmpdir(), `ivr-bench-${process.pid}.sqlite`);
  process.on('exit', () => {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${dataFile}${suffix}`, { force: true });
  });
  const settings = readSettings({ DATA_FILE: dataFile, ...process.env, PUBLIC_URL: url });
  const loaded = loadFlowFile(resolve(ROOT, settings.ivrConfig), process.env);
  if (!loaded.ok) throw new Error(`${settings.ivrConfig} does not load: ${loaded.problems.map((p) => p.message).join('; ')}`);
  const logger = createLogger({ level: settings.logLevel, secrets: secretsOf(settings), stream: discard() });
  const flows = fixedFlow(loaded.flow);
  return createApp({ flows, settings, logger, audioDir: resolve(ROOT, 'audio'), events: createCallEvents({ settings, logger, flows }) }).callback();
}

function koaHandler(): RequestListener {
  const xml = constantXml();
  const app = new Koa({ proxy: true });
  app.use(bodyParser({ enableTypes: ['form', 'json'], formLimit: '64kb', jsonLimit: '16kb' }));
  app.use((ctx) => {
    ctx.type = 'application/xml';
    ctx.body = xml;
  });
  return app.callback();
}

function httpHandler(): RequestListener {
  const xml = constantXml();
  return (req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8', 'content-length': Buffer.byteLength(xml) });
      res.end(xml);
    });
  };
}

const kind = process.env['BENCH_SERVER'] ?? 'app';
const server = createServer();
await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const handlers: Record<string, () => RequestListener> = {
  app: () => appHandler(url),
  koa: koaHandler,
  http: httpHandler,
  floor: () => floorHandler({ publicUrl: url, authToken: process.env['PLIVO_AUTH_TOKEN'] ?? '', log: discard() }),
};
const handlerFor = handlers[kind];
if (handlerFor === undefined) throw new Error(`bench/server.ts: unknown BENCH_SERVER=${kind}; use ${Object.keys(handlers).join(', ')}`);
server.on('request', handlerFor());
process.on('message', (message) => {
  if (message !== 'cpu') return;
  const { user, system } = process.cpuUsage();
  process.send?.({ cpu: user + system } satisfies CpuReading);
});
process.on('disconnect', () => server.close(() => process.exit(0)));
process.send?.({ url } satisfies ServerReady);
