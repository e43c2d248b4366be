/** `hangup`: last words, if any, then the call ends. */
import type { NodeId, Prompt, RawPrompt } from '../flow/types.js';
import { enter, type NodeKind } from './kind.js';
import { spoken } from './spoken.js';

export interface RawHangupNode { type: 'hangup'; description?: string; prompt?: RawPrompt }
export interface HangupNode { type: 'hangup'; id: NodeId; prompt: Prompt | undefined }

export const hangup: NodeKind<RawHangupNode, HangupNode> = {
  type: 'hangup',
  schema: {
    description: 'Says its last words, if any, and ends the call.',
    type: 'object',
    additionalProperties: false,
    required: ['type'],
    properties: {
      type: { description: 'hangup: end the call.', const: 'hangup' },
      description: { description: 'A note for people reading the file; not spoken.', type: 'string' },
      prompt: { description: 'Last words before hanging up.', $ref: '#/definitions/prompt' },
    },
  },

  compile: (raw, context) => ({ type: 'hangup', id: context.id, prompt: raw.prompt !== undefined ? context.prompt(raw.prompt) : undefined }),
  check: (raw, context) => context.prompt(['prompt'], raw.prompt),
  exits: () => [{ to: undefined, label: '', dashed: false }],
  collects: () => [],
  transition: () => enter(),

  render(xml, node, context) {
    for (const message of context.before) context.say(xml, message);
    context.say(xml, node.prompt);
    xml.addHangup();
  },

  look: { shape: 'octagon', fill: '#fee2e2' },
  describe: (node, language) => ({ facts: '', hears: spoken(node.prompt, language) }),
};
