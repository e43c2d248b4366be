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

/**
 * The event of a webhook request: keys pressed, a silence, a finished transfer or recording,
 * or a plain arrival. `urlEvent` is what the URL itself says (the Redirect after a GetDigits).
 * Pure; never throws.
 */
export function eventOf(params: Readonly<Record<string, string>>, urlEvent: UrlEvent | undefined): CallEvent {
  if (urlEvent === 'no-input') return { kind: 'no-input' };
  const recordUrl = params['RecordUrl'];
  if (recordUrl !== undefined) return { kind: 'recorded', url: recordUrl };
  const digits = params['Digits'];
  if (digits !== undefined) return { kind: 'digits', digits: digits.slice(0, MAX_DIGITS) };
  const dialStatus = params['DialStatus'];
  if (dialStatus !== undefined) return { kind: 'dial-ended', status: dialStatus };
  return { kind: 'arrive' };
}
