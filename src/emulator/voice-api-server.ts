/**
 * Plivo's Voice API, offline (Node only: it listens on a port). It knows Plivo's HTTP API and
 * XML, nothing of the flow file:
 * - `POST /v1/Account/<id>/Call/` (calls.create) with Basic auth, JSON or form body; calls above
 *   the account's calls per second wait their turn and are answered `call queued`, as Plivo does;
 * - `POST /v1/Account/<id>/Call/<uuid>/` (transfer, `aleg_url`): the live call's A leg leaves
 *   its document for the new URL;
 * - each call is played by a scripted callee: a person (keys for each GetDigits, run against the
 *   answer URL with the emulator), an answering machine, busy, no answer, failed; the hangup and
 *   machine-detection callbacks are sent signed with the auth token, like every webhook.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runCall } from './call.js';
import { plivoTime } from './call-state.js';
import { scriptedCaller } from './caller.js';
import { makeNonce, signV3 } from './signature.js';
import type { Transcript } from './types.js';

export type Callee =
  | { kind: 'person'; keys?: readonly string[] }
  | { kind: 'machine' }
  | { kind: 'busy' }
  | { kind: 'no-answer' }
  | { kind: 'failed' };

export interface VoiceApiServerOptions {
  authId: string;
  authToken: string;
  /** Who answers a call to `to` (E.164 with +), asked once per call. */
  callee: (to: string) => Callee;
  /** Calls started per second; above it calls are queued. Default 2 (Plivo's default). */
  cps?: number;
  /** How long a phone rings before it is answered, busy, or fails (ms). Default 20. */
  ringMs?: number;
  /** How long a machine's call waits for a transfer after detection before running the answer URL (ms). Default 2000. */
  transferWaitMs?: number;
  /**
   * Times a callback that got no answer (or a 5xx) is sent again, 1 s apart. Default 0: our Plivo
   * reference documents no retry of hangup_url, so the server must not count on one; the restart
   * test turns it on to get callbacks across the seconds a restarted server is away.
   */
  callbackRetries?: number;
  host?: string;
  port?: number;
}

export interface EmulatedCall {
  requestUuid: string;
  callUuid: string;
  from: string;
  to: string;
  callee: Callee['kind'];
  /** When the create request arrived (ms since epoch). */
  receivedAt: number;
  message: 'call fired' | 'call queued';
  /** The URL the A leg was transferred to, if it was. */
  transferredTo: string | undefined;
  transcript: Transcript | undefined;
  /** Parameters of the hangup callback sent. */
  hangup: Record<string, string> | undefined;
  done: boolean;
  /** When the call ended and its hangup callback had been answered (ms since epoch). */
  endedAt: number | undefined;
}

