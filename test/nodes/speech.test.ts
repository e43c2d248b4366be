import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallEvent } from '../../src/call/event.js';
import { eventOf } from '../../src/call/event.js';
import type { CallMemory } from '../../src/call/memory.js';
import { readCallMemory, nodeUrl } from '../../src/call/url.js';
import { loadFlowText } from '../../src/flow/load.js';
import { transition } from '../../src/ivr/transition.js';
import { demoFlow, flowFromText } from '../helpers/app.js';

const demo = demoFlow();
const fresh: CallMemory = { language: undefined, attempt: 1 };
const en: CallMemory = { language: 'en', attempt: 1 };
const es: CallMemory = { language: 'es', attempt: 1 };
const speech = (text: string, confidence = 0.9): CallEvent => ({ kind: 'speech', text, confidence });

/** Decision, reason or target, and the first thing said, in English or Spanish. */
function outcome(flow: typeof demo, nodeId: string, memory: CallMemory, event: CallEvent): string {
  const step = transition(flow, nodeId, memory, event);
  const d = step.decision;
  const said = step.say[0]?.get(step.memory.language ?? flow.defaultLanguage)?.[0];
  const text = said?.kind === 'say' ? ` "${said.text}"` : '';
  if (d.kind === 'goto') return `goto ${d.target} ${d.language ?? '-'}${d.value === undefined ? '' : ` ${d.value.name}=${d.value.digits}`}`;
  if (d.kind === 'retry' || d.kind === 'give-up') return `${d.kind} ${d.reason}${text}`;
  return d.kind;
}

describe('a menu that listens', () => {
  const rows: [string, string, CallMemory, CallEvent, string][] = [
    ['a phrase picks its choice and its language', 'language', fresh, speech('Spanish'), 'goto main es'],
    ['before a language is chosen, every language is heard', 'language', fresh, speech('castellano por favor'), 'goto main es'],
    ['accents and case do not matter', 'language', fresh, speech('INGLES'), 'goto main en'],
    ['a phrase inside a sentence counts', 'main', en, speech('I would like to talk to an associate'), 'goto connecting en'],
    ['after the choice, only the caller’s language is heard', 'main', en, speech('mensaje'), 'retry invalid "Sorry, that is not one of the options."'],
    ['the Spanish caller is heard in Spanish', 'main', es, speech('eh, un mensaje'), 'goto message es'],
    ['a key said as a word is the key', 'main', en, speech('two'), 'goto connecting en'],
    ['low confidence is "didn\'t catch that", its own retry', 'main', en, speech('message', 0.49), 'retry unclear "Sorry, I didn\'t catch that."'],
    ['… in Spanish for a Spanish caller', 'main', es, speech('mensaje', 0.1), 'retry unclear "Lo siento, no le entendí."'],
    ['the threshold itself is enough', 'main', en, speech('message', 0.5), 'goto message en'],
    ['two choices in one sentence are a wrong answer', 'main', en, speech('message or associate'), 'retry invalid "Sorry, that is not one of the options."'],
    ['the last unclear try gives up like any other', 'main', { language: 'en', attempt: 3 }, speech('message', 0.2), 'give-up unclear "Sorry, I didn\'t catch that."'],
    ['keys still work', 'main', en, { kind: 'digits', digits: '1' }, 'goto message en'],
  ];
  for (const [name, node, memory, event, expected] of rows) it(name, () => assert.equal(outcome(demo, node, memory, event), expected));

  it('takes its threshold and message from the menu', () => {
    const flow = flowFromText(`entry: a
languages: { en: { speak: en-US } }
nodes:
  a:
    type: menu
    prompt: { en: Say yes. }
    minConfidence: 0.8
    unclear: { en: Say that again? }
    choices: { "1": { goto: b, say: { en: ["yes"] } } }
  b: { type: hangup }
`);
    assert.equal(outcome(flow, 'a', en, speech('yes', 0.75)), 'retry unclear "Say that again?"');
    assert.equal(outcome(flow, 'a', en, speech('yes', 0.8)), 'goto b en');
  });
});

const helpdesk = (() => {
  const loaded = loadFlowText(
    `entry: account
languages: { en: { speak: en-US }, fr: { speak: fr-FR } }
nodes:
  account: { type: input, name: account, listen: true, minDigits: 4, maxDigits: 4, prompt: { en: Say it., fr: Dites-le. }, next: topic }
  topic:
    type: listen
    prompt: { en: What about?, fr: À quel sujet ? }
    intents:
      billing: { say: { en: [bill, pay], fr: [facture, payer] }, goto: done }
      support: { say: { en: [broken, help], fr: [panne, aide] }, goto: done }
  done: { type: hangup }
`,
    { file: 'helpdesk.yaml', env: {}, audioExists: () => true },
  );
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('; '));
  return loaded.flow;
})();
const fr: CallMemory = { language: 'fr', attempt: 1 };

