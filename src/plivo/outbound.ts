/**
 * Outbound calls: what a call request must look like, and the one door to Plivo's Voice API
 * (`calls.create`). The HTTP route (`POST /calls`) and the CLI (`npm run call`) both go through
 * `readCallRequest` then `OutboundCalls.place`, so they accept and refuse the same things.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import plivo from 'plivo';
import { FRESH_MEMORY } from '../call/memory.js';
import { nodeUrl } from '../call/url.js';
import { readParams } from '../call/params.js';
import type { Value } from '../data/expression.js';
import type { ParamInfo } from '../flow/variables.js';
import type { PlivoSettings } from '../settings.js';
import { CostlyDestination, costlyKindOf } from './costly-numbers.js';

export { CostlyDestination } from './costly-numbers.js';

/** A call to place, numbers in E.164 (`+14155550100`); `flow` names the flow to run (undefined: the default). */
export interface CallRequest { to: string; from: string; flow?: string }

/** Everything Plivo needs to place one call. */
export interface OutboundCall extends CallRequest {
  /** Requested by Plivo (POST) when the callee answers: the flow's entry node. */
  answerUrl: string;
  /** Requested by Plivo (POST) when the call ends, with its duration and hang-up cause. */
  hangupUrl: string;
}

/** Plivo's answer to a placed call: the call is queued, not yet answered. */
export interface PlacedCall { requestUuid: string; message: string }

/** The Voice API as this server uses it. */
export interface OutboundCalls {
  /** Places the call. Rejects with PlivoNotConfigured or PlivoApiError, never with anything else. */
  place(call: OutboundCall): Promise<PlacedCall>;
  /** The variables still to set before `place` can work (empty when Plivo is configured). */
  missingSettings(): readonly string[];
}

export interface OutboundOptions {
  /** Credentials; without them `place` rejects with PlivoNotConfigured (webhooks do not need them). */
  plivo: PlivoSettings | undefined;
  /** How long to wait for Plivo's answer before giving up (ms). Default 5000, the SDK's own. */
  timeoutMs?: number;
  /** Seconds the callee's phone rings before Plivo gives up. Default 30. */
  ringTimeout?: number;
  /** Longest call Plivo allows, in seconds; a cap on the bill if something loops. Default 3600. */
  timeLimit?: number;
}

/** The request is malformed: a missing or mistyped field, or a number that is not E.164. Answered 400. */
export class BadCallRequest extends Error {
  override name = 'BadCallRequest';
  constructor(readonly code: 'invalid_body' | 'missing_field' | 'invalid_number' | 'invalid_params', readonly detail: string) {
    super(detail);
  }
}

/** The destination is not in ALLOWED_DESTINATIONS. Answered 403. */
export class DestinationNotAllowed extends Error {
  override name = 'DestinationNotAllowed';
  constructor(readonly to: string, readonly allowed: readonly string[]) {
    super(`calls to ${to} are not allowed; this server only calls numbers starting with ${allowed.join(', ')} (ALLOWED_DESTINATIONS)`);
  }
}

/** This server cannot place calls until the named environment variables are set. Answered 503. */
export class PlivoNotConfigured extends Error {
  override name = 'PlivoNotConfigured';
  constructor(
    readonly missing: readonly string[],
    alternative = '',
  ) {
    const names = missing.length > 1 ? `${missing.slice(0, -1).join(', ')} and ${missing.at(-1) ?? ''}` : (missing[0] ?? '');
    super(`outbound calls need ${names}: set ${missing.length > 1 ? 'them' : 'it'} in the environment (then restart the server)${alternative}`);
  }
}

/**
 * What went wrong between us and Plivo, by meaning:
 * - `credentials-rejected`: Plivo answered 401 (wrong auth id or token). Answered 502.
 * - `call-rejected`: Plivo refused this call (bad number, number not yours, country not enabled); `message` is Plivo's reason. Answered 422.
 * - `plivo-failed`: Plivo answered 5xx (after the SDK's own retries) or something unexpected. Answered 502.
 * - `unreachable`: no answer in time, or no connection at all; the call may or may not have been placed. Answered 504.
 */
export class PlivoApiError extends Error {
  override name = 'PlivoApiError';
  constructor(
    readonly kind: 'credentials-rejected' | 'call-rejected' | 'plivo-failed' | 'unreachable',
    message: string,
    /** Plivo's HTTP status, when it answered at all. */
    readonly plivoStatus?: number,
  ) {
    super(message);
  }
}

const EXAMPLE_NUMBER = '+14155550100';

