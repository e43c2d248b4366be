import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { DialOutcome } from '../../src/emulator/index.js';
import { callWith, errors, serveFlow } from '../helpers/emulate.js';

/** Far more than any honest path through these flows needs; a call that gets here is looping. */
const MAX_REQUESTS = 40;
/**
 * CI (CI=true, as .ci/run sets) runs the full 2,000 random calls; the everyday run a tenth of
 * them, with a new seed each time, so over many runs it covers as much and stays quick.
 */
const SHARE = process.env['CI'] === undefined ? 0.1 : 1;

/** Keys, silence, and words: phrases the menus know (in both languages), words heard faintly, words no menu offers, digits and topics said aloud, a word then a key. */
const keys = fc.array(
  fc.constantFrom(
    '1', '2', '3', '0', '*', '#', '9', '-', '-', '123456#', '12#',
    'say:English', 'say:español', 'say:a message please', 'say:mensaje', 'say:talk to an associate', 'say:associate@0.3',
    'say:pizza', 'say:castellano;1', 'say:four zero seven one', 'say:cuatro cero', 'say:I want to pay my bill', 'say:está roto',
  ),
  { maxLength: 14 },
);
const dials = fc.array(fc.constantFrom<DialOutcome>('answered', 'no-answer', 'busy', 'failed'), { maxLength: 4 });

describe('whatever the caller does, the call ends cleanly', () => {
  for (const [flow, all] of [['ivr.yaml', 1000], ['examples/support.yaml', 500], ['examples/clinic.yaml', 500], ['examples/helpdesk.yaml', 500]] as const) {
    const runs = Math.round(all * SHARE);
    it(`${flow}: ${runs} random calls each end in a hang-up, with no emulator error, within ${MAX_REQUESTS} requests`, async (t) => {
      const server = await serveFlow(t, flow);
      await fc.assert(
        fc.asyncProperty(keys, dials, async (pressed, outcomes) => {
          const call = await callWith(server, pressed, outcomes);
          assert.deepEqual(errors(call), []);
          assert.equal(call.outcome, 'hangup', `ended by ${call.outcome}`);
          assert.ok(call.requestCount <= MAX_REQUESTS, `${call.requestCount} requests`);
        }),
        { numRuns: runs },
      );
    });
  }
});
