/**
 * GetInput as Plivo runs it: the nested Speak/Play/Wait, then one window in which Plivo listens
 * for keys, speech or both. Which behaviours are confirmed:
 *
 * Confirmed by Plivo's GetInput page: a single element (the builders have no `retries`); the
 * window (`executionTimeout`, default 15 s) starts when the nested prompts end; with
 * `inputType="dtmf speech"` the input detected first is the one relayed; with no input the next
 * element runs; digits end at `finishOnKey` (not sent), `numDigits`, or `digitEndTimeout` of
 * quiet; speech ends after `speechEndTimeout` of silence; `action` gets `InputType` (`dtmf` or
 * `speech`), `Digits` (empty for speech), `Speech` (empty for digits), `SpeechConfidenceScore`
 * (0.0–1.0); `redirect="false"` requests `action` and goes on with the next element;
 * `profanityFilter` masks a profane word as its first letter and asterisks.
 *
 * The emulator's choices where the page is silent (the first three are `Semantics` options):
 * whether `action` is also requested on no input (no); what `auto` means for `digitEndTimeout`
 * (3 s) and `speechEndTimeout` (1 s); and, fixed: keys pressed while Plivo listens only for
 * speech (or words said while it listens only for keys) are not heard; only the finish key
 * counts as no input; `SpeechConfidenceScore` and `BilledAmount` are sent with speech only;
 * the caller speaks after the prompt (no barge-in); `hints`, `language` and `speechModel` do
 * not change what is recognised — the caller's words and confidence are taken as the result.
 */
import type { CallState } from './call-state.js';
import { boolAttr, intAttr, methodAttr, optionalAttr, stringAttr } from './attributes.js';
import { judgeKeys } from './get-digits.js';
import { hintPhrases } from './get-input-rules.js';
import { runMedia } from './media.js';
import type { CallerAct, GatherPrompt, InputType, ListenPrompt } from './types.js';
import { notify, type WebhookRequest } from './webhook.js';
import type { PlivoElement } from './xml.js';

/** Time the caller takes per key press and per spoken word. */
const MS_PER_KEY = 400;
const MS_PER_WORD = 400;
const DEFAULT_CONFIDENCE = 0.9;

/** Words the emulator's profanity filter masks (a stand-in for Plivo's unpublished list). */
const PROFANE = new Set(['damn', 'hell', 'shit', 'fuck', 'crap', 'bastard', 'mierda', 'joder', 'merde', 'porra']);

/** What one GetInput heard: the winning act as Plivo reports it, or nothing. */
export type Heard =
  | { readonly type: 'dtmf'; readonly digits: string; readonly keysUsed: number; readonly endedByPause: boolean }
  | { readonly type: 'speech'; readonly said: string; readonly speech: string; readonly confidence: number }
  | { readonly type: 'none' };

export interface Listening {
  readonly dtmf: boolean;
  readonly speech: boolean;
  readonly numDigits: number;
  readonly finishOnKey: string;
  readonly profanityFilter: boolean;
}

/**
 * Pick the act Plivo relays: the first one of a kind it listens for. Keys are read as Plivo
 * reads them (finish key dropped, at most `numDigits`); keys that amount to no digits and empty
 * speech are no input. Pure.
 */
export function hear(acts: readonly CallerAct[], listening: Listening): Heard {
  for (const act of acts) {
    if (act.type === 'dtmf' && listening.dtmf) {
      const judged = judgeKeys(act.keys, {
        numDigits: listening.numDigits,
        finishOnKey: listening.finishOnKey,
        validDigits: '0123456789*#',
        invalidKeyEndsTry: false,
      });
      if (judged.digits === '') return { type: 'none' };
      return { type: 'dtmf', digits: judged.digits, keysUsed: judged.keysUsed, endedByPause: judged.endedByPause };
    }
    if (act.type === 'speech' && listening.speech) {
      const said = normalize(act.text);
      if (said === '') return { type: 'none' };
      const confidence = Math.min(1, Math.max(0, act.confidence ?? DEFAULT_CONFIDENCE));
      return { type: 'speech', said, speech: listening.profanityFilter ? maskProfanity(said) : said, confidence };
    }
  }
  return { type: 'none' };
}

