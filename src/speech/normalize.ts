/**
 * Words as a matcher sees them: lower case, accents dropped, punctuation gone, and the filler
 * words of the caller's language taken out. Pure; no dependencies, so it runs in the browser too.
 */

/** `es-US`, `es`, `ES_mx` → `es`. */
export function languageOf(code: string): string {
  return code.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

/**
 * Words that carry no choice: hesitations and politeness. Per language, because a filler in one
 * is a word in another (English "um" is Portuguese for "one"). Several words are one filler
 * when they come together ("por favor", "s'il vous plaît").
 */
const FILLERS: Readonly<Record<string, readonly string[]>> = {
  en: ['um', 'umm', 'uh', 'uhh', 'er', 'erm', 'ah', 'hmm', 'mm', 'well', 'so', 'like', 'please', 'okay', 'ok', 'yeah',
    'oh please', 'i mean', 'you know', 'thank you', 'thanks'],
  es: ['eh', 'em', 'este', 'pues', 'bueno', 'o sea', 'mmm', 'ah', 'por favor', 'gracias', 'vale'],
  fr: ['euh', 'heu', 'ben', 'bah', 'bon', 'alors', 'hum', 'ah', 's il vous plait', 's il te plait', 'merci', 'voila'],
  pt: ['e', 'eh', 'hum', 'hmm', 'tipo', 'entao', 'ne', 'bom', 'ah', 'por favor', 'obrigado', 'obrigada'],
  de: ['äh', 'ähm', 'hm', 'also', 'halt', 'bitte', 'danke'],
  it: ['ehm', 'eh', 'allora', 'cioe', 'beh', 'per favore', 'grazie'],
};

/** Lower case, accents and punctuation dropped, one space between words. Pure. */
export function plain(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The words of `text` (see {@link plain}). Pure. */
export function words(text: string): string[] {
  const p = plain(text);
  return p === '' ? [] : p.split(' ');
}

const fillerCache = new Map<string, readonly (readonly string[])[]>();

/** The fillers of a language as word lists, longest first (so "por favor" goes before "por"). */
function fillersOf(language: string): readonly (readonly string[])[] {
  const key = languageOf(language);
  let list = fillerCache.get(key);
  if (list === undefined) {
    list = (FILLERS[key] ?? []).map(words).sort((a, b) => b.length - a.length);
    fillerCache.set(key, list);
  }
  return list;
}

/** `words(text)` without the fillers of `language`. Pure. */
export function meaningfulWords(text: string, language: string): string[] {
  const all = words(text);
  const fillers = fillersOf(language);
  const out: string[] = [];
  for (let i = 0; i < all.length; ) {
    const filler = fillers.find((f) => f.every((w, j) => all[i + j] === w));
    if (filler !== undefined) {
      i += filler.length;
      continue;
    }
    out.push(all[i] as string);
    i += 1;
  }
  return out;
}

/** Whether `language` has its own filler list (en, es, fr, pt, de, it). */
export function knowsLanguage(language: string): boolean {
  return FILLERS[languageOf(language)] !== undefined;
}
