/**
 * Plivo's Voice API, intercepted in the demo's own process with nock: the server's real plivo
 * SDK builds and sends the call request, and this records what Plivo would have received.
 * No network but loopback is reachable while it is on.
 */

/** The fake account the demo server runs with; nothing here is a real credential. */
export const DEMO_ACCOUNT = {
  authId: 'MADEMO0000000000000000',
  authToken: 'demo-auth-token-never-shown',
  fromNumber: '+14155550111',
} as const;

/** What Plivo answers to a call it accepted. */
export const CALL_FIRED = { api_id: 'demo-api-1', message: 'call fired', request_uuid: '9834029e-58b6-11e1-b8b7-a5bd0e4e126f' } as const;

/** One request the SDK sent to Plivo, as Plivo received it (the Authorization header only described). */
export interface SentRequest {
  method: string;
  url: string;
  path: string;
  /** "HTTP Basic with the auth ID (token not shown)", or what else was sent. */
  auth: string;
  contentType: string;
  body: Record<string, unknown>;
  status: number;
  reply: Record<string, unknown>;
}

export interface PlivoIntercept {
  /** Every call request Plivo "received", in order. */
  sent: SentRequest[];
  /** Requests that reached nock but matched nothing (should stay empty). */
  unmatched: string[];
  /** Stops intercepting and lets the network be used again. */
  stop(): void;
}

const CALL_PATH = /^\/v1\/Account\/[^/]+\/Call\/$/;

/**
 * Starts intercepting `https://api.plivo.com`: every POST to `/v1/Account/<id>/Call/` is
 * recorded and answered 201 "call fired". nock is a dev dependency: the demo runs in a dev checkout.
 */
export async function interceptPlivo(): Promise<PlivoIntercept> {
  const { default: nock } = await import('nock').catch((error: unknown) => {
    throw new Error(`npm run demo needs the dev dependencies (nock): run npm install first (${error instanceof Error ? error.message : String(error)})`);
  });
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  const sent: SentRequest[] = [];
  const unmatched: string[] = [];
  const onNoMatch = (request: { method?: string; url?: string }): void => {
    if (!(request.url ?? '').includes('127.0.0.1')) unmatched.push(`${request.method ?? '?'} ${request.url ?? '?'}`);
  };
  nock.emitter.on('no match', onNoMatch);
  let current: Partial<SentRequest> = {};
  nock('https://api.plivo.com')
    .persist()
    .matchHeader('authorization', (value) => {
      const expected = `Basic ${Buffer.from(`${DEMO_ACCOUNT.authId}:${DEMO_ACCOUNT.authToken}`).toString('base64')}`;
      current.auth = value === expected ? `HTTP Basic with the auth ID ${DEMO_ACCOUNT.authId} and the auth token (not shown)` : value === null ? 'none' : 'unexpected credentials';
      return true;
    })
    .matchHeader('content-type', (value) => {
      current.contentType = value ?? '';
      return true;
    })
    .post(
      (path) => {
        current.path = path;
        return CALL_PATH.test(path);
      },
      (body: Record<string, unknown>) => {
        current.body = body;
        return true;
      },
    )
    .reply(() => {
      const path = current.path ?? '';
      sent.push({
        method: 'POST',
        url: `https://api.plivo.com${path}`,
        path,
        auth: current.auth ?? 'none',
        contentType: current.contentType ?? '',
        body: current.body ?? {},
        status: 201,
        reply: { ...CALL_FIRED },
      });
      current = {};
      return [201, CALL_FIRED];
    });
  return {
    sent,
    unmatched,
    stop: () => {
      nock.emitter.off('no match', onNoMatch);
      nock.cleanAll();
      nock.enableNetConnect();
    },
  };
}
