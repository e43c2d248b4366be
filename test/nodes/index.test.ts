import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { NODE_TYPES } from '../../src/nodes/index.js';
import { ROOT } from '../helpers/app.js';

describe('the node index', () => {
  it('is what the README documents: one row per kind in the table of Editing ivr.yaml', () => {
    const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('| type | what the caller gets | fields |'));
    const rows = [...table.slice(0, table.indexOf('\n\n')).matchAll(/^\| `([a-z]+)` \|/gm)].map((m) => m[1]);
    assert.deepEqual(rows.sort(), [...NODE_TYPES].sort());
  });
});
