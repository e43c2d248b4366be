/** `condition`: ordered cases, each a CEL expression over the call's variables; the first that holds decides, else `default`. */
import type { Expression } from '../data/expression.js';
import type { FlowData, NodeId } from '../flow/types.js';
import { checkExpression, compiled, evaluate, expressionReads } from './expressions.js';
import type { NodeKind } from './kind.js';

export interface RawCase { when: string; goto: NodeId }
export interface RawConditionNode { type: 'condition'; description?: string; cases: RawCase[]; default: NodeId }
export interface ConditionNode { type: 'condition'; id: NodeId; cases: ReadonlyArray<{ when: Expression; goto: NodeId }>; default: NodeId; data: FlowData }

export const condition: NodeKind<RawConditionNode, ConditionNode> = {
  type: 'condition',
  schema: {
    description: 'Branches on the call\'s variables, the caller\'s number, the time and day: the first case whose `when` holds decides; none does: `default`.',
    type: 'object',
    additionalProperties: false,
    required: ['type', 'cases', 'default'],
    properties: {
      type: { description: 'condition: branch on values.', const: 'condition' },
      description: { description: 'A note for people reading the file; not spoken.', type: 'string' },
      cases: {
        description: 'Tried in order; the first whose `when` is true decides.',
        type: 'array',
        minItems: 1,
        maxItems: 20,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['when', 'goto'],
          properties: {
            when: { description: 'A CEL condition: `caller.startsWith("+44")`, `weekday == 6 || weekday == 0`, `int(rating) <= 2`.', $ref: '#/definitions/expression' },
            goto: { description: 'Where the call goes when it holds.', $ref: '#/definitions/nodeId' },
          },
        },
      },
      default: { description: 'Where the call goes when no case holds (required: every call goes somewhere).', $ref: '#/definitions/nodeId' },
    },
  },

  compile: (raw, context) => ({
    type: 'condition',
    id: context.id,
    cases: raw.cases.map((item) => ({ when: compiled(item.when, context.data, 'bool'), goto: item.goto })),
    default: raw.default,
    data: context.data,
  }),
  reads: (raw, context) => raw.cases.flatMap((item, i) => expressionReads(['cases', i, 'when'], item.when, context)),
  check(raw, context) {
    raw.cases.forEach((item, i) => checkExpression(['cases', i, 'when'], item.when, context, 'bool'));
  },
  exits: (node) => [
    ...node.cases.map((item, i) => ({ to: item.goto, label: shorten(item.when.source), dashed: false, field: { path: ['cases', i, 'goto'], name: `case ${i + 1}` } })),
    { to: node.default, label: 'otherwise', dashed: false, field: { path: ['default'], name: 'default' } },
  ],
  collects: () => [],
  instant: true,

  transition(node, _event, memory) {
    // A case that cannot be evaluated (a variable not set on this call, a missing map key) does not hold.
    const chosen = node.cases.find((item) => evaluate(item.when, node.data, memory) === true);
    return { decision: { kind: 'goto', target: chosen?.goto ?? node.default, language: memory.language }, say: [], effects: [] };
  },

  render(xml, _node, context) {
    xml.addRedirect(context.here(), { method: 'POST' });
  },

  look: { shape: 'diamond', fill: '#fef9c3' },
  describe: (node) => ({ facts: ` · ${node.cases.length} case${node.cases.length === 1 ? '' : 's'}`, hears: '' }),
};

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}
