/**
 * Which menu choice a caller's words pick. Tolerant: case, accents, punctuation and the filler
 * words of the language do not matter, and a phrase counts anywhere inside a longer utterance
 * ("uh, Spanish please" picks `spanish`). A digit said as a word picks the key it names ("two"
 * picks `2`). When phrases of different choices match, the one that covers the others wins
 * ("customer service" over "service"); otherwise the answer is ambiguous. Pure.
 */
import { spokenDigits } from './digits.js';
import { meaningfulWords } from './normalize.js';

export interface PhraseChoice {
  /** The key the choice is pressed with (`"1"`), the name the flow knows it by. */
  readonly key: string;
  /** What a caller may say for it, per language (flow language keys: `en`, `es`). */
  readonly phrases: Readonly<Record<string, readonly string[]>>;
}

export type PhraseMatch =
  | { readonly kind: 'match'; readonly key: string; readonly phrase: string; readonly language: string }
  | { readonly kind: 'ambiguous'; readonly keys: readonly string[] }
  | { readonly kind: 'none' };

interface Hit {
  readonly key: string;
  readonly phrase: string;
  readonly language: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Match `utterance` against the phrases of `languages` (the caller's language, or every flow
 * language before one is chosen; the first language is preferred on a tie). Pure.
 */
export function matchPhrase(utterance: string, choices: readonly PhraseChoice[], languages: readonly string[]): PhraseMatch {
  const hits: Hit[] = [];
  for (const language of languages) {
    const said = meaningfulWords(utterance, language);
    for (const choice of choices) {
      for (const phrase of choice.phrases[language] ?? []) {
        const wanted = meaningfulWords(phrase, language);
        const start = indexOfRun(said, wanted);
        if (start >= 0) hits.push({ key: choice.key, phrase, language, start, end: start + wanted.length });
      }
    }
  }
  const best = pick(hits);
  if (best !== null) return best;
  const keys = new Set(choices.map((c) => c.key));
  for (const language of languages) {
    const digits = spokenDigits(utterance, language);
    if (digits !== null && keys.has(digits)) return { kind: 'match', key: digits, phrase: digits, language };
  }
  return { kind: 'none' };
}

function pick(hits: readonly Hit[]): PhraseMatch | null {
  if (hits.length === 0) return null;
  const longest = hits.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
  const rivals = hits.filter((h) => h.key !== longest.key);
  // The longest phrase wins when every rival's words lie inside it, in the same language.
  const covers = rivals.every((r) => r.language === longest.language && r.start >= longest.start && r.end <= longest.end && r.end - r.start < longest.end - longest.start);
  if (rivals.length === 0 || covers) {
    return { kind: 'match', key: longest.key, phrase: longest.phrase, language: longest.language };
  }
  return { kind: 'ambiguous', keys: [...new Set(hits.map((h) => h.key))] };
}

/** Where `run` starts inside `words`, or -1 (an empty run is never found). */
function indexOfRun(words: readonly string[], run: readonly string[]): number {
  if (run.length === 0) return -1;
  outer: for (let i = 0; i + run.length <= words.length; i++) {
    for (let j = 0; j < run.length; j++) if (words[i + j] !== run[j]) continue outer;
    return i;
  }
  return -1;
}
