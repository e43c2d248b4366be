import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readSettings, SettingsError } from '../../src/settings.js';
import { startApp } from '../helpers/app.js';
import { CALLING_ENV, FIRED, interceptPlivo, postCall } from '../plivo/plivo-api.js';

const TO = '+14155550100';
const NAMED = [{ name: 'clinic', file: 'examples/clinic.yaml' }, { name: 'support', file: 'examples/support.yaml' }];

describe('POST /calls chooses a flow', () => {
  it('answers the call at the named flow\'s entry, and its hang-up at the flow\'s own hangup URL', async (t) => {
    const plivo = interceptPlivo(t);
    plivo.api().times(2).reply(201, FIRED);
    const app = await startApp(t, { env: CALLING_ENV, namedFlows: NAMED });
    const named = await postCall(app.url, { to: TO, flow: 'support' });
    assert.equal(named.status, 201);
    assert.equal(named.body['flow'], 'support');
    assert.equal(named.body['answerUrl'], `${app.url}/flows/support/node/welcome`);
    assert.equal(plivo.sent[0]?.['answer_url'], `${app.url}/flows/support/node/welcome`);
    assert.equal(plivo.sent[0]?.['hangup_url'], `${app.url}/flows/support/hangup`);
    const main = await postCall(app.url, { to: TO });
    assert.equal(main.status, 201);
    assert.equal(plivo.sent[1]?.['answer_url'], `${app.url}/node/language`);
    assert.equal(plivo.sent[1]?.['hangup_url'], `${app.url}/hangup`);
  });

  it('refuses an unknown flow with 422 listing the flows, without calling Plivo, whatever the name', async (t) => {
    const plivo = interceptPlivo(t);
    const app = await startApp(t, { env: CALLING_ENV, namedFlows: NAMED });
    for (const flow of ['nope', 'constructor', '__proto__', 'hasOwnProperty']) {
      const answer = await postCall(app.url, { to: TO, flow });
      assert.equal(answer.status, 422, flow);
      assert.equal(answer.body['error'], 'unknown_flow');
      assert.deepEqual(answer.body['flows'], ['clinic', 'support']);
      assert.match(String(answer.body['detail']), new RegExp(`no flow named "${flow.replace(/_/g, '_')}"`));
    }
    const mistyped = await postCall(app.url, { to: TO, flow: 7 });
    assert.equal(mistyped.status, 400);
    assert.match(String(mistyped.body['detail']), /flow must be the name of a flow/);
    assert.equal(plivo.sent.length, 0);
  });
});

describe('POST /calls rate limit (CALLS_RATE_LIMIT)', () => {
  it('accepts 50 concurrent calls from a backend holding the token, with the default limit', async (t) => {
    const plivo = interceptPlivo(t);
    plivo.api().times(50).reply(201, FIRED);
    const app = await startApp(t, { env: CALLING_ENV });
    const answers = await Promise.all(Array.from({ length: 50 }, () => postCall(app.url, { to: TO })));
    assert.deepEqual(answers.map((a) => a.status), Array<number>(50).fill(201));
    assert.equal(plivo.sent.length, 50);
  });

  it('keeps unauthenticated (loopback) clients to a burst of 10', async (t) => {
    const plivo = interceptPlivo(t);
    plivo.api().times(10).reply(201, FIRED);
    const { CALLS_API_TOKEN: _token, ...env } = CALLING_ENV;
    const app = await startApp(t, { env });
    const answers = await Promise.all(Array.from({ length: 12 }, () => postCall(app.url, { to: TO }, { authorization: '' })));
    assert.deepEqual(answers.map((a) => a.status).sort(), [...Array<number>(10).fill(201), 429, 429]);
  });

  it('takes CALLS_RATE_LIMIT as burst/perMinute', async (t) => {
    assert.deepEqual(readSettings({ CALLS_RATE_LIMIT: '5/50' }).callsRateLimit, { burst: 5, perMinute: 50 });
    assert.deepEqual(readSettings({}).callsRateLimit, { burst: 60, perMinute: 600 });
    for (const bad of ['60', '0/10', '10/0', 'x/y', '-1/5']) {
      assert.throws(() => readSettings({ CALLS_RATE_LIMIT: bad }), (e: unknown) => e instanceof SettingsError && /CALLS_RATE_LIMIT must be burst\/perMinute/.test(e.message), bad);
    }
    const plivo = interceptPlivo(t);
    plivo.api().times(2).reply(201, FIRED);
    const app = await startApp(t, { env: { ...CALLING_ENV, CALLS_RATE_LIMIT: '2/2' } });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await postCall(app.url, { to: TO })).status);
    assert.deepEqual(statuses, [201, 201, 429]);
  });
});

describe('POST /calls reports Plivo\'s queueing', () => {
  it('says status "queued" when Plivo answers "call queued" (above the account\'s calls per second), "placed" for "call fired"', async (t) => {
    const plivo = interceptPlivo(t);
    plivo.api().reply(201, { ...FIRED, message: 'call queued' });
    plivo.api().reply(201, FIRED);
    const app = await startApp(t, { env: CALLING_ENV });
    const queued = await postCall(app.url, { to: TO });
    assert.equal(queued.status, 201);
    assert.equal(queued.body['status'], 'queued');
    assert.equal(queued.body['message'], 'call queued');
    const fired = await postCall(app.url, { to: TO });
    assert.equal(fired.body['status'], 'placed');
  });
});
