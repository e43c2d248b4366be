import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { parse as parseQuery } from 'node:querystring';

/** Form parameters as the SDK takes them: one value, or every value of a repeated key. */
export type SignedParams = Readonly<Record<string, string | readonly string[]>>;

/**
 * Plivo's V3 webhook signature check: the same answer as the plivo SDK's
 * `validateV3Signature(method, uri, nonce, authToken, v3Signature, params)` (plivo 4.79,
 * `dist/utils/v3Security.js`) for every input — test/http/v3-signature.test.ts holds the SDK to
 * it as the oracle over random URLs, parameters, nonces, tokens and signatures — but about five
 * times cheaper, with the comparison in constant time (`timingSafeEqual`), and in linear time:
 * the SDK parses the URL with uri-parser's loose regex, whose path group is quadratic in the
 * path's length (a 16 kB path costs it about half a second of CPU), before any check.
 *
 * The SDK's quirks are kept on purpose, since Plivo signs what its own SDKs compute: `uri`,
 * `nonce`, `authToken` and `v3Signature` go through utf8.encode (UTF-8 bytes as a "binary"
 * string; a lone surrogate makes the SDK throw, here it is simply not valid) and are then
 * hashed as UTF-8 again; the URL is cut into scheme, host, port and path the way uri-parser
 * does and rebuilt the way build-url does; the query is read with node:querystring; keys and
 * values are sorted as strings. Where the SDK throws, this returns false. Never throws.
 */
export function validateV3Signature(method: string, uri: string, nonce: string, authToken: string, v3Signature: string, params: SignedParams = {}): boolean {
  if (method !== 'GET' && method !== 'POST') return false;
  if (LONE_SURROGATE.test(uri) || LONE_SURROGATE.test(nonce) || LONE_SURROGATE.test(authToken) || LONE_SURROGATE.test(v3Signature)) return false;
  let base: string;
  try {
    const url = asBinary(uri);
    base = method === 'GET' ? getBase(url, params, true) : postBase(url, params);
  } catch {
    // Only where the SDK throws too: a GET parameter named like an Object.prototype member.
    return false;
  }
  const expected = Buffer.from(createHmac('sha256', keyOf(authToken)).update(`${base}.${asBinary(nonce)}`).digest('base64'));
  let matched = false;
  for (const candidate of v3Signature.split(',')) {
    // A non-ASCII character never equals base64 text, and takes more bytes in UTF-8.
    const given = Buffer.from(candidate, 'utf8');
    if (given.length === expected.length && timingSafeEqual(given, expected)) matched = true;
  }
  return matched;
}

const LONE_SURROGATE = /\p{Surrogate}/u;

/** The last token's HMAC key, prepared once (a server has one token). */
let lastKey: { token: string; key: KeyObject } | undefined;
function keyOf(authToken: string): KeyObject {
  if (lastKey?.token !== authToken) lastKey = { token: authToken, key: createSecretKey(Buffer.from(asBinary(authToken), 'utf8')) };
  return lastKey.key;
}

/**
 * What a URL contributes to a POST's signed string, by URL: Plivo calls the same few node URLs
 * over and over. Bounded, since a client chooses the URL.
 */
const postPrefixes = new Map<string, string>();
const MAX_PREFIXES = 1000;
const ASCII = /^[\x00-\x7f]*$/;

/** utf8.encode: the UTF-8 bytes of well-formed `text`, one character per byte. */
function asBinary(text: string): string {
  return ASCII.test(text) ? text : Buffer.from(text, 'utf8').toString('latin1');
}

/**
 * uri-parser's loose regex up to the path (scheme, authority with user info, host, port), which
 * runs in linear time. The path that follows is worked out by hand: see `pathEnd`.
 */
