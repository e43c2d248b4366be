import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadFlowWithPositions } from '../../src/flow/load.js';

const OPTIONS = { file: 'ivr.yaml', env: {}, audioExists: () => true };

describe('a file that is not a map', () => {
  for (const text of ['', '\n', 'x', '- a\n- b\n', 'null\n']) {
    it(`is one problem at 1:1, not a crash: ${JSON.stringify(text)}`, () => {
      const result = loadFlowWithPositions(text, OPTIONS);
      assert.equal(result.ok, false);
      assert.ok(!result.ok && result.problems.length === 1, JSON.stringify(result));
      assert.deepEqual(!result.ok && [result.problems[0]?.line, result.problems[0]?.column], [1, 1]);
    });
  }
});
