import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { Writable } from 'node:stream';
import type Koa from 'koa';
import { createApp } from './app.js';
import { formatProblems } from './flow/format.js';
import { openFlowFile, type FlowFileStore } from './flow/watch.js';
import { serverOptions } from './http/server-timeouts.js';
import { createLogger } from './log.js';
import { readSettings, secretsOf } from './settings.js';

/** Thrown when the flow file does not load; `message` is the full compiler-style report. */
export class FlowError extends Error {
  override name = 'FlowError';
}

export interface LocalServer {
  url: string;
  /** The answer URL of the flow it serves: PUBLIC_URL/node/<entry>. */
  answerUrl: string;
  server: Server;
  app: Koa;
  /** The flow being served; with `watch`, reloaded when the file changes. */
  flows: FlowFileStore;
  close(): Promise<void>;
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

/**
 * The real app on a free loopback port, announcing that address as its PUBLIC_URL: what
 * `npm run simulate`, the demo and the browser tests run against when no server is given.
 */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const server = createServer(serverOptions());
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const settings = readSettings({ ...options.env, PORT: '0', PUBLIC_URL: url });
  const stream = options.logStream ?? new Writable({ write: (_chunk, _encoding, done) => done() });
  const logger = createLogger({ level: settings.logLevel, secrets: secretsOf(settings), stream });
  const opened = openFlowFile({ file: options.flowFile, env: options.env, logger, watch: options.watch ?? false });
  if (!opened.ok) {
    server.close();
    throw new FlowError(formatProblems(opened.problems));
  }
  const flows = opened.store;
  const audioDir = resolve(dirname(resolve(options.flowFile)), 'audio');
  const app = createApp({ flows, settings, logger, audioDir, env: options.env });
  server.on('request', app.callback());
  return {
    url,
    answerUrl: `${url}/node/${encodeURIComponent(flows.current().entry)}`,
    server,
    app,
    flows,
    close: () =>
      new Promise<void>((done) => {
        flows.close();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
