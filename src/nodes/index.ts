/**
 * Every node kind, listed once. The schema's list of node types, the loader, the checks, the
 * interpreter, the diagram and /api/flow all read this list: a kind added here and written as
 * one module (see `kind.ts`, and "Adding a node kind" in the README) is a kind everywhere.
 */
import { dial } from './dial.js';
import { hangup } from './hangup.js';
import { input } from './input.js';
import type { NodeKind } from './kind.js';
import { listen } from './listen.js';
import { menu } from './menu.js';
import { pause } from './pause.js';
import { play } from './play.js';
import { record } from './record.js';
import { say } from './say.js';
import { condition } from './condition.js';
import { hours } from './hours.js';
import { lookup } from './lookup.js';
import { set } from './set.js';
import { split } from './split.js';

export const NODE_KINDS = { menu, input, listen, say, play, dial, record, hangup, pause, set, condition, lookup, hours, split } as const;

type Kinds = typeof NODE_KINDS;
export type NodeType = keyof Kinds;
/** A node as ivr.yaml writes it (after schema validation), of any kind. */
export type RawNode = { [T in NodeType]: Parameters<Kinds[T]['compile']>[0] }[NodeType];
/** A node as the interpreter runs it, of any kind. */
export type FlowNode = { [T in NodeType]: ReturnType<Kinds[T]['compile']> }[NodeType];

// Each kind is filed under its own `type`.
NODE_KINDS satisfies { [T in NodeType]: { type: T } };

/** The node types, in the order the README and the schema list them. */
export const NODE_TYPES = Object.keys(NODE_KINDS) as NodeType[];

/** The kind of a node; its methods take that kind's nodes (the caller passes `node` of `node.type`). */
export function kindOf(type: NodeType): NodeKind<RawNode, FlowNode> {
  return NODE_KINDS[type];
}
