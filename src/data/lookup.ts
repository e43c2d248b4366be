/**
 * HTTP lookups: a flow asks a backend (check an account, read a balance, send a survey answer)
 * while the caller waits. The URL and body are templates filled with call variables (URL-encoded:
 * a value can never change the host or the path); headers may carry `${NAME}` from the
 * environment, read when the request is made, the only place a flow may use a secret. The
 * request has a short timeout; the JSON answer's fields become call variables. Every way it can
 * go wrong is an answer (`ok: false` with a reason), never an exception, so the flow's failure
 * or timeout branch always has somewhere to go.
 */
import type { Value } from './expression.js';

export type LookupMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A lookup ready to send: URL and body filled, headers still as written (secrets unresolved). */
export interface LookupRequest {
  method: LookupMethod;
  url: string;
  /** Sent as JSON. */
  body?: Readonly<Record<string, Value>>;
  headers: Readonly<Record<string, string>>;
  timeoutMs: number;
  /** The URL as the flow writes it (`…/accounts/{{caller}}`): what the logs show, so no value does. */
  label: string;
}

export type LookupFailure = 'timeout' | 'network' | 'status' | 'not-json' | 'too-large' | 'secret-unset';
export type LookupResult =
  | { ok: true; status: number; body: unknown; durationMs: number }
  | { ok: false; reason: LookupFailure; status?: number; durationMs: number };

/** The caller is waiting, and Plivo gives up on a webhook after a few seconds. */
export const DEFAULT_TIMEOUT_MS = 3000;
export const MAX_TIMEOUT_MS = 8000;
const MAX_ANSWER_BYTES = 64 * 1024;
const SECRET = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

/** `{{name}}` in a URL → the value, URL-encoded. A value not set is empty. Pure. */
export function fillUrl(template: string, values: Readonly<Record<string, Value | undefined>>): string {
  return template.replace(PLACEHOLDER, (_whole, name: string) => encodeURIComponent(String(values[name] ?? '')));
}

/** `{{name}}` in a body's values. A value that is only a placeholder keeps its type (a number stays a number). Pure. */
export function fillBody(template: Readonly<Record<string, string>>, values: Readonly<Record<string, Value | undefined>>): Record<string, Value> {
  return Object.fromEntries(
    Object.entries(template).map(([key, text]) => {
      const only = /^\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}$/.exec(text);
      if (only !== null) return [key, values[only[1]!] ?? ''];
      return [key, text.replace(PLACEHOLDER, (_whole, name: string) => String(values[name] ?? ''))];
    }),
  );
}

/** The names of the `${NAME}` a header uses. */
export function secretsIn(header: string): string[] {
  return [...header.matchAll(SECRET)].map((match) => match[1]!);
}

/** Headers with their `${NAME}` read from the environment; the first name that is unset, if any. */
export function resolveHeaders(headers: Readonly<Record<string, string>>, env: Readonly<Record<string, string | undefined>>): { headers: Record<string, string> } | { unset: string } {
  const resolved: Record<string, string> = {};
  for (const [name, template] of Object.entries(headers)) {
    let unset: string | undefined;
    resolved[name] = template.replace(SECRET, (_whole, variable: string) => {
      const value = Object.hasOwn(env, variable) ? env[variable] : undefined;
      if (value === undefined || value === '') unset ??= variable;
      return value ?? '';
    });
    if (unset !== undefined) return { unset };
  }
  return { headers: resolved };
}

/** Sends a lookup. Never throws; never takes longer than its timeout (plus the body read, bounded in size). */
export async function runLookup(request: LookupRequest, env: Readonly<Record<string, string | undefined>>, fetchImpl: typeof fetch = fetch): Promise<LookupResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const headers = resolveHeaders(request.headers, env);
  if ('unset' in headers) return { ok: false, reason: 'secret-unset', durationMs: 0 };
  const signal = AbortSignal.timeout(Math.min(request.timeoutMs, MAX_TIMEOUT_MS));
  try {
    const response = await fetchImpl(request.url, {
      method: request.method,
      headers: { accept: 'application/json', ...(request.body === undefined ? {} : { 'content-type': 'application/json' }), ...headers.headers },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      signal,
      redirect: 'error',
    });
    const text = await readBounded(response, signal);
    if (text === undefined) return { ok: false, reason: 'too-large', status: response.status, durationMs: elapsed() };
    if (!response.ok) return { ok: false, reason: 'status', status: response.status, durationMs: elapsed() };
    if (text.trim() === '') return { ok: true, status: response.status, body: {}, durationMs: elapsed() };
    try {
      return { ok: true, status: response.status, body: JSON.parse(text) as unknown, durationMs: elapsed() };
    } catch {
      return { ok: false, reason: 'not-json', status: response.status, durationMs: elapsed() };
    }
  } catch (error) {
    const timedOut = signal.aborted || (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'));
    return { ok: false, reason: timedOut ? 'timeout' : 'network', durationMs: elapsed() };
  }
}

async function readBounded(response: Response, signal: AbortSignal): Promise<string | undefined> {
  if (response.body === null) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    if (signal.aborted) throw new DOMException('timed out', 'TimeoutError');
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export type FieldType = 'string' | 'int' | 'double' | 'bool';
export interface FieldMapping { from: string; type: FieldType }

/**
 * The answer's fields as call variables: `from` is a dotted path (`account.owner.name`,
 * `items.0.id`). A field that is missing or cannot be the declared type fails the whole mapping
 * (the flow then takes the failure branch), so a variable a lookup sets is always set after it. Pure.
 */
export function mapFields(body: unknown, save: Readonly<Record<string, FieldMapping>>): { values: Record<string, Value> } | { error: string } {
  const values: Record<string, Value> = {};
  for (const [name, mapping] of Object.entries(save)) {
    const found = mapping.from.split('.').reduce<unknown>((at, key) => (isObject(at) && Object.hasOwn(at, key) ? at[key] : undefined), body);
    const value = asType(found, mapping.type);
    if (value === undefined) return { error: `field \`${mapping.from}\` ${found === undefined ? 'is missing from the answer' : `is not a ${mapping.type}`}` };
    values[name] = value;
  }
  return { values };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

const MAX_VALUE_LENGTH = 200;

function asType(value: unknown, type: FieldType): Value | undefined {
  if (value === undefined || value === null) return undefined;
  switch (type) {
    case 'string':
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value).slice(0, MAX_VALUE_LENGTH) : undefined;
    case 'int': {
      const number = typeof value === 'string' ? Number(value) : value;
      return typeof number === 'number' && Number.isSafeInteger(number) ? number : undefined;
    }
    case 'double': {
      const number = typeof value === 'string' ? Number(value) : value;
      return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
    }
    case 'bool':
      return typeof value === 'boolean' ? value : value === 'true' ? true : value === 'false' ? false : undefined;
  }
}
