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
import type { Flow } from '../src/flow/types.js';
import { createLogger } from '../src/log.js';
import { readSettings, secretsOf } from '../src/settings.js';
import { AUTH_ID, AUTH_TOKEN } from './variants.js';

export const ROOT = resolve(import.meta.dirname, '..');

export { AUTH_ID, AUTH_TOKEN };

export interface Running { url: string; close(): Promise<void> }

/** The demo flow, as the server would load it. */
export function demoFlow(): Flow {
  const loaded = loadFlowFile(resolve(ROOT, 'ivr.yaml'), {});
  if (!loaded.ok) throw new Error(`ivr.yaml does not load: ${loaded.problems.map((p) => p.message).join('; ')}`);
  return loaded.flow;
}

/** A stream that takes every log line and drops it: the JSON formatting is still paid for. */
function discard(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}

/**
 * The real app (createApp) on a loopback port, production settings: LOG_LEVEL info (one JSON
 * line per webhook, written to a stream that drops it), signatures checked with fake credentials.
 */
export async function startOurs(flow: Flow): Promise<Running> {
  return listen((url) => {
    // Call events: EVENTS=off in the bench's environment measures the server without them; on
    // (the default) they go to a database file of their own, as in production.
    const events = { EVENTS: process.env['EVENTS'] ?? 'on', DATA_FILE: join(tmpdir(), `ivr-bench-${process.pid}-${Date.now()}.sqlite`) };
    const settings = readSettings({ PUBLIC_URL: url, LOG_LEVEL: 'info', PLIVO_AUTH_ID: AUTH_ID, PLIVO_AUTH_TOKEN: AUTH_TOKEN, ...events });
    const logger = createLogger({ level: settings.logLevel, secrets: secretsOf(settings), stream: discard() });
    const flows = fixedFlow(flow);
    return createApp({ flows, settings, logger, audioDir: resolve(ROOT, 'audio'), events: createCallEvents({ settings, logger, flows }) }).callback();
  });
}

/** The ceiling: bare Koa with src/app.ts's body parser, answering a constant XML string. */
export async function startBare(xml: string): Promise<Running> {
  return listen(() => {
    const app = new Koa({ proxy: true });
    app.use(bodyParser({ enableTypes: ['form', 'json'], formLimit: '64kb', jsonLimit: '16kb' }));
    app.use((ctx) => {
      ctx.type = 'application/xml';
      ctx.body = xml;
    });
    return app.callback();
  });
}

async function listen(handlerFor: (url: string) => RequestListener): Promise<Running> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.on('request', handlerFor(url));
  return {
    url,
    close: () => new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}
