import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import plivo from 'plivo';
import { signV3, v3SignatureBase } from '../../src/emulator/signature.js';

const token = 'my_auth_token';
const callParams = { CallUUID: 'abc', Digits: '1234', From: '15551111111', To: '15555555555' };

describe('V3 signature', () => {
  it('matches the reference test vector for a POST without query', async () => {
    const signature = await signV3({ method: 'POST', url: 'https://example.com/abcd', params: callParams, nonce: '12345', authToken: token });
    assert.equal(signature, 'ZDXLkLwWnmq7LWyQhPgdP9yrqAOsm1BfuU5bag5TBj0=');
  });

  it('puts "?" before the body even when the URL has no query', () => {
    assert.equal(
      v3SignatureBase('POST', 'https://example.com/abcd', { To: '2', CallUUID: 'abc' }),
      'https://example.com/abcd?CallUUIDabcTo2',
    );
  });

  it('sorts the query and separates it from the body with "."', () => {
    assert.equal(
      v3SignatureBase('POST', 'https://h/node/menu?lang=en&attempt=2', { Digits: '1' }),
      'https://h/node/menu?attempt=2&lang=en.Digits1',
    );
  });

  const cases = [
    { name: 'a GET with query', method: 'GET', url: 'https://ivr.example.com/node/menu?lang=es&attempt=1', params: { CallUUID: 'u-1', From: '15551111111' } },
    { name: 'a POST with query and body', method: 'POST', url: 'http://127.0.0.1:8080/node/menu?lang=en&b=x%20y', params: callParams },
    { name: 'a POST with an empty body', method: 'POST', url: 'https://h.example/answer?z=1&a=2', params: {} },
    { name: 'a POST to a bare host', method: 'POST', url: 'https://h.example/', params: { Event: 'StartApp' } },
    { name: 'a GET with repeated keys', method: 'GET', url: 'https://h.example/a?k=2&k=1', params: { k: '0' } },
  ] as const;
  for (const c of cases) {
    it(`is accepted by the plivo SDK's validateV3Signature for ${c.name}`, async () => {
      const nonce = '98765432';
      const signature = await signV3({ method: c.method, url: c.url, params: c.params, nonce, authToken: token });
      assert.equal(plivo.validateV3Signature(c.method, c.url, nonce, token, signature, { ...c.params }), true);
      assert.equal(plivo.validateV3Signature(c.method, c.url, nonce, 'other_token', signature, { ...c.params }), false);
    });
  }
});
