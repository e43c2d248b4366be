/** Plivo's side of HTTP: webhook requests (form-encoded, signed) and audio fetches. */
import { CallEnded, ENDINGS, REQUEST_MS, type CallState } from './call-state.js';
import { audioLengthMs } from './audio-length.js';
import { makeNonce, signV3, type HttpMethod } from './signature.js';
import type { RequestPurpose } from './types.js';
import { readPlivoXml, type PlivoElement } from './xml.js';

export interface WebhookRequest {
  readonly url: string;
  readonly method: HttpMethod;
  readonly purpose: RequestPurpose;
  /** Parameters of this request on top of the call parameters (Digits, DialStatus…). */
  readonly params: Readonly<Record<string, string>>;
  /** The document that caused the request, if any. */
  readonly doc: string | null;
}

interface Reply {
  readonly status: number | null;
  readonly contentType: string | null;
  readonly body: string;
  readonly failure: string | null;
}

/**
 * Request a document (answer URL, action with redirect, Redirect) and return its `<Response>`.
 * No answer, a non-2xx status, a non-XML content type or an invalid document ends the call
 * (an `error` event, then CallEnded), as Plivo fails the call when there is no fallback URL.
 */
export async function requestDocument(call: CallState, request: WebhookRequest): Promise<PlivoElement> {
  const reply = await send(call, request);
  const isAnswer = request.purpose === 'answer';
  const fail = (message: string, ending = ENDINGS.fetchFailed(isAnswer, message)): never => {
    call.emit({ type: 'error', doc: request.doc, url: request.url, message });
    throw new CallEnded(ending);
  };
  if (reply.status === null) return fail(`no answer from ${request.url}: ${reply.failure ?? 'request failed'}`);
  if (reply.status < 200 || reply.status > 299) return fail(`HTTP ${reply.status} from ${request.url}`);
  if (reply.contentType !== null && !/xml/i.test(reply.contentType)) {
    return fail(
      `${request.url} answered ${reply.contentType}, not XML (serve application/xml)`,
      ENDINGS.badXml(isAnswer, 'answer is not XML'),
    );
  }
  const read = readPlivoXml(reply.body);
  if (!read.ok) {
    const message = `invalid Plivo XML from ${request.url}: ${read.problems.map((p) => p.message).join('; ')}`;
    call.emit({ type: 'error', doc: request.doc, url: request.url, message, problems: read.problems });
    throw new CallEnded(ENDINGS.badXml(isAnswer, 'invalid XML'));
  }
  return read.response;
}

/**
 * A request whose answer Plivo ignores (action with redirect=false, hangup URL). A failure is
 * recorded as an `error` event and the call goes on.
 */
export async function notify(call: CallState, request: WebhookRequest): Promise<void> {
  const reply = await send(call, request);
  if (reply.status === null || reply.status < 200 || reply.status > 299) {
    const what = reply.status === null ? `no answer (${reply.failure ?? 'request failed'})` : `HTTP ${reply.status}`;
    call.emit({ type: 'error', doc: request.doc, url: request.url, message: `${what} from ${request.url} (Plivo ignores it)` });
  }
}

export interface Audio {
  readonly ok: boolean;
  readonly status: number | null;
  readonly contentType: string | null;
  readonly bytes: number;
  /** How long it plays, read from the file (MP3 frames, WAV header); null when it cannot be read. */
  readonly lengthMs: number | null;
}

/** GET an audio URL as Plivo does before playing it; ok only for 2xx with an audio/* type. */
export async function fetchAudio(call: CallState, url: string): Promise<Audio> {
  try {
    const response = await call.fetch(url, { method: 'GET' });
    const data = new Uint8Array(await response.arrayBuffer());
    const contentType = response.headers.get('content-type');
    const ok = response.ok && contentType !== null && /^audio\//i.test(contentType);
    return { ok, status: response.status, contentType, bytes: data.byteLength, lengthMs: ok ? (audioLengthMs(data) ?? null) : null };
  } catch {
    return { ok: false, status: null, contentType: null, bytes: 0, lengthMs: null };
  }
}

async function send(call: CallState, request: WebhookRequest): Promise<Reply> {
  if (request.purpose !== 'hangup' && call.requestCount >= call.maxRequests) {
    const message = `loop: more than ${call.maxRequests} requests`;
    call.emit({ type: 'error', doc: request.doc, url: request.url, message });
    throw new CallEnded(ENDINGS.loop(message));
  }
  call.requestCount += 1;
  const params = { ...call.callParams(), ...request.params };
  const form = new URLSearchParams(params);
  const url = request.method === 'GET' ? `${request.url}${request.url.includes('?') ? '&' : '?'}${form}` : request.url;
  const headers: Record<string, string> = {};
  if (request.method === 'POST') headers['Content-Type'] = 'application/x-www-form-urlencoded';
  const token = call.options.authToken;
  if (token !== undefined) {
    const nonce = makeNonce();
    const signed = request.method === 'GET' ? {} : params;
    const signature = await signV3({ method: request.method, url, params: signed, nonce, authToken: token });
    headers['X-Plivo-Signature-V3'] = signature;
    headers['X-Plivo-Signature-Ma-V3'] = signature;
    headers['X-Plivo-Signature-V3-Nonce'] = nonce;
  }
  const reply = await exchange(call, url, {
    method: request.method,
    headers,
    ...(request.method === 'POST' ? { body: form.toString() } : {}),
  });
  call.advance(REQUEST_MS);
  call.emit({
    type: 'request',
    doc: request.doc,
    purpose: request.purpose,
    method: request.method,
    url: request.url,
    params,
    status: reply.status,
  });
  return reply;
}

async function exchange(call: CallState, url: string, init: RequestInit): Promise<Reply> {
  try {
    const response = await call.fetch(url, init);
    const body = await response.text();
    return { status: response.status, contentType: response.headers.get('content-type'), body, failure: null };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { status: null, contentType: null, body: '', failure: `${String(error)}${cause}` };
  }
}