/**
 * Reads a call request (the JSON body of POST /calls, or the CLI's arguments): `to` required,
 * `from` optional (else `defaultFrom`), both parsed and normalised to E.164 with libphonenumber-js;
 * `to` must start with one of `allowedDestinations` when that list is not empty.
 * Premium-rate and other high-cost destinations are refused unless `allowPremium`.
 * Throws BadCallRequest, DestinationNotAllowed, CostlyDestination, or PlivoNotConfigured (no `from` anywhere).
 */
export function readCallRequest(
  body: unknown,
  rules: {
    defaultFrom: string | undefined;
    allowedDestinations: readonly string[];
    /** Whether premium-rate, shared-cost and other high-cost destinations are allowed; default not. */
    allowPremium?: boolean;
    missingSettings?: readonly string[];
    /** How this caller names another caller ID, offered when it alone is missing. Default: `"from" in the request body`. */
    fromOption?: string;
  },
): CallRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new BadCallRequest('invalid_body', `the body must be a JSON object such as {"to":"${EXAMPLE_NUMBER}"}`);
  }
  const fields = body as Record<string, unknown>;
  const extra = Object.keys(fields).filter((key) => key !== 'to' && key !== 'from' && key !== 'flow' && key !== 'params');
  if (extra.length > 0) {
    throw new BadCallRequest('invalid_body', `unknown field ${extra.map((k) => `"${k}"`).join(', ')}; a call takes "to", and optionally "from", "flow" and "params"`);
  }
  const flow = fields['flow'];
  if (flow !== undefined && typeof flow !== 'string') throw new BadCallRequest('invalid_body', `flow must be the name of a flow this server serves, a string such as "reminders" (got ${flow === null ? 'null' : typeof flow})`);
  if (fields['to'] === undefined) throw new BadCallRequest('missing_field', `to is required: the number to call, e.g. {"to":"${EXAMPLE_NUMBER}"}`);
  const to = e164('to', fields['to']);
  const from = fields['from'] === undefined ? rules.defaultFrom : e164('from', fields['from']);
  // Name every missing variable at once, so a new user fixes the environment in one go.
  const missing = [...(rules.missingSettings ?? []), ...(from === undefined ? ['PLIVO_FROM_NUMBER'] : [])];
  if (missing.length > 0 || from === undefined) {
    // Another caller ID is a way out only when the caller ID is all that is missing.
    const onlyFrom = missing.length === 1 && missing[0] === 'PLIVO_FROM_NUMBER';
    throw new PlivoNotConfigured(missing, onlyFrom ? `, or pass ${rules.fromOption ?? '"from" in the request body'}` : '');
  }
  if (rules.allowedDestinations.length > 0 && !rules.allowedDestinations.some((prefix) => to.startsWith(prefix))) {
    throw new DestinationNotAllowed(to, rules.allowedDestinations);
  }
  const costly = rules.allowPremium === true ? undefined : costlyKindOf(to);
  if (costly !== undefined) throw new CostlyDestination(to, costly);
  return flow === undefined ? { to, from } : { to, from, flow };
}

/** `value` as E.164, or BadCallRequest naming the field. A leading `+` and a country code are required. */
function e164(field: 'to' | 'from', value: unknown): string {
  const hint = `${field} must be an E.164 phone number with country code, e.g. ${EXAMPLE_NUMBER}`;
  if (typeof value !== 'string') throw new BadCallRequest('invalid_number', `${hint} (a string, got ${value === null ? 'null' : typeof value})`);
  const text = value.trim();
  // Without a leading + libphonenumber would need a default country; we refuse to guess one.
  const phone = text.startsWith('+') ? parsePhoneNumberFromString(text) : undefined;
  if (phone === undefined || !phone.isPossible() || !phone.isValid()) throw new BadCallRequest('invalid_number', hint);
  return phone.number;
}

/** Where Plivo goes for a new call: the flow's entry node when answered, /hangup when it ends; `base` is the flow's (`flowBaseUrl`). */
export function callUrls(base: string, entry: string, params: Readonly<Record<string, Value>> = {}): { answerUrl: string; hangupUrl: string } {
  // The params travel sealed in the answer URL (no CallUUID exists yet to bind them to).
  const memory = Object.keys(params).length === 0 ? FRESH_MEMORY : { ...FRESH_MEMORY, values: params };
  return { answerUrl: nodeUrl(base, entry, memory), hangupUrl: `${base}/hangup` };
}

/** The params of a call request checked against the flow's declaration, or BadCallRequest naming each problem. */
export function callParams(body: unknown, declared: ReadonlyMap<string, ParamInfo>): Record<string, Value> {
  const raw = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)['params'] : undefined;
  const read = readParams(raw, declared);
  if ('problems' in read) throw new BadCallRequest('invalid_params', read.problems.join('; '));
  return read.values;
}

