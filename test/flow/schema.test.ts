import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { flowSchema } from '../../src/flow/schema.js';
import { NODE_TYPES } from '../../src/nodes/index.js';
import { ROOT } from '../helpers/app.js';

describe('schema/ivr.schema.json', () => {
  it('is what the node kinds say (run `npm run schema` after changing a kind)', () => {
    const file = readFileSync(resolve(ROOT, 'schema/ivr.schema.json'), 'utf8');
    assert.equal(file, `${JSON.stringify(flowSchema(), null, 2)}\n`);
  });

  it('offers exactly the node types of the index, each with its own definition', () => {
    const schema = JSON.parse(readFileSync(resolve(ROOT, 'schema/ivr.schema.json'), 'utf8')) as {
      definitions: Record<string, { oneOf?: { $ref: string }[]; properties?: { type?: { const?: string } } }>;
    };
    const listed = (schema.definitions['node']?.oneOf ?? []).map((entry) => entry.$ref.replace('#/definitions/', ''));
    assert.deepEqual(listed, NODE_TYPES.map((type) => `${type}Node`));
    for (const type of NODE_TYPES) assert.equal(schema.definitions[`${type}Node`]?.properties?.type?.const, type);
  });
});
