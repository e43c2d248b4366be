import type { NodeId } from '../flow/types.js';
import type { CallMemory } from './memory.js';

/** Why Plivo is requesting a node URL, when the URL itself has to say it. */
export type UrlEvent = 'no-input';

const MAX_ATTEMPT = 99;
const MAX_VALUES = 8;
const LANGUAGE_ID = /^[a-z]{2}(-[A-Z]{2})?$/;
const VALUE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;
const VALUE = /^[0-9*#]{1,20}$/;
const VALUE_PREFIX = 'v.';

/**
 * The absolute webhook URL of a node for a call carrying `memory`. `event` marks a URL that Plivo
 * only reaches when a GetDigits ran out of time (the Redirect after it). Inverse of
 * `readCallMemory`. Pure.
 */
export function nodeUrl(base: string, nodeId: NodeId, memory: CallMemory, event?: UrlEvent): string {
  const query = new URLSearchParams();
  if (memory.language !== undefined) query.set('lang', memory.language);
  if (memory.attempt !== 1) query.set('attempt', String(memory.attempt));
  for (const [name, value] of Object.entries(memory.values ?? {})) query.set(`${VALUE_PREFIX}${name}`, value);
  if (event !== undefined) query.set('event', event);
  const search = query.toString();
  return `${base}/node/${encodeURIComponent(nodeId)}${search === '' ? '' : `?${search}`}`;
}

/**
 * Reads back what `nodeUrl` wrote. Anything malformed (a forged or truncated query) falls
 * back to a fresh call state rather than failing: the caller still hears the menu. Pure;
 * never throws.
 */
export function readCallMemory(query: Readonly<Record<string, unknown>>): { memory: CallMemory; event: UrlEvent | undefined } {
  const lang = single(query['lang']);
  const attempt = Number(single(query['attempt']) ?? '1');
  const values = Object.entries(query)
    .map(([key, value]): [string, string | undefined] => [key.slice(VALUE_PREFIX.length), key.startsWith(VALUE_PREFIX) ? single(value) : undefined])
    .filter((entry): entry is [string, string] => entry[1] !== undefined && VALUE_NAME.test(entry[0]) && VALUE.test(entry[1]))
    .slice(0, MAX_VALUES);
  return {
    memory: {
      language: lang !== undefined && LANGUAGE_ID.test(lang) ? lang : undefined,
      attempt: Number.isInteger(attempt) && attempt >= 1 && attempt <= MAX_ATTEMPT ? attempt : 1,
      ...(values.length > 0 ? { values: Object.fromEntries(values) } : {}),
    },
    event: single(query['event']) === 'no-input' ? 'no-input' : undefined,
  };
}

/** The absolute URL Plivo fetches an audio file from: `audio/x.mp3` is served by us, URLs pass through. Pure. */
export function audioUrl(base: string, audio: string): string {
  return /^https?:\/\//.test(audio) ? audio : `${base}/${audio.split('/').map(encodeURIComponent).join('/')}`;
}

function single(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}
