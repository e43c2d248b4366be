import { dirname, resolve } from 'node:path';
import { Writable } from 'node:stream';
import type { TestContext } from 'node:test';
import { runCall, scriptedCaller, type DialOutcome, type Transcript, type TranscriptEvent } from '../../src/emulator/index.js';
import { formatProblems } from '../../src/flow/format.js';
import { openFlowFile } from '../../src/flow/watch.js';
import { createApp, createCallEvents } from '../../src/http/app.js';
import { createLogger } from '../../src/log.js';
import { readSettings, secretsOf } from '../../src/settings.js';
import { ROOT } from './app.js';
import { injectFetch } from './inject-fetch.js';

/** Fake Plivo credentials: with them the served app checks every webhook's V3 signature. */
export const E2E_AUTH_ID = 'MAE2EFAKEAUTHID00000';
export const E2E_AUTH_TOKEN = 'e2e-fake-auth-token-not-a-secret';

/** The real app, reached without a socket: what the emulator calls in these tests. */
export interface EmulatedServer {
  /** The URL the app believes it is published at (PUBLIC_URL); no socket listens there. */
  url: string;
  /** Its answer URL: url/node/<entry>. */
  answerUrl: string;
  /** fetch, handed straight to the app's request handler. */
  fetch: typeof fetch;
}

/**
 * The real app (`createApp`, the same middleware and routes a server runs) serving `flowFile`,
 * called through `app.callback()` without a socket: the emulator's thousands of calls in these
 * tests need no port. It checks signatures (fake credentials in its env), so every call must
 * come signed: `callWith` signs. Tests about the socket itself (shutdown, limits, the page)
 * start a real server instead.
 */
export async function serveFlow(t: TestContext, flowFile = 'ivr.yaml', env: Record<string, string> = {}): Promise<EmulatedServer> {
  const url = 'http://ivr.test';
  const fullEnv = { PLIVO_AUTH_ID: E2E_AUTH_ID, PLIVO_AUTH_TOKEN: E2E_AUTH_TOKEN, ...env, PUBLIC_URL: url };
  const settings = readSettings(fullEnv);
  const stream = new Writable({ write: (_chunk, _encoding, done) => done() });
  const logger = createLogger({ level: settings.logLevel, secrets: secretsOf(settings), stream });
  const file = resolve(ROOT, flowFile);
  const opened = openFlowFile({ file, env: fullEnv, logger, watch: false });
  if (!opened.ok) throw new Error(formatProblems(opened.problems));
  t.after(() => opened.store.close());
  // Call events in memory: these tests make thousands of calls and read none of them back.
  const events = createCallEvents({ settings: { ...settings, dataFile: ':memory:' }, logger, flows: opened.store });
  t.after(() => events.close());
  const app = createApp({ flows: opened.store, settings, logger, audioDir: resolve(dirname(file), 'audio'), events });
  return { url, answerUrl: `${url}/node/${encodeURIComponent(opened.store.current().entry)}`, fetch: injectFetch(app.callback()) };
}

/** One call through the emulator, signed with `authToken` (default the fake one `serveFlow` checks against): `keys` one entry per menu try, `dials` the fate of each Dial. */
export function callWith(server: EmulatedServer, keys: string[], dials: DialOutcome[] = [], authToken: string | undefined = E2E_AUTH_TOKEN): Promise<Transcript> {
  return runCall({
    answerUrl: server.answerUrl,
    hangupUrl: `${server.url}/hangup`,
    from: '+14155550111',
    to: '+14155550122',
    caller: scriptedCaller(keys, dials),
    fetch: server.fetch,
    ...(authToken === undefined ? {} : { authToken }),
  });
}

type Of<T extends TranscriptEvent['type']> = Extract<TranscriptEvent, { type: T }>;

function eventsOf<T extends TranscriptEvent['type']>(transcript: Transcript, type: T): Of<T>[] {
  return transcript.events.filter((e): e is Of<T> => e.type === type);
}

/** What the caller heard spoken, in order, with Plivo's language code. */
export const heard = (t: Transcript): { text: string; language: string }[] => eventsOf(t, 'speak').map((e) => ({ text: e.text, language: e.language }));
export const played = (t: Transcript): Of<'play'>[] => eventsOf(t, 'play');
export const dialed = (t: Transcript): Of<'dial'>[] => eventsOf(t, 'dial');
export const errors = (t: Transcript): string[] => eventsOf(t, 'error').filter((e) => !e.url?.endsWith('/hangup')).map((e) => e.message);
export const nodesVisited = (t: Transcript): string[] =>
  eventsOf(t, 'request').filter((e) => e.purpose !== 'hangup').map((e) => new URL(e.url).pathname.replace('/node/', ''));
