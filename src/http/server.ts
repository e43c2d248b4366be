/**
 * The one way the app is served: `npm start` (main.ts), the in-process server of
 * `npm run simulate` and `npm run demo` (`startLocalServer`), and the tests all call
 * `startServer`.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { Writable } from 'node:stream';
import type Koa from 'koa';
import { formatProblems } from '../flow/format.js';
import { answerUrlFor, type NamedFlow, type NamedFlowFile } from '../flow/catalog.js';
import type { FlowSource } from '../flow/source.js';
import { openFlowFile, type FlowFileStore } from '../flow/watch.js';
import { createLogger, type Logger } from '../log.js';
import { readSettings, secretsOf, type Settings } from '../settings.js';
import type { Campaigns } from '../campaigns/service.js';
import type { CallEvents } from '../events/recorder.js';
import { createApp, createCallEvents, type AppDeps } from './app.js';
import { serverOptions, type ServerTimeouts } from './server-timeouts.js';

/** Thrown when the flow file does not load; `message` is the full compiler-style report. */
export class FlowError extends Error {
  override name = 'FlowError';
}

/** A flow file to load (a FlowError if it does not) and, with `watch`, reload when it changes. */
export interface FlowFile {
  file: string;
  /** Values for `${VAR}` in the flow. */
  env: Readonly<Record<string, string | undefined>>;
  watch: boolean;
}

export interface StartOptions<F extends FlowFile | FlowSource> {
  settings: Settings;
  logger: Logger;
  /** What to serve: a flow file, or a source that already holds a flow (tests). */
  flows: F;
  /**
   * Named flows besides it (FLOWS_DIR, FLOWS), each at /flows/<name>/node/<id>, loaded with the
   * main flow file's `env` and `watch` (for a source: no variables, not watched). Any that does
   * not load is a FlowError before listening; once served, each reloads on its own.
   */
  namedFlows?: readonly NamedFlowFile[];
  /** Interface to listen on; default all. */
  host?: string;
  /**
   * The URL the app announces (and writes into its XML) when it cannot be known before
   * listening, on port 0: made from the socket's `http://127.0.0.1:<port>`; default `settings.publicUrl`.
   */
  publicUrl?: (socketUrl: string) => string;
  /** The folder `audio/…` paths are served from; default `audio/` beside the flow file. */
  audioDir?: string;
  /** Connections the kernel may hold until they are accepted; default 2048 (Node's is 511, too few for a burst of several hundred callers). */
  backlog?: number;
  /** How long `stop()` lets requests in flight finish before cutting them off (ms); default 10 s. */
  drainMs?: number;
  /** Connection timeouts; default SERVER_TIMEOUTS (tests use shorter ones). */
  timeouts?: Partial<ServerTimeouts>;
  outbound?: AppDeps['outbound'];
  callsRateLimit?: AppDeps['callsRateLimit'];
  /** Outbound campaigns, built once the flows are open (main: on the data file or REDIS_URL); default none, and no /campaigns routes. */
  campaigns?: (flows: FlowSource, settings: Settings, namedFlows: ReadonlyMap<string, NamedFlow>) => Campaigns;
  /** Whether shutdown has begun for a reason of the caller's, besides `stop()` (tests of /healthz). */
  stopping?: () => boolean;
}

export interface RunningServer<S extends FlowSource = FlowSource> {
  server: Server;
  app: Koa;
  /** The port actually listened on (settings.port may be 0). */
  port: number;
  /** `http://127.0.0.1:<port>`: where this machine reaches it. */
  url: string;
  /** The answer URL of the flow it serves: PUBLIC_URL/node/<entry>. */
  answerUrl: string;
  settings: Settings;
  flows: S;
  /** The named flows, by name. */
  namedFlows: ReadonlyMap<string, NamedFlow & { source: FlowFileStore }>;
  /** The answer URL of a named flow (undefined: the default flow); throws UnknownFlow. */
  answerUrlFor(flowName: string | undefined): string;
  /** The call-events recorder (tests flush it and read its store). */
  events: CallEvents;
  stopping(): boolean;
  /**
   * Graceful shutdown: stop accepting connections, answer /healthz with 503, let requests in
   * flight finish (each keep-alive connection is closed once it is idle), stop watching the flow.
   * Resolves when the last connection is gone, or after `drainMs` when the rest are cut off.
   */
  stop(): Promise<void>;
  /** Closes at once, cutting off every connection (tests, the simulator). */
  close(): Promise<void>;
}

export function startServer(options: StartOptions<FlowFile>): Promise<RunningServer<FlowFileStore>>;
export function startServer(options: StartOptions<FlowSource>): Promise<RunningServer>;
/**
 * Loads the flow (a file: FlowError with the full report when it does not load, before
 * listening), listens on `settings.port` (0: a free port) and serves the app.
 */
