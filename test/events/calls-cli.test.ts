import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../helpers/app.js';
import { call, servePinFlow, until } from './helpers.js';

function calls(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', resolve(ROOT, 'src/cli/calls.ts'), ...args], { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', ...env }, timeout: 20_000 }, (error, stdout, stderr) => {
      done({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
  });
}

describe('npm run calls', () => {
  it('shows one call\'s story from the server and from the database file, the PIN masked', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'ivr-calls-cli-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const dataFile = join(dir, 'ivr.sqlite');
    const server = await servePinFlow(t, { DATA_FILE: dataFile });
    const transcript = await call(server, ['1', '24680#'], [], '+14155550133');
    await until(async () => (await server.events.story(transcript.callUuid))[0]?.events.at(-1)?.kind === 'hangup', 'the hangup');
    server.events.flush();

    const fromServer = await calls(['show', '+14155550133', '--url', server.url]);
    assert.equal(fromServer.stderr, '');
    assert.equal(fromServer.status, 0);
    const lines = fromServer.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', new RegExp(`^Call ${transcript.callUuid} from 14155550133 to 14155550122, flow version [0-9a-f]{12}$`));
    const steps = lines.slice(1).map((l) => l.replace(/^\s+[\d:.]+\s+/, '').replace(/\s+[\d.]+ ms$/, '').replace(/\s+/g, ' '));
    assert.deepEqual(steps.slice(0, 4), ['main arrived', 'main pressed 1 → pin', 'pin pressed ••• → confirm', 'bye arrived']);
    assert.match(steps[4] ?? '', /^hangup NORMAL_CLEARING after \d+ s$/);
    assert.equal(steps.length, 5);
    assert.ok(!fromServer.stdout.includes('24680'));

    const fromFile = await calls(['show', transcript.callUuid, '--data-file', dataFile, '--xml']);
    assert.equal(fromFile.status, 0, fromFile.stderr);
    assert.match(fromFile.stdout, /<GetDigits/);
    assert.ok(!fromFile.stdout.includes('24680') && !fromFile.stdout.includes('2 4 6 8 0'));
  });

  it('explains itself with --help, and a wrong use exits 2', async () => {
    const help = await calls(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^usage: npm run calls -- show/);
    const wrong = await calls(['shw', 'x']);
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /cannot understand "shw x"/);
    const missing = await calls(['show', 'nobody', '--url', 'http://127.0.0.1:9']);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /does not answer/);
  });
});
