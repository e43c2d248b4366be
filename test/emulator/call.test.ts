import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { formatTranscript, runCall, scriptedCaller, type TranscriptEvent } from '../../src/emulator/index.js';
import { mp3, response, serve } from './helpers/server.js';

const FROM = '+14155550100';
const TO = '+14155550199';

function ofType<K extends TranscriptEvent['type']>(events: readonly TranscriptEvent[], type: K) {
  return events.filter((e): e is Extract<TranscriptEvent, { type: K }> => e.type === type);
}

function call(answerUrl: string, extra: Partial<Parameters<typeof runCall>[0]> = {}) {
  return runCall({ answerUrl, from: FROM, to: TO, caller: scriptedCaller([]), ...extra });
}

describe('a call that only talks', () => {
  it('speaks, plays and hangs up at the end of the document', async (t) => {
    const server = await serve(t, (base) => ({
      '/answer': response(`<Speak language="es-US" voice="MAN">Hola a todos</Speak><Play>${base}/hello.mp3</Play><Wait length="2"/>`),
      '/hello.mp3': mp3(2),
    }));
    const transcript = await call(`${server.base}/answer`);
    assert.deepEqual(transcript.events.map((e) => e.type), ['request', 'speak', 'play', 'wait', 'hangup', 'end']);
    assert.deepEqual(ofType(transcript.events, 'speak').map((s) => [s.text, s.language, s.voice]), [['Hola a todos', 'es-US', 'MAN']]);
    assert.equal(ofType(transcript.events, 'play')[0]?.ok, true);
    assert.equal(transcript.outcome, 'end-of-xml');
    assert.equal(transcript.hangupCause, 'NORMAL_CLEARING');
    // 100 ms request + 3 words of speech (1.2 s) + 2 s of audio + 2 s wait
    assert.equal(transcript.durationMs, 5300);
  });

  it('plays a recording for as long as the file lasts, read from its MP3 frames (issue 18)', async (t) => {
    // The shipped message is 32 kbit/s: 10.3 s, which a size-based guess at 128 kbit/s made 2.6 s.
    const english = readFileSync(resolve(import.meta.dirname, '../../audio/english.mp3'));
    const server = await serve(t, (base) => ({
      '/answer': response(`<Play>${base}/english.mp3</Play>`),
      '/english.mp3': { type: 'audio/mpeg', body: english },
    }));
    const transcript = await call(`${server.base}/answer`);
    // 100 ms request + 10,318 ms of audio (soxi: 10.32 s)
    assert.equal(transcript.durationMs, 100 + 10_318);
  });

  it('sends the call parameters form-encoded to the answer URL', async (t) => {
    const server = await serve(t, () => ({ '/answer': response('<Hangup/>') }));
    const transcript = await call(`${server.base}/answer`);
    const [answer] = server.requests;
    assert.equal(answer?.method, 'POST');
    assert.equal(answer?.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.deepEqual(
      { ...answer?.params, SessionStart: undefined },
      {
        CallUUID: transcript.callUuid, From: '14155550100', To: '14155550199', Direction: 'outbound', CallStatus: 'in-progress',
        RequestUUID: answer?.params.RequestUUID, ALegUUID: transcript.callUuid, ALegRequestUUID: answer?.params.RequestUUID,
        CallerName: '', Event: 'StartApp', SessionStart: undefined, BillRate: '0.0085', ParentAuthID: '',
      },
    );
  });

  it('uses GET with a query string when answerMethod is GET', async (t) => {
    const server = await serve(t, () => ({ '/answer': response('<Hangup/>') }));
    await call(`${server.base}/answer?lang=en`, { answerMethod: 'GET' });
    assert.equal(server.requests[0]?.method, 'GET');
    assert.equal(server.requests[0]?.params.lang, 'en');
    assert.equal(server.requests[0]?.params.Event, 'StartApp');
  });

  it('ends the call at <Hangup> without running what follows', async (t) => {
    const server = await serve(t, () => ({ '/answer': response('<Speak>Bye</Speak><Hangup/><Speak>never</Speak>') }));
    const transcript = await call(`${server.base}/answer`);
    assert.deepEqual(ofType(transcript.events, 'speak').map((s) => s.text), ['Bye']);
    assert.equal(transcript.outcome, 'hangup');
  });

  it('requests the hangup URL with the duration and cause', async (t) => {
    const server = await serve(t, () => ({ '/answer': response('<Speak>Goodbye now</Speak>'), '/hangup': '' }));
    const transcript = await call(`${server.base}/answer`, { hangupUrl: `${server.base}/hangup`, startTime: new Date('2024-05-01T10:00:00Z') });
    const [hangup] = server.to('/hangup');
    assert.equal(hangup?.params.Event, 'Hangup');
    assert.equal(hangup?.params.CallStatus, 'completed');
    assert.equal(hangup?.params.CallUUID, transcript.callUuid);
    assert.equal(hangup?.params.HangupCause, 'NORMAL_CLEARING');
    assert.equal(hangup?.params.Duration, '1');
    assert.equal(hangup?.params.BillDuration, '60');
    assert.equal(hangup?.params.StartTime, '2024-05-01 10:00:00');
    assert.equal(hangup?.params.EndTime, '2024-05-01 10:00:00');
    assert.equal(transcript.requestCount, 2);
    // answer request 0.1 s + two words 0.8 s; the hangup request comes after the call
    assert.equal(transcript.durationMs, 900);
  });

  it('signs every request so that the SDK validateV3Signature accepts it', async (t) => {
    const authToken = 'emulator-test-token';
    const server = await serve(
      t,
      (base) => ({
        '/answer': response(`<Redirect method="GET">${base}/next?step=2</Redirect>`),
        '/next': response('<Speak>Signed</Speak>'),
        '/hangup': '',
      }),
      { authToken },
    );
    await call(`${server.base}/answer`, { authToken, hangupUrl: `${server.base}/hangup` });
    assert.deepEqual(server.requests.map((r) => [r.path, r.method, r.signatureValid]), [
      ['/answer', 'POST', true],
      ['/next', 'GET', true],
      ['/hangup', 'POST', true],
    ]);
  });
});

describe('failures Plivo ends the call on', () => {
  const failing = [
    { name: 'a non-2xx answer', reply: { status: 500, type: 'application/xml', body: response('<Speak>x</Speak>') }, error: 'HTTP 500' },
    { name: 'a non-XML content type', reply: { type: 'text/html', body: '<html>oops</html>' }, error: 'answered text/html, not XML' },
    { name: 'a body that is not XML', reply: { body: 'OK' }, error: 'malformed XML' },
    { name: 'an unknown element', reply: response('<Say>Hi</Say>'), error: '<Say>: unknown element' },
    { name: 'a bad attribute', reply: response('<Speak Language="en-US">Hi</Speak>'), error: 'attribute "Language" is not allowed' },
    { name: 'a relative action URL', reply: response('<GetDigits action="/menu"><Speak>Press</Speak></GetDigits>'), error: 'must be an absolute' },
  ];
  for (const { name, reply, error } of failing) {
    it(`reports ${name} as an error and hangs up`, async (t) => {
      const server = await serve(t, () => ({ '/answer': reply, '/hangup': '' }));
      const transcript = await call(`${server.base}/answer`, { hangupUrl: `${server.base}/hangup` });
      const errors = ofType(transcript.events, 'error');
      assert.equal(errors.length, 1);
      assert.ok(errors[0]?.message.includes(error), errors[0]?.message);
      assert.equal(ofType(transcript.events, 'speak').length, 0);
      assert.equal(transcript.outcome, 'error');
      assert.equal(server.to('/hangup')[0]?.params.HangupSource, 'Error');
    });
  }

  it('gives the answer-URL and action-URL failures different cause codes', async (t) => {
    const server = await serve(t, (base) => ({
      '/answer': response(`<Redirect>${base}/missing</Redirect>`),
      '/hangup': '',
    }));
    await call(`${server.base}/answer`, { hangupUrl: `${server.base}/hangup` });
    assert.equal(server.to('/missing').length, 1);
    assert.equal(server.to('/hangup')[0]?.params.HangupCauseCode, '7012');
  });

  it('turns a network error into an error event instead of throwing', async () => {
    const transcript = await call('http://127.0.0.1:9/answer');
    assert.equal(transcript.outcome, 'error');
    assert.match(ofType(transcript.events, 'error')[0]?.message ?? '', /^no answer from http:\/\/127\.0\.0\.1:9\/answer/);
  });

  it('stops a redirect loop after maxRequests requests', async (t) => {
    const server = await serve(t, (base) => ({ '/loop': response(`<Redirect>${base}/loop</Redirect>`) }));
    const transcript = await call(`${server.base}/loop`, { maxRequests: 5 });
    assert.equal(server.requests.length, 5);
    assert.equal(transcript.outcome, 'loop');
    assert.equal(ofType(transcript.events, 'error')[0]?.message, 'loop: more than 5 requests');
  });

  it('skips a Play whose URL is not audio, with an error event, and goes on', async (t) => {
    const server = await serve(t, (base) => ({
      '/answer': response(`<Play>${base}/page.html</Play><Speak>After</Speak>`),
      '/page.html': { type: 'text/html', body: '<html></html>' },
    }));
    const transcript = await call(`${server.base}/answer`);
    assert.equal(ofType(transcript.events, 'play')[0]?.ok, false);
    assert.match(ofType(transcript.events, 'error')[0]?.message ?? '', /cannot play .*page\.html: 200 text\/html/);
    assert.deepEqual(ofType(transcript.events, 'speak').map((s) => s.text), ['After']);
    assert.equal(transcript.outcome, 'end-of-xml');
  });

  it('ends the call when the caller fails', async (t) => {
    const server = await serve(t, () => ({ '/answer': response('<GetDigits><Speak>Press</Speak></GetDigits>') }));
    const caller = { gather: () => Promise.reject(new Error('keypad unplugged')), dial: async () => 'answered' as const };
    const transcript = await call(`${server.base}/answer`, { caller });
    assert.equal(transcript.outcome, 'error');
    assert.match(ofType(transcript.events, 'error')[0]?.message ?? '', /keypad unplugged/);
  });
});

describe('the transcript', () => {
  it('reports each event live and formats as readable lines', async (t) => {
    const server = await serve(t, (base) => ({
      '/answer': response(`<Speak>Welcome</Speak><Play>${base}/english.mp3</Play>`),
      '/english.mp3': mp3(1),
    }));
    const live: string[] = [];
    const transcript = await call(`${server.base}/answer`, { onEvent: (e) => live.push(e.type) });
    assert.deepEqual(live, transcript.events.map((e) => e.type));
    const lines = formatTranscript(transcript);
    assert.match(lines[1] ?? '', /^00:00\.1 {2}\[en-US\] "Welcome"$/);
    assert.match(lines[2] ?? '', /^00:00\.7 {2}♪ play http:\/\/.*\/english\.mp3$/);
    assert.match(lines.at(-1) ?? '', /^00:01\.7 {2}■ call ended: end-of-xml, 00:01\.7, 1 requests$/);
  });
});

describe('scheduled hang-up and the scripted caller', () => {
  it('hangs up at <Hangup schedule> while the rest of the document runs', async (t) => {
    const server = await serve(t, () => ({ '/answer': response('<Hangup schedule="3"/><Wait length="2"/><Wait length="2"/><Speak>late</Speak>') }));
    const transcript = await call(`${server.base}/answer`);
    assert.equal(ofType(transcript.events, 'wait').length, 2);
    assert.equal(ofType(transcript.events, 'speak').length, 0);
    assert.equal(transcript.outcome, 'hangup');
    assert.equal(transcript.durationMs, 3100);
  });

  it('refuses a script entry that is not phone keys', () => {
    assert.throws(() => scriptedCaller(['1', 'two']), /"two" is neither phone keys/);
  });

  it('formats key presses, dials and errors', async (t) => {
    const server = await serve(t, (base) => ({
      '/answer': response(`<GetDigits action="${base}/pick" numDigits="1"><Speak>Pick</Speak></GetDigits>`),
      '/pick': response(`<Dial><Number>+15557654321</Number></Dial><Redirect>${base}/bad</Redirect>`),
      '/bad': response('<Say>oops</Say>'),
    }));
    const transcript = await call(`${server.base}/answer`, { caller: scriptedCaller(['-', '1'], ['no-answer']) });
    const lines = formatTranscript(transcript).map((line) => line.slice(9));
    assert.ok(lines.includes('☎ silence'), lines.join('\n'));
    assert.equal(transcript.outcome, 'end-of-xml');
    const again = await call(`${server.base}/answer`, { caller: scriptedCaller(['1'], ['no-answer']) });
    const more = formatTranscript(again).map((line) => line.slice(9));
    assert.ok(more.includes('☎ press 1'), more.join('\n'));
    assert.ok(more.includes('→ dial +15557654321  (no-answer)'), more.join('\n'));
    assert.ok(more.some((l) => l.startsWith('✖ error invalid Plivo XML from') && l.includes('<Say>: unknown element')), more.join('\n'));
  });

  it('says which GetDigits try a key came in, and when Plivo would not send it (issue 18)', async (t) => {
    const server = await serve(t, (base) => ({
      '/answer': response(`<GetDigits action="${base}/pick" numDigits="1" retries="2" validDigits="1"><Speak>Pick</Speak></GetDigits>`),
      '/pick': response('<Hangup/>'),
    }));
    const transcript = await call(`${server.base}/answer`, { caller: scriptedCaller(['7', '1']) });
    const lines = formatTranscript(transcript).map((line) => line.slice(9));
    assert.ok(lines.includes('☎ press 7  (GetDigits try 1 of 2; not in validDigits: 7 not sent)'), lines.join('\n'));
    assert.ok(lines.includes('☎ press 1  (GetDigits try 2 of 2)'), lines.join('\n'));
  });
});
