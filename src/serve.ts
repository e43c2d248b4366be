import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { createApp, type AppDeps } from './app.js';
import { formatProblems } from './flow/format.js';
import { openFlowFile, type FlowFileStore } from './flow/watch.js';
import { FlowError } from './local-server.js';
import { serverOptions, type ServerTimeouts } from './http/server-timeouts.js';
import type { Logger } from './log.js';
import type { Settings } from './settings.js';

export interface ServeOptions {
  settings: Settings;
  /** Values for `${VAR}` in the flow. */
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  /** Interface to listen on; default all. */
  host?: string;
  /** Reload the flow when its file changes; default true. */
  watch?: boolean;
  /** How long `stop()` lets requests in flight finish before cutting them off (ms); default 10 s. */
  drainMs?: number;
  /** Connections the kernel may hold until they are accepted; default 2048 (Node's is 511, too few for a burst of several hundred callers). */
  backlog?: number;
  /** Connection timeouts; default SERVER_TIMEOUTS (tests use shorter ones). */
  timeouts?: Partial<ServerTimeouts>;
  /** Passed to the app (tests: a fake Plivo). */
  outbound?: AppDeps['outbound'];
}

export interface Serving {
  server: Server;
  /** The port actually listened on (settings.port may be 0). */
  port: number;
  flows: FlowFileStore;
  stopping(): boolean;
  /**
   * Graceful shutdown: stop accepting connections, answer /healthz with 503, let requests in
   * flight finish (each keep-alive connection is closed once it is idle), stop watching the flow.
   * Resolves when the last connection is gone, or after `drainMs` when the rest are cut off.
   */
  stop(): Promise<void>;
}

/**
 * The server main.ts runs: loads the flow file (FlowError with the full report if it does not
 * load), watches it, and listens on settings.port.
 */
export async function serve(options: ServeOptions): Promise<Serving> {
  const { settings, logger } = options;
  const opened = openFlowFile({ file: settings.ivrConfig, env: options.env, logger, watch: options.watch ?? true });
  if (!opened.ok) throw new FlowError(formatProblems(opened.problems));
  const flows = opened.store;
  let stopping = false;
  const audioDir = resolve(dirname(resolve(settings.ivrConfig)), 'audio');
  const app = createApp({ flows, settings, logger, audioDir, stopping: () => stopping, ...(options.outbound ? { outbound: options.outbound } : {}) });
  const handle = app.callback();

  // Responses not yet sent: told to close their connection once shutdown begins.
  const inFlight = new Set<ServerResponse>();
  const server = createServer(serverOptions(options.timeouts), (req, res) => {
    if (stopping) res.setHeader('Connection', 'close');
    inFlight.add(res);
    res.on('close', () => inFlight.delete(res));
    // A keep-alive connection whose last request just finished would otherwise hold `close` open.
    res.on('finish', () => { if (stopping) setImmediate(() => server.closeIdleConnections()); });
    void handle(req, res);
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    const address = { port: settings.port, backlog: options.backlog ?? 2048, ...(options.host === undefined ? {} : { host: options.host }) };
    server.listen(address, () => { server.off('error', fail); done(); });
  });

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= new Promise<void>((done) => {
      stopping = true;
      flows.close();
      for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
      const cutOff = setTimeout(() => server.closeAllConnections(), options.drainMs ?? 10_000);
      server.close(() => { clearTimeout(cutOff); done(); });
      server.closeIdleConnections();
    });
    return stopped;
  };
  return { server, port: (server.address() as AddressInfo).port, flows, stopping: () => stopping, stop };
}
