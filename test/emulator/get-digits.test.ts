import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { judgeKeys, runCall, scriptedCaller, type GatherPrompt, type Semantics, type TranscriptEvent } from '../../src/emulator/index.js';
import { mp3, response, serve } from './helpers/server.js';

function ofType<K extends TranscriptEvent['type']>(events: readonly TranscriptEvent[], type: K) {
  return events.filter((e): e is Extract<TranscriptEvent, { type: K }> => e.type === type);
}

/** A menu: GetDigits with the given attributes, then a goodbye that runs only on fall-through. */
function menu(base: string, attributes: string): string {
  return response(
    `<GetDigits action="${base}/choice" ${attributes}><Speak>Press 1 for sales</Speak></GetDigits>` +
      '<Speak>Goodbye</Speak><Hangup/>',
  );
}

async function dialIn(
  t: TestContext,
  attributes: string | ((base: string) => string),
  keys: string[], semantics: Partial<Semantics> = {}) {
  const server = await serve(t, (base) => ({
    '/answer': menu(base, typeof attributes === 'string' ? attributes : attributes(base)),
    '/choice': response('<Speak>You chose</Speak>'),
    '/invalid.mp3': mp3(1),
  }));
  const transcript = await runCall({
    answerUrl: `${server.base}/answer`, from: '15550001111', to: '15550002222', caller: scriptedCaller(keys), semantics,
  });
  const spoken = ofType(transcript.events, 'speak').map((s) => s.text);
  const gathers = ofType(transcript.events, 'gather').map((g) => `${g.attempt}/${g.tries} ${g.pressed ?? '-'} ${g.outcome}`);
  return { server, transcript, spoken, gathers };
}