/** `damn it` → `d*** it`: each profane word kept to its first letter. Pure. */
export function maskProfanity(text: string): string {
  return text.replace(/[\p{L}']+/gu, (word) =>
    PROFANE.has(word.toLowerCase()) ? `${word[0] ?? ''}${'*'.repeat(word.length - 1)}` : word,
  );
}

/** Returns the action request to follow (redirect=true with input), or null to go on. */
export async function runGetInput(call: CallState, element: PlivoElement, doc: string): Promise<WebhookRequest | null> {
  const prompt: string[] = [];
  for (const child of element.children) prompt.push(await runMedia(call, child, doc));

  const inputType = stringAttr(element, 'inputType', 'dtmf') as InputType;
  const finishOnKey = stringAttr(element, 'finishOnKey', '#');
  const listening: Listening = {
    dtmf: inputType !== 'speech',
    speech: inputType !== 'dtmf',
    numDigits: intAttr(element, 'numDigits', 32),
    finishOnKey: finishOnKey === 'none' ? '' : finishOnKey,
    profanityFilter: boolAttr(element, 'profanityFilter', false),
  };
  const hints = optionalAttr(element, 'hints');
  const request: ListenPrompt = {
    inputType,
    language: stringAttr(element, 'language', 'en-US'),
    hints: hints === null ? [] : hintPhrases(hints),
    speechModel: stringAttr(element, 'speechModel', 'default'),
    numDigits: listening.numDigits,
    finishOnKey: listening.finishOnKey,
    executionTimeoutSeconds: intAttr(element, 'executionTimeout', 15),
    digitEndTimeoutSeconds: seconds(element, 'digitEndTimeout', call.semantics.autoDigitEndTimeoutSeconds),
    speechEndTimeoutSeconds: seconds(element, 'speechEndTimeout', call.semantics.autoSpeechEndTimeoutSeconds),
    prompt,
  };
  const acts = await actsOf(call, request);
  const heard = hear(acts, listening);
  const action = optionalAttr(element, 'action');
  record(call, doc, request, acts, heard, action);

  if (action === null) return null;
  if (heard.type === 'none' && !call.semantics.getInputActionOnNoInput) return null;
  const next: WebhookRequest = { url: action, method: methodAttr(element), purpose: 'action', params: paramsOf(heard), doc };
  if (boolAttr(element, 'redirect', true)) return next;
  await notify(call, { ...next, purpose: 'notify' });
  return null;
}

/** The caller's acts: `listen` when the caller has it, else keys from `gather` (the keypad only). */
/** A GetInput as a caller without ears sees it: one keypad try, any key valid (Plivo's GetInput has no validDigits). */
export function asGatherPrompt(prompt: ListenPrompt): GatherPrompt {
  return {
    attempt: 1,
    tries: 1,
    numDigits: prompt.numDigits,
    validDigits: '1234567890*#',
    finishOnKey: prompt.finishOnKey,
    timeoutSeconds: prompt.executionTimeoutSeconds,
    digitTimeoutSeconds: prompt.digitEndTimeoutSeconds,
    prompt: prompt.prompt,
  };
}

async function actsOf(call: CallState, prompt: ListenPrompt): Promise<readonly CallerAct[]> {
  if (call.caller.listen !== undefined) return call.caller.listen(prompt);
  if (prompt.inputType === 'speech') return [];
  const keys = await call.caller.gather(asGatherPrompt(prompt));
  return keys === null || keys === '' ? [] : [{ type: 'dtmf', keys }];
}

/** Transcript events and the virtual time the listening took. */
function record(call: CallState, doc: string, prompt: ListenPrompt, acts: readonly CallerAct[], heard: Heard, action: string | null): void {
  const timeoutSeconds = prompt.executionTimeoutSeconds;
  // Words said to a keypad-only element are heard by no one, but the transcript shows them.
  for (const act of acts) {
    if (act.type !== 'speech') continue;
    const said = normalize(act.text);
    const relayed = heard.type === 'speech' && heard.said === said;
    call.emit({
      type: 'speech',
      doc,
      said,
      confidence: act.confidence ?? DEFAULT_CONFIDENCE,
      language: prompt.language,
      speech: relayed ? heard.speech : null,
    });
    if (relayed) break;
  }
  switch (heard.type) {
    case 'none': {
      const pressed = acts.find((act) => act.type === 'dtmf');
      const keys = pressed?.type === 'dtmf' && prompt.inputType !== 'speech' ? pressed.keys : null;
      call.emit({ type: 'gather', doc, attempt: 1, tries: 1, pressed: keys, digits: '', outcome: 'timeout', timeoutSeconds, action });
      call.advance(timeoutSeconds * 1000);
      return;
    }
    case 'dtmf': {
      const pressed = acts.find((act) => act.type === 'dtmf');
      const keys = pressed?.type === 'dtmf' ? pressed.keys : heard.digits;
      call.emit({ type: 'gather', doc, attempt: 1, tries: 1, pressed: keys, digits: heard.digits, outcome: 'valid', timeoutSeconds, action });
      call.advance(heard.keysUsed * MS_PER_KEY + (heard.endedByPause ? prompt.digitEndTimeoutSeconds * 1000 : 0));
      return;
    }
    case 'speech': {
      const words = heard.said.split(' ').length;
      call.advance(words * MS_PER_WORD + prompt.speechEndTimeoutSeconds * 1000);
    }
  }
}

/** The parameters `action` gets on top of the call's. */
function paramsOf(heard: Heard): Record<string, string> {
  switch (heard.type) {
    case 'dtmf':
      return { InputType: 'dtmf', Digits: heard.digits, Speech: '' };
    case 'speech':
      return {
        InputType: 'speech',
        Digits: '',
        Speech: heard.speech,
        SpeechConfidenceScore: heard.confidence.toFixed(6),
        BilledAmount: '0.00500',
      };
    case 'none':
      return { InputType: '', Digits: '', Speech: '' };
  }
}

function normalize(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

function seconds(element: PlivoElement, name: string, auto: number): number {
  const raw = stringAttr(element, name, 'auto');
  return raw === 'auto' ? auto : Number.parseInt(raw, 10);
}
