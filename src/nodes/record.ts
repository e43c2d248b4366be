/** `record`: a voicemail: a prompt, a beep, a recording, then `next`. */
import type { NodeId, Prompt, RawPrompt } from '../flow/types.js';
import { unreachable } from '../util/unreachable.js';
import { enter, goto, type NodeKind } from './kind.js';
import { spoken } from './spoken.js';

export interface RawRecordNode {
  type: 'record';
  description?: string;
  prompt?: RawPrompt;
  maxLength?: number;
  silence?: number;
  finishOnKey?: '#' | '*';
  beep?: boolean;
  next: NodeId;
}

export interface RecordNode {
  type: 'record';
  id: NodeId;
  prompt: Prompt | undefined;
  maxLength: number;
  silence: number;
  finishOnKey: '#' | '*';
  beep: boolean;
  next: NodeId;
}

const DEFAULT_RECORDING_SECONDS = 120;
const DEFAULT_RECORDING_SILENCE_SECONDS = 5;

export const record: NodeKind<RawRecordNode, RecordNode> = {
  type: 'record',
  schema: {
    description: 'Records the caller (a voicemail), then goes on to `next`. Plivo keeps the recording; its URL is logged.',
    type: 'object',
    additionalProperties: false,
    required: ['type', 'next'],
    properties: {
      type: { description: 'record: take a voicemail.', const: 'record' },
      description: { description: 'A note for people reading the file; not spoken.', type: 'string' },
      prompt: {
        description: 'Said before the beep, e.g. \'Leave your message after the tone, then press pound.\'',
        $ref: '#/definitions/prompt',
      },
      maxLength: {
        description: 'Longest recording in seconds (default 120).',
        type: 'integer',
        minimum: 1,
        maximum: 3600,
      },
      silence: {
        description: 'Seconds of silence that end the recording (default 5).',
        type: 'integer',
        minimum: 1,
        maximum: 60,
      },
      finishOnKey: { description: 'The key that ends the recording (default #).', type: 'string', enum: ['#', '*'] },
      beep: { description: 'Play a beep before recording (default true).', type: 'boolean' },
      next: { description: 'Where the caller goes after recording.', $ref: '#/definitions/nodeId' },
    },
  },

  compile: (raw, context) => ({
    type: 'record',
    id: context.id,
    prompt: raw.prompt !== undefined ? context.prompt(raw.prompt) : undefined,
    maxLength: raw.maxLength ?? DEFAULT_RECORDING_SECONDS,
    silence: raw.silence ?? DEFAULT_RECORDING_SILENCE_SECONDS,
    finishOnKey: raw.finishOnKey ?? '#',
    beep: raw.beep ?? true,
    next: raw.next,
  }),

  check: (raw, context) => context.prompt(['prompt'], raw.prompt),
  exits: (node) => [{ to: node.next, on: 'recorded', label: 'recorded', dashed: false, field: { path: ['next'], name: 'next' } }],
  collects: () => [],

  transition(node, event, memory) {
    switch (event.kind) {
      case 'recorded':
        return goto(node.next, memory.language);
      case 'arrive':
      case 'digits':
      case 'no-input':
      case 'dial-ended':
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
    xml.addRecord({
      action: context.here(),
      method: 'POST',
      maxLength: node.maxLength,
      timeout: node.silence,
      finishOnKey: node.finishOnKey,
      playBeep: node.beep,
      fileFormat: 'mp3',
      redirect: true,
    });
    // Plivo goes on past <Record> when nothing was recorded: the caller still moves on.
    xml.addRedirect(context.onwards(node.next), { method: 'POST' });
  },

  look: { shape: 'cylinder', fill: '#fce7f3' },
  describe: (node, language) => ({ facts: ` · up to ${node.maxLength} s`, hears: spoken(node.prompt, language) }),
};
