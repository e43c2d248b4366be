import type { LanguageId, Prompt } from '../flow/types.js';

/** What a caller in `language` hears of a prompt, as one line of text (audio as `♪ file`), for the diagram. */
export function spoken(prompt: Prompt | undefined, language: LanguageId): string {
  if (prompt === undefined) return '';
  const utterances = prompt.get(language) ?? [...prompt.values()][0] ?? [];
  return utterances.map((u) => (u.kind === 'say' ? u.text : `♪ ${u.audio}`)).join(' ');
}
