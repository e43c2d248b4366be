import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import {
  formatTranscript,
  readPlivoXml,
  runCall,
  scriptedCaller,
  type Caller,
  type ListenPrompt,
  type Semantics,
  type TranscriptEvent,
} from '../../src/emulator/index.js';
import { parseScriptEntry } from '../../src/emulator/caller.js';
import { response, serve } from './helpers/server.js';

function ofType<K extends TranscriptEvent['type']>(events: readonly TranscriptEvent[], type: K) {
  return events.filter((e): e is Extract<TranscriptEvent, { type: K }> => e.type === type);
}

function problemsOf(attributes: string, inner = '<Speak>Say sales</Speak>'): string[] {
  const result = readPlivoXml(response(`<GetInput ${attributes}>${inner}</GetInput>`));
  return result.ok ? [] : result.problems.map((p) => p.message);
}

const ACTION = 'action="https://h.example/choice" inputType="dtmf speech"';

/** A menu: GetInput with the given attributes, then a goodbye that runs only on fall-through. */
async function listenIn(
  t: TestContext,
  attributes: string,
  caller: Caller,
  semantics: Partial<Semantics> = {},
) {
  const server = await serve(t, (base) => ({
    '/answer': response(
      `<GetInput action="${base}/choice" ${attributes}><Speak>Say sales or press 1</Speak></GetInput>` +
        '<Speak>Goodbye</Speak><Hangup/>',
    ),
    '/choice': response('<Speak>You chose</Speak>'),
  }));
  const transcript = await runCall({ answerUrl: `${server.base}/answer`, from: '15550001111', to: '15550002222', caller, semantics });
  const spoken = ofType(transcript.events, 'speak').map((s) => s.text);
  return { server, transcript, spoken, choice: server.to('/choice')[0]?.params };
}

describe('GetInput in a document', () => {
  it('accepts every documented attribute with documented values', () => {
    assert.deepEqual(
      problemsOf(
        'action="https://h.example/c" method="GET" inputType="dtmf speech" executionTimeout="60" digitEndTimeout="auto" ' +
          'speechEndTimeout="10" finishOnKey="none" numDigits="32" speechModel="command_and_search" ' +
          'hints="sales,ventas,support" language="es-US" interimSpeechResultsCallback="https://h.example/i" ' +
          'interimSpeechResultsCallbackMethod="POST" log="false" redirect="true" profanityFilter="true"',
        '<Speak>a</Speak><Play>https://h.example/a.mp3</Play><Wait length="1"/>',
      ),
      [],
    );
    assert.deepEqual(problemsOf(`${ACTION} executionTimeout="5" digitEndTimeout="2" speechEndTimeout="auto" finishOnKey=""`), []);
  });

  const wrong: [string, string][] = [
    ['executionTimeout="4"', 'attribute "executionTimeout" must be an integer from 5 to 60, got "4"'],
    ['executionTimeout="61"', 'attribute "executionTimeout" must be an integer from 5 to 60, got "61"'],
    ['executionTimeout="auto"', 'attribute "executionTimeout" must be an integer from 5 to 60, got "auto"'],
    ['digitEndTimeout="1"', 'attribute "digitEndTimeout" must be an integer from 2 to 10 or "auto", got "1"'],
    ['speechEndTimeout="11"', 'attribute "speechEndTimeout" must be an integer from 2 to 10 or "auto", got "11"'],
    ['finishOnKey="12"', 'attribute "finishOnKey" must be one key (0-9, *, #), empty or "none", got "12"'],
    ['numDigits="0"', 'attribute "numDigits" must be an integer from 1 to 32, got "0"'],
    ['numDigits="33"', 'attribute "numDigits" must be an integer from 1 to 32, got "33"'],
    ['speechModel="telephony"', 'attribute "speechModel" must be one of "default", "command_and_search", "phone_call", got "telephony"'],
    ['language="Spanish"', 'attribute "language" must be a language code like en-US, got "Spanish"'],
    ['profanityFilter="yes"', 'attribute "profanityFilter" must be one of "true", "false", got "yes"'],
    ['hints="sales,,support"', 'attribute "hints" must be a comma-separated list of non-empty phrases, got "sales,,support"'],
    ['retries="2"', 'attribute "retries" is not allowed'],
  ];
  for (const [attribute, message] of wrong) {
    it(`refuses ${attribute}`, () => {
      const problems = problemsOf(`${ACTION} ${attribute}`);
      assert.equal(problems.length, 1, problems.join('\n'));
      assert.ok(problems[0]?.includes(message), problems[0]);
    });
  }

  it('refuses an inputType Plivo does not list', () => {
    assert.deepEqual(problemsOf('action="https://h.example/c" inputType="voice"'), [
      '<GetInput>: attribute "inputType" must be one of "dtmf", "speech", "dtmf speech", got "voice"',
    ]);
  });

  it('requires action and inputType', () => {
    assert.deepEqual(problemsOf(''), ['<GetInput>: attribute "action" is required', '<GetInput>: attribute "inputType" is required']);
  });

  it('holds hints to Plivo limits: 500 phrases, 100 characters a phrase, 10,000 in all', () => {
    const many = Array.from({ length: 501 }, (_, i) => `w${i}`).join(',');
    assert.match(problemsOf(`${ACTION} hints="${many}"`)[0] ?? '', /501 phrases; Plivo takes at most 500/);
    assert.deepEqual(problemsOf(`${ACTION} hints="${Array.from({ length: 500 }, (_, i) => `w${i}`).join(',')}"`), []);
    assert.match(problemsOf(`${ACTION} hints="${'a'.repeat(101)}"`)[0] ?? '', /101 characters; Plivo takes at most 100 a phrase/);
    const long = Array.from({ length: 110 }, () => 'x'.repeat(95)).join(',');
    assert.match(problemsOf(`${ACTION} hints="${long}"`)[0] ?? '', /10559 characters; Plivo takes at most 10000/);
  });

  it('allows only Speak, Play and Wait inside', () => {
    assert.deepEqual(problemsOf(ACTION, '<Hangup/>'), ['<Hangup>: not allowed inside <GetInput> (it may contain Speak, Play, Wait)']);
  });
});

