/**
 * The `hints` Plivo gets: the phrases a menu listens for, once each, joined by commas. Plivo's
 * limits (GetInput reference): 500 phrases, 10,000 characters in all, 100 characters a phrase.
 * Pure.
 */
export const HINT_LIMITS = { phrases: 500, characters: 10_000, phraseCharacters: 100 } as const;

/** Phrases → a `hints` value: trimmed, commas taken out, duplicates (ignoring case) dropped. */
export function hintsFor(phrases: Iterable<string>): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const phrase of phrases) {
    const clean = phrase.replace(/,/g, ' ').replace(/\s+/g, ' ').trim();
    const key = clean.toLowerCase();
    if (clean === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(clean);
  }
  return out.join(',');
}

/** What is wrong with a `hints` value for Plivo, or null. */
export function hintsProblem(hints: string): string | null {
  const phrases = hints === '' ? [] : hints.split(',');
  if (phrases.length > HINT_LIMITS.phrases) return `${phrases.length} phrases; Plivo takes at most ${HINT_LIMITS.phrases}`;
  if (hints.length > HINT_LIMITS.characters) return `${hints.length} characters of hints; Plivo takes at most ${HINT_LIMITS.characters}`;
  const long = phrases.find((p) => p.length > HINT_LIMITS.phraseCharacters);
  return long === undefined ? null : `"${long.slice(0, 30)}…" has ${long.length} characters; Plivo takes at most ${HINT_LIMITS.phraseCharacters} a phrase`;
}
