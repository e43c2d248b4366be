/**
 * `npx tsx bench/campaign.ts [recipients]`: the campaign dispatcher's own cost, apart from the
 * network. A campaign of N recipients (default 5000) in an in-memory SQLite, a Voice API that
 * accepts every call at once and hangs it up (the hangup callback's work is counted), and a virtual clock stepped 10 ms at a time, so the pace (100
 * calls/s, the policy's maximum) never waits on real time. Reports recipients scheduled per
 * second of CPU, the dispatcher's CPU per call, and that cost as a share of the gap a pace of
 * 2 calls/s (Plivo's default) leaves between calls. Run on its own; `npm run bench` may call it.
 */
import { PassThrough } from 'node:stream';
import { VirtualClock } from '../src/campaigns/clock.js';
import { createDncList } from '../src/campaigns/dnc.js';
import { DEFAULT_POLICY } from '../src/campaigns/model.js';
import { embeddedCampaigns } from '../src/campaigns/service.js';
import type { VoiceApi } from '../src/campaigns/voice-api.js';
import { createLogger } from '../src/log.js';
import { openDatabase } from '../src/store/database.js';

export interface CampaignBench { recipients: number; createMs: number; scheduledPerCpuSecond: number; cpuMsPerCall: number; shareOfPaceGap: number }

export async function benchCampaign(count = 5000): Promise<CampaignBench> {
  const db = openDatabase(':memory:');
  const clock = new VirtualClock(Date.parse('2026-01-15T12:00:00Z'));
  let placed = 0;
  // Every call is answered by a person and hangs up at once: the hangup callback runs after each step.
  const ended: { campaignId: string; index: number; attempt: number }[] = [];
  const voice: VoiceApi = {
    createCall: async (call) => {
      const [, campaignId = '', index = '0', attempt = '1'] = /campaign-calls\/([^/]+)\/(\d+)\/(\d+)\//.exec(call.hangupUrl) ?? [];
      ended.push({ campaignId, index: Number(index), attempt: Number(attempt) });
      return { requestUuid: `r${++placed}`, message: 'call fired' };
    },
    transfer: async () => undefined,
  };
  const campaigns = embeddedCampaigns({
    db, voice, clock, dnc: createDncList({}), publicUrl: 'http://bench.invalid', defaultFrom: '+14155550100', allowedDestinations: [],
    logger: createLogger({ level: 'error', secrets: [], stream: new PassThrough() }),
    flows: { names: () => ['default'], flow: () => undefined, answerUrlFor: () => 'http://bench.invalid/node/entry', nodeUrlFor: () => 'http://bench.invalid/node/x' },
  });
  const started = performance.now();
  const created = await campaigns.create({
    name: 'bench', flow: 'default', from: '+14155550100', doNotCall: [],
    policy: { ...DEFAULT_POLICY, callsPerSecond: 100, maxInProgress: 10, window: { start: '00:00', end: '23:59' } },
    recipients: Array.from({ length: count }, (_, i) => ({ number: `+1415${String(2000000 + i).padStart(7, '0')}`, timezone: 'Europe/London', params: {} })),
  });
  const createMs = performance.now() - started;
  const cpu = process.cpuUsage();
  while (placed < count) {
    await campaigns.dispatcher.step();
    await new Promise((r) => setImmediate(r));
    for (const ids of ended.splice(0)) await campaigns.hangup(ids, { CallStatus: 'completed', HangupCause: 'NORMAL_CLEARING', AnswerTime: 'x' });
    clock.advance(10);
  }
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  // Let the last dials record Plivo's answer before checking.
  await new Promise((r) => setImmediate(r));
  if (campaigns.store.progress(created.id).byOutcome.person !== count) throw new Error('not every call was recorded');
  db.close();
  return { recipients: count, createMs, scheduledPerCpuSecond: count / (cpuMs / 1000), cpuMsPerCall: cpuMs / count, shareOfPaceGap: cpuMs / count / 500 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchCampaign(Number(process.argv[2] ?? 5000));
  process.stdout.write(`campaign dispatcher, ${result.recipients} recipients (in-memory SQLite, instant Voice API):\n`);
  process.stdout.write(`  created in ${result.createMs.toFixed(0)} ms\n`);
  process.stdout.write(`  ${result.scheduledPerCpuSecond.toFixed(0)} recipients scheduled per CPU second; ${(result.cpuMsPerCall * 1000).toFixed(0)} µs of CPU per call\n`);
  process.stdout.write(`  = ${(result.shareOfPaceGap * 100).toFixed(3)} % of the 500 ms between calls at 2 calls/s (Plivo's default CPS)\n`);
}
