/**
 * GetDigits as Plivo runs it. Confirmed by Plivo's docs: the defaults in the attribute table,
 * that valid digits are sent to `action` as `Digits` (finish key excluded), and that when the
 * tries run out with nothing valid `action` is not requested and execution continues after the
 * element. Not confirmed (framework behaviour, switchable in `Semantics`): how `retries` counts,
 * whether the prompt replays each try, and when an invalid key is judged.
 */
import type { CallState } from './call-state.js';
import { boolAttr, intAttr, methodAttr, optionalAttr, stringAttr } from './attributes.js';
import { play, runMedia } from './media.js';
import type { Semantics } from './types.js';
import { notify, type WebhookRequest } from './webhook.js';
import type { PlivoElement } from './xml.js';

/** Time the caller takes per key press. */
const MS_PER_KEY = 400;
const BEEP_MS = 500;

interface DigitRules {
  readonly numDigits: number;
  readonly finishOnKey: string;
  readonly validDigits: string;
  readonly invalidKeyEndsTry: boolean;
}

export interface Judgement {
  /** What Plivo would send as `Digits`. */
  readonly digits: string;
  readonly outcome: 'valid' | 'invalid' | 'timeout';
  /** Keys the caller pressed before input ended (later keys are ignored). */
  readonly keysUsed: number;
  /** true when input ended because the caller paused (digitTimeout elapsed). */
  readonly endedByPause: boolean;
}

/**
 * Turn the keys of one try into Plivo's reading of them. Input ends at the finish key (not part
 * of `Digits`), after `numDigits` keys, or when the caller stops. Pure.
 */
export function judgeKeys(pressed: string | null, rules: DigitRules): Judgement {
  let digits = '';
  let invalid = false;
  let keysUsed = 0;
  let endedByPause = true;
  for (const key of pressed ?? '') {
    keysUsed += 1;
    if (rules.finishOnKey !== '' && key === rules.finishOnKey) {
      endedByPause = false;
      break;
    }
    digits += key;
    if (!rules.validDigits.includes(key)) {
      invalid = true;
      if (rules.invalidKeyEndsTry) {
        endedByPause = false;
        break;
      }
    }
    if (digits.length >= rules.numDigits) {
      endedByPause = false;
      break;
    }
  }
  const outcome = digits === '' ? 'timeout' : invalid ? 'invalid' : 'valid';
  return { digits, outcome, keysUsed, endedByPause };
}

export function triesOf(element: PlivoElement, semantics: Semantics): number {
  const retries = intAttr(element, 'retries', 1);
  return semantics.retriesAreTotalTries ? retries : retries + 1;
}

/** Returns the action request to follow (redirect=true with valid digits), or null to go on. */
export async function runGetDigits(call: CallState, element: PlivoElement, doc: string): Promise<WebhookRequest | null> {
  const rules: DigitRules = {
    numDigits: intAttr(element, 'numDigits', 99),
    finishOnKey: stringAttr(element, 'finishOnKey', '#'),
    validDigits: stringAttr(element, 'validDigits', '1234567890*#'),
    invalidKeyEndsTry: call.semantics.invalidKeyEndsTry,
  };
  const timeoutSeconds = intAttr(element, 'timeout', 5);
  const digitTimeoutSeconds = intAttr(element, 'digitTimeout', 2);
  const invalidSound = optionalAttr(element, 'invalidDigitsSound');
  const tries = triesOf(element, call.semantics);
  const action = optionalAttr(element, 'action');
  let prompt: string[] = [];
  let digits: string | null = null;
  for (let attempt = 1; attempt <= tries && digits === null; attempt += 1) {
    if (attempt === 1 || call.semantics.replayPromptEachTry) {
      prompt = [];
      for (const child of element.children) prompt.push(await runMedia(call, child, doc));
    }
    if (boolAttr(element, 'playBeep', false)) call.advance(BEEP_MS);
    const pressed = await call.caller.gather({
      attempt, tries, numDigits: rules.numDigits, validDigits: rules.validDigits, finishOnKey: rules.finishOnKey,
      timeoutSeconds, digitTimeoutSeconds, prompt,
    });
    const judged = judgeKeys(pressed === '' ? null : pressed, rules);
    call.emit({ type: 'gather', doc, attempt, tries, pressed, digits: judged.digits, outcome: judged.outcome, timeoutSeconds, action });
    call.advance(
      judged.outcome === 'timeout' && judged.keysUsed === 0
        ? timeoutSeconds * 1000
        : judged.keysUsed * MS_PER_KEY + (judged.endedByPause ? digitTimeoutSeconds * 1000 : 0),
    );
    if (judged.outcome === 'valid') digits = judged.digits;
    else if (judged.outcome === 'invalid' && invalidSound !== null) await play(call, invalidSound, 1, doc);
  }
  // No valid input after the last try: Plivo does not request `action` and carries on with the
  // next element (docs). Valid input without `action`: the digits go nowhere (docs; the old
  // framework posted them to the current document instead).
  if (digits === null || action === null) return null;
  const request: WebhookRequest = { url: action, method: methodAttr(element), purpose: 'action', params: { Digits: digits }, doc };
  if (boolAttr(element, 'redirect', true)) return request;
  await notify(call, { ...request, purpose: 'notify' });
  return null;
}
