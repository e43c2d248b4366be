/**
 * What a caller wants, from free speech, by keywords: "I want to pay my bill" → `billing` when
 * billing lists `pay` and `bill`. Each keyword that appears counts once; a keyword also matches
 * the same word with a short ending ("bill" → "billing", "bills"; "factura" → "facturas"). The
 * intent with most keywords wins; a tie is ambiguous. Case, accents and fillers do not matter. Pure.
 */
import { meaningfulWords } from './normalize.js';

export interface Intent {
  readonly name: string;
  /** Keywords per language (flow language keys), each a word or a few words. */
  readonly keywords: Readonly<Record<string, readonly string[]>>;
}

export type IntentMatch =
  | { readonly kind: 'intent'; readonly name: string; readonly keywords: readonly string[] }
  | { readonly kind: 'ambiguous'; readonly names: readonly string[] }
  | { readonly kind: 'none' };

/** Longest ending a keyword may take and still match ("-ing", "-ment", "-ción" → "cion"). */
const MAX_ENDING = 4;

export function intentOf(utterance: string, intents: readonly Intent[], languages: readonly string[]): IntentMatch {
  const scored: { name: string; keywords: string[] }[] = [];
  for (const intent of intents) {
    const found = new Set<string>();
    for (const language of languages) {
      const said = meaningfulWords(utterance, language);
      for (const keyword of intent.keywords[language] ?? []) {
        if (contains(said, meaningfulWords(keyword, language))) found.add(keyword);
      }
    }
    if (found.size > 0) scored.push({ name: intent.name, keywords: [...found] });
  }
  if (scored.length === 0) return { kind: 'none' };
  const top = Math.max(...scored.map((s) => s.keywords.length));
  const best = scored.filter((s) => s.keywords.length === top);
  const [only] = best;
  return best.length === 1 && only !== undefined
    ? { kind: 'intent', name: only.name, keywords: only.keywords }
    : { kind: 'ambiguous', names: best.map((b) => b.name) };
}

function contains(said: readonly string[], keyword: readonly string[]): boolean {
  if (keyword.length === 0) return false;
  for (let i = 0; i + keyword.length <= said.length; i++) {
    if (keyword.every((word, j) => sameStem(said[i + j] as string, word))) return true;
  }
  return false;
}

function sameStem(said: string, keyword: string): boolean {
  if (said === keyword) return true;
  return keyword.length >= 3 && said.startsWith(keyword) && said.length - keyword.length <= MAX_ENDING;
}
