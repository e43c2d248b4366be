/**
 * What Plivo accepts in `<GetInput>`, value by value. Sources, in order of trust:
 * - Plivo's XML reference page (plivo.com/docs/voice/xml/getinput), read for this module:
 *   `action` required, a fully qualified URL; `method` GET/POST (POST); `inputType` `dtmf`,
 *   `speech` or `dtmf speech`, "the input that's detected first is relayed"; `executionTimeout`
 *   5–60 (15), counted after the nested Speak/Play end, no input → the next element runs;
 *   `digitEndTimeout` and `speechEndTimeout` 2–10 or `auto` (`auto`); `finishOnKey` exactly one
 *   of 0–9, *, # or empty or `none` (`#`).
 * - The rest of the same page as quoted by the project reference and by copies of it (not read
 *   first-hand here): `numDigits` 1–32 (32); `speechModel` `default`, `command_and_search`,
 *   `phone_call` (`default`); `hints` a non-empty comma-separated list, at most 500 phrases,
 *   10,000 characters in all and 100 characters a phrase; `language` (`en-US`);
 *   `profanityFilter`, `redirect`, `log` booleans (false, true, true).
 * - Attribute names and children: the plivo SDK's builder (Speak, Play, Wait).
 * `inputType` has no documented default, so it is required here: a stand-in should refuse what
 * is not known to work.
 */
import { absoluteUrl, type ElementRule, type ValueCheck } from './value-checks.js';

export const INPUT_TYPES = ['dtmf', 'speech', 'dtmf speech'] as const;
export const SPEECH_MODELS = ['default', 'command_and_search', 'phone_call'] as const;

export const HINT_LIMITS = { phrases: 500, characters: 10_000, phraseCharacters: 100 } as const;

const oneOf =
  (...allowed: readonly string[]): ValueCheck =>
  (v) =>
    allowed.includes(v) ? null : `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, got "${v}"`;

const between =
  (min: number, max: number, orAuto: boolean): ValueCheck =>
  (v) => {
    if (orAuto && v === 'auto') return null;
    const n = Number(v);
    return /^\d+$/.test(v) && n >= min && n <= max
      ? null
      : `must be an integer from ${min} to ${max}${orAuto ? ' or "auto"' : ''}, got "${v}"`;
  };

const bool = oneOf('true', 'false');
const method = oneOf('GET', 'POST');

const finishOnKey: ValueCheck = (v) =>
  /^[0-9*#]?$/.test(v) || v === 'none' ? null : `must be one key (0-9, *, #), empty or "none", got "${v}"`;

const language: ValueCheck = (v) =>
  /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(v) ? null : `must be a language code like en-US, got "${v}"`;

/** The phrases of a `hints` value, as Plivo splits it (comma-separated, trimmed). */
export function hintPhrases(value: string): string[] {
  return value.split(',').map((phrase) => phrase.trim());
}

/** Plivo's limits on `hints`: null when the value is acceptable. Exported for the flow checks. */
export const hints: ValueCheck = (v) => {
  const phrases = hintPhrases(v);
  if (phrases.some((phrase) => phrase === '')) return `must be a comma-separated list of non-empty phrases, got "${v}"`;
  if (phrases.length > HINT_LIMITS.phrases) return `has ${phrases.length} phrases; Plivo takes at most ${HINT_LIMITS.phrases}`;
  if (v.length > HINT_LIMITS.characters) return `has ${v.length} characters; Plivo takes at most ${HINT_LIMITS.characters}`;
  const long = phrases.find((phrase) => phrase.length > HINT_LIMITS.phraseCharacters);
  return long === undefined
    ? null
    : `phrase "${long.slice(0, 20)}…" has ${long.length} characters; Plivo takes at most ${HINT_LIMITS.phraseCharacters} a phrase`;
};

export const GET_INPUT_RULE: ElementRule = {
  attributes: {
    action: absoluteUrl,
    method,
    inputType: oneOf(...INPUT_TYPES),
    executionTimeout: between(5, 60, false),
    digitEndTimeout: between(2, 10, true),
    speechEndTimeout: between(2, 10, true),
    finishOnKey,
    numDigits: between(1, 32, false),
    speechModel: oneOf(...SPEECH_MODELS),
    hints,
    language,
    interimSpeechResultsCallback: absoluteUrl,
    interimSpeechResultsCallbackMethod: method,
    log: bool,
    redirect: bool,
    profanityFilter: bool,
  },
  required: ['action', 'inputType'],
  children: ['Speak', 'Play', 'Wait'],
  text: 'none',
};
