import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import plivo from 'plivo';
import { validateV3Signature, type SignedParams } from '../../src/http/v3-signature.js';

/**
 * The plivo SDK's validateV3Signature is the oracle: ours must give its answer for every input
 * (false where it throws). Most random signatures are wrong for both, so each case also asks
 * the SDK which signature it expects — read off node:crypto while the SDK computes it (the
 * SDK calls `require('crypto').createHmac`; our module holds its own binding) — and checks
 * that signature, alone and among others, and a near miss of it.
 */
const cjsCrypto = createRequire(import.meta.url)('crypto') as { createHmac: (...args: unknown[]) => { digest(encoding: string): string } };

type Method = 'GET' | 'POST';
interface Case { method: Method; uri: string; nonce: string; token: string; params: SignedParams }

/** Deep copy: the SDK sorts the caller's arrays in place. */
const copy = (params: SignedParams): Record<string, string | string[]> => {
  const out: Record<string, string | string[]> = {};
  for (const key of Object.keys(params)) {
    const value = params[key];
    Object.defineProperty(out, key, { value: Array.isArray(value) ? [...(value as string[])] : value, enumerable: true, writable: true, configurable: true });
  }
  return out;
};

function sdk(c: Case, signature: string): boolean {
  try {
    return plivo.validateV3Signature(c.method, c.uri, c.nonce, c.token, signature, copy(c.params)).valueOf();
  } catch {
    return false;
  }
}

/** The signature the SDK computes for `c` (undefined when it throws first). */
function sdkExpected(c: Case): string | undefined {
  const original = cjsCrypto.createHmac;
  let expected: string | undefined;
  cjsCrypto.createHmac = (...args: unknown[]) => {
    const hmac = original(...args);
    const digest = hmac.digest.bind(hmac);
    hmac.digest = (encoding: string) => (expected = digest(encoding));
    return hmac;
  };
  try {
    sdk(c, 'x');
  } finally {
    cjsCrypto.createHmac = original;
  }
  return expected;
}

const ours = (c: Case, signature: string): boolean => validateV3Signature(c.method, c.uri, c.nonce, c.token, signature, copy(c.params));

/** Characters that matter to URL parsing, sorting and encoding, and some that do not. */
const CHARS = ['a', 'b', 'Z', '0', '9', '/', '.', '..', '?', '#', '&', '=', ':', '@', '%', '%2F', '%zz', '+', ' ', '\t', '\n', ',', ';', '~', '[', ']',
  'é', 'ü', '€', '中', '😀', '\uD83D', '\uDE00', '\u2028', '\u00a0', 'node', 'lang', 'en', 'index.html', 'a.b', '__proto__', 'constructor'];
const piece = (max: number): fc.Arbitrary<string> => fc.array(fc.constantFrom(...CHARS), { maxLength: max }).map((parts) => parts.join(''));
const word = fc.oneof(piece(6), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 6 }));

