import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallEvent } from '../../src/call/event.js';
import type { CallMemory } from '../../src/call/memory.js';
import { transition, type Step } from '../../src/ivr/transition.js';
import { demoFlow } from '../helpers/app.js';

const flow = demoFlow();
const en: CallMemory = { language: 'en', attempt: 1 };

/** A step as a table row: what was decided, where the call goes, with what memory, after saying how many prompts. */
function summary(step: Step): [string, string, CallMemory, number, number] {
  const where = step.next.kind === 'enter' || step.next.kind === 'wait' ? `${step.next.kind} ${step.next.node.id}` : step.next.kind === 'redirect' ? `redirect ${step.next.node}` : 'hangup';
  return [step.decision.kind, where, step.memory, step.say.length, step.effects.length];
}

const table: [string, string, CallMemory, CallEvent, ReturnType<typeof summary>][] = [
  ['a first arrival enters the entry', 'language', { language: undefined, attempt: 1 }, { kind: 'arrive' }, ['enter', 'enter language', { language: undefined, attempt: 1 }, 0, 0]],
  ['a key that sets the language carries it on', 'language', { language: undefined, attempt: 1 }, { kind: 'digits', digits: '2' }, ['goto', 'enter main', { language: 'es', attempt: 1 }, 0, 0]],
  ['a wrong key is answered, then the menu again, one attempt further', 'main', en, { kind: 'digits', digits: '7' }, ['retry', 'enter main', { language: 'en', attempt: 2 }, 1, 0]],
  ['the last silence says so, says goodbye and hangs up', 'main', { language: 'en', attempt: 3 }, { kind: 'no-input' }, ['give-up', 'hangup', { language: 'en', attempt: 3 }, 2, 0]],
  ['a transfer nobody answers leads on, first attempt there', 'connecting', { language: 'es', attempt: 1 }, { kind: 'dial-ended', status: 'no-answer' }, ['goto', 'enter unavailable', { language: 'es', attempt: 1 }, 0, 0]],
  ['a completed transfer hangs up', 'connecting', en, { kind: 'dial-ended', status: 'completed' }, ['end', 'hangup', en, 0, 0]],
  ['a URL naming no node: sorry, back to the entry, the language kept', 'gone', { language: 'es', attempt: 2, values: { order: '12' } }, { kind: 'arrive' }, ['unknown-node', 'redirect language', { language: 'es', attempt: 1 }, 1, 0]],
  ['a language the flow does not have is forgotten', 'main', { language: 'fr', attempt: 1 }, { kind: 'arrive' }, ['enter', 'enter main', { language: undefined, attempt: 1 }, 0, 0]],
];

describe('transition: flow × node × memory × event → step, as data', () => {
  for (const [name, nodeId, memory, event, expected] of table) {
    it(name, () => assert.deepEqual(summary(transition(flow, nodeId, memory, event)), expected));
  }
});
