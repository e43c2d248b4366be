/**
 * What a webhook request tells the interpreter about a call: an event, in the sense of a state
 * machine's. Read from Plivo's parameters by `eventOf`; a node's `transition` answers it.
 */
import type { EffectResult } from '../ivr/effects.js';
import type { UrlEvent } from './url.js';

export type CallEvent =
  /** The call arrives at a node (an answer URL, a Redirect, or anything a node does not expect). */
  | { kind: 'arrive' }
  /** Keys pressed at a GetDigits; '' when only the finish key was pressed. */
  | { kind: 'digits'; digits: string }
  /** Words said at a GetInput that listens: what Plivo's recogniser heard, and how sure it is (0–1). */
  | { kind: 'speech'; text: string; confidence: number }
  /** A GetDigits ran out of time without a key. */
  | { kind: 'no-input' }
  /** A Dial ended: Plivo's DialStatus (`completed`, `busy`, `no-answer`, `failed`, …). */
  | { kind: 'dial-ended'; status: string }
  /** A Record finished with a recording. */
  | { kind: 'recorded'; url: string }
  /** The results of the effects the node's last step asked for, in the same order. */
  | { kind: 'results'; results: readonly EffectResult[] };

/** More keys than any menu or input takes: the rest of a forged Digits is dropped. */
const MAX_DIGITS = 32;
/** More words than a caller says in one breath: the rest of a forged Speech is dropped. */
const MAX_SPEECH = 500;

/**
 * The event of a webhook request: keys pressed, a silence, a finished transfer or recording,
 * or a plain arrival. `urlEvent` is what the URL itself says (the Redirect after a GetDigits).
 * Pure; never throws.
 */
export function eventOf(params: Readonly<Record<string, string>>, urlEvent: UrlEvent | undefined): CallEvent {
  if (urlEvent === 'no-input') return { kind: 'no-input' };
  const recordUrl = params['RecordUrl'];
  if (recordUrl !== undefined) return { kind: 'recorded', url: recordUrl };
  // GetInput says which input won; its Digits is empty for speech.
  if (params['InputType'] === 'speech') {
    const text = (params['Speech'] ?? '').slice(0, MAX_SPEECH).trim();
    const score = Number(params['SpeechConfidenceScore']);
    const confidence = Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : 0;
    return text === '' ? { kind: 'digits', digits: '' } : { kind: 'speech', text, confidence };
  }
  const digits = params['Digits'];
  if (digits !== undefined) return { kind: 'digits', digits: digits.slice(0, MAX_DIGITS) };
  const dialStatus = params['DialStatus'];
  if (dialStatus !== undefined) return { kind: 'dial-ended', status: dialStatus };
  return { kind: 'arrive' };
}
