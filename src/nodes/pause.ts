/** `pause`: a few seconds of silence (Plivo's `<Wait>`), then `next`. The example of "Adding a node kind" in the README. */
import type { NodeId } from '../flow/types.js';
import { enter, type NodeKind } from './kind.js';
import { goOn, nextExit, requireNext } from './next.js';

export interface RawPauseNode { type: 'pause'; description?: string; seconds: number; next?: NodeId }
export interface PauseNode { type: 'pause'; id: NodeId; seconds: number; next: NodeId | undefined }

export const pause: NodeKind<RawPauseNode, PauseNode> = {
  type: 'pause',
  schema: {
    description: 'Waits a few seconds in silence, then goes on to `next`.',
    type: 'object',
    additionalProperties: false,
    required: ['type', 'seconds'],
    properties: {
      type: { description: 'pause: wait in silence.', const: 'pause' },
      description: { description: 'A note for people reading the file; not spoken.', type: 'string' },
      seconds: { description: 'How long to wait, in seconds (1-60).', type: 'integer', minimum: 1, maximum: 60 },
      next: { description: 'The node that follows.', $ref: '#/definitions/nodeId' },
    },
  },

  compile: (raw, context) => ({ type: 'pause', id: context.id, seconds: raw.seconds, next: raw.next }),
  check: (raw, context) => requireNext(raw, context),
  exits: (node) => [{ ...nextExit(node.next), label: `${node.seconds} s` }],
  collects: () => [],
  transition: () => enter(),

  render(xml, node, context) {
    for (const message of context.before) context.say(xml, message);
    xml.addWait({ length: node.seconds });
    goOn(xml, node.next, context);
  },

  look: { shape: 'box', fill: '#f1f5f9' },
  describe: (node) => ({ facts: ` · ${node.seconds} s`, hears: '' }),
};
