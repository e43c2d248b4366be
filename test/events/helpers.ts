/** Calls through the emulator against a served flow, for the call-events tests. */
import { resolve } from 'node:path';
import type { TestContext } from 'node:test';
import { PassThrough } from 'node:stream';
import { runCall, scriptedCaller, type Caller, type DialOutcome, type Transcript } from '../../src/emulator/index.js';
import { startLocalServer, type LocalServer } from '../../src/http/server.js';
import { ROOT } from '../helpers/app.js';

export const PIN_FLOW = 'test/events/fixtures/pin.yaml';

export interface Served extends LocalServer { logs(): string }

/** The flow served on loopback (no signatures), its logs kept; closed when the test ends. */
export async function servePinFlow(t: Pick<TestContext, 'after'>, env: Record<string, string> = {}, flowFile = PIN_FLOW): Promise<Served> {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  const server = await startLocalServer({ flowFile: resolve(ROOT, flowFile), env: { LOG_LEVEL: 'debug', ...env }, logStream: stream });
  t.after(() => server.close());
  return { ...server, logs: () => chunks.join('') };
}

/** One call: `keys` one entry per try ('-' silence), `dials` the transfers' fates; `from` the caller's number. */
export function call(server: LocalServer, keys: string[], dials: DialOutcome[] = [], from = '+14155550111'): Promise<Transcript> {
  return callWith(server, scriptedCaller(keys, dials), from);
}

export function callWith(server: LocalServer, caller: Caller, from = '+14155550111'): Promise<Transcript> {
  return runCall({ answerUrl: server.answerUrl, hangupUrl: `${server.url}/hangup`, from, to: '+14155550122', caller });
}

/** A caller that presses `keys` (one per try) and then hangs up while the next prompt plays. */
export function hangsUpAfter(keys: string[]): Caller {
  const left = [...keys];
  return {
    gather: async () => {
      const next = left.shift();
      if (next === undefined) throw new Error('the caller hung up');
      return next === '-' ? null : next;
    },
    dial: async () => 'answered',
  };
}

/** Waits until `check` holds (events are written just after the response). */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}