const url: fc.Arbitrary<string> = fc.oneof(
  // Shaped like a URL, with every part allowed to go wrong.
  fc.record({
    scheme: fc.constantFrom('http://', 'https://', 'HTTPS://', 'ftp://', '', '//', 'http:', 'a.b://', 'http:/'),
    user: fc.oneof(fc.constant(''), piece(3).map((u) => `${u}@`), fc.constant('user:pw@')),
    host: fc.oneof(fc.domain(), fc.constantFrom('127.0.0.1', 'localhost', 'ivr.example.com', ''), piece(3)),
    port: fc.oneof(fc.constant(''), fc.integer({ min: 0, max: 65535 }).map((p) => `:${p}`), piece(2).map((p) => `:${p}`)),
    path: fc.array(word, { maxLength: 5 }).map((segments) => segments.join('/')),
    lead: fc.constantFrom('/', '', '//', '/node/'),
    query: fc.oneof(fc.constant(''), fc.array(fc.tuple(word, word), { maxLength: 4 }).map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`), word.map((q) => `?${q}`)),
    hash: fc.oneof(fc.constant(''), word.map((h) => `#${h}`)),
  }).map((u) => `${u.scheme}${u.user}${u.host}${u.port}${u.lead}${u.path}${u.query}${u.hash}`),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

const params: fc.Arbitrary<SignedParams> = fc.array(fc.tuple(fc.oneof(word, fc.constantFrom('CallUUID', 'Digits', 'From', 'toString', 'length', '__proto__', 'constructor', '')), fc.oneof(word, fc.array(word, { maxLength: 3 }))), { maxLength: 6 })
  .map((entries) => {
    const out: Record<string, string | string[]> = {};
    for (const [key, value] of entries) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    return out;
  });

const cases: fc.Arbitrary<Case> = fc.record({
  method: fc.constantFrom<Method>('GET', 'POST'),
  uri: url,
  nonce: fc.oneof(fc.integer({ min: 0 }).map(String), word),
  token: fc.oneof(fc.constantFrom('my_auth_token', 'MAXXXXXXXXXXXXXXXXXX'), word),
  params: fc.oneof(fc.constant({}), params),
});

describe('validateV3Signature (node:crypto) against the plivo SDK', () => {
  it('gives the SDK\'s answer for random URLs, parameters, nonces, tokens, and right, wrong and mixed signatures', () => {
    let accepted = 0;
    fc.assert(fc.property(cases, word, (c, junk) => {
      const expected = sdkExpected(c);
      const candidates = [junk, `${junk},${junk}`];
      if (expected !== undefined) {
        const nearMiss = `${expected.slice(0, -2)}${expected.endsWith('A=') ? 'B=' : 'A='}`;
        candidates.push(expected, `${junk},${expected}`, `${expected},`, ` ${expected}`, nearMiss, `${expected}${junk}`);
      }
      for (const signature of candidates) {
        const answer = sdk(c, signature);
        if (answer) accepted++;
        assert.equal(ours(c, signature), answer, `signature ${JSON.stringify(signature)} for ${JSON.stringify({ ...c, params: copy(c.params) })}`);
      }
    }), { numRuns: 3000 });
    // The property is only worth something if the SDK said yes often.
    assert.ok(accepted > 3000, `the SDK accepted only ${accepted} signatures`);
  });

  it('gives the SDK\'s answer for the webhooks Plivo really sends (POST form, GET query) behind a public URL', () => {
    const call = fc.record({ CallUUID: fc.uuid(), From: fc.stringMatching(/^\d{11}$/), To: fc.stringMatching(/^\d{11}$/), Digits: fc.stringMatching(/^[0-9*#]{0,6}$/) });
    const request = fc.record({
      method: fc.constantFrom<Method>('GET', 'POST'),
      uri: fc.tuple(fc.constantFrom('https://abc123.ngrok-free.app', 'http://localhost:3000', 'https://ivr.example.com/prefix'), fc.constantFrom('/node/language', '/node/main?lang=es&attempt=2', '/node/main?lang=en&event=no-input', '/hangup'))
        .map(([base, path]) => base + path),
      nonce: fc.stringMatching(/^\d{1,20}$/),
      token: fc.string({ minLength: 1, maxLength: 40 }),
      params: call,
    });
    fc.assert(fc.property(request, (c) => {
      const expected = sdkExpected(c);
      assert.ok(expected !== undefined);
      assert.equal(sdk(c, expected), true);
      assert.equal(ours(c, expected), true);
      assert.equal(ours({ ...c, token: `${c.token}x` }, expected), sdk({ ...c, token: `${c.token}x` }, expected));
    }), { numRuns: 500 });
  });

  it('matches the test vector computed with the SDK (plivo-reference.md)', () => {
    const params = { CallUUID: 'abc', Digits: '1234', From: '15551111111', To: '15555555555' };
    assert.equal(validateV3Signature('POST', 'https://example.com/abcd', '12345', 'my_auth_token', 'ZDXLkLwWnmq7LWyQhPgdP9yrqAOsm1BfuU5bag5TBj0=', params), true);
    assert.equal(validateV3Signature('POST', 'https://example.com/abcd', '12346', 'my_auth_token', 'ZDXLkLwWnmq7LWyQhPgdP9yrqAOsm1BfuU5bag5TBj0=', params), false);
  });

  it('agrees with the SDK on a long path of colons and dots (where the SDK\'s URL regex is quadratic)', () => {
    for (const path of [`${'a:'.repeat(4000)}x.y`, `${'a.b/'.repeat(2000)}c.mp3`]) {
      const c: Case = { method: 'POST', uri: `https://ivr.example.com/node/${path}?lang=en`, nonce: '1', token: 't', params: { Digits: '1' } };
      const expected = sdkExpected(c);
      assert.ok(expected !== undefined);
      assert.equal(ours(c, expected), true);
      assert.equal(ours({ ...c, uri: c.uri.replace('lang=en', 'lang=es') }, expected), false);
    }
  });
});
