import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallEvent as CallInput } from '../../src/call/event.js';
import type { CallMemory } from '../../src/call/memory.js';
import type { DialNode } from '../../src/nodes/dial.js';
import { kindOf, type FlowNode } from '../../src/nodes/index.js';
import type { Decision } from '../../src/nodes/kind.js';
import type { MenuNode } from '../../src/nodes/menu.js';

/** What the node's kind decides (a node's `transition` also says what to say first and the effects to run). */
const decide = (node: FlowNode, memory: CallMemory, input: CallInput): Decision => kindOf(node.type).transition(node, input, memory).decision;

const menu: MenuNode = {
  type: 'menu',
  id: 'main',
  prompt: new Map(),
  choices: new Map([['1', { goto: 'message' }], ['2', { goto: 'main', language: 'es' }]]),
  timeout: 5,
  attempts: 3,
  invalid: new Map(),
  noInput: new Map(),
  onExhausted: undefined,
  goodbye: new Map(),
  saveAs: undefined,
  keys: new Map(),
};
const dial: DialNode = {
  type: 'dial', id: 'person', number: '+14155550100', prompt: undefined, timeout: 20, timeLimit: undefined, callerId: undefined,
  onNoAnswer: 'sorry', onBusy: 'busy', onFailed: 'sorry', next: undefined,
};

const table: [string, MenuNode | DialNode, number, CallInput, Decision][] = [
  ['a first arrival shows the menu', menu, 1, { kind: 'arrive' }, { kind: 'enter' }],
  ['a listed key goes to its node', menu, 1, { kind: 'digits', digits: '1' }, { kind: 'goto', target: 'message', language: 'en' }],
  ['a key can switch the language', menu, 2, { kind: 'digits', digits: '2' }, { kind: 'goto', target: 'main', language: 'es' }],
  ['a wrong key retries', menu, 1, { kind: 'digits', digits: '9' }, { kind: 'retry', reason: 'invalid', attempt: 2 }],
  ['silence retries', menu, 2, { kind: 'no-input' }, { kind: 'retry', reason: 'no-input', attempt: 3 }],
  ['only the finish key counts as silence', menu, 1, { kind: 'digits', digits: '' }, { kind: 'retry', reason: 'no-input', attempt: 2 }],
  ['silence on the last attempt gives up', menu, 3, { kind: 'no-input' }, { kind: 'give-up', reason: 'no-input', target: undefined }],
  ['a wrong key on the last attempt gives up', menu, 3, { kind: 'digits', digits: '0' }, { kind: 'give-up', reason: 'invalid', target: undefined }],
  ['an attempt past the limit (a shrunk menu) gives up', menu, 7, { kind: 'no-input' }, { kind: 'give-up', reason: 'no-input', target: undefined }],
  ['a completed transfer ends the call', dial, 1, { kind: 'dial-ended', status: 'completed' }, { kind: 'end' }],
  ['a busy associate leads to onBusy', dial, 1, { kind: 'dial-ended', status: 'busy' }, { kind: 'goto', target: 'busy', language: 'en' }],
  ['an unanswered transfer leads to onNoAnswer', dial, 1, { kind: 'dial-ended', status: 'no-answer' }, { kind: 'goto', target: 'sorry', language: 'en' }],
  ['a failed transfer leads to onFailed', dial, 1, { kind: 'dial-ended', status: 'failed' }, { kind: 'goto', target: 'sorry', language: 'en' }],
  ['an unknown dial status is treated as no answer', dial, 1, { kind: 'dial-ended', status: 'cancel' }, { kind: 'goto', target: 'sorry', language: 'en' }],
  ['a dial is entered when it is arrived at', dial, 1, { kind: 'arrive' }, { kind: 'enter' }],
];

describe('decide: node × input × attempt → next', () => {
  for (const [name, node, attempt, input, expected] of table) {
    it(name, () => assert.deepEqual(decide(node, { language: 'en', attempt }, input), expected));
  }

  it('goes to onExhausted, when the menu names one, after the last attempt', () => {
    assert.deepEqual(decide({ ...menu, onExhausted: 'operator' }, { language: undefined, attempt: 3 }, { kind: 'no-input' }), {
      kind: 'give-up', reason: 'no-input', target: 'operator',
    });
  });
});
