import { resolve } from 'node:path';
import type { TestContext } from 'node:test';
import { runCall, scriptedCaller, type DialOutcome, type Transcript, type TranscriptEvent } from '../../src/emulator/index.js';
import { startLocalServer, type LocalServer } from '../../src/http/server.js';
import { ROOT } from './app.js';

/** Fake Plivo credentials: with them the served app checks every webhook's V3 signature. */
export const E2E_AUTH_ID = 'MAE2EFAKEAUTHID00000';
export const E2E_AUTH_TOKEN = 'e2e-fake-auth-token-not-a-secret';

/**
 * The real app serving `flowFile` on a loopback port, closed when the test ends. It checks
 * signatures (fake credentials in its env), so every call must come signed: `callWith` signs.
 */
export async function serveFlow(t: TestContext, flowFile = 'ivr.yaml', env: Record<string, string> = {}): Promise<LocalServer> {
  const server = await startLocalServer({ flowFile: resolve(ROOT, flowFile), env: { PLIVO_AUTH_ID: E2E_AUTH_ID, PLIVO_AUTH_TOKEN: E2E_AUTH_TOKEN, ...env } });
  t.after(() => server.close());
  return server;
}

/** One call through the emulator, signed with `authToken` (default the fake one `serveFlow` checks against): `keys` one entry per menu try, `dials` the fate of each Dial. */
export function callWith(server: LocalServer, keys: string[], dials: DialOutcome[] = [], authToken: string | undefined = E2E_AUTH_TOKEN): Promise<Transcript> {
  return runCall({
    answerUrl: server.answerUrl,
    hangupUrl: `${server.url}/hangup`,
    from: '+14155550111',
    to: '+14155550122',
    caller: scriptedCaller(keys, dials),
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
