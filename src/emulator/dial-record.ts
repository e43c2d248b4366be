/** Dial (bridge to Number/User B legs) and Record (voicemail). */
import type { CallState } from './call-state.js';
import { boolAttr, intAttr, methodAttr, optionalAttr, stringAttr } from './attributes.js';
import type { DialOutcome } from './types.js';
import { notify, type WebhookRequest } from './webhook.js';
import type { PlivoElement } from './xml.js';

/** Virtual durations of a dial: ringing before an answer, the bridged conversation, quick failures. */
const RING_MS = 6000;
const TALK_MS = 30_000;
const BUSY_MS = 3000;
const FAILED_MS = 1000;
/** Ring time when `<Dial timeout>` is not set (Plivo: the carrier's ring time applies). */
const DEFAULT_RING_TIMEOUT_S = 30;
const BEEP_MS = 500;

/**
 * Values sent to the Dial action. DialStatus values are from Plivo's docs; the hang-up causes
 * follow FreeSWITCH originate dispositions as the framework reported them; DialAction is a guess.
 */
const DIAL_RESULTS: Record<DialOutcome, { status: string; cause: string; rang: boolean }> = {
  answered: { status: 'completed', cause: 'NORMAL_CLEARING', rang: true },
  'no-answer': { status: 'no-answer', cause: 'NO_ANSWER', rang: true },
  busy: { status: 'busy', cause: 'USER_BUSY', rang: false },
  failed: { status: 'failed', cause: 'UNALLOCATED_NUMBER', rang: false },
};

export async function runDial(call: CallState, element: PlivoElement, doc: string): Promise<WebhookRequest | null> {
  const numbers = element.children.map((child) => child.text.trim());
  const callerId = stringAttr(element, 'callerId', call.options.from);
  const timeout = optionalAttr(element, 'timeout');
  const timeoutSeconds = timeout === null ? null : Number.parseInt(timeout, 10);
  const outcome = await call.caller.dial({ numbers, callerId, timeoutSeconds });
  call.emit({ type: 'dial', doc, numbers, callerId, outcome });
  const durations: Record<DialOutcome, number> = {
    answered: RING_MS + TALK_MS,
    'no-answer': (timeoutSeconds ?? DEFAULT_RING_TIMEOUT_S) * 1000,
    busy: BUSY_MS,
    failed: FAILED_MS,
  };
  call.advance(durations[outcome]);
  const result = DIAL_RESULTS[outcome];
  const params = {
    DialStatus: result.status,
    DialALegUUID: call.callUuid,
    DialBLegUUID: outcome === 'answered' ? globalThis.crypto.randomUUID() : '',
    DialHangupCause: result.cause,
    DialRingStatus: String(result.rang),
    DialAction: 'hangup',
  };
  return followAction(call, element, doc, params);
}

export async function runRecord(call: CallState, element: PlivoElement, doc: string): Promise<WebhookRequest | null> {
  // Defaults as in Plivo's framework: maxLength 60 s, timeout 15 s, any key ends, beep on, mp3.
  const maxLengthSeconds = intAttr(element, 'maxLength', 60);
  const playBeep = boolAttr(element, 'playBeep', true);
  const request = {
    maxLengthSeconds,
    timeoutSeconds: intAttr(element, 'timeout', 15),
    finishOnKey: stringAttr(element, 'finishOnKey', '1234567890*#'),
    playBeep,
  };
  if (playBeep) call.advance(BEEP_MS);
  const result = call.caller.record ? await call.caller.record(request) : { durationMs: 3000 };
  const durationMs = Math.max(0, Math.min(Math.round(result.durationMs), maxLengthSeconds * 1000));
  const recordingId = globalThis.crypto.randomUUID();
  const format = stringAttr(element, 'fileFormat', 'mp3');
  const recordUrl = `https://media.plivo.com/v1/Account/EMULATOR/Recording/${recordingId}.${format}`;
  const startMs = call.startTime.getTime() + call.now;
  call.emit({ type: 'record', doc, durationMs, recordUrl });
  call.advance(durationMs);
  const params = {
    RecordUrl: recordUrl,
    RecordFile: recordUrl,
    RecordingID: recordingId,
    RecordingDuration: String(Math.round(durationMs / 1000)),
    RecordingDurationMs: String(durationMs),
    RecordingStartMs: String(startMs),
    RecordingEndMs: String(startMs + durationMs),
  };
  return followAction(call, element, doc, params);
}

/** With `action`: follow it (redirect=true, the default) or only notify it; without: go on. */
async function followAction(
  call: CallState,
  element: PlivoElement,
  doc: string,
  params: Record<string, string>,
): Promise<WebhookRequest | null> {
  const action = optionalAttr(element, 'action');
  if (action === null) return null;
  const request: WebhookRequest = { url: action, method: methodAttr(element), purpose: 'action', params, doc };
  if (boolAttr(element, 'redirect', true)) return request;
  await notify(call, { ...request, purpose: 'notify' });
  return null;
}
