/** `set`: gives call variables values computed by CEL expressions, then goes on to `next`. */
import type { Value } from '../data/expression.js';
import type { FlowData, NodeId } from '../flow/types.js';
import { checkExpression, compiled, evaluate, expressionReads } from './expressions.js';
import type { Expression } from '../data/expression.js';
import type { NodeKind } from './kind.js';
import { nextExit, requireNext } from './next.js';

export interface RawSetNode { type: 'set'; description?: string; values: Record<string, string>; next?: NodeId }
export interface SetNode { type: 'set'; id: NodeId; values: ReadonlyArray<readonly [string, Expression]>; data: FlowData; next: NodeId | undefined }

export const set: NodeKind<RawSetNode, SetNode> = {
  type: 'set',
  schema: {
    description: 'Sets call variables to the values of CEL expressions, in order (a later one may read an earlier one), then goes on to `next`.',
    type: 'object',
    additionalProperties: false,
    required: ['type', 'values'],
    properties: {
      type: { description: 'set: give variables values.', const: 'set' },
      description: { description: 'A note for people reading the file; not spoken.', type: 'string' },
      values: {
        description: 'Variable → CEL expression: `tries: "0"`, `vip: "balance > 1000.0"`, `greeting: "\'Hello \' + name"`.',
        type: 'object',
        minProperties: 1,
        maxProperties: 16,
        propertyNames: { $ref: '#/definitions/variableName' },
        additionalProperties: { $ref: '#/definitions/expression' },
      },
      next: { description: 'The node that follows.', $ref: '#/definitions/nodeId' },
    },
  },

  compile: (raw, context) => ({
    type: 'set',
    id: context.id,
    values: Object.entries(raw.values).map(([name, source]) => [name, compiled(source, context.data)] as const),
    data: context.data,
    next: raw.next,
  }),
  sets: (raw) => Object.entries(raw.values).map(([name, expression]) => ({ name, type: { expression } })),
  reads: (raw, context) => Object.entries(raw.values).flatMap(([name, source]) => expressionReads(['values', name], source, context)),
  check(raw, context) {
    for (const [name, source] of Object.entries(raw.values)) checkExpression(['values', name], source, context);
    requireNext(raw, context);
  },
  exits: (node) => [{ ...nextExit(node.next), sets: node.values.map(([name]) => name) }],
  collects: (node) => node.values.map(([name]) => name),
  instant: true,

  transition(node, _event, memory) {
    const values: Record<string, Value> = {};
    for (const [name, expression] of node.values) {
      const value = evaluate(expression, node.data, { ...memory, values: { ...memory.values, ...values } });
      if (value !== undefined) values[name] = value;
    }
    if (node.next === undefined) return { decision: { kind: 'end' }, say: [], effects: [] };
    return { decision: { kind: 'goto', target: node.next, language: memory.language, values }, say: [], effects: [] };
  },

  render(xml, node, context) {
    xml.addRedirect(context.here(), { method: 'POST' });
    void node;
  },

  look: { shape: 'box', fill: '#f1f5f9' },
  describe: (node) => ({ facts: '', hears: node.values.map(([name, expression]) => `${name} = ${expression.source}`).join('; ') }),
};
