/**
 * Reads a campaign request — JSON, or CSV with the policy in the query — into a NewCampaign,
 * or throws CampaignRequestError naming the field and what to put there. Everything a client
 * sends is checked here; nothing after this trusts it.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { parseCsv } from './csv.js';
import { DEFAULT_POLICY, type NewCampaign, type NewRecipient, type Policy, type RetryOn } from './model.js';
import { isTimezone, RETRY_ON } from './policy.js';
import { timezoneFor } from './timezone.js';

export class CampaignRequestError extends Error {
  override name = 'CampaignRequestError';
}

export const MAX_RECIPIENTS = 100_000;
const PARAM_NAME = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;
const PARAM_VALUE = /^[0-9*#]{1,20}$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const FLOW_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export interface RequestRules {
  /** PLIVO_FROM_NUMBER, used when the request names no `from`. */
  defaultFrom: string | undefined;
  /** The flows this server serves. */
  flows: readonly string[];
  allowedDestinations: readonly string[];
}

const fail = (message: string): never => { throw new CampaignRequestError(message); };

/** `{name?, flow?, from?, policy?, doNotCall?, recipients: [{number, timezone?, params?}]}`. */
export function readCampaignJson(body: unknown, rules: RequestRules): NewCampaign {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) fail('the body must be a JSON object such as {"recipients":[{"number":"+14155550100","timezone":"America/Los_Angeles"}]}');
  const fields = body as Record<string, unknown>;
  known(fields, ['name', 'flow', 'from', 'policy', 'doNotCall', 'recipients'], '');
  const list = fields['recipients'];
  if (!Array.isArray(list) || list.length === 0) fail('recipients is required: a non-empty array of {"number":"+14155550100","timezone":"America/New_York","params":{"code":"1234"}}');
  const recipients = (list as unknown[]).map((item, i) => recipientOf(item, `recipients[${i}]`, rules));
  return campaignOf(fields, recipients, rules);
}

/**
 * CSV: a header row with `number` (required), `timezone` (optional) and any other columns,
 * which become the recipient's `params`. Name, flow, from and policy come from `query`
 * (`?flow=default&callsPerSecond=1&windowStart=09:00`).
 */
export function readCampaignCsv(text: string, query: Readonly<Record<string, string | undefined>>, rules: RequestRules): NewCampaign {
  let rows: string[][];
  try {
    rows = parseCsv(text);
  } catch (error) {
    return fail(`the CSV does not parse: ${(error as Error).message}`);
  }
  const header = (rows[0] ?? []).map((h) => h.trim());
  const numberAt = header.findIndex((h) => h.toLowerCase() === 'number');
  if (numberAt === -1) fail('the CSV needs a header row with a "number" column (and optionally "timezone" and parameter columns), e.g. number,timezone,code');
  const timezoneAt = header.findIndex((h) => h.toLowerCase() === 'timezone');
  if (rows.length < 2) fail('the CSV has a header but no recipients: add one row per number');
  const recipients = rows.slice(1).map((row, i) => {
    const params: Record<string, string> = {};
    header.forEach((name, column) => {
      const value = row[column]?.trim() ?? '';
      if (column !== numberAt && column !== timezoneAt && value !== '') params[name] = value;
    });
    const tz = timezoneAt === -1 ? '' : (row[timezoneAt]?.trim() ?? '');
    return recipientOf({ number: row[numberAt]?.trim() ?? '', ...(tz === '' ? {} : { timezone: tz }), params }, `line ${i + 2}`, rules);
  });
  const policy: Record<string, unknown> = {};
  const numeric = ['callsPerSecond', 'maxInProgress', 'maxAttempts', 'retryAfterSeconds', 'backoffFactor', 'ringTimeout', 'timeLimit'];
  for (const key of numeric) if (query[key] !== undefined) policy[key] = Number(query[key]);
  if (query['windowStart'] !== undefined || query['windowEnd'] !== undefined) {
    policy['window'] = { start: query['windowStart'] ?? DEFAULT_POLICY.window.start, end: query['windowEnd'] ?? DEFAULT_POLICY.window.end };
  }
  if (query['retryOn'] !== undefined) policy['retryOn'] = query['retryOn'] === '' ? [] : query['retryOn'].split(',');
  const fields: Record<string, unknown> = { policy };
  for (const key of ['name', 'flow', 'from'] as const) if (query[key] !== undefined) fields[key] = query[key];
  return campaignOf(fields, recipients, rules);
}

function campaignOf(fields: Record<string, unknown>, recipients: NewRecipient[], rules: RequestRules): NewCampaign {
  if (recipients.length > MAX_RECIPIENTS) fail(`a campaign takes at most ${MAX_RECIPIENTS} recipients; split the list`);
  const flow = fields['flow'] === undefined ? 'default' : fields['flow'];
  if (typeof flow !== 'string' || !FLOW_NAME.test(flow)) fail('flow must be the name of a flow, e.g. "default"');
  if (!rules.flows.includes(flow as string)) fail(`unknown flow "${String(flow)}"; this server serves: ${rules.flows.join(', ')}`);
  const from = fields['from'] === undefined ? rules.defaultFrom : e164(fields['from'], 'from');
  if (from === undefined) fail('from is required (the caller ID, e.g. "+14155550100"), or set PLIVO_FROM_NUMBER on the server');
  const name = fields['name'] === undefined ? '' : fields['name'];
  if (typeof name !== 'string' || name.length > 200) fail('name must be a string of at most 200 characters');
  const dncList = fields['doNotCall'] ?? [];
  if (!Array.isArray(dncList)) fail('doNotCall must be an array of E.164 numbers');
  const doNotCall = (dncList as unknown[]).map((n, i) => e164(n, `doNotCall[${i}]`));
  return { name: name as string, flow: flow as string, from: from as string, policy: policyOf(fields['policy']), recipients, doNotCall };
}

