import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { startApp, type TestApp } from '../helpers/app.js';
import { rawRequest, type RawReply } from '../helpers/raw-http.js';
import { sendSigned } from '../helpers/signed.js';
import { parsePlivoXml } from '../helpers/xml.js';

const TOKEN = 'fuzz-auth-token-not-a-secret';
const SIGNED_ENV = { PLIVO_AUTH_ID: 'MAFUZZAUTHID00000000', PLIVO_AUTH_TOKEN: TOKEN };
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/**
 * The webhook's promise: valid Plivo XML with 200, or a clean 4xx; never a 5xx or a stack trace.
 * Other paths (the web page, /healthz) only promise no 5xx.
 */
function assertWellBehaved(reply: RawReply, what: string, webhook = true): void {
  assert.ok(reply.status < 500, `${what}: ${reply.status} ${reply.text.slice(0, 200)}`);
  assert.doesNotMatch(reply.text, /\n\s+at .+:\d+:\d+/, `${what}: a stack trace`);
  if (!webhook) return;
  if (reply.status >= 200 && reply.status < 300 && reply.text !== '') {
    assert.match(reply.contentType, /^application\/xml/, what);
    assert.doesNotThrow(() => parsePlivoXml(reply.text), what);
  } else if (reply.status >= 300) {
    assert.ok(reply.status >= 400, `${what}: ${reply.status}`);
  }
}

/** The webhook routes, as the router matches them: exact, case-sensitive, no trailing slash. */
const isWebhookRoute = (path: string): boolean => /^\/node\/[^/]+$|^\/hangup$/.test(path);

const post = (app: TestApp, path: string, body: string, headers: Record<string, string> = FORM): Promise<RawReply> => rawRequest(app.url, { method: 'POST', path, headers, body });

describe('bad input on the webhooks (issue 5)', () => {
  it('answers XML to missing, malformed and absurd Plivo parameters', async (t) => {
    const app = await startApp(t);
    const bodies = [
      '', 'CallUUID=', 'Digits=', 'Digits=abc%3C%3E%26', `Digits=${'9'.repeat(5000)}`, 'Digits=1&Digits=2', 'Digits[a]=1&Digits[b]=2',
      'Digits[]=1', '__proto__[x]=1&constructor[prototype][y]=2', 'DialStatus=%00%FF', 'RecordUrl=javascript:alert(1)', '%%%&&&===', 'a'.repeat(60_000),
    ];
    for (const body of bodies) assertWellBehaved(await post(app, '/node/main?lang=en', body), `body ${body.slice(0, 40)}`);
  });

  it('answers XML to absurd query strings', async (t) => {
    const app = await startApp(t);
    const queries = [
      '?attempt=-1', '?attempt=1e309', '?attempt=NaN&lang=../../etc/passwd', '?lang[]=en&lang[]=es', '?lang[x]=en', '?%ZZ=%', '?event=no-input&event=x',
      `?${Array.from({ length: 2000 }, (_, i) => `v.k${i}=${i}`).join('&')}`, `?v.order=${'1'.repeat(4000)}`, '?v.__proto__=1&v.constructor=2&v.order=12', '?__proto__=x&constructor=y', '?=&=&&',
    ];
    for (const query of queries) {
      assertWellBehaved(await post(app, `/node/main${query}`, 'Digits=1'), `query ${query.slice(0, 40)}`);
      assertWellBehaved(await rawRequest(app.url, { method: 'GET', path: `/node/main${query}` }), `GET query ${query.slice(0, 40)}`);
    }
  });

  it('answers an unknown or unreadable node with an apology and the entry, and odd paths with a 4xx', async (t) => {
    const app = await startApp(t);
    for (const path of ['/node/nope', '/node/%ZZ', '/node/%00', `/node/${'x'.repeat(3000)}`, '/node/..%2F..%2Fetc', '/node/__proto__', '/node/constructor', '/node/toString']) {
      const reply = await post(app, path, 'CallUUID=u');
      assert.equal(reply.status, 200, path);
      assert.equal(parsePlivoXml(reply.text).children.at(-1)?.name, 'Redirect', path);
    }
    for (const path of ['/node', '/node/', '/node/a/b', '//node/x']) assertWellBehaved(await post(app, path, ''), path);
  });

  it('refuses an oversized body with 413, and a body it cannot read with a 4xx', async (t) => {
    const app = await startApp(t);
    const big = await post(app, '/node/language', `Digits=1&pad=${'x'.repeat(70 * 1024)}`);
    assert.equal(big.status, 413);
    assert.equal(big.contentType.split(';')[0], 'text/plain');
    const cases: [string, Record<string, string>][] = [
      ['{"Digits": "1"', { 'content-type': 'application/json' }],
      ['Digits=1', { 'content-type': 'application/x-www-form-urlencoded; charset=klingon' }],
      ['Digits=1', { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'br' }],
      ['<Digits>1</Digits>', { 'content-type': 'application/xml' }],
      ['--b\r\nContent-Disposition: form-data; name="Digits"\r\n\r\n1\r\n--b--', { 'content-type': 'multipart/form-data; boundary=b' }],
      ['Digits=1', { 'content-type': 'text/plain' }],
      ['Digits=1', {}],
    ];
    for (const [body, headers] of cases) assertWellBehaved(await post(app, '/node/language', body, headers), JSON.stringify(headers));
  });
});

