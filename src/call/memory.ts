/**
 * What the server remembers of a call between two of Plivo's requests. The server keeps no
 * per-call memory of its own: this travels in the webhook URLs (see `url.ts`), and every next
 * value is built here, by `nextMemory`, and nowhere else.
 */
import type { Value } from '../data/expression.js';
import type { LanguageId, NodeId } from '../flow/types.js';
import { unreachable } from '../util/unreachable.js';

export type { Value };

export interface CallMemory {
  /** The caller's language, once chosen; until then the flow's default language speaks. */
  language: LanguageId | undefined;
  /** 1 for the first time a node is offered; counts the tries of a menu or an input. */
  attempt: number;
  /** The call's variables: params it was placed with, what inputs, menus, lookups and `set` nodes kept. Sealed in the URLs (see `url.ts`). */
  values?: Readonly<Record<string, Value>>;
  /** The menus the caller came through, most recent last, at most MAX_HISTORY: where `back` goes. */
  history?: readonly NodeId[];
  /** What this request says about the call (from Plivo's parameters and the clock): read by conditions, never put in a URL. */
  facts?: CallFacts;
}

/** What Plivo tells about a call on every request, and the time it is. */
export interface CallFacts {
  callUuid: string;
  /** The caller's number (`From`), the number called (`To`), a forwarding number, a caller name. */
  caller: string;
  called: string;
  forwardedFrom: string;
  callerName: string;
  /** `X-PH-*` headers of a SIP call, by name without the prefix. */
  headers: Readonly<Record<string, string>>;
  now: Date;
}

/** How far back `back` can go. */
export const MAX_HISTORY = 8;

/** A call that has just been answered. */
export const FRESH_MEMORY: CallMemory = Object.freeze({ language: undefined, attempt: 1 });

/** How a step changes what the call carries. */
export type MemoryChange =
  /** On to another node: first attempt there; a choice may set the language, an input adds a value, a node may set several; leaving a menu records it for `back`, going back forgets it. */
  | { kind: 'onwards'; language?: LanguageId | undefined; value?: { name: string; digits: string }; values?: Readonly<Record<string, Value>>; from?: NodeId; back?: NodeId }
  /** The same node offered again. */
  | { kind: 'again'; attempt: number }
  /** Back to the entry after a URL the flow cannot serve: only the language is kept. */
  | { kind: 'restart' };

/** The memory a call carries into its next request. Pure. */
export function nextMemory(memory: CallMemory, change: MemoryChange): CallMemory {
  switch (change.kind) {
    case 'onwards': {
      const language = 'language' in change ? change.language : memory.language;
      const { history, ...rest } = memory;
      const moved: CallMemory = { ...rest, language, attempt: 1, ...historyAfter(history, change) };
      if (change.value === undefined && change.values === undefined) return moved;
      return { ...moved, values: { ...memory.values, ...change.values, ...(change.value === undefined ? {} : { [change.value.name]: change.value.digits }) } };
    }
    case 'again':
      return { ...memory, attempt: change.attempt };
    case 'restart':
      return { ...FRESH_MEMORY, language: memory.language, ...(memory.facts === undefined ? {} : { facts: memory.facts }) };
    default:
      return unreachable(change);
  }
}

function historyAfter(history: readonly NodeId[] | undefined, change: { from?: NodeId; back?: NodeId }): { history?: readonly NodeId[] } {
  const list = history ?? [];
  // Going back to a menu forgets it and everything after it.
  const next = change.back !== undefined ? list.slice(0, Math.max(0, list.lastIndexOf(change.back))) : change.from !== undefined && list[list.length - 1] !== change.from ? [...list, change.from].slice(-MAX_HISTORY) : list;
  return next.length > 0 ? { history: next } : {};
}

/** A language the flow no longer declares (an edited file, a forged URL) is as good as none. */
export function withKnownLanguage(memory: CallMemory, known: (language: LanguageId) => boolean): CallMemory {
  return memory.language !== undefined && !known(memory.language) ? { ...memory, language: undefined } : memory;
}
