import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { E2E_AUTH_TOKEN } from '../helpers/emulate.js';
import { allFinal, campaignRig, number } from '../helpers/campaigns.js';
import { sendSigned } from '../helpers/signed.js';

const ALWAYS_OPEN = { start: '00:00', end: '23:59' };

describe('campaigns API', () => {
  it('takes a CSV upload: header row, one recipient a line, other columns become the flow\'s values; exports CSV', async (t) => {
    const rig = await campaignRig(t, { callee: () => ({ kind: 'person', keys: ['1'] }) });
    const csv = `number,timezone,code\r\n${number(1)},Europe/London,1234\r\n"${number(2)}",America/Chicago,\r\n`;
    const response = await fetch(`${rig.url}/campaigns?name=Reminders&callsPerSecond=10&windowStart=00:00&windowEnd=23:59`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
    const created = (await response.json()) as { id: string; name: string; policy: { callsPerSecond: number } };
    assert.equal(response.status, 201, JSON.stringify(created));
    assert.equal(created.name, 'Reminders');
    assert.equal(created.policy.callsPerSecond, 10);
    const done = await rig.until(created.id, allFinal);
    assert.deepEqual(done.recipients.map((r) => [r.number, r.outcome]), [[number(1), 'person'], [number(2), 'person']]);
    const first = rig.plivo.calls.find((c) => c.to === number(1));
    // The value travels sealed in the answer URL (never in clear), and the flow speaks it.
    const answerUrl = first?.transcript?.events.find((e) => e.type === 'request')?.url ?? '';
    assert.match(answerUrl, /[?&]s=/, 'the value travels sealed in the answer URL');
    assert.doesNotMatch(answerUrl, /1234/, 'never in clear');

    const exported = await fetch(`${rig.url}/campaigns/${created.id}.csv`);
    assert.match(exported.headers.get('content-type') ?? '', /text\/csv/);
    const lines = (await exported.text()).trim().split('\r\n');
    assert.equal(lines[0], 'index,number,timezone,state,outcome,attempts,history,last_node,call_uuid,finished_at,detail');
    assert.match(lines[1] ?? '', new RegExp(`^0,\\${number(1)},Europe/London,done,person,1,person,confirmed,`));
    assert.equal((await (await fetch(`${rig.url}/campaigns/${created.id}?format=csv`)).text()).trim().split('\r\n').length, 3);
  });

  it('refuses a bad request with a JSON error that says what to fix', async (t) => {
    const rig = await campaignRig(t, { callee: () => ({ kind: 'person' }) });
    const cases: [string, string, RegExp][] = [
      ['text/csv', 'phone,tz\n+14155550100,UTC\n', /"number" column/],
      ['application/json', JSON.stringify({ recipients: [{ number: '4155550100' }] }), /recipients\[0\]\.number must be an E\.164/],
      ['application/json', JSON.stringify({ recipients: [{ number: number(1), timezone: 'Mars/Base' }] }), /IANA time zone/],
      ['application/json', JSON.stringify({ recipients: [{ number: number(1) }], policy: { callsPerSecond: 0 } }), /policy\.callsPerSecond must be a number from 0\.01/],
      ['application/json', JSON.stringify({ recipients: [{ number: number(1) }], flow: 'sales' }), /unknown flow "sales"; this server serves: default/],
      ['application/json', '{"recipients":', /not valid JSON/],
      ['text/plain', 'hello', /Content-Type: application\/json/],
    ];
    for (const [type, body, detail] of cases) {
      const response = await fetch(`${rig.url}/campaigns`, { method: 'POST', headers: { 'content-type': type }, body });
      const json = (await response.json()) as { error: string; detail: string };
      assert.ok(response.status === 400 || response.status === 415, `${body}: ${response.status}`);
      assert.match(json.detail, detail);
    }
    const missing = await fetch(`${rig.url}/campaigns/c0000000000000000`);
    assert.equal(missing.status, 404);
    assert.match(((await missing.json()) as { detail: string }).detail, /GET \/campaigns lists them/);
  });

  it('pauses, resumes and cancels; a cancelled campaign calls no one else', async (t) => {
    const rig = await campaignRig(t, { callee: () => ({ kind: 'person', keys: ['1'] }) });
    const created = await rig.create({ recipients: Array.from({ length: 6 }, (_, i) => ({ number: number(i), timezone: 'Europe/London' })), policy: { callsPerSecond: 2, window: ALWAYS_OPEN } });
    const id = String(created.json['id']);
    const post = async (action: string): Promise<{ status: number; json: Record<string, unknown> }> => {
      const response = await fetch(`${rig.url}/campaigns/${id}/${action}`, { method: 'POST' });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    };
    assert.deepEqual((await post('pause')).json, { id, status: 'paused' });
    const called = rig.plivo.calls.length;
    await new Promise((r) => setTimeout(r, 700));
    assert.equal(rig.plivo.calls.length, called, 'no call while paused');
    assert.deepEqual((await post('resume')).json, { id, status: 'running' });
    await rig.until(id, () => rig.plivo.calls.length > called);
    assert.equal((await post('cancel')).json['status'], 'cancelled');
    const after = rig.plivo.calls.length;
    const campaign = await rig.until(id, allFinal);
    assert.equal(rig.plivo.calls.length, after, 'no call after cancel');
    assert.equal(campaign.progress.byOutcome['cancelled'], 6 - after);
    const again = await post('resume');
    assert.equal(again.status, 409);
    assert.match(String(again.json['detail']), /is cancelled/);
  });

  it('is guarded like POST /calls (token), and its callbacks by Plivo\'s signature', async (t) => {
    const rig = await campaignRig(t, { callee: () => ({ kind: 'person' }), env: { CALLS_API_TOKEN: 'campaign-test-token' } });
    const denied = await fetch(`${rig.url}/campaigns`);
    assert.equal(denied.status, 401);
    assert.match(((await denied.json()) as { detail: string }).detail, /Authorization: Bearer/);
    const allowed = await fetch(`${rig.url}/campaigns`, { headers: { authorization: 'Bearer campaign-test-token' } });
    assert.equal(allowed.status, 200);
    assert.deepEqual(await allowed.json(), { campaigns: [] });

    const page = await fetch(`${rig.url}/campaigns/page`);
    assert.equal(page.status, 200, 'the panel itself is static; its data needs the token');
    assert.match(await page.text(), /<title>Campaigns<\/title>/);

    const callback = `${rig.url}/campaign-calls/c0123456789abcdef/0/1/hangup`;
    const forged = await sendSigned({ url: callback, params: { CallStatus: 'completed' }, authToken: 'not-the-token' });
    assert.equal(forged.status, 403);
    const unsigned = await sendSigned({ url: callback, params: { CallStatus: 'completed' } });
    assert.equal(unsigned.status, 403);
    const signed = await sendSigned({ url: callback, params: { CallStatus: 'completed' }, authToken: E2E_AUTH_TOKEN });
    assert.equal(signed.status, 200, 'a signed callback for an unknown campaign is answered and ignored');
    assert.match(signed.contentType, /xml/);
  });
});
