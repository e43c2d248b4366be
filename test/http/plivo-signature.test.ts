import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { startApp, type TestApp } from '../helpers/app.js';
import { sendSigned, signatureHeaders } from '../helpers/signed.js';
import { parsePlivoXml } from '../helpers/xml.js';

const TOKEN = 'sig-test-auth-token-must-not-leak';
const ENV = { PLIVO_AUTH_ID: 'MASIGTESTAUTHID00000', PLIVO_AUTH_TOKEN: TOKEN };
const PUBLIC = 'https://ivr.example.com';
const CALL = { CallUUID: 'sig-call-1', From: '14155550111', To: '14155550122', Event: 'StartApp' };

/** The app behind a proxy: Plivo calls https://ivr.example.com, the socket is http://127.0.0.1:<port>. */
const behindProxy = (t: TestContext, env: Record<string, string> = ENV): Promise<TestApp> => startApp(t, { env, publicUrl: () => PUBLIC });

const rejections = (app: TestApp): Record<string, unknown>[] => app.logs().filter((l) => l['message'] === 'webhook signature rejected');
const served = (app: TestApp): Record<string, unknown>[] => app.logs().filter((l) => l['message'] === 'node served');

describe('Plivo V3 signatures on the webhooks', () => {
  it('accepts a POST signed for the public URL (https, another host) though it arrives over plain http on 127.0.0.1', async (t) => {
    const app = await behindProxy(t);
    const reply = await sendSigned({ url: `${app.url}/node/language`, signedUrl: `${PUBLIC}/node/language`, params: CALL, authToken: TOKEN });
    assert.equal(reply.status, 200);
    assert.equal(parsePlivoXml(reply.text).children[0]?.name, 'GetInput');
    assert.deepEqual(rejections(app), []);
  });

  it('accepts a signed GET whose parameters are in the query', async (t) => {
    const app = await behindProxy(t);
    const query = '?lang=en&CallUUID=sig-call-1&Digits=1';
    const reply = await sendSigned({ url: `${app.url}/node/main${query}`, signedUrl: `${PUBLIC}/node/main${query}`, method: 'GET', authToken: TOKEN });
    assert.equal(reply.status, 200);
    assert.ok(parsePlivoXml(reply.text).children.some((e) => e.name === 'Play'));
  });

  it('accepts a header holding several signatures when one matches, and the main-account header alone', async (t) => {
    const app = await behindProxy(t);
    const url = `${app.url}/node/language`;
    const good = await signatureHeaders('POST', `${PUBLIC}/node/language`, CALL, TOKEN);
    const several = { ...good, 'X-Plivo-Signature-V3': `bm90LWl0, ${good['X-Plivo-Signature-V3'] ?? ''}` };
    assert.equal((await sendSigned({ url, params: CALL, headers: several })).status, 200);
    const mainAccount = { 'X-Plivo-Signature-Ma-V3': good['X-Plivo-Signature-V3'] ?? '', 'X-Plivo-Signature-V3-Nonce': good['X-Plivo-Signature-V3-Nonce'] ?? '' };
    assert.equal((await sendSigned({ url, params: CALL, headers: mainAccount })).status, 200);
  });

  it('refuses a request without a signature with 403, logs the source address, and runs nothing', async (t) => {
    const app = await behindProxy(t);
    const reply = await sendSigned({ url: `${app.url}/node/language`, params: CALL });
    assert.equal(reply.status, 403);
    assert.match(reply.text, /signed by Plivo/);
    const [logged] = rejections(app);
    assert.equal(logged?.['reason'], 'missing');
    assert.match(String(logged?.['address']), /127\.0\.0\.1/);
    assert.deepEqual(served(app), []);
  });

  it('refuses a forged signature (made with another token)', async (t) => {
    const app = await behindProxy(t);
    const reply = await sendSigned({ url: `${app.url}/node/language`, signedUrl: `${PUBLIC}/node/language`, params: CALL, authToken: 'someone-elses-token' });
    assert.equal(reply.status, 403);
    assert.equal(rejections(app)[0]?.['reason'], 'invalid');
    assert.deepEqual(served(app), []);
  });

  it('refuses a genuine signature replayed to another URL, or with other parameters', async (t) => {
    const app = await behindProxy(t);
    const headers = await signatureHeaders('POST', `${PUBLIC}/node/main?lang=en`, { ...CALL, Digits: '1' }, TOKEN);
    assert.equal((await sendSigned({ url: `${app.url}/node/main?lang=en`, params: { ...CALL, Digits: '1' }, headers })).status, 200);
    assert.equal((await sendSigned({ url: `${app.url}/node/main?lang=es`, params: { ...CALL, Digits: '1' }, headers })).status, 403);
    assert.equal((await sendSigned({ url: `${app.url}/node/connecting?lang=en`, params: { ...CALL, Digits: '1' }, headers })).status, 403);
    assert.equal((await sendSigned({ url: `${app.url}/node/main?lang=en`, params: { ...CALL, Digits: '2' }, headers })).status, 403);
    assert.equal(rejections(app).length, 3);
  });

  it('refuses a request signed for the socket URL instead of PUBLIC_URL', async (t) => {
    const app = await behindProxy(t);
    const reply = await sendSigned({ url: `${app.url}/node/language`, params: CALL, authToken: TOKEN });
    assert.equal(reply.status, 403);
  });

  it('guards /hangup and the node route however the path is spelled', async (t) => {
    const app = await behindProxy(t);
    for (const path of ['/hangup', '/node/language', '/node/%6Canguage']) {
      assert.equal((await sendSigned({ url: `${app.url}${path}`, params: CALL })).status, 403, path);
    }
    // Other spellings are not routes at all (strict, case-sensitive router): 404, never served.
    for (const path of ['/hangup/', '/NODE/language', '/Node/main', '/%6Eode/language']) {
      assert.equal((await sendSigned({ url: `${app.url}${path}`, params: CALL })).status, 404, path);
    }
    assert.equal(app.logs().filter((l) => l['message'] === 'call ended').length, 0);
  });

  it('leaves /healthz, /audio and /calls to their own rules', async (t) => {
    const app = await behindProxy(t);
    assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
    assert.equal((await fetch(`${app.url}/audio/english.mp3`)).status, 200);
    assert.equal((await fetch(`${app.url}/calls`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' })).status, 415);
  });

  it('is off with PLIVO_VERIFY_SIGNATURES=false, and when there is no auth token', async (t) => {
    for (const env of [{ ...ENV, PLIVO_VERIFY_SIGNATURES: 'false' }, {}]) {
      const app = await behindProxy(t, env);
      assert.equal((await sendSigned({ url: `${app.url}/node/language`, params: CALL })).status, 200);
    }
  });

  it('never shows the auth token in a log line or a refusal', async (t) => {
    const app = await behindProxy(t);
    const replies = await Promise.all([
      sendSigned({ url: `${app.url}/node/language`, params: CALL }),
      sendSigned({ url: `${app.url}/node/language`, params: CALL, authToken: 'wrong' }),
      sendSigned({ url: `${app.url}/node/language`, params: { ...CALL, Digits: TOKEN.slice(0, 8) }, headers: { 'X-Plivo-Signature-V3': TOKEN, 'X-Plivo-Signature-V3-Nonce': '1' } }),
    ]);
    assert.ok(replies.every((r) => r.status === 403 && !r.text.includes(TOKEN)));
    assert.equal(rejections(app).length, 3);
    assert.ok(!app.rawLogs().includes(TOKEN));
  });
});

describe('no spelling of a webhook path escapes the signature check (issue 12)', () => {
  it('serves /node/:id and /hangup only as written: other spellings are 404/405, never an unsigned answer', async (t) => {
    const app = await behindProxy(t);
    for (const path of ['/NODE/language', '/Node/language', '/node/language/', '/HANGUP', '/Hangup/', '/hangup/', '/%68angup', '/node//language']) {
      const reply = await sendSigned({ url: `${app.url}${path}`, params: CALL });
      assert.ok(reply.status === 404 || reply.status === 405 || reply.status === 403, `${path}: ${reply.status} ${reply.text.slice(0, 80)}`);
      assert.doesNotMatch(reply.text, /<Response>/, path);
    }
    assert.equal(served(app).length, 0);
  });
});