describe('GetInput in a call', () => {
  it('relays speech with InputType, Speech and SpeechConfidenceScore, Digits empty', async (t) => {
    const { choice, spoken, transcript } = await listenIn(t, 'inputType="dtmf speech"', scriptedCaller(['say:"Sales, please"@0.82']));
    assert.equal(choice?.InputType, 'speech');
    assert.equal(choice?.Speech, 'Sales, please');
    assert.equal(Number(choice?.SpeechConfidenceScore), 0.82);
    assert.equal(choice?.Digits, '');
    assert.equal(choice?.CallUUID, transcript.callUuid);
    assert.deepEqual(spoken, ['Say sales or press 1', 'You chose']);
    assert.deepEqual(ofType(transcript.events, 'speech').map((s) => [s.said, s.speech, s.confidence, s.language]), [
      ['Sales, please', 'Sales, please', 0.82, 'en-US'],
    ]);
  });

  it('relays digits with InputType dtmf, Speech empty, no confidence', async (t) => {
    const { choice } = await listenIn(t, 'inputType="dtmf speech" numDigits="1"', scriptedCaller(['1']));
    assert.deepEqual([choice?.InputType, choice?.Digits, choice?.Speech, choice?.SpeechConfidenceScore], ['dtmf', '1', '', undefined]);
  });

  it('relays the input detected first when the caller both speaks and presses', async (t) => {
    const spokeFirst = await listenIn(t, 'inputType="dtmf speech"', scriptedCaller(['say:sales;2']));
    assert.deepEqual([spokeFirst.choice?.InputType, spokeFirst.choice?.Speech], ['speech', 'sales']);
    const pressedFirst = await listenIn(t, 'inputType="dtmf speech" numDigits="1"', scriptedCaller(['2;say:sales']));
    assert.deepEqual([pressedFirst.choice?.InputType, pressedFirst.choice?.Digits], ['dtmf', '2']);
  });

  it('does not hear words when it listens for keys only', async (t) => {
    const { choice, transcript } = await listenIn(t, 'inputType="dtmf" numDigits="1"', scriptedCaller(['say:sales;1']));
    assert.deepEqual([choice?.InputType, choice?.Digits], ['dtmf', '1']);
    assert.deepEqual(ofType(transcript.events, 'speech').map((s) => s.speech), [null]);
  });

  it('does not hear keys when it listens for speech only: no input, the next element runs', async (t) => {
    const { server, spoken } = await listenIn(t, 'inputType="speech"', scriptedCaller(['1']));
    assert.equal(server.to('/choice').length, 0);
    assert.deepEqual(spoken, ['Say sales or press 1', 'Goodbye']);
  });

  it('falls through after executionTimeout of silence, counted after the prompt, without requesting action', async (t) => {
    const { server, spoken, transcript } = await listenIn(t, 'inputType="dtmf speech" executionTimeout="7"', scriptedCaller(['-']));
    assert.equal(server.to('/choice').length, 0);
    assert.deepEqual(spoken, ['Say sales or press 1', 'Goodbye']);
    // request 0.1 s + prompt 5 words 2 s + 7 s + goodbye 0.6 s
    assert.equal(transcript.durationMs, 9_700);
    assert.deepEqual(ofType(transcript.events, 'gather').map((g) => [g.pressed, g.outcome, g.timeoutSeconds]), [[null, 'timeout', 7]]);
  });

  it('with getInputActionOnNoInput, requests action with empty input instead', async (t) => {
    const { choice, spoken } = await listenIn(t, 'inputType="dtmf speech"', scriptedCaller([]), { getInputActionOnNoInput: true });
    assert.deepEqual([choice?.InputType, choice?.Digits, choice?.Speech], ['', '', '']);
    assert.deepEqual(spoken, ['Say sales or press 1', 'You chose']);
  });

  it('ends digits at finishOnKey (not sent) or numDigits; the finish key alone is no input', async (t) => {
    assert.equal((await listenIn(t, 'inputType="dtmf"', scriptedCaller(['4071#9']))).choice?.Digits, '4071');
    assert.equal((await listenIn(t, 'inputType="dtmf" numDigits="2"', scriptedCaller(['4071']))).choice?.Digits, '40');
    assert.equal((await listenIn(t, 'inputType="dtmf" finishOnKey="none"', scriptedCaller(['40#']))).choice?.Digits, '40#');
    assert.equal((await listenIn(t, 'inputType="dtmf"', scriptedCaller(['#']))).server.to('/choice').length, 0);
  });

  it('times digits and speech by their end timeouts', async (t) => {
    const keys = await listenIn(t, 'inputType="dtmf" digitEndTimeout="4"', scriptedCaller(['12']));
    const speech = await listenIn(t, 'inputType="speech" speechEndTimeout="3"', scriptedCaller(['say:sales please']));
    const at = (events: readonly TranscriptEvent[]) => ofType(events, 'request').map((r) => r.at);
    // prompt ends at 2.1 s; two keys 0.8 s + 4 s quiet; two words 0.8 s + 3 s of silence
    assert.equal(at(keys.transcript.events)[1], 2_100 + 4_800 + 100);
    assert.equal(at(speech.transcript.events)[1], 2_100 + 3_800 + 100);
  });

  it('with redirect="false", requests action and goes on with the next element', async (t) => {
    const { choice, spoken } = await listenIn(t, 'inputType="speech" redirect="false"', scriptedCaller(['say:sales']));
    assert.equal(choice?.Speech, 'sales');
    assert.deepEqual(spoken, ['Say sales or press 1', 'Goodbye']);
  });

  it('masks profanity when profanityFilter is on', async (t) => {
    const { choice, transcript } = await listenIn(t, 'inputType="speech" profanityFilter="true"', scriptedCaller(['say:damn it, sales']));
    assert.equal(choice?.Speech, 'd*** it, sales');
    assert.match(formatTranscript(transcript).join('\n'), /🗣 say "damn it, sales" {2}\(en-US, confidence 0\.90: heard "d\*\*\* it, sales"\)/);
    const off = await listenIn(t, 'inputType="speech"', scriptedCaller(['say:damn it']));
    assert.equal(off.choice?.Speech, 'damn it');
  });

  it('tells the caller what it listens for: language, hints, model, timeouts, the prompt', async (t) => {
    const prompts: ListenPrompt[] = [];
    const caller: Caller = {
      gather: async () => null,
      listen: async (prompt) => {
        prompts.push(prompt);
        return [{ type: 'speech', text: 'ventas' }];
      },
      dial: async () => 'answered',
    };
    await listenIn(t, 'inputType="dtmf speech" language="es-US" hints="ventas, soporte" speechModel="phone_call" numDigits="1"', caller);
    assert.deepEqual(prompts, [
      {
        inputType: 'dtmf speech', language: 'es-US', hints: ['ventas', 'soporte'], speechModel: 'phone_call', numDigits: 1,
        finishOnKey: '#', executionTimeoutSeconds: 15, digitEndTimeoutSeconds: 3, speechEndTimeoutSeconds: 1,
        prompt: ['Say sales or press 1'],
      },
    ]);
  });

  it('asks a keypad-only caller (no listen) for keys', async (t) => {
    const { choice } = await listenIn(t, 'inputType="dtmf speech" numDigits="1"', { gather: async () => '1', dial: async () => 'answered' });
    assert.deepEqual([choice?.InputType, choice?.Digits], ['dtmf', '1']);
  });
});

