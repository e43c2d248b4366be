import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { describe, it } from 'node:test';
import { fixedFlow } from '../../src/flow/source.js';
import { bearerMatches, isLoopback } from '../../src/http/calls-route.js';
import { flowFromText, startApp } from '../helpers/app.js';
import { API_TOKEN, CALLING_ENV, FIRED, FROM, interceptPlivo, postCall } from '../plivo/plivo-api.js';

const TO = '+14155550100';

describe('POST /calls places a call through Plivo', () => {
  it('asks Plivo to call the number with our caller ID, answering at the flow entry and reporting the hang-up to /hangup', async (t) => {
    const plivo = interceptPlivo(t);
    const scope = plivo.api().reply(201, FIRED);
    const app = await startApp(t, { env: CALLING_ENV });

    const answer = await postCall(app.url, { to: TO });

    assert.equal(answer.status, 201);
    assert.deepEqual(answer.body, { requestUuid: FIRED.request_uuid, to: TO, from: FROM, answerUrl: `${app.url}/node/language`, message: 'call fired' });
    assert.ok(scope.isDone(), 'Plivo was called with POST, the account path and basic auth');
    assert.deepEqual(plivo.sent, [{
      from: '14155550111',
      to: '14155550100',
      answer_url: `${app.url}/node/language`,
      answer_method: 'POST',
      hangup_url: `${app.url}/hangup`,
      hangup_method: 'POST',
      ring_timeout: 30,
      time_limit: 3600,
    }]);
    const placed = app.logs().find((line) => line['message'] === 'call placed');
    assert.equal(placed?.['requestUuid'], FIRED.request_uuid);
    assert.equal(placed?.['to'], TO);
  });

  it('calls from the number in the request, normalised to E.164, instead of PLIVO_FROM_NUMBER', async (t) => {
    const plivo = interceptPlivo(t);
    plivo.api().reply(201, FIRED);
    const app = await startApp(t, { env: CALLING_ENV });
    const answer = await postCall(app.url, { to: ' +44 20 7183 8750 ', from: '+1 (415) 555-0122' });
    assert.equal(answer.status, 201);
    assert.equal(answer.body['to'], '+442071838750');
    assert.equal(answer.body['from'], '+14155550122');
    assert.equal(plivo.sent[0]?.['from'], '14155550122');
  });

  it('answers at the entry of the flow served at the moment of the call', async (t) => {
    const plivo = interceptPlivo(t);
    plivo.api().reply(201, FIRED);
    const flow = flowFromText('entry: hello\nlanguages: { en: { speak: en-US } }\nnodes:\n  hello: { type: hangup, prompt: { en: Hello. } }\n');
    const app = await startApp(t, { env: CALLING_ENV, flows: fixedFlow(flow) });
    const answer = await postCall(app.url, { to: TO });
    assert.equal(answer.body['answerUrl'], `${app.url}/node/hello`);
    assert.equal(plivo.sent[0]?.['answer_url'], `${app.url}/node/hello`);
  });
});

