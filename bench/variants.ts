/**
 * What `npm run bench` measures: the servers (each in its own process) and the webhook
 * requests sent to them. To measure a new per-request cost, add a variant that turns it off
 * (or on) with the environment variable an operator would use, and give it the cases to run:
 *
 *   { name: 'webhook, call events off', server: 'app', env: { EVENTS: 'off' }, cases: ['branch'], baseline: 'webhook' },
 *
 * It is then measured in the same interleaved rounds as everything else, and the table shows
 * its CPU per request beside the `baseline` variant's (the cost of the feature, in µs).
 * `npm run bench -- --variant='name:VAR=value,VAR2=value'` adds one for a single run.
 */

/** What Plivo posts with every call webhook. */
export const CALL: Readonly<Record<string, string>> = {
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

export type CaseName = 'entry' | 'branch' | 'retry';

/** A webhook request of the demo flow; `expect` is text its answer must contain. */
export interface HttpCase { name: CaseName; label: string; path: string; params: Readonly<Record<string, string>>; expect: string }

export const CASES: readonly HttpCase[] = [
  { name: 'entry', label: 'answer → language menu', path: '/node/language', params: { ...CALL, Event: 'StartApp' }, expect: 'Para español' },
  { name: 'branch', label: 'Digits=1 → main menu', path: '/node/language', params: { ...CALL, Event: 'Redirect', Digits: '1' }, expect: 'Press 1 to hear a message' },
  { name: 'retry', label: 'main, Digits=9 → retry', path: '/node/main?lang=en', params: { ...CALL, Event: 'Redirect', Digits: '9' }, expect: 'not one of the options' },
];

export type ServerKind = 'app' | 'koa' | 'http' | 'floor';

export interface ServerVariant {
  /** Its name in the tables; unique. */
  name: string;
  server: ServerKind;
  /** The server process's environment on top of the bench's (the app reads its settings from it). */
  env?: Readonly<Record<string, string>>;
  /** The requests sent to it. A ceiling answers every request with the entry's XML. */
  cases: readonly CaseName[];
  /** A ceiling: the app is compared with it. */
  ceiling?: boolean;
  /** For an on/off variant: the variant it differs from by one setting. */
  baseline?: string;
}

/** Fake credentials: they turn signature checking on; nothing here talks to Plivo. */
export const AUTH_ID = 'MABENCHFAKEAUTHID000';
export const AUTH_TOKEN = 'bench-fake-auth-token-not-a-secret';

/** The production settings every app variant starts from: signatures checked, the info line written. */
export const APP_ENV: Readonly<Record<string, string>> = {
  IVR_CONFIG: 'ivr.yaml',
  LOG_LEVEL: 'info',
  PLIVO_AUTH_ID: AUTH_ID,
  PLIVO_AUTH_TOKEN: AUTH_TOKEN,
};

export const VARIANTS: readonly ServerVariant[] = [
  { name: 'bare Koa + body parser', server: 'koa', cases: ['entry'], ceiling: true },
  { name: 'bare node:http', server: 'http', cases: ['entry'], ceiling: true },
  { name: 'one-middleware Koa floor', server: 'floor', env: { PLIVO_AUTH_TOKEN: AUTH_TOKEN }, cases: ['branch'], ceiling: true },
  { name: 'webhook', server: 'app', cases: ['entry', 'branch', 'retry'] },
  { name: 'webhook, signatures off', server: 'app', env: { PLIVO_VERIFY_SIGNATURES: 'false' }, cases: ['branch'], baseline: 'webhook' },
  { name: 'webhook, info line off', server: 'app', env: { LOG_LEVEL: 'warn' }, cases: ['branch'], baseline: 'webhook' },
  { name: 'webhook, call events off', server: 'app', env: { EVENTS: 'off' }, cases: ['branch'], baseline: 'webhook' },
];

/** `name:VAR=value,VAR2=value` → an app variant measured on the branch case against `webhook`. */
export function parseVariant(spec: string): ServerVariant {
  const at = spec.indexOf(':');
  const name = at === -1 ? spec : spec.slice(0, at);
  const env: Record<string, string> = {};
  for (const pair of (at === -1 ? '' : spec.slice(at + 1)).split(',').filter((p) => p !== '')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`--variant: expected VAR=value, got "${pair}"`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return { name, server: 'app', env, cases: ['branch'], baseline: 'webhook' };
}