// ---------- property-based: whatever arrives, the webhook answers XML or a clean 4xx ----------

const printable = fc.string({ unit: fc.constantFrom(...'aZ09-_.~!*()+,;:@$&=/?#[]{}<>"\'`^|\\ %é€\u0000'.split('')), maxLength: 24 });
const urlSafe = fc.string({ unit: fc.constantFrom(...'abcxyzLANG019-_.~%+=&;:@!$*(),[]'.split('')), maxLength: 16 });
const headerValue = fc.string({ unit: fc.constantFrom(...'abcXYZ019+/=,.;: -'.split('')), maxLength: 40 });
const paramName = fc.constantFrom('CallUUID', 'Digits', 'From', 'To', 'Event', 'DialStatus', 'RecordUrl', 'RecordingDuration', 'CallStatus', 'Duration', 'lang', 'attempt', 'event', 'v.order', 'v.__proto__', 'v.', 'Digits[]', 'a[b]', '__proto__', '');
const params = fc.dictionary(paramName, printable, { maxKeys: 6 });

const webhookRequest = fc.record({
  method: fc.constantFrom('GET', 'POST', 'POST', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'),
  path: fc.oneof(
    fc.constantFrom('/node/language', '/node/main', '/node/message', '/node/connecting', '/node/unavailable', '/node/goodbye', '/hangup', '/NODE/main'),
    urlSafe.map((id) => `/node/${id}`),
    urlSafe.map((p) => `/${p}`),
  ),
  query: fc.option(fc.oneof(urlSafe, params.map((p) => new URLSearchParams(p).toString())), { nil: undefined }),
  body: fc.oneof(params.map((p) => new URLSearchParams(p).toString()), printable, fc.constant('')),
  contentType: fc.option(fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain', 'application/xml', 'multipart/form-data', 'application/x-www-form-urlencoded; charset=latin1', 'x/y'), { nil: undefined }),
  headers: fc.dictionary(fc.constantFrom('X-Plivo-Signature-V3', 'X-Plivo-Signature-V3-Nonce', 'X-Plivo-Signature-Ma-V3', 'X-Forwarded-For', 'X-Forwarded-Proto', 'Accept', 'Content-Encoding'), headerValue, { maxKeys: 4 }),
});

describe('a fuzzed webhook never answers 5xx (issue 5)', () => {
  for (const [name, env] of [['signatures off', {}], ['signatures on', SIGNED_ENV]] as const) {
    it(`${name}: random methods, paths, parameters, bodies and headers → well-formed XML or a 4xx`, async (t) => {
      const app = await startApp(t, { env: { ...env, LOG_LEVEL: 'error' } });
      await fc.assert(
        fc.asyncProperty(webhookRequest, async (r) => {
          const path = r.query === undefined ? r.path : `${r.path}?${r.query}`;
          const headers: Record<string, string> = { ...r.headers, ...(r.contentType === undefined ? {} : { 'content-type': r.contentType }) };
          // GET bodies too: a GET webhook must ignore them (its parameters are its signed query).
          const hasBody = r.method !== 'HEAD';
          const reply = await rawRequest(app.url, { method: r.method, path, headers, ...(hasBody ? { body: r.body } : {}) });
          assertWellBehaved(reply, `${r.method} ${path}`, isWebhookRoute(r.path));
        }),
        { numRuns: 400 },
      );
    });
  }

  it('signatures on: random parameters signed by Plivo are served as XML', async (t) => {
    const app = await startApp(t, { env: SIGNED_ENV });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('language', 'main', 'message', 'goodbye', 'gone'), urlSafe, params, async (node, query, form) => {
        const url = `${app.url}/node/${node}?${new URLSearchParams({ lang: 'en', x: query }).toString()}`;
        const reply = await sendSigned({ url, params: form, authToken: TOKEN });
        assert.equal(reply.status, 200, reply.text);
        parsePlivoXml(reply.text);
      }),
      { numRuns: 200 },
    );
  });
});
