/** Writes schema/ivr.schema.json (what editors read) from the node kinds: `npm run schema`. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { flowSchema } from '../src/flow/schema.js';

const file = resolve(import.meta.dirname, '../schema/ivr.schema.json');
writeFileSync(file, `${JSON.stringify(flowSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${file}\n`);
