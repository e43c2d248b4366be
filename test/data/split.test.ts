import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pickBranch } from '../../src/data/split.js';

const branches = [{ weight: 70, value: 'a' }, { weight: 20, value: 'b' }, { weight: 10, value: 'c' }];

test('the same call at the same node always takes the same branch', () => {
  for (let i = 0; i < 50; i += 1) {
    const uuid = `call-${i}`;
    assert.equal(pickBranch(branches, uuid, 'greeting'), pickBranch(branches, uuid, 'greeting'));
  }
});

test('calls spread by the weights', () => {
  const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
  const calls = 20_000;
  for (let i = 0; i < calls; i += 1) {
    const branch = pickBranch(branches, `9834029e-${i}-11e1-b8b7`, 'greeting');
    counts[branch] = (counts[branch] ?? 0) + 1;
  }
  // 3 standard deviations of a binomial at these sizes is under 1 percentage point.
  assert.ok(Math.abs((counts['a'] ?? 0) / calls - 0.7) < 0.01, JSON.stringify(counts));
  assert.ok(Math.abs((counts['b'] ?? 0) / calls - 0.2) < 0.01, JSON.stringify(counts));
  assert.ok(Math.abs((counts['c'] ?? 0) / calls - 0.1) < 0.01, JSON.stringify(counts));
});

test('a zero weight is never taken; the node is part of the choice', () => {
  for (let i = 0; i < 500; i += 1) assert.notEqual(pickBranch([{ weight: 1, value: 'x' }, { weight: 0, value: 'never' }], `c${i}`, 'n'), 'never');
  const differs = Array.from({ length: 200 }, (_, i) => `c${i}`).some((uuid) => pickBranch(branches, uuid, 'one') !== pickBranch(branches, uuid, 'two'));
  assert.ok(differs);
});
