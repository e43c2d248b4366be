import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import Koa from 'koa';
import { rateLimit } from '../../src/http/rate-limit.js';
import { createLogger } from '../../src/log.js';
import { readSettings, SettingsError } from '../../src/settings.js';
import { startApp } from '../helpers/app.js';
import { API_TOKEN, AUTH_TOKEN, CALLING_ENV, interceptPlivo, postCall } from '../plivo/plivo-api.js';

const TO = '+14155550100';

describe('POST /calls limits', () => {
  it('answers 429 with Retry-After once a client has used its burst, and counts each client apart', async (t) => {
    interceptPlivo(t).api().times(3).reply(201, { api_id: 'a', message: 'call fired', request_uuid: 'r' });
    const app = await startApp(t, { env: CALLING_ENV, callsRateLimit: { burst: 2, perMinute: 2 } });
    assert.equal((await postCall(app.url, { to: TO })).status, 201);
    assert.equal((await postCall(app.url, { to: TO })).status, 201);
    const limited = await postCall(app.url, { to: TO });
    assert.equal(limited.status, 429);
    assert.equal(limited.body['error'], 'rate_limited');
    // 30 s for a bucket just emptied; a loaded machine may take a second or two between requests.
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(retryAfter >= 25 && retryAfter <= 30, `Retry-After ${retryAfter}`);
    // X-Forwarded-For is whatever the client writes: rotating it buys no new bucket (issue 12).
    for (const forwarded of ['203.0.113.9', '203.0.113.9, 198.51.100.7', '198.51.100.8']) {
      assert.equal((await postCall(app.url, { to: TO }, { 'x-forwarded-for': forwarded })).status, 429, forwarded);
    }
    assert.equal(app.logs().filter((l) => l['message'] === 'request rate limited').length, 4);
  });

  it('limits token guessing too: the limit comes before the token check', async (t) => {
    const app = await startApp(t, { env: CALLING_ENV, callsRateLimit: { burst: 3, perMinute: 3 } });
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await postCall(app.url, { to: TO }, { authorization: `Bearer guess-${i}` })).status);
    assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
  });

  it('refuses a body over 16 kB with 413 JSON, and anything but JSON with 415', async (t) => {
    const app = await startApp(t, { env: CALLING_ENV });
    const big = await postCall(app.url, JSON.stringify({ to: TO, padding: 'x'.repeat(20_000) }));
    assert.equal(big.status, 413);
    assert.equal(big.body['error'], 'payload_too_large');
    const form = await postCall(app.url, `to=${encodeURIComponent(TO)}`, { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(form.status, 415);
  });

  it('gives a client back one request every 60/perMinute seconds', async () => {
    let now = 0;
    const logger = createLogger({ level: 'error', secrets: [], stream: new PassThrough() });
    const limit = rateLimit({ burst: 1, perMinute: 10, logger, now: () => now });
    const status = async (): Promise<number> => {
      const ctx = { path: '/calls', req: { socket: { remoteAddress: '192.0.2.1' } }, get: () => '', status: 404, set: () => undefined } as unknown as Koa.Context;
      await limit(ctx, async () => { ctx.status = 201; });
      return ctx.status;
    };
    assert.equal(await status(), 201);
    assert.equal(await status(), 429);
    now = 5_999;
    assert.equal(await status(), 429);
    now = 6_000;
    assert.equal(await status(), 201);
  });
});

describe('secrets stay secret (issue 5)', () => {
  it('no auth token or CALLS_API_TOKEN in /calls error bodies or logs, whatever went wrong', async (t) => {
    const plivo = interceptPlivo(t);
    plivo.api().reply(401, `{"error":"authentication failed for ${AUTH_TOKEN}"}`);
    plivo.api().times(3).reply(500, { error: `internal ${AUTH_TOKEN}` }); // the SDK tries 5xx three times
    const app = await startApp(t, { env: CALLING_ENV });
    const answers = [
      await postCall(app.url, { to: TO }),
      await postCall(app.url, { to: TO }),
      await postCall(app.url, { to: API_TOKEN }),
      await postCall(app.url, { to: TO }, { authorization: `Bearer ${API_TOKEN}-wrong` }),
      await postCall(app.url, `{"to": "${API_TOKEN}`),
    ];
    assert.deepEqual(answers.map((a) => a.status), [502, 502, 400, 401, 400]);
    const seen = JSON.stringify(answers.map((a) => a.body)) + app.rawLogs();
    assert.ok(!seen.includes(AUTH_TOKEN), 'auth token leaked');
    assert.ok(!seen.includes(API_TOKEN), 'calls token leaked');
  });

  it('settings errors name the variable, never a secret value', () => {
    assert.throws(
      () => readSettings({ PLIVO_AUTH_TOKEN: AUTH_TOKEN, CALLS_API_TOKEN: API_TOKEN, PLIVO_VERIFY_SIGNATURES: 'maybe', PORT: 'x' }),
      (error: unknown) => error instanceof SettingsError && /PLIVO_AUTH_ID/.test(error.message) && !error.message.includes(AUTH_TOKEN) && !error.message.includes(API_TOKEN),
    );
  });
});