describe('an input that listens', () => {
  const rows: [string, CallMemory, CallEvent, string][] = [
    ['digits said in English', en, speech('four zero seven one'), 'goto topic en account=4071'],
    ['digits said in French', fr, speech('quatre zéro sept un'), 'goto topic fr account=4071'],
    ['the wrong number of digits', en, speech('four zero'), 'retry invalid "Sorry, that is not one of the options."'],
    ['words that are not digits', en, speech('my account number'), 'retry invalid "Sorry, that is not one of the options."'],
    ['digits heard faintly', en, speech('four zero seven one', 0.2), 'retry unclear "Sorry, I didn\'t catch that."'],
    ['typed digits still count', en, { kind: 'digits', digits: '4071' }, 'goto topic en account=4071'],
  ];
  for (const [name, memory, event, expected] of rows) it(name, () => assert.equal(outcome(helpdesk, 'account', memory, event), expected));
});

describe('a listen node', () => {
  const rows: [string, CallMemory, CallEvent, string][] = [
    ['routes by keywords and keeps the intent', en, speech('I want to pay my bill'), 'goto done en topic=billing'],
    ['in French', fr, speech('ma box est en panne, aide-moi'), 'goto done fr topic=support'],
    ['a tie is asked again', en, speech('help me pay'), 'retry invalid "Sorry, that is not one of the options."'],
    ['nothing recognised is asked again', en, speech('hello'), 'retry invalid "Sorry, that is not one of the options."'],
    ['low confidence', en, speech('pay my bill', 0.3), 'retry unclear "Sorry, I didn\'t catch that."'],
    ['silence', en, { kind: 'no-input' }, 'retry no-input "Sorry, I did not hear a choice."'],
  ];
  for (const [name, memory, event, expected] of rows) it(name, () => assert.equal(outcome(helpdesk, 'topic', memory, event), expected));

  it('keeps the intent in the URL the call carries on', () => {
    const url = nodeUrl('https://h.example', 'done', { language: 'en', attempt: 1, values: { topic: 'billing', account: '4071' } });
    assert.deepEqual(readCallMemory(Object.fromEntries(new URL(url).searchParams)).memory.values, { topic: 'billing', account: '4071' });
  });
});

describe('reading Plivo’s GetInput parameters', () => {
  it('speech with its confidence; digits; nothing heard', () => {
    assert.deepEqual(eventOf({ InputType: 'speech', Speech: ' sales ', SpeechConfidenceScore: '0.83', Digits: '' }, undefined), speech('sales', 0.83));
    assert.deepEqual(eventOf({ InputType: 'dtmf', Digits: '2', Speech: '' }, undefined), { kind: 'digits', digits: '2' });
    assert.deepEqual(eventOf({ InputType: 'speech', Speech: '', Digits: '' }, undefined), { kind: 'digits', digits: '' });
    assert.deepEqual(eventOf({ InputType: 'speech', Speech: 'x', SpeechConfidenceScore: '7' }, undefined), speech('x', 1));
  });
});

describe('checks of what listens', () => {
  const problems = (yaml: string): string[] => {
    const loaded = loadFlowText(yaml, { file: 't.yaml', env: {}, audioExists: () => true });
    return loaded.ok ? [] : loaded.problems.map((p) => `${p.line}:${p.column} ${p.message}`);
  };

  it('hints within Plivo’s limits: at most 500 phrases', () => {
    const choices = Array.from({ length: 10 }, (_, key) => `  "${key}": { goto: b, say: { en: [${Array.from({ length: 50 }, (__, i) => `w${key}x${i}`).join(', ')}], es: [${Array.from({ length: 2 }, (__, i) => `e${key}y${i}`).join(', ')}] } }`);
    const yaml = `entry: a\nlanguages: { en: { speak: en-US }, es: { speak: es-US } }\nnodes:\n  a:\n    type: menu\n    prompt: { en: Say., es: Diga. }\n    choices:\n    ${choices.join('\n    ')}\n  b: { type: hangup }\n`;
    assert.deepEqual(problems(yaml), ['7:5 the phrases make hints Plivo refuses: 520 phrases; Plivo takes at most 500']);
  });

  it('spoken digits only in languages whose digit words are known', () => {
    const yaml = `entry: a
languages: { en: { speak: en-US }, ja: { speak: ja-JP } }
nodes:
  a: { type: input, listen: true, unclear: { en: Pardon?, ja: もう一度 }, invalid: { en: No., ja: いいえ }, noInput: { en: Nothing., ja: 何も }, goodbye: { en: Bye., ja: さようなら }, prompt: { en: Say it., ja: 言って }, next: b }
  b: { type: hangup }
`;
    assert.deepEqual(problems(yaml), ['4:29 spoken digits are known in en, es, fr, pt, de, it, not in ja']);
  });

  it('intents: keywords in every language, none shared', () => {
    const yaml = `entry: a
languages: { en: { speak: en-US }, es: { speak: es-US } }
nodes:
  a:
    type: listen
    prompt: { en: What?, es: ¿Qué? }
    intents:
      billing: { say: { en: [bill], es: [factura] }, goto: b }
      support: { say: { en: [Bill] }, goto: b }
  b: { type: hangup }
`;
    assert.deepEqual(problems(yaml), [
      '9:18 intent `support` has no keywords in es: every language of the flow needs them',
      '9:30 "Bill" (en) is already a keyword of intent `billing`: two intents cannot share one',
    ]);
  });
});