describe('POST /calls refuses bad requests with JSON that says what to fix', () => {
  it('refuses "not-a-number" with 400 invalid_number, then still places a good call', async (t) => {
    const plivo = interceptPlivo(t);
    plivo.api().reply(201, FIRED);
    const app = await startApp(t, { env: CALLING_ENV });
    const answer = await postCall(app.url, { to: 'not-a-number' });
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.body, { error: 'invalid_number', detail: 'to must be an E.164 phone number with country code, e.g. +14155550100' });
    assert.equal((await postCall(app.url, { to: TO })).status, 201);
    assert.equal(plivo.sent.length, 1, 'the bad request never reached Plivo');
  });

  const cases: { name: string; body: unknown; error: string; detail: RegExp }[] = [
    { name: 'a body without "to"', body: {}, error: 'missing_field', detail: /^to is required/ },
    { name: 'a number given as a JSON number', body: { to: 14155550100 }, error: 'invalid_number', detail: /\(a string, got number\)$/ },
    { name: 'a number without the leading +', body: { to: '14155550100' }, error: 'invalid_number', detail: /^to must be an E\.164/ },
    { name: 'a number too short to exist', body: { to: '+1415555' }, error: 'invalid_number', detail: /^to must be/ },
    { name: 'a "from" that is not a number', body: { to: TO, from: 'me' }, error: 'invalid_number', detail: /^from must be an E\.164/ },
    { name: 'a misspelt field', body: { too: TO }, error: 'invalid_body', detail: /unknown field "too"/ },
    { name: 'a JSON array', body: [TO], error: 'invalid_body', detail: /must be a JSON object/ },
  ];
  for (const { name, body, error, detail } of cases) {
    it(`refuses ${name} with 400 ${error}`, async (t) => {
      const app = await startApp(t, { env: CALLING_ENV });
      const answer = await postCall(app.url, body);
      assert.equal(answer.status, 400);
      assert.equal(answer.body['error'], error);
      assert.match(String(answer.body['detail']), detail);
    });
  }

  it('refuses a body that is not valid JSON with 400 invalid_json', async (t) => {
    const app = await startApp(t, { env: CALLING_ENV });
    const answer = await postCall(app.url, '{"to": +1415');
    assert.equal(answer.status, 400);
    assert.equal(answer.body['error'], 'invalid_json');
    assert.match(String(answer.body['detail']), /send an object such as \{"to":"\+14155550100"\}/);
  });

  it('refuses a form-encoded body with 415, naming the content type to send', async (t) => {
    const app = await startApp(t, { env: CALLING_ENV });
    const answer = await postCall(app.url, 'to=%2B14155550100', { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(answer.status, 415);
    assert.deepEqual(answer.body, { error: 'unsupported_media_type', detail: 'send Content-Type: application/json with a body such as {"to":"+14155550100"}' });
  });
});

describe('the toll-fraud guard on POST /calls', () => {
  it('answers 401 without the bearer token or with a wrong one, and places the call with the right one', async (t) => {
    const plivo = interceptPlivo(t);
    plivo.api().reply(201, FIRED);
    const app = await startApp(t, { env: CALLING_ENV });
    for (const authorization of ['', 'Bearer wrong-token', `Basic ${API_TOKEN}`, `Bearer ${API_TOKEN}x`]) {
      const refused = await postCall(app.url, { to: TO }, { authorization });
      assert.equal(refused.status, 401, authorization);
      assert.equal(refused.body['error'], 'unauthorized');
      assert.equal(refused.headers.get('www-authenticate'), 'Bearer');
    }
    assert.equal((await postCall(app.url, { to: TO })).status, 201);
    assert.equal(plivo.sent.length, 1);
  });

  it('does not read the body before the caller is known: broken JSON without a token is a 401', async (t) => {
    const app = await startApp(t, { env: CALLING_ENV });
    assert.equal((await postCall(app.url, '{oops', { authorization: '' })).status, 401);
  });

  it('lets a client on this machine place calls without a token when CALLS_API_TOKEN is unset, and warns in the log', async (t) => {
    const plivo = interceptPlivo(t);
    plivo.api().reply(201, FIRED);
    const { CALLS_API_TOKEN: _unset, ...env } = CALLING_ENV;
    const app = await startApp(t, { env });
    assert.equal((await postCall(app.url, { to: TO }, { authorization: '' })).status, 201);
  });

  it('treats only 127.0.0.0/8, ::1 and IPv4-mapped 127.x as this machine', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1', '::FFFF:127.1.2.3']) assert.equal(isLoopback(address), true, address);
    for (const address of [undefined, '', '10.0.0.5', '192.168.1.20', '::ffff:10.0.0.1', 'fe80::1', '::', '128.0.0.1', '1.127.0.0']) {
      assert.equal(isLoopback(address), false, String(address));
    }
  });

  it('compares bearer tokens exactly', () => {
    assert.equal(bearerMatches(`Bearer ${API_TOKEN}`, API_TOKEN), true);
    assert.equal(bearerMatches(`bearer  ${API_TOKEN} `, API_TOKEN), true);
    for (const header of ['', API_TOKEN, `Bearer ${API_TOKEN.slice(0, -1)}`, `Bearer ${API_TOKEN} extra`]) assert.equal(bearerMatches(header, API_TOKEN), false, header);
  });

  const lanAddress = Object.values(networkInterfaces()).flat().find((i) => i?.family === 'IPv4' && !i.internal)?.address;
  it('refuses a client on another interface with 403 when CALLS_API_TOKEN is unset, whatever X-Forwarded-For says', { skip: lanAddress === undefined && 'no non-loopback interface' }, async (t) => {
    const { CALLS_API_TOKEN: _unset, ...env } = CALLING_ENV;
    const app = await startApp(t, { env, host: '0.0.0.0' });
    const answer = await postCall(app.url.replace('127.0.0.1', lanAddress ?? ''), { to: TO }, { authorization: '', 'x-forwarded-for': '127.0.0.1' });
    assert.equal(answer.status, 403);
    assert.equal(answer.body['error'], 'forbidden');
    assert.match(String(answer.body['detail']), /set CALLS_API_TOKEN/);
  });

  it('refuses destinations outside ALLOWED_DESTINATIONS with 403, and calls those inside', async (t) => {
    const plivo = interceptPlivo(t);
    plivo.api().reply(201, FIRED);
    const app = await startApp(t, { env: { ...CALLING_ENV, ALLOWED_DESTINATIONS: '+1,+44' } });
    const refused = await postCall(app.url, { to: '+4915112345678' });
    assert.equal(refused.status, 403);
    assert.deepEqual(refused.body, {
      error: 'destination_not_allowed',
      detail: 'calls to +4915112345678 are not allowed; this server only calls numbers starting with +1, +44 (ALLOWED_DESTINATIONS)',
    });
    assert.equal((await postCall(app.url, { to: '+442071838750' })).status, 201);
    assert.equal(plivo.sent.length, 1);
  });
});
