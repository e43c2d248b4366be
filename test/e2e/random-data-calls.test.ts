import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Behaviour } from '../../examples/backend/app.js';
import { startBackend } from '../../examples/backend/server.js';
import { runCall, scriptedCaller, type DialOutcome } from '../../src/emulator/index.js';
import { startLocalServer } from '../../src/http/server.js';
import { callUrls } from '../../src/plivo/outbound.js';
import { ROOT } from '../helpers/app.js';
import { errors } from '../helpers/emulate.js';

const MAX_REQUESTS = 40;
const TOKEN = 'random-calls-backend-token';

const keys = fc.array(fc.constantFrom('1', '2', '0', '*', '#', '9', '-', '-', '12#'), { maxLength: 12 });
const dials = fc.array(fc.constantFrom<DialOutcome>('answered', 'no-answer', 'busy', 'failed'), { maxLength: 3 });
const behaviours = fc.constantFrom<Behaviour>('ok', 'ok', 'slow', 'failing', 'down');
// Open on a Tuesday, Saturday afternoon (closed), at night, on Christmas, in New York.
const times = fc.constantFrom('2026-12-01T15:00:00Z', '2026-12-05T20:00:00Z', '2026-12-02T04:00:00Z', '2026-12-25T15:00:00Z');
const callers = fc.constantFrom('+14155550111', '+14155550122', '+14155559999');

/**
 * The example with its lookups' timeout cut to 0.3 s, so a slow backend costs the test little
 * time (the flow's own timeouts are what a caller would wait).
 */
function quickCopy(flow: string, dir: string): string {
  const text = readFileSync(resolve(ROOT, flow), 'utf8').replace(/^ {4}timeout: \d+\n/gm, '').replace(/^ {4}type: lookup\n/gm, '    type: lookup\n    timeout: 0.3\n');
  const file = join(dir, flow.replace(/.*\//, ''));
  writeFileSync(file, text);
  return file;
}

describe('whatever the caller does and however the backend behaves, the call ends cleanly', () => {
  for (const [flow, runs] of [['examples/after-hours.yaml', 150], ['examples/appointment-reminder.yaml', 100]] as const) {
    it(`${flow}: ${runs} random calls (backend ok, slow, failing or down; any hour) each end in a hang-up, with no emulator error`, async (t) => {
      const dir = mkdtempSync(join(tmpdir(), 'ivr-random-'));
      let behaviour: Behaviour = 'ok';
      const backend = await startBackend(0, { token: TOKEN, behaviour: () => behaviour, slowMs: 600 });
      const logs = new PassThrough();
      logs.resume();
      const server = await startLocalServer({ flowFile: quickCopy(flow, dir), env: { EXAMPLE_BACKEND_URL: backend.url, EXAMPLE_BACKEND_TOKEN: TOKEN }, logStream: logs });
      t.after(async () => {
        await server.close();
        await backend.close();
        rmSync(dir, { recursive: true, force: true });
      });
      const answerUrl = callUrls(server.url, server.flows.current().entry, { name: 'Ana', time: '2026-12-01T15:30', appointment: 'A-100' }).answerUrl;
      const params = flow.includes('reminder');
      await fc.assert(
        fc.asyncProperty(keys, dials, behaviours, times, callers, async (pressed, outcomes, now, at, from) => {
          behaviour = now;
          const call = await runCall({
            answerUrl: params ? answerUrl : server.answerUrl,
            hangupUrl: `${server.url}/hangup`,
            from,
            to: '+14155550100',
            caller: scriptedCaller(pressed, outcomes),
            fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'X-Ivr-Clock': at } }),
          });
          assert.deepEqual(errors(call), []);
          assert.equal(call.outcome, 'hangup', `ended by ${call.outcome}`);
          assert.ok(call.requestCount <= MAX_REQUESTS, `${call.requestCount} requests`);
        }),
        { numRuns: runs },
      );
    });
  }
});