export interface VoiceApiServer {
  /** Base URL: set PLIVO_API_URL to it. */
  url: string;
  calls: EmulatedCall[];
  /** Resolves when every call accepted so far has ended and its callbacks were sent. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

interface Live { call: EmulatedCall; transfer: ((url: string) => void) | undefined }

export async function startVoiceApiServer(options: VoiceApiServerOptions): Promise<VoiceApiServer> {
  const cps = options.cps ?? 2;
  const ringMs = options.ringMs ?? 20;
  const calls: EmulatedCall[] = [];
  const running = new Set<Promise<void>>();
  const live = new Map<string, Live>();
  let nextStart = 0;

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => reply(res, 500, { error: `stand-in failed: ${String(error)}` }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const match = /^\/v1\/Account\/([^/]+)\/Call\/(?:([^/]+)\/)?$/.exec(path);
    if (match === null || req.method !== 'POST') return reply(res, 404, { error: 'not found' });
    if (match[1] !== options.authId || req.headers.authorization !== `Basic ${Buffer.from(`${options.authId}:${options.authToken}`).toString('base64')}`) {
      return reply(res, 401, { error: 'authentication failed' });
    }
    const body = await readParams(req);
    if (match[2] !== undefined) return transfer(res, match[2], body);
    for (const field of ['from', 'to', 'answer_url']) if (!body[field]) return reply(res, 400, { api_id: apiId(), error: `${field} parameter is required` });
    const now = Date.now();
    const startAt = Math.max(now, nextStart);
    nextStart = startAt + 1000 / cps;
    const to = `+${String(body['to']).replace(/^\+/, '')}`;
    const callee = options.callee(to);
    const call: EmulatedCall = {
      requestUuid: globalThis.crypto.randomUUID(), callUuid: globalThis.crypto.randomUUID(),
      from: `+${String(body['from']).replace(/^\+/, '')}`, to, callee: callee.kind, receivedAt: now,
      message: startAt > now ? 'call queued' : 'call fired', transferredTo: undefined, transcript: undefined, hangup: undefined, done: false, endedAt: undefined,
    };
    calls.push(call);
    const run = delay(startAt - now + ringMs).then(() => play(call, callee, body)).finally(() => { call.done = true; call.endedAt = Date.now(); running.delete(run); });
    running.add(run);
    reply(res, 201, { api_id: apiId(), message: call.message, request_uuid: call.requestUuid });
  }

  function transfer(res: ServerResponse, callUuid: string, body: Record<string, string>): void {
    const target = live.get(callUuid);
    const url = body['aleg_url'];
    if (url === undefined || url === '') return reply(res, 400, { api_id: apiId(), error: 'aleg_url is required when legs is aleg' });
    if (target === undefined || target.transfer === undefined) return reply(res, 404, { api_id: apiId(), error: 'call not found or not live' });
    target.transfer(url);
    reply(res, 202, { api_id: apiId(), message: 'call transferred' });
  }

  async function play(call: EmulatedCall, callee: Callee, body: Record<string, string>): Promise<void> {
    const base = { CallUUID: call.callUuid, RequestUUID: call.requestUuid, From: call.from.slice(1), To: call.to.slice(1), Direction: 'outbound' };
    const hangupUrl = body['hangup_url'];
    const amdUrl = body['machine_detection'] === undefined || body['machine_detection'] === 'false' ? undefined : body['machine_detection_url'];
    if (callee.kind === 'busy' || callee.kind === 'no-answer' || callee.kind === 'failed') {
      const [status, cause] = callee.kind === 'busy' ? ['busy', 'USER_BUSY'] : callee.kind === 'no-answer' ? ['no-answer', 'NO_ANSWER'] : ['failed', 'UNALLOCATED_NUMBER'];
      call.hangup = { ...base, Event: 'Hangup', CallStatus: status, HangupCause: cause, HangupSource: 'Callee', Duration: '0', BillDuration: '0', AnswerTime: '' };
      if (hangupUrl) await postSigned(hangupUrl, call.hangup);
      return;
    }
    let answerUrl = body['answer_url'] ?? '';
    if (callee.kind === 'machine') {
      const transferred = new Promise<string | undefined>((resolve) => {
        live.set(call.callUuid, { call, transfer: resolve });
        setTimeout(() => resolve(undefined), options.transferWaitMs ?? 2000);
      });
      if (amdUrl) await postSigned(amdUrl, { ...base, Event: 'MachineDetection', Machine: 'true', CallStatus: 'in-progress' });
      const url = await transferred;
      live.delete(call.callUuid);
      if (url !== undefined) { call.transferredTo = url; answerUrl = url; }
    } else if (amdUrl) {
      await postSigned(amdUrl, { ...base, Event: 'MachineDetection', Machine: 'false', CallStatus: 'in-progress' });
    }
    const keys = callee.kind === 'person' ? [...(callee.keys ?? [])] : [];
    const answeredAt = new Date();
    call.transcript = await runCall({
      answerUrl, from: call.from, to: call.to, caller: scriptedCaller(keys),
      authToken: options.authToken, callUuid: call.callUuid, requestUuid: call.requestUuid, startTime: answeredAt,
    });
    // The hangup callback is sent here rather than by runCall, so that it can be retried.
    const seconds = Math.ceil(call.transcript.durationMs / 1000);
    call.hangup = {
      ...base, Event: 'Hangup', CallStatus: 'completed', HangupCause: call.transcript.hangupCause, HangupSource: 'Plivo',
      Duration: String(seconds), BillDuration: String(Math.ceil(seconds / 60) * 60), AnswerTime: plivoTime(answeredAt), EndTime: plivoTime(new Date()),
    };
    if (hangupUrl) await postSigned(hangupUrl, call.hangup);
  }

  async function postSigned(url: string, params: Record<string, string>): Promise<void> {
    for (let tries = (options.callbackRetries ?? 0) + 1; tries > 0; tries--) {
      const nonce = makeNonce();
      const signature = await signV3({ method: 'POST', url, params, nonce, authToken: options.authToken });
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'X-Plivo-Signature-V3': signature, 'X-Plivo-Signature-V3-Nonce': nonce },
          body: new URLSearchParams(params).toString(),
          signal: AbortSignal.timeout(10_000),
        });
        await response.arrayBuffer();
        if (response.status < 500) return;
      } catch {
        // Plivo does not tell the caller when a callback fails; neither do we.
      }
      if (tries > 1) await delay(1000);
    }
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    settled: async () => { while (running.size > 0) await Promise.allSettled([...running]); },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function reply(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readParams(req: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  if ((req.headers['content-type'] ?? '').includes('json')) {
    try {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

const apiId = (): string => globalThis.crypto.randomUUID();
const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
