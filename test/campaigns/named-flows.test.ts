import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allFinal, campaignRig, number, REMINDER_FLOW } from '../helpers/campaigns.js';

const ALWAYS_OPEN = { start: '00:00', end: '23:59' };
const NY = 'America/New_York';
const SURVEY = REMINDER_FLOW.replace('entry: reminder', 'entry: survey').replace('  reminder:', '  survey:')
  .replace('Your appointment is tomorrow. Press 1 to confirm, 2 to cancel.', 'A short survey. Press 1 if you were happy, 2 if not.')
  .replace('This is a reminder of your appointment tomorrow. Please call us back.', 'This was our survey. No need to call back.');

describe('campaigns run a named flow', () => {
  it('calls at /flows/<name>/…: a person hears that flow, a machine gets that flow\'s onMachine', async (t) => {
    const rig = await campaignRig(t, { named: { survey: SURVEY }, callee: (to) => (to.endsWith('1') ? { kind: 'person', keys: ['1'] } : { kind: 'machine' }) });
    const created = await rig.create({ flow: 'survey', recipients: [{ number: number(1), timezone: NY }, { number: number(2), timezone: NY }], policy: { window: ALWAYS_OPEN, callsPerSecond: 50 } });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const done = await rig.until(String(created.json['id']), allFinal);
    assert.deepEqual(done.recipients.map((r) => r.outcome), ['person', 'machine']);
    await rig.plivo.settled();
    const person = rig.plivo.calls.find((c) => c.to.endsWith(number(1).slice(1)) || c.to === number(1));
    const heard = (person?.transcript?.events ?? []).flatMap((e) => (e.type === 'speak' ? [e.text] : []));
    assert.equal(heard[0], 'A short survey. Press 1 if you were happy, 2 if not.');
    const asked = (person?.transcript?.events ?? []).flatMap((e) => (e.type === 'request' && e.purpose !== 'hangup' ? [new URL(e.url).pathname] : []));
    assert.ok(asked.length > 0 && asked.every((p) => p.startsWith('/flows/survey/node/')), asked.join(' '));
    const machine = rig.plivo.calls.find((c) => c !== person);
    assert.match(machine?.transferredTo ?? '', /\/flows\/survey\/node\/voicemail$/);
  });

  it('refuses a flow the server does not serve, whatever its name', async (t) => {
    const rig = await campaignRig(t, { named: { survey: SURVEY }, callee: () => ({ kind: 'person', keys: ['1'] }) });
    for (const flow of ['nope', 'constructor']) {
      const created = await rig.create({ flow, recipients: [{ number: number(1), timezone: NY }] });
      assert.ok(created.status >= 400 && created.status < 500, `${flow}: ${created.status}`);
      assert.match(JSON.stringify(created.json), /default, survey/);
    }
    assert.equal(rig.plivo.calls.length, 0);
  });
});
