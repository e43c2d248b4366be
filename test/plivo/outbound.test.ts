import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PlivoApiError, toPlivoApiError } from '../../src/plivo/outbound.js';
import { startApp, type TestApp } from '../helpers/app.js';
import { webhook } from '../helpers/webhook.js';
import { API_TOKEN, AUTH_ID, AUTH_TOKEN, BASIC_AUTH, CALLING_ENV, FIRED, interceptPlivo, postCall, type Answer } from './plivo-api.js';

const TO = '+14155550100';

/** After a failure, the same server still places a call: nothing is stuck or poisoned. */
async function stillPlacesCalls(app: TestApp, plivo: ReturnType<typeof interceptPlivo>): Promise<void> {
  plivo.api().reply(201, FIRED);
  const answer = await postCall(app.url, { to: TO });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  assert.equal(answer.body['requestUuid'], FIRED.request_uuid);
}

describe('when Plivo fails, POST /calls says why and the server keeps serving', () => {
  it('answers 503 naming PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN when they are not set, while the webhooks keep working', async (t) => {
    const plivo = interceptPlivo(t);
    const app = await startApp(t, { env: { PLIVO_FROM_NUMBER: '+14155550111', CALLS_API_TOKEN: API_TOKEN } });
    const answer = await postCall(app.url, { to: TO });
    assert.equal(answer.status, 503);
    assert.deepEqual(answer.body, {
      error: 'not_configured',
      detail: 'outbound calls need PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN: set them in the environment (then restart the server)',
    });
    assert.equal(plivo.sent.length, 0);
    const menu = await webhook(`${app.url}/node/language`, { Event: 'StartApp', From: '14155550111', To: '14155550122' });
    assert.equal(menu.status, 200);
    assert.match(menu.xml, /<GetInput /);
  });

  it('names every missing variable at once when nothing is configured, with no way round it that would not work (issue 18)', async (t) => {
    interceptPlivo(t);
    const app = await startApp(t);
    const answer = await postCall(app.url, { to: TO });
    assert.equal(answer.status, 503);
    assert.equal(
      answer.body['detail'],
      'outbound calls need PLIVO_AUTH_ID, PLIVO_AUTH_TOKEN and PLIVO_FROM_NUMBER: set them in the environment (then restart the server)',
    );
  });

  it('answers 503 naming PLIVO_FROM_NUMBER when there is no number to call from, then calls with an explicit "from"', async (t) => {
    const plivo = interceptPlivo(t);
    const { PLIVO_FROM_NUMBER: _unset, ...env } = CALLING_ENV;
    const app = await startApp(t, { env });
    const answer = await postCall(app.url, { to: TO });
    assert.equal(answer.status, 503);
    assert.equal(answer.body['detail'], 'outbound calls need PLIVO_FROM_NUMBER: set it in the environment (then restart the server), or pass "from" in the request body');
    plivo.api().reply(201, FIRED);
    assert.equal((await postCall(app.url, { to: TO, from: '+14155550111' })).status, 201);
  });

  it('answers 502 when Plivo rejects the credentials, then places the next call', async (t) => {
    const plivo = interceptPlivo(t);
    plivo.api().reply(401, 'Could not verify your access level for that URL.');
    const app = await startApp(t, { env: CALLING_ENV });
    const answer = await postCall(app.url, { to: TO });
    assert.equal(answer.status, 502);
    assert.deepEqual(answer.body, { error: 'plivo_credentials_rejected', detail: 'Plivo rejected the credentials: check PLIVO_AUTH_ID / PLIVO_AUTH_TOKEN' });
    await stillPlacesCalls(app, plivo);
  });

  it("answers 422 with Plivo's reason when Plivo refuses the number, then places the next call", async (t) => {
    const plivo = interceptPlivo(t);
    plivo.api().reply(400, { api_id: 'api-2', error: 'to: invalid destination number' });
    const app = await startApp(t, { env: CALLING_ENV });
    const answer = await postCall(app.url, { to: TO });
    assert.equal(answer.status, 422);
    assert.deepEqual(answer.body, { error: 'call_rejected', detail: 'Plivo refused the call: to: invalid destination number' });
    await stillPlacesCalls(app, plivo);
  });

  it('answers 422 when the destination country is not enabled on the account (Plivo answers 403)', async (t) => {
    const plivo = interceptPlivo(t);
    plivo.api().reply(403, { api_id: 'api-3', error: 'destination country not enabled in geo permissions' });
    const app = await startApp(t, { env: CALLING_ENV });
    const answer = await postCall(app.url, { to: TO });
    assert.equal(answer.status, 422);
    assert.match(String(answer.body['detail']), /geo permissions/);
    await stillPlacesCalls(app, plivo);
  });

  it('answers 502 when Plivo keeps failing with 5xx through the SDK retries, then places the next call', async (t) => {
    const plivo = interceptPlivo(t);
    plivo.api().times(3).reply(503, { api_id: 'api-4', error: 'service unavailable' });
    const app = await startApp(t, { env: CALLING_ENV });
    const answer = await postCall(app.url, { to: TO });
    assert.equal(answer.status, 502);
    assert.deepEqual(answer.body, { error: 'plivo_failed', detail: 'Plivo failed to place the call (HTTP 503)' });
    assert.equal(plivo.sent.length, 3, 'the SDK tried three times');
    await stillPlacesCalls(app, plivo);
  });

  it('answers 504 after the configured timeout when Plivo is slow, then places the next call', async (t) => {
    const plivo = interceptPlivo(t);
    plivo.api().delay(1500).reply(201, FIRED);
    const app = await startApp(t, { env: CALLING_ENV, plivoTimeoutMs: 200 });
    const started = performance.now();
    const answer = await postCall(app.url, { to: TO });
    assert.ok(performance.now() - started < 1000, 'gave up after about 200 ms');
    assert.equal(answer.status, 504);
    assert.deepEqual(answer.body, { error: 'plivo_unreachable', detail: 'Plivo did not answer within 0.2 s; the call may or may not have been placed' });
    await stillPlacesCalls(app, plivo);
  });

  it('answers 504 when Plivo cannot be reached at all, then places the next call', async (t) => {
    const plivo = interceptPlivo(t);
    plivo.api().replyWithError(Object.assign(new Error('connect ECONNREFUSED 1.2.3.4:443'), { code: 'ECONNREFUSED' }));
    const app = await startApp(t, { env: CALLING_ENV });
    const answer = await postCall(app.url, { to: TO });
    assert.equal(answer.status, 504);
    assert.equal(answer.body['error'], 'plivo_unreachable');
    assert.match(String(answer.body['detail']), /^could not reach Plivo \(.*ECONNREFUSED/);
    await stillPlacesCalls(app, plivo);
  });

  it('never writes the Plivo auth token or the calls API token in a log line or a response body', async (t) => {
    const plivo = interceptPlivo(t);
    plivo.api().reply(401, `bad credentials for ${AUTH_ID}:${AUTH_TOKEN}`);
    plivo.api().reply(400, { error: `rejected, token was ${AUTH_TOKEN}` });
    plivo.api().delay(1000).reply(201, FIRED);
    plivo.api().reply(201, FIRED);
    const app = await startApp(t, { env: CALLING_ENV, plivoTimeoutMs: 100 });
    const answers: Answer[] = [];
    for (let i = 0; i < 4; i += 1) answers.push(await postCall(app.url, { to: TO }));
    answers.push(await postCall(app.url, { to: TO }, { authorization: `Bearer ${AUTH_TOKEN}` }));
    assert.deepEqual(answers.map((a) => a.status), [502, 422, 504, 201, 401]);
    const everything = JSON.stringify(answers.map((a) => a.body)) + JSON.stringify(app.logs());
    for (const secret of [AUTH_TOKEN, API_TOKEN, BASIC_AUTH.slice('Basic '.length)]) assert.ok(!everything.includes(secret), `leaked ${secret}`);
    assert.match(everything, /rejected, token was \[redacted\]/);
  });
});

describe("reading the SDK's failures", () => {
  it('maps each shape the SDK rejects with to a PlivoApiError kind', () => {
    const withStatus = (status: number, message: unknown): Error => Object.assign(new Error('x'), { status, message });
    const cases: [unknown, PlivoApiError['kind'], RegExp][] = [
      [withStatus(401, 'nope'), 'credentials-rejected', /^Plivo rejected the credentials/],
      [withStatus(404, 'no such number'), 'call-rejected', /: no such number$/],
      [withStatus(422, undefined), 'call-rejected', /^Plivo refused the call \(HTTP 422, no reason given\)$/],
      [withStatus(400, { to: ['invalid'] }), 'call-rejected', /\{"to":\["invalid"\]\}$/],
      [withStatus(500, 'boom'), 'plivo-failed', /\(HTTP 500\): boom$/],
      [new Error('AxiosError: Request failed with status code 503'), 'plivo-failed', /^Plivo failed to place the call \(HTTP 503\)$/],
      ['AxiosError: timeout of 5000ms exceeded\n    at RedirectableRequest…', 'unreachable', /did not answer within 5 s/],
      ['Error: getaddrinfo ENOTFOUND api.plivo.com\n    at …', 'unreachable', /^could not reach Plivo \(getaddrinfo ENOTFOUND api\.plivo\.com\)$/],
      ['AxiosError: stream has been aborted\n    at …', 'unreachable', /did not answer within 5 s/],
      [new TypeError('cannot read x'), 'plivo-failed', /unexpectedly: cannot read x$/],
      [undefined, 'plivo-failed', /unexpectedly: undefined$/],
    ];
    for (const [failure, kind, message] of cases) {
      const error = toPlivoApiError(failure, { timeoutMs: 5000, elapsedMs: typeof failure === 'string' && failure.includes('aborted') ? 5001 : 20 });
      assert.equal(error.kind, kind, String(failure));
      assert.match(error.message, message);
    }
  });
});
