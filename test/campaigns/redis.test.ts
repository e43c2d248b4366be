import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { allFinal, campaignRig, number } from '../helpers/campaigns.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';

const JITTER_MS = 150;

describe('campaigns on Redis (BullMQ), two server instances', () => {
  let redis: RedisServer;
  before(async () => { redis = await startRedisServer(); });
  after(async () => { await redis.stop(); });

  it('share one campaign and one calls-per-second budget; each recipient is dialled once', async (t) => {
    const env = { REDIS_URL: redis.url };
    const first = await campaignRig(t, { callee: (to) => (Number(to.slice(-2)) % 3 === 0 ? { kind: 'busy' } : { kind: 'person', keys: ['1'] }), env });
    const second = await campaignRig(t, { callee: () => ({ kind: 'person' }), env, plivo: first.plivo });
    const cps = 4;
    const created = await first.create({
      recipients: Array.from({ length: 14 }, (_, i) => ({ number: number(i), timezone: 'Europe/London' })),
      policy: { callsPerSecond: cps, maxInProgress: 20, window: { start: '00:00', end: '23:59' }, maxAttempts: 1 },
    });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const id = String(created.json['id']);
    const done = await second.until(id, allFinal, 20_000);
    await first.plivo.settled();

    const calls = first.plivo.calls;
    assert.deepEqual(calls.map((c) => c.to).sort(), Array.from({ length: 14 }, (_, i) => number(i)).sort(), 'every number called exactly once');
    assert.deepEqual(done.recipients.map((r) => r.outcome), Array.from({ length: 14 }, (_, i) => (i % 3 === 0 ? 'busy' : 'person')));
    const placedBy = [first, second].map((rig) => rig.logs().filter((l) => l['message'] === 'campaign call placed').length);
    assert.equal(placedBy[0]! + placedBy[1]!, 14);
    assert.ok(placedBy[0]! > 0 && placedBy[1]! > 0, `both instances placed calls (${placedBy.join(' + ')})`);

    const times = calls.map((c) => c.receivedAt).sort((a, b) => a - b);
    for (let i = 0; i + cps < times.length; i++) {
      const span = (times[i + cps] ?? 0) - (times[i] ?? 0);
      assert.ok(span >= 1000 - JITTER_MS, `calls ${i}..${i + cps} came ${span} ms apart: more than ${cps} in a second across both instances`);
    }
    assert.equal((await first.until(id, (c) => c.status === 'completed', 5000)).status, 'completed');
  });
});