const AUTHORITY = /^(?:(?![^:@]+:[^:@/]*@)([^:/?#.]+):)?(?:\/\/)?((?:(([^:@]*)(?::([^:@]*))?)?@)?([^:/?#]*)(?::(\d*))?)/;

/**
 * Where uri-parser's `path` ends in `rest` (what follows the authority). Its loose regex
 * splits the path into directory and file with a lookahead per character (the quadratic part),
 * but their sum is simple: from a leading `/` up to the first `?` or `#`; without one, up to
 * the first `?`, `#` or `/` (and nothing after it is read, query included).
 */
function pathEnd(rest: string): number {
  const stops = rest.startsWith('/') ? /[?#]/ : /[?#/]/;
  const at = rest.search(stops);
  return at === -1 ? rest.length : at;
}

/** The SDK's construct_get_url. */
function getBase(uri: string, params: SignedParams, emptyPostParams: boolean): string {
  const match = AUTHORITY.exec(uri);
  const protocol = match?.[1] ?? '';
  const host = match?.[6] ?? '';
  const port = match?.[7] ?? '';
  const rest = uri.slice(match?.[0].length ?? 0);
  const end = pathEnd(rest);
  const path = rest.slice(0, end);
  let query = '';
  if (rest[end] === '?') {
    const hash = rest.indexOf('#', end + 1);
    query = rest.slice(end + 1, hash === -1 ? undefined : hash);
  }
  // build-url: the origin loses one trailing '/', the path is trimmed and gets a leading '/'.
  let base = `${protocol === '' ? 'http://' : `${protocol}://`}${port === '' ? host : `${host}:${port}`}`;
  if (base.endsWith('/')) base = base.slice(0, -1);
  if (path !== '') {
    const trimmed = path.trim();
    base += trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
  }
  const sorted = sortedQuery(mergedValues(query, params));
  if (sorted.length > 0 || !emptyPostParams) base += `?${sorted}`;
  if (sorted.length > 0 && !emptyPostParams) base += '.';
  return base;
}

/** The SDK's construct_post_url: the URL with its sorted query, then the body as key+value pairs. */
function postBase(uri: string, params: SignedParams): string {
  const keys = Object.keys(params).sort();
  let body = '';
  for (const key of keys) {
    const value = params[key];
    if (!Array.isArray(value)) body += key + String(value);
    else if (value.length === 1) body += key + String(value[0]);
    else for (const item of [...(value as readonly string[])].sort()) body += key + String(item);
  }
  if (keys.length === 0) return getBase(uri, {}, true);
  let prefix = postPrefixes.get(uri);
  if (prefix === undefined) {
    prefix = getBase(uri, {}, false);
    if (postPrefixes.size >= MAX_PREFIXES) postPrefixes.clear();
    postPrefixes.set(uri, prefix);
  }
  return prefix + body;
}

/**
 * The SDK's get_map_from_query: the query's values by key, then `extra`'s appended. Kept on
 * a plain object like the SDK's, so its quirks come along (`__proto__` in the query is
 * dropped; an extra key named like an Object.prototype member throws, as it does there).
 */
function mergedValues(query: string, extra: SignedParams): Record<string, unknown[]> {
  const parsed = parseQuery(query);
  const merged: Record<string, unknown[]> = {};
  for (const key of Object.keys(parsed)) {
    const value = parsed[key];
    merged[key] = Array.isArray(value) ? value : [value];
  }
  for (const key of Object.keys(extra)) {
    const value = extra[key];
    const values: unknown[] = Array.isArray(value) ? [...(value as readonly string[])] : [value];
    if (key in merged) merged[key] = (merged[key] as { concat(more: unknown[]): unknown[] }).concat(values);
    else merged[key] = values;
  }
  return merged;
}

function sortedQuery(values: Record<string, unknown[]>): string {
  const parts: string[] = [];
  for (const key of Object.keys(values).sort()) {
    for (const value of [...(values[key] ?? [])].sort()) parts.push(`${key}=${String(value)}`);
  }
  return parts.join('&');
}
