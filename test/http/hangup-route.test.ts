import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startApp } from '../helpers/app.js';
import { parsePlivoXml } from '../helpers/xml.js';
import { gatherOf, webhook } from '../helpers/webhook.js';
import { CALLING_ENV, FIRED, interceptPlivo, postCall } from '../plivo/plivo-api.js';

const CALL_UUID = 'b2e1a7c0-1111-4d3a-9c55-000000000001';
const HANGUP = {
  CallUUID: CALL_UUID, RequestUUID: FIRED.request_uuid, Event: 'Hangup', Direction: 'outbound',
  From: '14155550111', To: '14155550100', CallStatus: 'completed', HangupCause: 'NORMAL_CLEARING',
  Duration: '42', BillDuration: '60', StartTime: '2025-01-01 10:00:00', EndTime: '2025-01-01 10:00:42',
};

describe('POST /hangup', () => {
  it('logs "call ended" with the duration, bill duration and cause, and answers 200 with an empty Response', async (t) => {
    const app = await startApp(t);
    const response = await fetch(`${app.url}/hangup`, { method: 'POST', body: new URLSearchParams(HANGUP) });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/xml/);
    const doc = parsePlivoXml(await response.text());
    assert.equal(doc.name, 'Response');
    assert.deepEqual(doc.children, []);
    const ended = app.logs().find((line) => line['message'] === 'call ended');
    assert.deepEqual(
      { ...ended, timestamp: undefined },
      {
        message: 'call ended', level: 'info', timestamp: undefined, callUuid: CALL_UUID, requestUuid: FIRED.request_uuid,
        from: '14155550111', to: '14155550100', callStatus: 'completed', hangupCause: 'NORMAL_CLEARING', duration: 42, billDuration: 60,
      },
    );
  });

  it('answers 200 even to a hang-up notice without the usual parameters', async (t) => {
    const app = await startApp(t);
    const response = await fetch(`${app.url}/hangup`, { method: 'POST' });
    assert.equal(response.status, 200);
    assert.equal(app.logs().find((line) => line['message'] === 'call ended')?.['callUuid'], 'unknown');
  });
});

describe("a placed call's story in the log", () => {
  it('can be read back by grepping its CallUUID (and the request UUID links it to "call placed")', async (t) => {
    const plivo = interceptPlivo(t);
    plivo.api().reply(201, FIRED);
    // Plivo's credentials turn signature checks on; this story is about the log, not signatures.
    const app = await startApp(t, { env: { ...CALLING_ENV, PLIVO_VERIFY_SIGNATURES: 'false' } });
    const placed = await postCall(app.url, { to: '+14155550100' });
    const answerUrl = String(placed.body['answerUrl']);

    const call = { CallUUID: CALL_UUID, RequestUUID: FIRED.request_uuid, From: '14155550111', To: '14155550100', Direction: 'outbound' };
    const answered = await webhook(answerUrl, { ...call, Event: 'StartApp', CallStatus: 'in-progress' });
    await webhook(gatherOf(answered.doc)?.attributes['action'] ?? '', { ...call, Digits: '1' });
    await fetch(`${app.url}/hangup`, { method: 'POST', body: new URLSearchParams({ ...HANGUP, ...call }) });

    const lines = app.logs().map((line) => JSON.stringify(line));
    const story = lines.filter((line) => line.includes(CALL_UUID)).map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(story.map((line) => line['message']), ['node served', 'node served', 'call ended']);
    assert.deepEqual([story[0]?.['from'], story[0]?.['to'], story[0]?.['requestUuid']], ['14155550111', '14155550100', FIRED.request_uuid]);
    assert.equal(story[1]?.['digits'], '1');
    assert.equal(story[2]?.['duration'], 42);
    const byRequest = lines.filter((line) => line.includes(FIRED.request_uuid)).map((line) => (JSON.parse(line) as Record<string, unknown>)['message']);
    assert.deepEqual(byRequest, ['call placed', 'node served', 'call ended']);
  });
});
