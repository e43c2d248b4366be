import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it, type TestContext } from 'node:test';
import { startBackend, type RunningBackend } from '../../examples/backend/server.js';
import type { Behaviour } from '../../examples/backend/app.js';
import { runCall, scriptedCaller, type DialOutcome, type Transcript } from '../../src/emulator/index.js';
import { loadFlowFile } from '../../src/flow/load.js';
import { startLocalServer, type LocalServer } from '../../src/http/server.js';
import { callUrls } from '../../src/plivo/outbound.js';
import { ROOT } from '../helpers/app.js';
import { errors, heard, nodesVisited } from '../helpers/emulate.js';

const TOKEN = 'example-backend-token-for-tests';

interface Served { server: LocalServer; backend: RunningBackend; logs(): string; setBehaviour(next: Behaviour): void }

/** A flow served for real, its lookups going to the example backend on a loopback port. */
async function serve(t: TestContext, flow: string, slowMs = 5000): Promise<Served> {
  let behaviour: Behaviour = 'ok';
  const backend = await startBackend(0, { token: TOKEN, behaviour: () => behaviour, slowMs });
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
  const server = await startLocalServer({ flowFile: resolve(ROOT, flow), env: { EXAMPLE_BACKEND_URL: backend.url, EXAMPLE_BACKEND_TOKEN: TOKEN }, logStream: stream });
  t.after(async () => {
    await server.close();
    await backend.close();
  });
  return { server, backend, logs: () => lines.join(''), setBehaviour: (next) => (behaviour = next) };
}

/** A call at `at` (an ISO instant), from `from`, with the call's params. */
function call(served: Served, keys: string[], options: { at?: string; from?: string; params?: Record<string, string>; dials?: DialOutcome[] } = {}): Promise<Transcript> {
  const flow = served.server.flows.current();
  const answerUrl = callUrls(served.server.url, flow.entry, options.params ?? {}).answerUrl;
  const at = options.at;
  return runCall({
    answerUrl,
    hangupUrl: `${served.server.url}/hangup`,
    from: options.from ?? '+14155550111',
    to: '+14155550122',
    caller: scriptedCaller(keys, options.dials ?? []),
    ...(at === undefined ? {} : { fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'X-Ivr-Clock': at } }) }),
  });
}

const texts = (transcript: Transcript): string[] => heard(transcript).map((line) => line.text);
const requestUrls = (transcript: Transcript): string[] => transcript.events.flatMap((event) => (event.type === 'request' ? [event.url] : []));

// Tuesday 1 December 2026, 10:00 in New York; 23:00; Christmas morning.
const OPEN = '2026-12-01T15:00:00Z';
const NIGHT = '2026-12-02T04:00:00Z';
const CHRISTMAS = '2026-12-25T15:00:00Z';

