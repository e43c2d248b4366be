import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import type { TestContext } from 'node:test';
import { loadFlowFile, loadFlowText } from '../../src/flow/load.js';
import { fixedFlow, type FlowSource } from '../../src/flow/source.js';
import type { Flow } from '../../src/flow/types.js';
import { startServer } from '../../src/http/server.js';
import { createLogger } from '../../src/log.js';
import { createOutboundCalls } from '../../src/plivo/outbound.js';
import { readSettings, secretsOf } from '../../src/settings.js';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface TestApp {
  /** Base URL the app is served (and believes it is published) at. */
  url: string;
  /** Every log line written so far, parsed. */
  logs(): Record<string, unknown>[];
  /** Every log line written so far, as written. */
  rawLogs(): string;
  server: Server;
}

export interface TestAppOptions {
  flows?: FlowSource;
  env?: Record<string, string>;
  /** Public URL to announce instead of the socket's (behind a proxy). */
  publicUrl?: (socketUrl: string) => string;
  /** How long POST /calls waits for Plivo (ms); default the app's own. */
  plivoTimeoutMs?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Whether the app is shutting down (GET /healthz). */
  stopping?: () => boolean;
  /** The per-client limit on POST /calls; default the app's own. */
  callsRateLimit?: { burst: number; perMinute: number };
}

/** The demo flow from ivr.yaml. */
export function demoFlow(env: Record<string, string> = {}): Flow {
  const loaded = loadFlowFile(resolve(ROOT, 'ivr.yaml'), env);
  if (!loaded.ok) throw new Error(`ivr.yaml does not load: ${loaded.problems.map((p) => p.message).join('; ')}`);
  return loaded.flow;
}

/** A flow from YAML text; audio files are looked up in the repo's audio/. */
export function flowFromText(text: string, env: Record<string, string> = {}): Flow {
  const loaded = loadFlowText(text, { file: 'test.yaml', env, audioExists: () => true });
  if (!loaded.ok) throw new Error(`flow does not load: ${loaded.problems.map((p) => `${p.line}:${p.column} ${p.message}`).join('; ')}`);
  return loaded.flow;
}

/** Starts the real app on a free loopback port; it is closed when the test ends. */
export async function startApp(t: TestContext, options: TestAppOptions = {}): Promise<TestApp> {
  // PORT 0: a free port; PUBLIC_URL: the socket's (or what `options.publicUrl` makes of it) unless the test sets one.
  const settings = readSettings({ PUBLIC_URL: 'http://127.0.0.1', LOG_LEVEL: 'debug', DATA_FILE: ':memory:', ...options.env, PORT: '0' });
  const publicUrl = options.env?.['PUBLIC_URL'] !== undefined ? undefined : (options.publicUrl ?? ((socketUrl: string) => socketUrl));
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== '')));
  const logger = createLogger({ level: 'debug', secrets: secretsOf(settings), stream });
  const outbound = options.plivoTimeoutMs === undefined ? {} : { outbound: createOutboundCalls({ plivo: settings.plivo, timeoutMs: options.plivoTimeoutMs }) };
  const running = await startServer({
    settings,
    logger,
    flows: options.flows ?? fixedFlow(demoFlow()),
    host: options.host ?? '127.0.0.1',
    audioDir: resolve(ROOT, 'audio'),
    ...(publicUrl ? { publicUrl } : {}),
    ...outbound,
    ...(options.callsRateLimit ? { callsRateLimit: options.callsRateLimit } : {}),
    ...(options.stopping ? { stopping: options.stopping } : {}),
  });
  t.after(() => running.close());
  return { url: running.url, server: running.server, logs: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>), rawLogs: () => lines.join('\n') };
}