describe('GetDigits', () => {
  it('sends valid digits to the action with the call parameters and runs its document', async (t) => {
    const { server, spoken, transcript } = await dialIn(t, 'numDigits="1"', ['1']);
    const [choice] = server.to('/choice');
    assert.equal(choice?.params.Digits, '1');
    assert.equal(choice?.params.CallUUID, transcript.callUuid);
    assert.equal(choice?.params.From, '15550001111');
    assert.deepEqual(spoken, ['Press 1 for sales', 'You chose']);
    assert.equal(transcript.outcome, 'end-of-xml');
  });

  it('falls through to the next element when every try is silent, without requesting the action', async (t) => {
    const { server, spoken, gathers, transcript } = await dialIn(t, 'retries="2" timeout="4"', []);
    assert.equal(server.to('/choice').length, 0);
    assert.deepEqual(gathers, ['1/2 - timeout', '2/2 - timeout']);
    assert.deepEqual(spoken, ['Press 1 for sales', 'Press 1 for sales', 'Goodbye']);
    assert.equal(transcript.outcome, 'hangup');
    // request 0.1 s + 2 × (prompt 1.6 s + timeout 4 s) + goodbye 0.6 s
    assert.equal(transcript.durationMs, 11_900);
  });

  it('plays invalidDigitsSound after an invalid key and tries again', async (t) => {
    const { server, gathers, transcript } = await dialIn(
      t,
      (base) => `retries="3" numDigits="1" validDigits="12" invalidDigitsSound="${base}/invalid.mp3"`,
      ['9', '2'],
    );
    assert.deepEqual(gathers, ['1/3 9 invalid', '2/3 2 valid']);
    const heard = transcript.events.flatMap((e) => (e.type === 'speak' ? ['speak'] : e.type === 'play' ? [e.url.replace(server.base, '')] : []));
    assert.deepEqual(heard, ['speak', '/invalid.mp3', 'speak', 'speak']);
    assert.equal(server.to('/choice')[0]?.params.Digits, '2');
  });

  it('collects up to numDigits keys, or until finishOnKey which is not sent', async (t) => {
    const four = await dialIn(t, 'numDigits="4"', ['123456']);
    assert.equal(four.server.to('/choice')[0]?.params.Digits, '1234');
    const hash = await dialIn(t, 'numDigits="10"', ['42#7']);
    assert.equal(hash.server.to('/choice')[0]?.params.Digits, '42');
    const star = await dialIn(t, 'finishOnKey="*"', ['5#*']);
    assert.equal(star.server.to('/choice')[0]?.params.Digits, '5#');
  });

  it('treats only the finish key as no input', async (t) => {
    const { gathers, server } = await dialIn(t, '', ['#']);
    assert.deepEqual(gathers, ['1/1 # timeout']);
    assert.equal(server.to('/choice').length, 0);
  });

  it('with redirect="false" only notifies the action and carries on after the element', async (t) => {
    const { server, spoken } = await dialIn(t, 'numDigits="1" redirect="false"', ['1']);
    assert.equal(server.to('/choice')[0]?.params.Digits, '1');
    assert.deepEqual(spoken, ['Press 1 for sales', 'Goodbye']);
  });

  it('without an action continues after the element even with valid digits', async (t) => {
    const server = await serve(t, () => ({
      '/answer': response('<GetDigits numDigits="1"><Speak>Press</Speak></GetDigits><Speak>Next</Speak>'),
    }));
    const transcript = await runCall({ answerUrl: `${server.base}/answer`, from: '1', to: '2', caller: scriptedCaller(['1']) });
    assert.deepEqual(ofType(transcript.events, 'speak').map((s) => s.text), ['Press', 'Next']);
    assert.equal(server.requests.length, 1);
  });

  it('tells the caller the rules of each try', async (t) => {
    const server = await serve(t, () => ({
      '/answer': response('<GetDigits retries="2" numDigits="3" timeout="7" finishOnKey="" validDigits="123"><Speak>Code</Speak></GetDigits>'),
    }));
    const seen: GatherPrompt[] = [];
    await runCall({
      answerUrl: `${server.base}/answer`, from: '1', to: '2',
      caller: { gather: async (p) => (seen.push(p), null), dial: async () => 'answered' },
    });
    assert.deepEqual(seen[1], {
      attempt: 2, tries: 2, numDigits: 3, validDigits: '123', finishOnKey: '', timeoutSeconds: 7, digitTimeoutSeconds: 2, prompt: ['Code'],
    });
  });
});

describe('GetDigits semantics Plivo does not document', () => {
  it('counts retries as extra tries when retriesAreTotalTries is false', async (t) => {
    const { gathers } = await dialIn(t, 'retries="2"', [], { retriesAreTotalTries: false });
    assert.deepEqual(gathers, ['1/3 - timeout', '2/3 - timeout', '3/3 - timeout']);
  });

  it('plays the prompt once when replayPromptEachTry is false', async (t) => {
    const { spoken } = await dialIn(t, 'retries="2"', [], { replayPromptEachTry: false });
    assert.deepEqual(spoken, ['Press 1 for sales', 'Goodbye']);
  });

  const rules = { numDigits: 4, finishOnKey: '#', validDigits: '123' };
  const table: [string | null, boolean, string, string][] = [
    // pressed, invalidKeyEndsTry, Digits, outcome
    ['12', false, '12', 'valid'],
    ['1#9', false, '1', 'valid'],
    ['19#', false, '19', 'invalid'],
    ['1923', true, '19', 'invalid'],
    ['1923', false, '1923', 'invalid'],
    ['12345', false, '1234', 'invalid'],
    [null, false, '', 'timeout'],
  ];
  for (const [pressed, invalidKeyEndsTry, digits, outcome] of table) {
    it(`reads ${pressed ?? 'silence'}${invalidKeyEndsTry ? ' (invalid key ends the try)' : ''} as ${outcome} "${digits}"`, () => {
      const judged = judgeKeys(pressed, { ...rules, invalidKeyEndsTry });
      assert.deepEqual([judged.digits, judged.outcome], [digits, outcome]);
    });
  }
});
