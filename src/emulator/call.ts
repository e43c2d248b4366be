/**
 * runCall: one outbound call executed the way Plivo does — fetch the answer URL, run the
 * document's elements in order, follow actions and Redirects, hang up at the end of a document,
 * then notify the hangup URL. Runs in Node and in a browser (fetch + WebCrypto only).
 */
import { CallEnded, CallState, ENDINGS, plivoTime, type Ending } from './call-state.js';
import { intAttr, methodAttr, stringAttr } from './attributes.js';
import { runDial, runRecord } from './dial-record.js';
import { runGetDigits } from './get-digits.js';
import { runGetInput } from './get-input.js';
import { runMedia } from './media.js';
import type { RunCallOptions, Transcript } from './types.js';
import { notify, requestDocument, type WebhookRequest } from './webhook.js';
import type { PlivoElement } from './xml.js';

/**
 * Emulate one call against real webhooks. Never rejects: network failures, bad answers, invalid
 * XML and a failing `caller` all become `error` events and end the call as Plivo would.
 */
export async function runCall(options: RunCallOptions): Promise<Transcript> {
  const call = new CallState(options);
  const ending = await execute(call);
  call.emit({ type: 'hangup', doc: null, cause: ending.cause, reason: ending.reason, by: ending.outcome });
  // The call is over before Plivo notifies the hangup URL: that request is not part of its length.
  const durationMs = call.now;
  if (options.hangupUrl !== undefined) await notifyHangup(call, options.hangupUrl, ending);
  const summary = { outcome: ending.outcome, durationMs, requestCount: call.requestCount };
  call.emit({ type: 'end', doc: null, ...summary });
  return { callUuid: call.callUuid, events: call.events, hangupCause: ending.cause, ...summary };
}

async function execute(call: CallState): Promise<Ending> {
  let next: WebhookRequest = {
    url: call.options.answerUrl,
    method: call.answerMethod(),
    purpose: 'answer',
    params: { Event: 'StartApp' },
    doc: null,
  };
  try {
    for (;;) {
      const response = await requestDocument(call, next);
      const following = await runDocument(call, response, next.url);
      if (following === null) return ENDINGS.endOfXml();
      next = following;
    }
  } catch (error) {
    if (error instanceof CallEnded) return error.ending;
    const message = `emulator stopped: ${error instanceof Error ? error.message : String(error)}`;
    call.emit({ type: 'error', doc: null, url: null, message });
    return ENDINGS.emulator(message);
  }
}

/** Run a document's elements in order; returns the request that replaces it, or null at its end. */
async function runDocument(call: CallState, response: PlivoElement, doc: string): Promise<WebhookRequest | null> {
  for (const element of response.children) {
    const next = await runElement(call, element, doc);
    checkScheduledHangup(call);
    if (next !== null) {
      call.emit({ type: 'redirect', doc, url: next.url, method: next.method, by: element.name });
      return next;
    }
  }
  return null;
}

async function runElement(call: CallState, element: PlivoElement, doc: string): Promise<WebhookRequest | null> {
  switch (element.name) {
    case 'Speak':
    case 'Play':
    case 'Wait':
      await runMedia(call, element, doc);
      return null;
    case 'GetDigits':
      return runGetDigits(call, element, doc);
    case 'GetInput':
      return runGetInput(call, element, doc);
    case 'Dial':
      return runDial(call, element, doc);
    case 'Record':
      return runRecord(call, element, doc);
    case 'Redirect':
      return { url: element.text, method: methodAttr(element), purpose: 'redirect', params: { Event: 'Redirect' }, doc };
    case 'Hangup':
      return hangup(call, element);
    default: {
      const message = `<${element.name}> is valid Plivo XML but this emulator does not run it`;
      call.emit({ type: 'error', doc, url: null, message });
      throw new CallEnded(ENDINGS.emulator(message));
    }
  }
}

/** `<Hangup>` ends the call now, or (with `schedule`) that many seconds later while the rest runs. */
function hangup(call: CallState, element: PlivoElement): null {
  const schedule = intAttr(element, 'schedule', 0);
  if (schedule > 0) {
    call.hangupAt = call.now + schedule * 1000;
    return null;
  }
  const reason = stringAttr(element, 'reason', '');
  const cause = reason === 'rejected' ? 'CALL_REJECTED' : reason === 'busy' ? 'USER_BUSY' : 'NORMAL_CLEARING';
  throw new CallEnded(ENDINGS.hangup(reason === '' ? 'Hangup' : `Hangup (${reason})`, cause));
}

function checkScheduledHangup(call: CallState): void {
  if (call.hangupAt !== null && call.now >= call.hangupAt) {
    call.now = call.hangupAt;
    throw new CallEnded(ENDINGS.hangup('scheduled Hangup'));
  }
}

async function notifyHangup(call: CallState, url: string, ending: Ending): Promise<void> {
  const seconds = Math.ceil(call.now / 1000);
  const params = {
    Event: 'Hangup',
    CallStatus: 'completed',
    Duration: String(seconds),
    // Billed by the minute, rounded up (Plivo's usual increment; plans differ).
    BillDuration: String(Math.ceil(seconds / 60) * 60),
    HangupCause: ending.cause,
    HangupCauseCode: ending.causeCode,
    HangupCauseName: ending.causeName,
    HangupSource: ending.source,
    StartTime: plivoTime(call.startTime),
    AnswerTime: plivoTime(call.startTime),
    EndTime: call.clockTime(),
    TotalCost: '0.00000',
  };
  try {
    await notify(call, { url, method: call.options.hangupMethod ?? 'POST', purpose: 'hangup', params, doc: null });
  } catch (error) {
    call.emit({ type: 'error', doc: null, url, message: `hangup request failed: ${String(error)}` });
  }
}
