/**
 * Plivo's Voice API as campaigns use it: place a call with asynchronous machine detection, and
 * transfer a live call. Plain fetch rather than the plivo SDK, because the SDK hard-codes
 * https://api.plivo.com: with PLIVO_API_URL the same code talks to the offline stand-in
 * (src/emulator/voice-api-server.ts), in tests and in `npm run campaign -- demo`.
 */
import type { PlivoSettings } from '../settings.js';

export const PLIVO_API_URL = 'https://api.plivo.com';

export interface CampaignCall {
  from: string;
  to: string;
  answerUrl: string;
  hangupUrl: string;
  machineDetectionUrl: string;
  ringTimeout: number;
  timeLimit: number;
}

/** Plivo refused (4xx): the call was not placed. */
export class CallRefused extends Error { override name = 'CallRefused'; }
/** No answer, or 5xx: the call may or may not have been placed. */
export class CallUncertain extends Error { override name = 'CallUncertain'; }

export interface VoiceApi {
  /** Resolves with Plivo's request UUID and message ("call fired", "call queued"). */
  createCall(call: CampaignCall): Promise<{ requestUuid: string; message: string }>;
  /** Sends the live call's A leg to `alegUrl` (POST). */
  transfer(callUuid: string, alegUrl: string): Promise<void>;
}

export function createVoiceApi(options: { plivo: PlivoSettings | undefined; baseUrl?: string; timeoutMs?: number }): VoiceApi {
  const base = (options.baseUrl ?? PLIVO_API_URL).replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 5000;
  const request = async (path: string, body: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown> }> => {
    const credentials = options.plivo;
    if (credentials === undefined) throw new CallRefused('outbound calls need PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN in the environment');
    const url = `${base}/v1/Account/${encodeURIComponent(credentials.authId)}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${credentials.authId}:${credentials.authToken}`).toString('base64')}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new CallUncertain(`no answer from Plivo (${(error as Error).name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : (error as Error).message})`);
    }
    const text = await response.text().catch(() => '');
    let json: Record<string, unknown> = {};
    try { json = JSON.parse(text) as Record<string, unknown>; } catch { /* not JSON: described below */ }
    return { status: response.status, json };
  };
  const reason = (json: Record<string, unknown>, status: number): string => (typeof json['error'] === 'string' ? json['error'] : `HTTP ${status}`);
  return {
    async createCall(call) {
      const { status, json } = await request('/Call/', {
        from: call.from.replace(/^\+/, ''), to: call.to.replace(/^\+/, ''), answer_url: call.answerUrl, answer_method: 'POST',
        hangup_url: call.hangupUrl, hangup_method: 'POST', ring_timeout: call.ringTimeout, time_limit: call.timeLimit,
        machine_detection: 'true', machine_detection_url: call.machineDetectionUrl, machine_detection_method: 'POST',
      });
      if (status >= 500) throw new CallUncertain(`Plivo failed (${reason(json, status)}); the call may or may not have been placed`);
      if (status < 200 || status > 299) throw new CallRefused(`Plivo refused the call: ${reason(json, status)}`);
      const uuid = json['request_uuid'];
      const requestUuid = Array.isArray(uuid) ? uuid.join(',') : typeof uuid === 'string' ? uuid : '';
      if (requestUuid === '') throw new CallUncertain('Plivo answered without a request_uuid');
      return { requestUuid, message: typeof json['message'] === 'string' ? json['message'] : '' };
    },
    async transfer(callUuid, alegUrl) {
      const { status, json } = await request(`/Call/${encodeURIComponent(callUuid)}/`, { legs: 'aleg', aleg_url: alegUrl, aleg_method: 'POST' });
      if (status < 200 || status > 299) throw new Error(`Plivo did not transfer call ${callUuid}: ${reason(json, status)}`);
    },
  };
}