function recipientOf(item: unknown, where: string, rules: RequestRules): NewRecipient {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return fail(`${where} must be an object such as {"number":"+14155550100"}`);
  const fields = item as Record<string, unknown>;
  known(fields, ['number', 'timezone', 'params'], `${where}.`);
  const number = e164(fields['number'], `${where}.number`);
  if (rules.allowedDestinations.length > 0 && !rules.allowedDestinations.some((p) => number.startsWith(p))) {
    fail(`${where}.number ${number} is not allowed; this server only calls numbers starting with ${rules.allowedDestinations.join(', ')} (ALLOWED_DESTINATIONS)`);
  }
  const given = fields['timezone'];
  if (given !== undefined && (typeof given !== 'string' || !isTimezone(given))) fail(`${where}.timezone must be an IANA time zone such as "America/New_York", got ${JSON.stringify(given)}`);
  const rawParams = fields['params'] ?? {};
  if (rawParams === null || typeof rawParams !== 'object' || Array.isArray(rawParams)) fail(`${where}.params must be an object of names to digits, e.g. {"code":"1234"}`);
  const params: Record<string, string> = {};
  const entries = Object.entries(rawParams as Record<string, unknown>);
  if (entries.length > 8) fail(`${where}.params has ${entries.length} values; at most 8`);
  for (const [key, value] of entries) {
    if (!PARAM_NAME.test(key)) fail(`${where}.params: "${key}" is not a usable name (a letter, then letters, digits or _; at most 32)`);
    const text = typeof value === 'number' ? String(value) : value;
    if (typeof text !== 'string' || !PARAM_VALUE.test(text)) fail(`${where}.params.${key} must be 1–20 phone keys (0-9, *, #): it travels in the call's URLs and is spoken back as {{${key}}}`);
    params[key] = text as string;
  }
  return { number, timezone: timezoneFor(number, given as string | undefined), params };
}

function policyOf(raw: unknown): Policy {
  if (raw === undefined) return DEFAULT_POLICY;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return fail('policy must be an object, e.g. {"callsPerSecond":1,"maxAttempts":2}');
  const fields = raw as Record<string, unknown>;
  known(fields, Object.keys(DEFAULT_POLICY), 'policy.');
  const number = (key: keyof Policy, min: number, max: number, integer = true): number => {
    const value = fields[key] ?? DEFAULT_POLICY[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      return fail(`policy.${key} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got ${JSON.stringify(fields[key])}`);
    }
    return value;
  };
  const window = fields['window'] ?? DEFAULT_POLICY.window;
  const w = window as Record<string, unknown>;
  if (window === null || typeof window !== 'object' || typeof w['start'] !== 'string' || typeof w['end'] !== 'string' || !HHMM.test(w['start']) || !HHMM.test(w['end']) || w['start'] === w['end']) {
    fail('policy.window must be {"start":"HH:MM","end":"HH:MM"} in the recipient\'s local time, e.g. {"start":"08:00","end":"21:00"}');
  }
  const retryOn = fields['retryOn'] ?? DEFAULT_POLICY.retryOn;
  if (!Array.isArray(retryOn) || retryOn.some((o) => !(RETRY_ON as readonly unknown[]).includes(o))) fail(`policy.retryOn must be a list of ${RETRY_ON.join(', ')}`);
  return {
    callsPerSecond: number('callsPerSecond', 0.01, 100, false),
    maxInProgress: number('maxInProgress', 1, 1000),
    window: { start: w['start'] as string, end: w['end'] as string },
    retryOn: [...new Set(retryOn as RetryOn[])],
    maxAttempts: number('maxAttempts', 1, 10),
    retryAfterSeconds: number('retryAfterSeconds', 0, 7 * 86400, false),
    backoffFactor: number('backoffFactor', 1, 10, false),
    ringTimeout: number('ringTimeout', 5, 120),
    timeLimit: number('timeLimit', 10, 14_400),
  };
}

function known(fields: Record<string, unknown>, allowed: readonly string[], prefix: string): void {
  const extra = Object.keys(fields).filter((k) => !allowed.includes(k));
  if (extra.length > 0) fail(`unknown field ${extra.map((k) => `${prefix}${k}`).join(', ')}; allowed: ${allowed.join(', ')}`);
}

function e164(value: unknown, field: string): string {
  const hint = `${field} must be an E.164 phone number with country code, e.g. +14155550100`;
  if (typeof value !== 'string') return fail(`${hint} (got ${JSON.stringify(value) ?? 'nothing'})`);
  const text = value.trim();
  const phone = text.startsWith('+') ? parsePhoneNumberFromString(text) : undefined;
  if (phone === undefined || !phone.isValid()) return fail(`${hint} (got "${text.slice(0, 40)}")`);
  return phone.number;
}