/** The real Voice API through the plivo SDK. The client is built on first use, never without credentials. */
export function createOutboundCalls(options: OutboundOptions): OutboundCalls {
  const timeoutMs = options.timeoutMs ?? 5000;
  let client: plivo.Client | undefined;
  return {
    missingSettings: () => (options.plivo === undefined ? ['PLIVO_AUTH_ID', 'PLIVO_AUTH_TOKEN'] : []),
    async place(call) {
      const credentials = options.plivo;
      if (credentials === undefined) throw new PlivoNotConfigured(['PLIVO_AUTH_ID', 'PLIVO_AUTH_TOKEN']);
      client ??= new plivo.Client(credentials.authId, credentials.authToken, { timeout: timeoutMs });
      const started = Date.now();
      try {
        // Plivo documents numbers as digits with the country code; it accepts a leading + too.
        const response = await client.calls.create(digits(call.from), digits(call.to), call.answerUrl, {
          answerMethod: 'POST',
          hangupUrl: call.hangupUrl,
          hangupMethod: 'POST',
          ringTimeout: options.ringTimeout ?? 30,
          timeLimit: options.timeLimit ?? 3600,
        });
        const requestUuid = Array.isArray(response.requestUuid) ? response.requestUuid.join(',') : response.requestUuid;
        return { requestUuid, message: response.message };
      } catch (failure) {
        throw scrubbed(toPlivoApiError(failure, { timeoutMs, elapsedMs: Date.now() - started }), credentials.authToken);
      }
    },
  };
}

function digits(number: string): string {
  return number.replace(/^\+/, '');
}

/**
 * The SDK's failures, by shape (plivo 4.79):
 * - an Error with `.status` and Plivo's error text as `.message` (400, 401, 403, 404, 422, 500…);
 * - a plain Error whose message is axios' "Request failed with status code 503" for the 5xx
 *   codes the SDK has no class for (after its own retries);
 * - a string (axios' stack) when no answer came: timeout, DNS, refused connection;
 * anything else is a bug we still answer. `elapsedMs` tells a timeout from other silences.
 */
export function toPlivoApiError(failure: unknown, timing: { timeoutMs: number; elapsedMs: number }): PlivoApiError {
  if (typeof failure === 'string') {
    const first = failure.split('\n')[0] ?? '';
    return /timeout|ETIMEDOUT|ECONNABORTED/i.test(first) || timing.elapsedMs >= timing.timeoutMs
      ? new PlivoApiError('unreachable', `Plivo did not answer within ${timing.timeoutMs / 1000} s; the call may or may not have been placed`)
      : new PlivoApiError('unreachable', `could not reach Plivo (${first.replace(/^\w*Error: /, '')})`);
  }
  const statusInMessage = failure instanceof Error ? /status code (\d{3})$/.exec(failure.message)?.[1] : undefined;
  const status = statusInMessage === undefined ? (failure as { status?: unknown } | null)?.status : Number(statusInMessage);
  if (typeof status !== 'number') {
    return new PlivoApiError('plivo-failed', `placing the call failed unexpectedly: ${failure instanceof Error ? failure.message : String(failure)}`);
  }
  const reason = statusInMessage === undefined ? reasonOf(failure as { message?: unknown }) : undefined;
  if (status === 401) return new PlivoApiError('credentials-rejected', 'Plivo rejected the credentials: check PLIVO_AUTH_ID / PLIVO_AUTH_TOKEN', status);
  if (status >= 400 && status < 500) return new PlivoApiError('call-rejected', `Plivo refused the call${reason === undefined ? ` (HTTP ${status}, no reason given)` : `: ${reason}`}`, status);
  return new PlivoApiError('plivo-failed', `Plivo failed to place the call (HTTP ${status})${reason === undefined ? '' : `: ${reason}`}`, status);
}

/** Plivo's error text; the SDK sets `.message` to the body's `error`, which may be missing or an object. */
function reasonOf(failure: { message?: unknown }): string | undefined {
  const message = failure.message;
  if (typeof message === 'string' && message.trim() !== '') return message.trim();
  if (message !== undefined && message !== null && typeof message === 'object') return JSON.stringify(message);
  return undefined;
}

/** Belt and braces: Plivo's texts never carry our token, but nothing we pass on may either. */
function scrubbed(error: PlivoApiError, authToken: string): PlivoApiError {
  if (!error.message.includes(authToken)) return error;
  return new PlivoApiError(error.kind, error.message.split(authToken).join('[redacted]'), error.plivoStatus);
}
