/** `dial`: the caller is forwarded to a phone number; how the transfer ends decides what follows. */
import { toE164 } from '../flow/phone.js';
import type { NodeId, Prompt, RawPrompt } from '../flow/types.js';
import { unreachable } from '../util/unreachable.js';
import { end, enter, goto, type NodeKind } from './kind.js';
import { spoken } from './spoken.js';

export interface RawDialNode {
  type: 'dial';
  description?: string;
  number: string;
  prompt?: RawPrompt;
  timeout?: number;
  timeLimit?: number;
  callerId?: string;
  onNoAnswer?: NodeId;
  onBusy?: NodeId;
  onFailed?: NodeId;
  next?: NodeId;
}

export interface DialNode {
  type: 'dial';
  id: NodeId;
  /** E.164 with the leading +. */
  number: string;
  prompt: Prompt | undefined;
  timeout: number;
  timeLimit: number | undefined;
  callerId: string | undefined;
  onNoAnswer: NodeId;
  onBusy: NodeId;
  onFailed: NodeId;
  /** After a completed conversation; undefined: hang up. */
  next: NodeId | undefined;
}

const DEFAULT_DIAL_TIMEOUT_SECONDS = 20;

export const dial: NodeKind<RawDialNode, DialNode> = {
  type: 'dial',
  schema: {
    description: 'Forwards the call to a phone number; if nobody answers, goes to `onNoAnswer`.',
    type: 'object',
    additionalProperties: false,
    required: ['type', 'number'],
    properties: {
      type: { description: 'dial: transfer the caller to a number.', const: 'dial' },
      description: { description: 'A note for people reading the file; not spoken.', type: 'string' },
      number: {
        description: 'The number to call, E.164 (+14155550100). ${VAR:-default} reads it from the environment.',
        type: 'string',
        minLength: 1,
      },
      prompt: {
        description: 'Said before dialing, e.g. \'Connecting you to an associate.\'',
        $ref: '#/definitions/prompt',
      },
      timeout: {
        description: 'Seconds to let the number ring (default 20).',
        type: 'integer',
        minimum: 5,
        maximum: 120,
      },
      timeLimit: {
        description: 'Longest the transfer may last, in seconds (default 14400, Plivo\'s).',
        type: 'integer',
        minimum: 1,
        maximum: 14400,
      },
      callerId: {
        description: 'The caller ID the associate sees (default: the caller\'s own number).',
        type: 'string',
        minLength: 1,
      },
      onNoAnswer: {
        description: 'Where to go if the number does not answer (and, unless set separately, is busy or fails).',
        $ref: '#/definitions/nodeId',
      },
      onBusy: {
        description: 'Where to go if the number is busy (default: onNoAnswer).',
        $ref: '#/definitions/nodeId',
      },
      onFailed: {
        description: 'Where to go if the call cannot be placed (default: onNoAnswer).',
        $ref: '#/definitions/nodeId',
      },
      next: {
        description: 'Where the caller goes after a completed conversation (default: hang up).',
        $ref: '#/definitions/nodeId',
      },
    },
  },

  compile: (raw, context) => {
    const onNoAnswer = raw.onNoAnswer ?? context.entry;
    return {
      type: 'dial',
      id: context.id,
      number: toE164(raw.number) ?? raw.number,
      prompt: raw.prompt !== undefined ? context.prompt(raw.prompt) : undefined,
      timeout: raw.timeout ?? DEFAULT_DIAL_TIMEOUT_SECONDS,
      timeLimit: raw.timeLimit,
      callerId: raw.callerId !== undefined ? (toE164(raw.callerId) ?? raw.callerId) : undefined,
      onNoAnswer,
      onBusy: raw.onBusy ?? onNoAnswer,
      onFailed: raw.onFailed ?? onNoAnswer,
      next: raw.next,
    };
  },

  check(raw, context) {
    for (const field of ['number', 'callerId'] as const) {
      const value = raw[field];
      // An unset ${VAR} is reported on its own.
      if (value === undefined || value.includes('${')) continue;
      if (toE164(value) === undefined) {
        context.error([field], `${field} "${value}" is not a phone number in E.164 form: + country code and number, e.g. +14155550100`);
      }
    }
    context.prompt(['prompt'], raw.prompt);
    if (raw.onNoAnswer === undefined) {
      context.error([], 'a dial without `onNoAnswer` leaves the caller in silence when nobody answers: add `onNoAnswer: <node>` (e.g. a message, then the menu again)');
    }
  },

  exits: (node) => [
    // A transfer to a person is a way out of the menus, whatever happens after it.
    { to: node.next, on: 'answered', label: 'call over', dashed: false, goal: true, ...(node.next === undefined ? {} : { field: { path: ['next'], name: 'next' } }) },
    { to: node.onNoAnswer, on: 'no-answer', label: 'no answer', dashed: true, field: { path: ['onNoAnswer'], name: 'onNoAnswer' } },
    { to: node.onBusy, on: 'busy', label: 'busy', dashed: true, field: { path: ['onBusy'], name: 'onBusy' } },
    { to: node.onFailed, on: 'failed', label: 'failed', dashed: true, field: { path: ['onFailed'], name: 'onFailed' } },
  ],

  collects: () => [],

  transition(node, event, memory) {
    switch (event.kind) {
      case 'dial-ended': {
        // The caller talked to someone: after that the call ends, unless the flow says where to go.
        if (event.status === 'completed') return node.next === undefined ? end() : goto(node.next, memory.language);
        const target = event.status === 'busy' ? node.onBusy : event.status === 'failed' ? node.onFailed : node.onNoAnswer;
        return goto(target, memory.language);
      }
      case 'arrive':
      case 'digits':
      case 'no-input':
      case 'recorded':
      case 'results':
      case 'speech':
        return enter();
      default:
        return unreachable(event);
    }
  },

  render(xml, node, context) {
    for (const message of context.before) context.say(xml, message);
    context.say(xml, node.prompt);
    // With an action, Plivo reports how the transfer ended (DialStatus) and runs what we answer,
    // so a busy or silent associate leads to onNoAnswer instead of a hang-up.
    const transfer = xml.addDial({
      action: context.here(),
      method: 'POST',
      redirect: true,
      timeout: node.timeout,
      ...(node.timeLimit !== undefined ? { timeLimit: node.timeLimit } : {}),
      ...(node.callerId !== undefined ? { callerId: node.callerId.replace(/^\+/, '') } : {}),
    });
    transfer.addNumber(node.number.replace(/^\+/, ''));
  },

  look: { shape: 'hexagon', fill: '#ffedd5' },
  describe: (node, language) => ({ facts: ` ☎ ${node.number}`, hears: spoken(node.prompt, language) }),
};
