import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VirtualClock } from '../../src/campaigns/clock.js';
import { allFinal, campaignRig, number } from '../helpers/campaigns.js';

const ALWAYS_OPEN = { start: '00:00', end: '23:59' };

/** Plivo receives requests some ms apart from when they were sent: on a 2-core machine shared by many processes this delivery jitter reached ~100 ms; the dispatcher itself spaces claims exactly 1000 / cps apart. */
const JITTER_MS = 150;

describe('campaign pacing and calling hours', () => {
  it('never starts more calls per second than the pace, measured where Plivo receives them', async (t) => {
    const rig = await campaignRig(t, { callee: () => ({ kind: 'person', keys: ['1'] }) });
    const cps = 5;
    const created = await rig.create({ recipients: Array.from({ length: 12 }, (_, i) => ({ number: number(i), timezone: 'Europe/London' })), policy: { callsPerSecond: cps, maxInProgress: 50, window: ALWAYS_OPEN } });
    await rig.until(String(created.json['id']), allFinal);
    const times = rig.plivo.calls.map((c) => c.receivedAt).sort((a, b) => a - b);
    assert.equal(times.length, 12);
    // Any cps + 1 consecutive calls span at least a second: no 1-second window holds more than cps.
    for (let i = 0; i + cps < times.length; i++) {
      const span = (times[i + cps] ?? 0) - (times[i] ?? 0);
      assert.ok(span >= 1000 - JITTER_MS, `calls ${i}..${i + cps} came ${span} ms apart: more than ${cps} in a second`);
    }
    // And the pace is used, not wasted: 12 calls at 5/s take about 2.2 s, not much more.
    const total = (times.at(-1) ?? 0) - (times[0] ?? 0);
    assert.ok(total < 4000, `12 calls took ${total} ms`);
  });

  it('holds the calls in progress to maxInProgress', async (t) => {
    const rig = await campaignRig(t, { callee: () => ({ kind: 'person', keys: ['-', '1'] }) });
    const created = await rig.create({ recipients: Array.from({ length: 6 }, (_, i) => ({ number: number(i), timezone: 'Europe/London' })), policy: { callsPerSecond: 100, maxInProgress: 2, window: ALWAYS_OPEN } });
    await rig.until(String(created.json['id']), allFinal, 15_000);
    await rig.plivo.settled();
    const calls = rig.plivo.calls;
    assert.equal(calls.length, 6);
    // At Plivo, a call lasts from its request to its hangup callback: never more than two overlap.
    const overlapping = calls.map((c) => calls.filter((o) => o.receivedAt <= c.receivedAt && (o.endedAt ?? Infinity) > c.receivedAt).length);
    assert.ok(Math.max(...overlapping) <= 2, `up to ${Math.max(...overlapping)} calls overlapped`);
    assert.ok(Math.max(...overlapping) === 2, 'and the cap is used');
  });

  it('waits for calling hours in the recipient\'s time zone, then calls when they open (virtual clock)', async (t) => {
    // 12:30 UTC on a January day: 07:30 in New York (closed), 12:30 in London (open).
    const clock = new VirtualClock(Date.parse('2026-01-15T12:30:00Z'));
    const rig = await campaignRig(t, { callee: () => ({ kind: 'person', keys: ['1'] }), clock });
    const created = await rig.create({ recipients: [
      { number: number(1), timezone: 'America/New_York' },
      { number: '+442071838750' },
      { number: number(3) },
    ] });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const id = String(created.json['id']);
    let campaign = await rig.until(id, (c) => c.recipients[1]?.state === 'done');
    assert.deepEqual(rig.plivo.calls.map((c) => c.to), ['+442071838750'], 'London (zone from the number) is called at once');
    assert.equal(campaign.recipients[0]?.state, 'waiting');
    assert.equal(campaign.recipients[0]?.nextAt, '2026-01-15T13:00:00.000Z', 'New York waits until 08:00 local');
    assert.match(campaign.recipients[0]?.detail ?? '', /outside calling hours/);
    assert.equal(campaign.recipients[2]?.state, 'held', 'a US number without a zone is held, not guessed');
    assert.match(campaign.recipients[2]?.detail ?? '', /timezone/);

    clock.advance(29 * 60_000);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(rig.plivo.calls.length, 1, 'still closed at 07:59');
    clock.advance(60_000);
    campaign = await rig.until(id, (c) => c.recipients[0]?.state === 'done');
    assert.equal(campaign.recipients[0]?.outcome, 'person');
    assert.deepEqual(rig.plivo.calls.map((c) => c.to), ['+442071838750', number(1)]);
    assert.equal(campaign.recipients[2]?.state, 'held');
  });
});
