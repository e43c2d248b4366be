/**
 * What the server remembers of a call between two of Plivo's requests. The server keeps no
 * per-call memory of its own: this travels in the webhook URLs (see `url.ts`), and every next
 * value is built here, by `nextMemory`, and nowhere else.
 */
import type { LanguageId } from '../flow/types.js';
import { unreachable } from '../util/unreachable.js';

export interface CallMemory {
  /** The caller's language, once chosen; until then the flow's default language speaks. */
  language: LanguageId | undefined;
  /** 1 for the first time a node is offered; counts the tries of a menu or an input. */
  attempt: number;
  /** Digits collected by input nodes, by name, to speak back later as `{{name}}`. */
  values?: Readonly<Record<string, string>>;
}

/** A call that has just been answered. */
export const FRESH_MEMORY: CallMemory = Object.freeze({ language: undefined, attempt: 1 });

/** How a step changes what the call carries. */
export type MemoryChange =
  /** On to another node: first attempt there; a choice may set the language, an input adds a value. */
  | { kind: 'onwards'; language?: LanguageId | undefined; value?: { name: string; digits: string } }
  /** The same node offered again. */
  | { kind: 'again'; attempt: number }
  /** Back to the entry after a URL the flow cannot serve: only the language is kept. */
  | { kind: 'restart' };

/** The memory a call carries into its next request. Pure. */
export function nextMemory(memory: CallMemory, change: MemoryChange): CallMemory {
  switch (change.kind) {
    case 'onwards': {
      const language = 'language' in change ? change.language : memory.language;
      const moved: CallMemory = { ...memory, language, attempt: 1 };
      return change.value === undefined ? moved : { ...moved, values: { ...memory.values, [change.value.name]: change.value.digits } };
    }
    case 'again':
      return { ...memory, attempt: change.attempt };
    case 'restart':
      return { ...FRESH_MEMORY, language: memory.language };
    default:
      return unreachable(change);
  }
}

/** A language the flow no longer declares (an edited file, a forged URL) is as good as none. */
export function withKnownLanguage(memory: CallMemory, known: (language: LanguageId) => boolean): CallMemory {
  return memory.language !== undefined && !known(memory.language) ? { ...memory, language: undefined } : memory;
}
