/**
 * Plivo's V3 webhook signature, computed the way the plivo SDK's `validateV3Signature` checks it
 * (plivo-node `dist/utils/v3Security.js`). WebCrypto only, so it runs in Node and in a browser.
 */

export type HttpMethod = 'GET' | 'POST';

export interface SignatureInput {
  readonly method: HttpMethod;
  /** The exact URL requested, query included. */
  readonly url: string;
  /** Form parameters: the POST body, or (for GET) parameters appended to the query. */
  readonly params: Readonly<Record<string, string>>;
  readonly nonce: string;
  readonly authToken: string;
}

/**
 * The string the SDK signs before `"." + nonce` is appended.
 * GET: the URL without query, then `?` and every query parameter (URL's and `params`) sorted by
 * key as `key=value` joined by `&` (no `?` when there are none).
 * POST: the URL without query, `?`, the URL's sorted query, a `.` only if that query is not
 * empty, then the body parameters sorted by key written as key+value with no separators
 * (with an empty body it is like GET). Pure.
 */
export function v3SignatureBase(method: HttpMethod, url: string, params: Readonly<Record<string, string>>): string {
  const { base, query } = splitUrl(url);
  const hasBody = Object.keys(params).length > 0;
  if (method === 'GET' || !hasBody) {
    const all = mergeValues(query, method === 'GET' ? params : {});
    const sorted = sortedQuery(all);
    return sorted === '' ? base : `${base}?${sorted}`;
  }
  const sorted = sortedQuery(mergeValues(query, {}));
  const bodyString = sortedEntries(mergeValues(new URLSearchParams(), params))
    .map(([key, value]) => key + value)
    .join('');
  return `${base}?${sorted}${sorted === '' ? '' : '.'}${bodyString}`;
}

/** base64(HMAC-SHA256(authToken, base + "." + nonce)), as in the `X-Plivo-Signature-V3` header. */
export async function signV3(input: SignatureInput): Promise<string> {
  // The SDK passes the URL, nonce and token through utf8.encode() (UTF-8 bytes as a "binary"
  // string) and then hashes the string as UTF-8 again; mirror that so non-ASCII URLs agree.
  const url = utf8AsBinary(input.url);
  const message = `${v3SignatureBase(input.method, url, input.params)}.${utf8AsBinary(input.nonce)}`;
  const encoder = new TextEncoder();
  const key = await globalThis.crypto.subtle.importKey(
    'raw',
    encoder.encode(utf8AsBinary(input.authToken)),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await globalThis.crypto.subtle.sign('HMAC', key, encoder.encode(message));
  return toBase64(new Uint8Array(mac));
}

/** A random nonce like Plivo's (digits). */
export function makeNonce(): string {
  const words = globalThis.crypto.getRandomValues(new Uint32Array(2));
  return `${words[0] ?? 0}${words[1] ?? 0}`;
}

/** Scheme + authority + path exactly as written (the SDK keeps the path raw), and the query. */
function splitUrl(url: string): { base: string; query: URLSearchParams } {
  const hashless = url.split('#')[0] ?? '';
  const at = hashless.indexOf('?');
  const base = at === -1 ? hashless : hashless.slice(0, at);
  const query = new URLSearchParams(at === -1 ? '' : hashless.slice(at + 1));
  return { base, query };
}

function mergeValues(query: URLSearchParams, params: Readonly<Record<string, string>>): Map<string, string[]> {
  const all = new Map<string, string[]>();
  const add = (key: string, value: string): void => {
    all.set(key, [...(all.get(key) ?? []), value]);
  };
  query.forEach((value, key) => add(key, value));
  for (const [key, value] of Object.entries(params)) add(key, value);
  return all;
}

function sortedEntries(all: Map<string, string[]>): [string, string][] {
  return [...all.keys()].sort().flatMap((key) => (all.get(key) ?? []).sort().map((v): [string, string] => [key, v]));
}

function sortedQuery(all: Map<string, string[]>): string {
  return sortedEntries(all)
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

function utf8AsBinary(text: string): string {
  return String.fromCharCode(...new TextEncoder().encode(text));
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