export async function startServer(options: StartOptions<FlowFile | FlowSource>): Promise<RunningServer> {
  const { logger } = options;
  const flows = openFlows(options.flows, logger);
  let namedFlows: Map<string, NamedFlow & { source: FlowFileStore }>;
  try {
    namedFlows = openNamedFlows(options, logger);
  } catch (error) {
    closeFlows(flows);
    throw error;
  }
  const closeAll = (): void => {
    closeFlows(flows);
    for (const named of namedFlows.values()) named.source.close();
  };
  const audioDir = options.audioDir ?? ('file' in options.flows ? resolve(dirname(resolve(options.flows.file)), 'audio') : resolve('audio'));

  let stopping = false;
  // Responses not yet sent: told to close their connection once shutdown begins.
  const inFlight = new Set<ServerResponse>();
  const server = createServer(serverOptions(options.timeouts));
  try {
    await new Promise<void>((done, fail) => {
      server.once('error', fail);
      const address = { port: options.settings.port, backlog: options.backlog ?? 2048, ...(options.host === undefined ? {} : { host: options.host }) };
      server.listen(address, () => { server.off('error', fail); done(); });
    });
  } catch (error) {
    closeAll();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const settings: Settings = options.publicUrl === undefined ? options.settings : Object.freeze({ ...options.settings, publicUrl: options.publicUrl(url) });
  const campaigns = options.campaigns?.(flows, settings, namedFlows);
  const events = createCallEvents({ settings, logger, flows });
  await events.ready;
  const app = createApp({
    flows,
    namedFlows,
    settings,
    logger,
    audioDir,
    ...(campaigns === undefined ? {} : { campaigns }),
    events,
    stopping: () => stopping || (options.stopping?.() ?? false),
    ...(options.outbound ? { outbound: options.outbound } : {}),
    ...(options.callsRateLimit ? { callsRateLimit: options.callsRateLimit } : {}),
    // Lookups read `${NAME}` for their headers from the environment the flow was loaded with.
    ...('env' in options.flows ? { env: options.flows.env } : {}),
  });
  const handle = app.callback();
  server.on('request', (req, res) => {
    if (stopping) res.setHeader('Connection', 'close');
    inFlight.add(res);
    res.on('close', () => inFlight.delete(res));
    // A keep-alive connection whose last request just finished would otherwise hold `close` open.
    res.on('finish', () => { if (stopping) setImmediate(() => server.closeIdleConnections()); });
    void handle(req, res);
  });
  await campaigns?.start();

  let stopped: Promise<void> | undefined;
  const stop = (drainMs: number): Promise<void> => {
    stopped ??= new Promise<void>((done) => {
      stopping = true;
      closeAll();
      for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
      const cutOff = setTimeout(() => server.closeAllConnections(), drainMs);
      server.close(() => { clearTimeout(cutOff); void (campaigns?.stop() ?? Promise.resolve()).then(() => events.close()).finally(done); });
      // Live views (Server-Sent Events) never go idle: end them so the drain does not wait for them.
      events.endStreams();
      if (drainMs === 0) server.closeAllConnections();
      else server.closeIdleConnections();
    });
    return stopped;
  };
  return {
    server,
    app,
    port,
    url,
    answerUrl: `${settings.publicUrl}/node/${encodeURIComponent(flows.current().entry)}`,
    settings,
    flows,
    namedFlows,
    answerUrlFor: (flowName) => answerUrlFor({ main: flows, named: namedFlows }, settings.publicUrl, flowName),
    events,
    stopping: () => stopping,
    stop: () => stop(options.drainMs ?? 10_000),
    close: () => stop(0),
  };
}

function openFlows(flows: FlowFile | FlowSource, logger: Logger): FlowSource {
  if (!('file' in flows)) return flows;
  const opened = openFlowFile({ file: flows.file, env: flows.env, logger, watch: flows.watch });
  if (!opened.ok) throw new FlowError(formatProblems(opened.problems));
  return opened.store;
}

function openNamedFlows(options: StartOptions<FlowFile | FlowSource>, logger: Logger): Map<string, NamedFlow & { source: FlowFileStore }> {
  const opened = new Map<string, NamedFlow & { source: FlowFileStore }>();
  const fromFile = 'file' in options.flows ? options.flows : undefined;
  for (const { name, file } of options.namedFlows ?? []) {
    const result = openFlowFile({ file, env: fromFile?.env ?? {}, logger: logger.child({ flowName: name }), watch: fromFile?.watch ?? false });
    if (!result.ok) {
      for (const named of opened.values()) named.source.close();
      throw new FlowError(formatProblems(result.problems));
    }
    opened.set(name, { name, source: result.store, audioDir: resolve(dirname(resolve(file)), 'audio') });
  }
  return opened;
}

function closeFlows(flows: FlowSource): void {
  if ('close' in flows && typeof flows.close === 'function') (flows as FlowFileStore).close();
}

export interface LocalServerOptions {
  /** The flow file to serve. */
  flowFile: string;
  /** Environment for settings and `${VAR}` in the flow (PLIVO_AUTH_TOKEN turns signature checks on). */
  env: Readonly<Record<string, string | undefined>>;
  /** Where the JSON log lines go; default: nowhere. */
  logStream?: Writable;
  /** Reload the flow when its file changes; default false. */
  watch?: boolean;
}

export type LocalServer = RunningServer<FlowFileStore>;

/**
 * `startServer` on a free loopback port, announcing that address as its PUBLIC_URL: what
 * `npm run simulate`, the demo and the browser tests run against when no server is given.
 */
export function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  // PUBLIC_URL is the socket's, whatever the environment says (placeholder until it is known).
  // Call events stay in memory unless the caller names a database file.
  const settings = readSettings({ DATA_FILE: ':memory:', ...options.env, PORT: '0', PUBLIC_URL: 'http://127.0.0.1' });
  const stream = options.logStream ?? new Writable({ write: (_chunk, _encoding, done) => done() });
  const logger = createLogger({ level: settings.logLevel, secrets: secretsOf(settings), stream });
  return startServer({
    settings,
    logger,
    flows: { file: options.flowFile, env: options.env, watch: options.watch ?? false },
    host: '127.0.0.1',
    publicUrl: (socketUrl) => socketUrl,
  });
}
