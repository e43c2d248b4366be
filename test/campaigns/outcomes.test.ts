import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allFinal, campaignRig, number } from '../helpers/campaigns.js';

const NY = 'America/New_York';
/** Every test here calls at noon New York time, whatever the machine's clock says. */
const ALWAYS_OPEN = { start: '00:00', end: '23:59' };

describe('campaign outcomes from Plivo callbacks', () => {
  it('records person, machine, busy, no answer and failed, and where each call ended', async (t) => {
    const script = ['person', 'machine', 'busy', 'no-answer', 'failed'] as const;
    const rig = await campaignRig(t, { callee: (to) => {
      const kind = script[Number(to.slice(-2))] ?? 'person';
      return kind === 'person' ? { kind, keys: ['1'] } : { kind };
    } });
    const created = await rig.create({
      recipients: script.map((_, i) => ({ number: number(i), timezone: NY })),
      policy: { callsPerSecond: 50, window: ALWAYS_OPEN, maxAttempts: 1 },
    });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const id = String(created.json['id']);
    const done = await rig.until(id, allFinal);
    assert.deepEqual(done.recipients.map((r) => r.outcome), ['person', 'machine', 'busy', 'no-answer', 'failed']);
    assert.equal(done.recipients[0]?.lastNode, 'confirmed', 'the person pressed 1 and the call ended at confirmed');
    assert.deepEqual(done.progress.byOutcome, { person: 1, machine: 1, busy: 1, 'no-answer': 1, failed: 1, dnc: 0, cancelled: 0, unknown: 0 });
    assert.equal((await rig.until(id, (c) => c.status === 'completed')).status, 'completed');
  });

  it('transfers a machine to the flow\'s onMachine node: it hears the voicemail, not the menu', async (t) => {
    const rig = await campaignRig(t, { callee: () => ({ kind: 'machine' }) });
    const created = await rig.create({ recipients: [{ number: number(1), timezone: NY }], policy: { window: ALWAYS_OPEN } });
    const done = await rig.until(String(created.json['id']), allFinal);
    assert.equal(done.recipients[0]?.outcome, 'machine');
    await rig.plivo.settled();
    const call = rig.plivo.calls[0];
    assert.match(call?.transferredTo ?? '', /\/node\/voicemail$/);
    const heard = (call?.transcript?.events ?? []).flatMap((e) => (e.type === 'speak' ? [e.text] : []));
    assert.deepEqual(heard, ['This is a reminder of your appointment tomorrow. Please call us back.']);
  });

  it('retries busy and no-answer after the back-off, up to maxAttempts, then stops', async (t) => {
    const rig = await campaignRig(t, { callee: () => ({ kind: 'busy' }) });
    const created = await rig.create({ recipients: [{ number: number(1), timezone: NY }], policy: { window: ALWAYS_OPEN, maxAttempts: 3, retryAfterSeconds: 0.2, backoffFactor: 2, callsPerSecond: 50 } });
    const done = await rig.until(String(created.json['id']), allFinal);
    const recipient = done.recipients[0];
    assert.equal(recipient?.attempts, 3);
    assert.deepEqual(recipient?.history, ['busy', 'busy', 'busy']);
    assert.equal(rig.plivo.calls.length, 3, 'three calls placed, no fourth');
    const [first, second, third] = rig.plivo.calls.map((c) => c.receivedAt);
    assert.ok((second ?? 0) - (first ?? 0) >= 200, 'the first retry waits 0.2 s');
    assert.ok((third ?? 0) - (second ?? 0) >= 400, 'the second waits twice as long');
  });

  it('skips numbers on the do-not-call list (the server\'s file and the campaign\'s own) without calling them', async (t) => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const file = `${mkdtempSync(`${tmpdir()}/dnc-`)}/dnc.txt`;
    writeFileSync(file, `# do not call\n${number(2)}\n`);
    const rig = await campaignRig(t, { callee: () => ({ kind: 'person', keys: ['1'] }), env: { DNC_FILE: file } });
    const created = await rig.create({
      recipients: [0, 1, 2].map((i) => ({ number: number(i), timezone: NY })),
      doNotCall: [number(1)],
      policy: { window: ALWAYS_OPEN, callsPerSecond: 50 },
    });
    const done = await rig.until(String(created.json['id']), allFinal);
    assert.deepEqual(done.recipients.map((r) => r.outcome), ['person', 'dnc', 'dnc']);
    assert.deepEqual(rig.plivo.calls.map((c) => c.to), [number(0)]);
  });

  it('never has two live calls to one number of a campaign', async (t) => {
    const rig = await campaignRig(t, { callee: () => ({ kind: 'person', keys: ['1'] }) });
    const created = await rig.create({ recipients: [1, 1, 1].map((i) => ({ number: number(i), timezone: NY })), policy: { window: ALWAYS_OPEN, callsPerSecond: 100, maxInProgress: 10 } });
    await rig.until(String(created.json['id']), allFinal);
    await rig.plivo.settled();
    const calls = rig.plivo.calls;
    assert.equal(calls.length, 3);
    // Each call was asked for only after the one before it had hung up.
    for (let i = 1; i < calls.length; i++) {
      const before = rig.logs().find((l) => l['message'] === 'campaign call ended' && l['index'] === i - 1);
      assert.ok(before !== undefined);
    }
    const endedAt = rig.logs().filter((l) => l['message'] === 'campaign call ended').map((l) => Date.parse(String(l['timestamp'])));
    calls.slice(1).forEach((call, i) => assert.ok(call.receivedAt >= (endedAt[i] ?? Infinity) - 5, `call ${i + 1} started after call ${i} ended`));
  });
});
