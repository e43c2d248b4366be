import type { TestContext } from 'node:test';
import nock from 'nock';

export const AUTH_ID = 'MATESTAUTHID00000000';
export const AUTH_TOKEN = 'plivo-auth-token-do-not-leak-42';
export const API_TOKEN = 'calls-api-token-do-not-leak-77';
export const FROM = '+14155550111';
/** Where the SDK sends `calls.create` (its host is hard-coded). */
export const CALL_PATH = `/v1/Account/${AUTH_ID}/Call/`;
export const BASIC_AUTH = `Basic ${Buffer.from(`${AUTH_ID}:${AUTH_TOKEN}`).toString('base64')}`;

/** A server that can place calls: Plivo credentials, a caller ID, and a calls API token. */
export const CALLING_ENV = { PLIVO_AUTH_ID: AUTH_ID, PLIVO_AUTH_TOKEN: AUTH_TOKEN, PLIVO_FROM_NUMBER: FROM, CALLS_API_TOKEN: API_TOKEN };

/** What Plivo answers to a call it accepted. */
export const FIRED = { api_id: 'api-1', message: 'call fired', request_uuid: '9834029e-58b6-11e1-b8b7-a5bd0e4e126f' };

/** The request body the SDK sent, as Plivo received it. */
export type PlivoBody = Record<string, unknown>;

/**
 * Plivo's API intercepted at the HTTP layer; no other network but loopback (our app).
 * Returns a scope to add replies to; `sent` collects every call body Plivo received.
 */
export function interceptPlivo(t: TestContext): { api: () => nock.Interceptor; sent: PlivoBody[] } {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  t.after(() => {
    nock.abortPendingRequests();
    nock.cleanAll();
    nock.enableNetConnect();
  });
  const sent: PlivoBody[] = [];
  const api = (): nock.Interceptor =>
    nock('https://api.plivo.com', { reqheaders: { authorization: BASIC_AUTH } }).post(CALL_PATH, (body: PlivoBody) => {
      sent.push(body);
      return true;
    });
  return { api, sent };
}

export interface Answer { status: number; body: Record<string, unknown>; headers: Headers }

/** POST /calls as a client would, with the API token unless `headers` says otherwise. */
export async function postCall(baseUrl: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${baseUrl}/calls`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
}
