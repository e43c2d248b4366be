import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSealer, MAX_SEALED_LENGTH, stateKey } from '../../src/data/seal.js';

const secret = 'a'.repeat(64);
function sealer(from = secret) {
  const key = stateKey(from);
  assert.ok('key' in key);
  return createSealer(key.key);
}

test('a sealed state opens with the same key, on another instance too, and shows nothing in clear', () => {
  const state = { v: { account: '12345678', balance: 1234.5 }, h: ['main'] };
  const token = sealer().seal(state, 'call-1');
  assert.deepEqual(sealer().unseal(token, 'call-1'), state, 'a second instance with the same STATE_SECRET');
  assert.doesNotMatch(token, /12345678|1234/);
  assert.doesNotMatch(Buffer.from(token, 'base64url').toString('latin1'), /12345678/);
  assert.notEqual(sealer().seal(state, 'call-1'), token, 'a fresh IV each time');
});

test('altered, forged, another call\'s or another key\'s state is refused', () => {
  const token = sealer().seal({ v: { vip: true } }, 'call-1');
  const flipped = Buffer.from(token, 'base64url');
  flipped[flipped.length - 1]! ^= 1;
  assert.equal(sealer().unseal(flipped.toString('base64url'), 'call-1'), undefined);
  assert.equal(sealer().unseal(token, 'call-2'), undefined, 'bound to its CallUUID');
  assert.equal(sealer('b'.repeat(64)).unseal(token, 'call-1'), undefined);
  assert.equal(sealer().unseal('not a token!', 'call-1'), undefined);
  assert.equal(sealer().unseal('', 'call-1'), undefined);
});

test('the key: STATE_SECRET, too short is an error, unset is random per process', () => {
  assert.deepEqual(stateKey('short'), { error: 'STATE_SECRET must be at least 32 characters (openssl rand -hex 32)' });
  const one = stateKey(undefined);
  const two = stateKey(undefined);
  assert.ok('key' in one && 'key' in two);
  assert.equal(one.source, 'generated');
  assert.notDeepEqual(one.key, two.key);
});

test('a state of realistic size stays far below the bound', () => {
  const values = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`variable${i}`, `value number ${i} of the call`]));
  const token = sealer().seal({ v: values, h: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] }, 'call-1');
  assert.ok(token.length < MAX_SEALED_LENGTH / 2, String(token.length));
});
