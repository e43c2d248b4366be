/**
 * kill -9 in the middle of a campaign, start again: every recipient reaches a final state, and
 * Plivo's stand-in saw exactly as many calls to each number as the recipient's attempts (no call
 * placed twice, none forgotten). Slow (two server start-ups): under test/slow.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startVoiceApiServer } from '../../src/emulator/voice-api-server.js';
import { ROOT } from '../helpers/app.js';
import { FROM, number, REMINDER_FLOW, type CampaignView } from '../helpers/campaigns.js';
import { E2E_AUTH_ID, E2E_AUTH_TOKEN } from '../helpers/emulate.js';

const freePort = (): Promise<number> => new Promise((resolve, reject) => {
  const server = createServer();
  server.once('error', reject);
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
  });
});

async function startServer(env: Record<string, string>, url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'ignore' });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return child;
    } catch { /* not yet */ }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a campaign across kill -9', () => {
  it('resumes after a restart: every recipient final, each call placed once', { timeout: 240_000 }, async (t) => {
    const kinds = ['person', 'busy', 'no-answer', 'machine', 'failed'] as const;
    const plivo = await startVoiceApiServer({
      authId: E2E_AUTH_ID, authToken: E2E_AUTH_TOKEN, cps: 1000, ringMs: 200, callbackRetries: 30, transferWaitMs: 500,
      callee: (to) => { const kind = kinds[Number(to.slice(-2)) % kinds.length] ?? 'person'; return kind === 'person' ? { kind, keys: ['1'] } : { kind }; },
    });
    const dir = mkdtempSync(join(tmpdir(), 'campaign-restart-'));
    writeFileSync(join(dir, 'flow.yaml'), REMINDER_FLOW);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = {
      PORT: String(port), PUBLIC_URL: url, DATA_FILE: join(dir, 'ivr.sqlite'), IVR_CONFIG: join(dir, 'flow.yaml'), LOG_LEVEL: 'warn',
      PLIVO_AUTH_ID: E2E_AUTH_ID, PLIVO_AUTH_TOKEN: E2E_AUTH_TOKEN, PLIVO_API_URL: plivo.url, PLIVO_FROM_NUMBER: FROM,
    };
    let child = await startServer(env, url);
    t.after(async () => { child.kill('SIGKILL'); await plivo.settled(); await plivo.close(); });

    const total = 30;
    const response = await fetch(`${url}/campaigns`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({
      recipients: Array.from({ length: total }, (_, i) => ({ number: number(i), timezone: 'Europe/London' })),
      policy: { callsPerSecond: 8, maxInProgress: 10, window: { start: '00:00', end: '23:59' }, maxAttempts: 2, retryAfterSeconds: 1, ringTimeout: 5 },
    }) });
    const { id } = (await response.json()) as { id: string };
    assert.equal(response.status, 201);

    while (plivo.calls.length < 10) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const callsAtKill = plivo.calls.length;
    child = await startServer(env, url);

    let campaign: CampaignView | undefined;
    const deadline = Date.now() + 150_000;
    for (;;) {
      campaign = (await (await fetch(`${url}/campaigns/${id}`)).json()) as CampaignView;
      if (campaign.status === 'completed') break;
      assert.ok(Date.now() < deadline, `not finished: ${JSON.stringify(campaign.progress)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await plivo.settled();
    assert.ok(callsAtKill < plivo.calls.length, 'calls went on after the restart');
    assert.equal(campaign.recipients.length, total);
    for (const recipient of campaign.recipients) {
      assert.equal(recipient.state, 'done', `recipient ${recipient.index} is final`);
      const placed = plivo.calls.filter((c) => c.to === recipient.number).length;
      assert.equal(placed, recipient.attempts, `recipient ${recipient.index}: ${placed} calls at Plivo for ${recipient.attempts} attempts (${recipient.history.join(',')})`);
      assert.equal(recipient.history.length, recipient.attempts, `each attempt of ${recipient.index} has exactly one outcome`);
    }
    const expected = (i: number): string => (kinds[i % kinds.length] ?? '');
    campaign.recipients.forEach((r) => assert.ok(r.outcome === expected(r.index) || r.outcome === 'unknown', `recipient ${r.index}: ${r.outcome}`));
  });
});
