/** `say`: a spoken message, then `next`. */
import type { NodeId, Prompt, RawPrompt } from '../flow/types.js';
import { enter, type NodeKind } from './kind.js';
import { goOn, nextExit, requireNext } from './next.js';
import { spoken } from './spoken.js';

export interface RawSayNode { type: 'say'; description?: string; prompt: RawPrompt; next?: NodeId }
export interface SayNode { type: 'say'; id: NodeId; prompt: Prompt; next: NodeId | undefined }

export const say: NodeKind<RawSayNode, SayNode> = {
  type: 'say',
  schema: {
    description: 'Speaks a message, then goes on to `next`.',
    type: 'object',
    additionalProperties: false,
    required: ['type', 'prompt'],
    properties: {
      type: { description: 'say: speak a message.', const: 'say' },
      description: { description: 'A note for people reading the file; not spoken.', type: 'string' },
      prompt: { description: 'What the caller hears.', $ref: '#/definitions/prompt' },
      next: { description: 'The node that follows.', $ref: '#/definitions/nodeId' },
    },
  },

  compile: (raw, context) => ({ type: 'say', id: context.id, prompt: context.prompt(raw.prompt), next: raw.next }),

  check(raw, context) {
    context.prompt(['prompt'], raw.prompt);
    requireNext(raw, context);
  },

  exits: (node) => [nextExit(node.next)],
  collects: () => [],
  transition: () => enter(),

  render(xml, node, context) {
    for (const message of context.before) context.say(xml, message);
    context.say(xml, node.prompt);
    goOn(xml, node.next, context);
  },

  look: { shape: 'note', fill: '#f8fafc' },
  describe: (node, language) => ({ facts: '', hears: spoken(node.prompt, language) }),
};
