/** `split`: a percentage split (A/B a prompt), the same branch for the same call every time. */
import { pickBranch } from '../data/split.js';
import type { NodeId } from '../flow/types.js';
import type { NodeKind } from './kind.js';

export interface RawSplitNode { type: 'split'; description?: string; branches: Array<{ weight: number; goto: NodeId }> }
export interface SplitNode { type: 'split'; id: NodeId; branches: ReadonlyArray<{ weight: number; goto: NodeId }> }

export const split: NodeKind<RawSplitNode, SplitNode> = {
  type: 'split',
  schema: {
    description: 'Sends calls down branches in proportion to their weights; a call always takes the same branch here (a hash of its CallUUID and this node).',
    type: 'object',
    additionalProperties: false,
    required: ['type', 'branches'],
    properties: {
      type: { description: 'split: a percentage split.', const: 'split' },
      description: { description: 'A note for people reading the file; not spoken.', type: 'string' },
      branches: {
        description: 'Each branch\'s weight (any numbers: 50/50, 90/10, 1/1/1) and where it goes.',
        type: 'array',
        minItems: 2,
        maxItems: 10,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['weight', 'goto'],
          properties: {
            weight: { description: 'Its share; 0 turns the branch off.', type: 'number', minimum: 0, maximum: 1000000 },
            goto: { description: 'Where the call goes.', $ref: '#/definitions/nodeId' },
          },
        },
      },
    },
  },

  compile: (raw, context) => ({ type: 'split', id: context.id, branches: raw.branches.map(({ weight, goto }) => ({ weight, goto })) }),
  check(raw, context) {
    if (!raw.branches.some((branch) => branch.weight > 0)) context.error(['branches'], 'every weight is 0: give at least one branch a positive weight');
  },
  exits: (node) => {
    const total = node.branches.reduce((sum, branch) => sum + branch.weight, 0) || 1;
    return node.branches.map((branch, i) => ({ to: branch.goto, label: `${Math.round((branch.weight / total) * 1000) / 10} %`, dashed: false, field: { path: ['branches', i, 'goto'], name: `branch ${i + 1}` } }));
  },
  collects: () => [],
  instant: true,

  transition(node, _event, memory) {
    const target = pickBranch(node.branches.map((branch) => ({ weight: branch.weight, value: branch.goto })), memory.facts?.callUuid ?? '', node.id);
    return { decision: { kind: 'goto', target, language: memory.language }, say: [], effects: [] };
  },

  render(xml, _node, context) {
    xml.addRedirect(context.here(), { method: 'POST' });
  },

  look: { shape: 'trapezium', fill: '#ede9fe' },
  describe: (node) => ({ facts: ` · ${node.branches.map((branch) => branch.weight).join('/')}`, hears: '' }),
};