describe('script entries', () => {
  it('read keys, words with a confidence, several acts and silence', () => {
    assert.deepEqual(parseScriptEntry('12#'), [{ type: 'dtmf', keys: '12#' }]);
    assert.deepEqual(parseScriptEntry('say:"billing please"'), [{ type: 'speech', text: 'billing please' }]);
    assert.deepEqual(parseScriptEntry('say:billing please@0.4'), [{ type: 'speech', text: 'billing please', confidence: 0.4 }]);
    assert.deepEqual(parseScriptEntry('say:español;2'), [{ type: 'speech', text: 'español' }, { type: 'dtmf', keys: '2' }]);
    assert.deepEqual(parseScriptEntry('-'), []);
  });

  it('say what is wrong with an entry', () => {
    assert.throws(() => parseScriptEntry('x'), /neither phone keys/);
    assert.throws(() => parseScriptEntry('say:'), /says nothing/);
    assert.throws(() => parseScriptEntry('say:hi@1.5'), /between 0 and 1/);
  });

  it('at a keypad-only GetDigits, only the keys of an entry are heard', async () => {
    const caller = scriptedCaller(['say:sales', 'say:sales;3']);
    const prompt = { attempt: 1, tries: 1, numDigits: 1, validDigits: '123', finishOnKey: '', timeoutSeconds: 5, digitTimeoutSeconds: 2, prompt: [] };
    assert.equal(await caller.gather(prompt), null);
    assert.equal(await caller.gather(prompt), '3');
  });
});
