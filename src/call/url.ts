import { createSealer, MAX_SEALED_LENGTH, stateKey, type Sealer } from '../data/seal.js';
import type { NodeId } from '../flow/types.js';
import { MAX_HISTORY, type CallMemory, type Value } from './memory.js';

/** Why Plivo is requesting a node URL, when the URL itself has to say it. */
export type UrlEvent = 'no-input';

const MAX_ATTEMPT = 99;
const MAX_VALUES = 32;
const MAX_VALUE_LENGTH = 200;
const LANGUAGE_ID = /^[a-z]{2}(-[A-Z]{2})?$/;
const VALUE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;
const NODE_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** The sealed part of the URL: the call's variables and the menus it came through. */
const SEALED = 's';
/** What a URL built before the call exists (the answer URL of a placed call) is sealed for: there is no CallUUID yet. */
export const BEFORE_CALL = 'answer-url';

let sealer: Sealer = generatedSealer();

function generatedSealer(): Sealer {
  const key = stateKey(undefined);
  if ('error' in key) throw new Error(key.error);
  return createSealer(key.key);
}

/**
 * Seals call state with the key from `STATE_SECRET` (see `src/data/seal.ts`); without one, a
 * random key for this process (the caller warns). Returns an error for a secret too short.
 */
export function useStateSecret(secret: string | undefined): { source: 'env' | 'generated' } | { error: string } {
  const key = stateKey(secret);
  if ('error' in key) return key;
  sealer = createSealer(key.key);
  return { source: key.source };
}

/**
 * The absolute webhook URL of a node for a call carrying `memory`. `event` marks a URL that Plivo
 * only reaches when a GetDigits ran out of time (the Redirect after it). Inverse of
 * `readCallMemory`. Pure.
 */
export function nodeUrl(base: string, nodeId: NodeId, memory: CallMemory, event?: UrlEvent): string {
  const query = new URLSearchParams();
  if (memory.language !== undefined) query.set('lang', memory.language);
  if (memory.attempt !== 1) query.set('attempt', String(memory.attempt));
  const sealed = sealedPart(memory);
  if (sealed !== undefined) query.set(SEALED, sealed);
  if (event !== undefined) query.set('event', event);
  const search = query.toString();
  return `${base}/node/${encodeURIComponent(nodeId)}${search === '' ? '' : `?${search}`}`;
}

/**
 * Reads back what `nodeUrl` wrote. Anything malformed (a forged or truncated query) falls
 * back to a fresh call state rather than failing: the caller still hears the menu. Pure;
 * never throws.
 */
export function readCallMemory(query: Readonly<Record<string, unknown>>, callUuid = ''): { memory: CallMemory; event: UrlEvent | undefined } {
  const lang = single(query['lang']);
  const attempt = Number(single(query['attempt']) ?? '1');
  const token = single(query[SEALED]);
  const opened = token === undefined ? undefined : (sealer.unseal(token, callUuid) ?? sealer.unseal(token, BEFORE_CALL));
  const { values, history } = openedState(opened);
  return {
    memory: {
      language: lang !== undefined && LANGUAGE_ID.test(lang) ? lang : undefined,
      attempt: Number.isInteger(attempt) && attempt >= 1 && attempt <= MAX_ATTEMPT ? attempt : 1,
      ...(values !== undefined ? { values } : {}),
      ...(history !== undefined ? { history } : {}),
    },
    event: single(query['event']) === 'no-input' ? 'no-input' : undefined,
  };
}

/**
 * The variables and history, sealed for this call (`facts.callUuid`, or BEFORE_CALL). Bounded:
 * values are cut at MAX_VALUE_LENGTH, and a state that would still seal too long loses its
 * history, then its last variables, rather than make a URL Plivo cannot fetch.
 */
function sealedPart(memory: CallMemory): string | undefined {
  let values = Object.entries(memory.values ?? {})
    .slice(0, MAX_VALUES)
    .map(([name, value]): [string, Value] => [name, typeof value === 'string' ? value.slice(0, MAX_VALUE_LENGTH) : value]);
  let history = (memory.history ?? []).slice(-MAX_HISTORY);
  const callUuid = memory.facts?.callUuid ?? BEFORE_CALL;
  for (;;) {
    if (values.length === 0 && history.length === 0) return undefined;
    const token = sealer.seal({ ...(values.length > 0 ? { v: Object.fromEntries(values) } : {}), ...(history.length > 0 ? { h: history } : {}) }, callUuid);
    if (token.length <= MAX_SEALED_LENGTH) return token;
    if (history.length > 0) history = [];
    else values = values.slice(0, -1);
  }
}

function openedState(opened: unknown): { values?: Record<string, Value>; history?: NodeId[] } {
  if (opened === null || typeof opened !== 'object') return {};
  const { v, h } = opened as { v?: unknown; h?: unknown };
  const values =
    v !== null && typeof v === 'object'
      ? Object.entries(v as Record<string, unknown>)
          .filter((entry): entry is [string, Value] => VALUE_NAME.test(entry[0]) && (typeof entry[1] === 'string' || typeof entry[1] === 'number' || typeof entry[1] === 'boolean'))
          .slice(0, MAX_VALUES)
      : [];
  const history = Array.isArray(h) ? h.filter((id): id is string => typeof id === 'string' && NODE_ID.test(id)).slice(-MAX_HISTORY) : [];
  return { ...(values.length > 0 ? { values: Object.fromEntries(values) } : {}), ...(history.length > 0 ? { history } : {}) };
}

/** The absolute URL Plivo fetches an audio file from: `audio/x.mp3` is served by us, URLs pass through. Pure. */
export function audioUrl(base: string, audio: string): string {
  return /^https?:\/\//.test(audio) ? audio : `${base}/${audio.split('/').map(encodeURIComponent).join('/')}`;
}

function single(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}
