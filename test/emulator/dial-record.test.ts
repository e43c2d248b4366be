import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCall, scriptedCaller, type DialOutcome, type DialRequest, type TranscriptEvent } from '../../src/emulator/index.js';
import { response, serve } from './helpers/server.js';

function ofType<K extends TranscriptEvent['type']>(events: readonly TranscriptEvent[], type: K) {
  return events.filter((e): e is Extract<TranscriptEvent, { type: K }> => e.type === type);
}

const spokenIn = (events: readonly TranscriptEvent[]) => ofType(events, 'speak').map((s) => s.text);

describe('Dial', () => {
  const outcomes: [DialOutcome, string, string][] = [
    ['answered', 'completed', 'true'],
    ['no-answer', 'no-answer', 'true'],
    ['busy', 'busy', 'false'],
    ['failed', 'failed', 'false'],
  ];
  for (const [outcome, dialStatus, rang] of outcomes) {
    it(`sends DialStatus=${dialStatus} to the action when the associate's line is ${outcome} and runs its document`, async (t) => {
      const server = await serve(t, (base) => ({
        '/answer': response(`<Dial action="${base}/after-dial" timeout="20"><Number>15557654321</Number></Dial><Speak>not reached</Speak>`),
        '/after-dial': response('<Speak>After the dial</Speak>'),
      }));
      const transcript = await runCall({
        answerUrl: `${server.base}/answer`, from: '+15550001111', to: '15550002222', caller: scriptedCaller([], [outcome]),
      });
      const params = server.to('/after-dial')[0]?.params;
      assert.equal(params?.DialStatus, dialStatus);
      assert.equal(params?.DialRingStatus, rang);
      assert.equal(params?.DialALegUUID, transcript.callUuid);
      assert.equal(params?.DialBLegUUID === '', outcome !== 'answered');
      assert.ok(params?.DialHangupCause);
      assert.equal(params?.CallUUID, transcript.callUuid);
      assert.deepEqual(ofType(transcript.events, 'dial').map((d) => [d.numbers, d.callerId, d.outcome]), [[['15557654321'], '+15550001111', outcome]]);
      assert.deepEqual(spokenIn(transcript.events), ['After the dial']);
    });
  }

  it('without an action continues after the Dial', async (t) => {
    const server = await serve(t, () => ({
      '/answer': response('<Dial callerId="15550009999"><Number>15557654321</Number><User>sip:desk@example.com</User></Dial><Speak>Still here</Speak>'),
    }));
    const requests: DialRequest[] = [];
    const transcript = await runCall({
      answerUrl: `${server.base}/answer`, from: '1', to: '2',
      caller: { gather: async () => null, dial: async (r) => (requests.push(r), 'busy') },
    });
    assert.deepEqual(requests, [{ numbers: ['15557654321', 'sip:desk@example.com'], callerId: '15550009999', timeoutSeconds: null }]);
    assert.deepEqual(spokenIn(transcript.events), ['Still here']);
    assert.equal(server.requests.length, 1);
  });

  it('counts the ring time of an unanswered dial in the call duration', async (t) => {
    const server = await serve(t, () => ({ '/answer': response('<Dial timeout="25"><Number>15557654321</Number></Dial>') }));
    const transcript = await runCall({ answerUrl: `${server.base}/answer`, from: '1', to: '2', caller: scriptedCaller([], ['no-answer']) });
    assert.equal(transcript.durationMs, 25_100);
  });
});

describe('Record', () => {
  it('records the caller and sends the recording to the action', async (t) => {
    const server = await serve(t, (base) => ({
      '/answer': response(`<Speak>Leave a message</Speak><Record action="${base}/voicemail" maxLength="30" fileFormat="wav"/>`),
      '/voicemail': response('<Speak>Thanks</Speak>'),
    }));
    const transcript = await runCall({
      answerUrl: `${server.base}/answer`, from: '1', to: '2', caller: scriptedCaller([], [], { recordingMs: 4200 }),
    });
    const params = server.to('/voicemail')[0]?.params;
    assert.equal(params?.RecordingDuration, '4');
    assert.equal(params?.RecordingDurationMs, '4200');
    assert.match(params?.RecordUrl ?? '', /^https:\/\/.+\.wav$/);
    assert.equal(params?.RecordFile, params?.RecordUrl);
    assert.equal(params?.RecordUrl?.includes(params.RecordingID ?? 'missing'), true);
    assert.equal(ofType(transcript.events, 'record')[0]?.durationMs, 4200);
    assert.deepEqual(spokenIn(transcript.events), ['Leave a message', 'Thanks']);
  });

  it('caps the recording at maxLength', async (t) => {
    const server = await serve(t, (base) => ({ '/answer': response(`<Record action="${base}/vm" maxLength="5"/>`), '/vm': response('') }));
    await runCall({ answerUrl: `${server.base}/answer`, from: '1', to: '2', caller: scriptedCaller([], [], { recordingMs: 90_000 }) });
    assert.equal(server.to('/vm')[0]?.params.RecordingDurationMs, '5000');
  });
});

describe('Redirect', () => {
  it('fetches the new document with Event=Redirect and drops the rest of the current one', async (t) => {
    const server = await serve(t, (base) => ({
      '/answer': response(`<Speak>One</Speak><Redirect method="GET">${base}/two?x=1</Redirect><Speak>skipped</Speak>`),
      '/two': response('<Speak>Two</Speak>'),
    }));
    const transcript = await runCall({ answerUrl: `${server.base}/answer`, from: '1', to: '2', caller: scriptedCaller([]) });
    const [two] = server.to('/two');
    assert.equal(two?.method, 'GET');
    assert.equal(two?.params.Event, 'Redirect');
    assert.equal(two?.params.x, '1');
    assert.deepEqual(spokenIn(transcript.events), ['One', 'Two']);
    assert.deepEqual(ofType(transcript.events, 'redirect').map((r) => [r.by, r.method, r.url.replace(server.base, '')]), [['Redirect', 'GET', '/two?x=1']]);
    assert.equal(transcript.requestCount, 2);
  });
});
