import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runTool, type CliRun } from './run-cli.js';
import { AUTH_ID, AUTH_TOKEN, FIRED } from '../plivo/plivo-api.js';

const PUBLIC_URL = 'https://ivr-test.ngrok-free.app';

/** Runs `npm run call -- …` as a user would, Plivo faked inside the child process. */
function runCall(args: string[], env: Record<string, string>, expect: Record<string, unknown> = {}): Promise<CliRun> {
  return runTool('call', args, { env: { PUBLIC_URL, FAKE_PLIVO_EXPECT: JSON.stringify(expect), ...env }, preload: ['test/plivo/fake-plivo-preload.ts'] });
}

const CREDENTIALS = { PLIVO_AUTH_ID: AUTH_ID, PLIVO_AUTH_TOKEN: AUTH_TOKEN, PLIVO_FROM_NUMBER: '+14155550111' };

describe('npm run call', () => {
  it('places the call like POST /calls and prints the request UUID', async () => {
    const expect = { from: '14155550111', to: '14155550100', answer_url: `${PUBLIC_URL}/node/language`, hangup_url: `${PUBLIC_URL}/hangup`, answer_method: 'POST' };
    const run = await runCall(['+14155550100'], CREDENTIALS, expect);
    assert.equal(run.stderr, '');
    assert.equal(run.status, 0);
    assert.match(run.stdout, new RegExp(`^call placed: request UUID ${FIRED.request_uuid}\n`));
  });

  it('runs a named flow with --flow NAME (a file of FLOWS_DIR), and names the flows it knows for an unknown one', async () => {
    const expect = { answer_url: `${PUBLIC_URL}/flows/support/node/welcome`, hangup_url: `${PUBLIC_URL}/flows/support/hangup` };
    const run = await runCall(['+14155550100', '--flow', 'support'], { ...CREDENTIALS, FLOWS_DIR: 'examples' }, expect);
    assert.equal(run.stderr, '');
    assert.equal(run.status, 0);
    assert.match(run.stdout, /answered at https:\/\/ivr-test\.ngrok-free\.app\/flows\/support\/node\/welcome\n/);
    const unknown = await runCall(['+14155550100', '--flow', 'constructor'], { ...CREDENTIALS, FLOWS_DIR: 'examples' });
    assert.equal(unknown.status, 1);
    // It names every flow of FLOWS_DIR (the examples folder grows), never an Object.prototype name.
    assert.match(unknown.stderr, /^error: no flow named "constructor" on this server; it serves "[a-z-]+"(, "[a-z-]+")* besides its default flow \(name none for that one\)\n$/);
    assert.match(unknown.stderr, /"clinic", .*"reminder", "support"/);
  });

  it('refuses a number that is not E.164 with the same message as the endpoint, and exits 1', async () => {
    const run = await runCall(['4155550100'], CREDENTIALS);
    assert.equal(run.status, 1);
    assert.equal(run.stderr, 'error: to must be an E.164 phone number with country code, e.g. +14155550100\n');
  });

  it('says which variables to set when the Plivo credentials are missing, and exits 1', async () => {
    const run = await runCall(['+14155550100'], { PLIVO_FROM_NUMBER: '+14155550111' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /need PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN/);
  });

  it('explains its usage and exits 2 without a number', async () => {
    const run = await runCall([], CREDENTIALS);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /usage: npm run call -- TO/);
  });

  it('prints its usage and exits 0 with --help (issue 18)', async () => {
    const run = await runCall(['--help'], {});
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^usage: npm run call -- TO \[--from NUMBER\]/);
    assert.equal(run.stderr, '');
  });

  it('offers --from only when the caller ID is all that is missing (issue 18)', async () => {
    const noAuth = await runCall(['+14155550100'], {});
    assert.equal(noAuth.status, 1);
    assert.doesNotMatch(noAuth.stderr, /pass|from" in the request/);
    const noFrom = await runCall(['+14155550100'], { PLIVO_AUTH_ID: AUTH_ID, PLIVO_AUTH_TOKEN: AUTH_TOKEN });
    assert.equal(noFrom.status, 1);
    assert.match(noFrom.stderr, /need PLIVO_FROM_NUMBER: set it in the environment \(then restart the server\), or pass --from <number>\n$/);
  });
});