describe('examples/after-hours.yaml: hours decide, a lookup by the caller\'s number, 0 and * everywhere', () => {
  it('loads without warnings', () => {
    const result = loadFlowFile(resolve(ROOT, 'examples/after-hours.yaml'), { EXAMPLE_BACKEND_TOKEN: TOKEN });
    assert.ok(result.ok && result.warnings.length === 0, result.ok ? JSON.stringify(result.warnings) : JSON.stringify(result.problems));
  });

  it('open: greets a known caller by name, reads the balance, and never puts the balance in a URL or a log line', async (t) => {
    const served = await serve(t, 'examples/after-hours.yaml');
    const transcript = await call(served, ['1', '-', '-', '-'], { at: OPEN });
    assert.deepEqual(errors(transcript), []);
    const said = texts(transcript);
    assert.equal(said[0], 'Thank you for being one of our valued customers.');
    assert.equal(said[1], 'Welcome back, Ana. For your balance, press 1. For our opening hours, press 2. For an operator, press 0.');
    assert.equal(said[2], 'Your balance is $1,234.50.');
    assert.equal(transcript.outcome, 'hangup');
    for (const url of requestUrls(transcript)) assert.doesNotMatch(decodeURIComponent(url), /1234|Ana/, url);
    assert.doesNotMatch(served.logs(), /1234\.5|1,234/);
    assert.match(served.logs(), /"message":"lookup answered".*"status":200/);
    assert.doesNotMatch(served.logs(), new RegExp(TOKEN), 'the secret header is never logged');
  });

  it('* goes back to the menu the caller came from, 0 reaches the operator from any menu', async (t) => {
    const served = await serve(t, 'examples/after-hours.yaml');
    const transcript = await call(served, ['2', '*', '2', '0'], { at: OPEN, dials: ['answered'] });
    assert.deepEqual(errors(transcript), []);
    assert.deepEqual(nodesVisited(transcript).filter((node, i, all) => node !== all[i - 1]), ['office', 'account_menu', 'hours_info', 'account_menu', 'hours_info', 'operator']);
  });

  it('an unknown caller, a failing and a slow backend: the welcome menu, never a stranded call', async (t) => {
    const served = await serve(t, 'examples/after-hours.yaml', 4000);
    const unknown = await call(served, ['-', '-', '-'], { at: OPEN, from: '+14155559999' });
    assert.ok(texts(unknown)[0]?.startsWith('Welcome to Sunrise Bank.'), texts(unknown)[0]);
    served.setBehaviour('failing');
    const failing = await call(served, ['-', '-', '-'], { at: OPEN });
    assert.ok(texts(failing)[0]?.startsWith('Welcome to Sunrise Bank.'));
    served.setBehaviour('slow');
    const slow = await call(served, ['-', '-', '-'], { at: OPEN });
    assert.ok(texts(slow)[0]?.startsWith('Welcome to Sunrise Bank.'));
    assert.match(served.logs(), /"message":"lookup failed".*"reason":"timeout"/);
    for (const transcript of [unknown, failing, slow]) assert.equal(transcript.outcome, 'hangup');
  });

  it('closed at night and on Christmas: a message, then voicemail', async (t) => {
    const served = await serve(t, 'examples/after-hours.yaml');
    const night = await call(served, [], { at: NIGHT });
    assert.ok(texts(night)[0]?.includes('We are closed now.'));
    assert.ok(night.events.some((event) => event.type === 'record'));
    const christmas = await call(served, [], { at: CHRISTMAS });
    assert.ok(texts(christmas)[0]?.includes('closed today for the holiday'));
    assert.equal(texts(christmas).at(-1), 'Thank you. Goodbye.');
  });
});

describe('examples/appointment-reminder.yaml: an outbound call with params, answered at the backend', () => {
  const params = { name: 'Ana', time: '2026-12-01T15:30', appointment: 'A-100' };

  it('speaks the name and the time naturally; 1 confirms the appointment at the backend', async (t) => {
    const served = await serve(t, 'examples/appointment-reminder.yaml');
    const transcript = await call(served, ['1'], { params });
    assert.deepEqual(errors(transcript), []);
    assert.equal(texts(transcript)[0], 'Hello Ana. This is Sunrise Clinic with a reminder of your appointment on Tuesday, December 1 at 3:30 PM. To confirm it, press 1. To cancel it, press 2.');
    assert.equal(texts(transcript).at(-1), 'Thank you, Ana. Your appointment on Tuesday, December 1 at 3:30 PM is confirmed. See you then. Goodbye.');
    assert.equal(served.backend.appointments.get('A-100')?.status, 'confirmed');
  });

  it('2 cancels it', async (t) => {
    const served = await serve(t, 'examples/appointment-reminder.yaml');
    const transcript = await call(served, ['2'], { params });
    assert.ok(texts(transcript).at(-1)?.startsWith('Your appointment on Tuesday, December 1 at 3:30 PM is cancelled.'));
    assert.equal(served.backend.appointments.get('A-100')?.status, 'cancelled');
  });

  it('nobody presses a key: the reminder is left as a voicemail message, nothing changes at the backend', async (t) => {
    const served = await serve(t, 'examples/appointment-reminder.yaml');
    const transcript = await call(served, ['-', '-'], { params });
    assert.ok(texts(transcript).at(-1)?.startsWith('Hello Ana, this is Sunrise Clinic with a reminder of your appointment on Tuesday, December 1 at 3:30 PM. Please call us at'));
    assert.equal(transcript.outcome, 'hangup');
    assert.equal(served.backend.appointments.get('A-100')?.status, 'booked');
  });

  it('the backend failing: the patient is told to call, the call ends cleanly', async (t) => {
    const served = await serve(t, 'examples/appointment-reminder.yaml');
    served.setBehaviour('failing');
    const transcript = await call(served, ['1'], { params });
    assert.ok(texts(transcript).at(-1)?.startsWith('Sorry, we could not record your answer just now.'));
    assert.equal(transcript.outcome, 'hangup');
  });
});
