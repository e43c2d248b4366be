/**
 * The interpreter's one step, as data: a call at a node, an event, and what follows (the
 * next node and the call's memory there, what to say first, the effects to run). Pure: it
 * runs nothing and renders nothing (see `render.ts`), so a table can test it, and the HTTP
 * edge can run the effects and feed their results back into it.
 */
import type { CallEvent } from '../call/event.js';
import { nextMemory, withKnownLanguage, type CallMemory } from '../call/memory.js';
import type { Flow, FlowNode, NodeId, Prompt } from '../flow/types.js';
import { kindOf } from '../nodes/index.js';
import type { Decision } from '../nodes/kind.js';
import { unreachable } from '../util/unreachable.js';
import type { Effect } from './effects.js';

/** How the answer goes on. */
export type Next =
  /** Answer with `node`'s own XML (its prompt, its GetDigits…). */
  | { kind: 'enter'; node: FlowNode }
  /** Send Plivo to `node`'s URL (after a goodbye-less give-up, or an apology). */
  | { kind: 'redirect'; node: NodeId }
  /** Hang up. */
  | { kind: 'hangup' }
  /** Nothing to answer yet: run `effects`, then `transition` again with their results, at `node`. */
  | { kind: 'wait'; node: FlowNode };

export interface Step {
  /** What was decided, for the log: the node's decision, or that the URL names no node of the flow. */
  decision: Decision | { kind: 'unknown-node' };
  /** Said first, in the call's language. */
  say: readonly Prompt[];
  next: Next;
  /** The call's memory from here on: what the next URLs carry, and the language `say` is spoken in. */
  memory: CallMemory;
  effects: readonly Effect[];
}

/**
 * What happens when `event` reaches node `nodeId` of a call carrying `memory`. Every step
 * either keeps the call in the flow or ends it with a hang-up; none leaves Plivo without a next
 * step. A URL naming no node (an edited file, a stale or forged URL) gets an apology and the
 * entry. Pure; never throws.
 */
export function transition(flow: Flow, nodeId: NodeId, memory: CallMemory, event: CallEvent): Step {
  const here = withKnownLanguage(memory, (language) => flow.languages.has(language));
  const node = flow.nodes.get(nodeId);
  if (node === undefined) return apology(flow, here, { kind: 'unknown-node' });

  const { decision, say, effects } = kindOf(node.type).transition(node, event, here);
  const step = (next: Next, memoryThen: CallMemory): Step => ({ decision, say, next, memory: memoryThen, effects });
  switch (decision.kind) {
    case 'enter':
      return step({ kind: 'enter', node }, here);
    case 'wait':
      return step({ kind: 'wait', node }, here);
    case 'goto': {
      const moved = nextMemory(here, {
        kind: 'onwards',
        language: decision.language,
        ...(decision.value ? { value: decision.value } : {}),
        ...(decision.values ? { values: decision.values } : {}),
        // Leaving a menu or an input by a key records it, so `back` can return there; going back forgets it.
        ...(decision.back === true ? { back: decision.target } : flow.data.usesBack && (node.type === 'menu' || node.type === 'input') ? { from: node.id } : {}),
      });
      const target = flow.nodes.get(decision.target);
      return target === undefined ? apology(flow, moved, decision) : step({ kind: 'enter', node: target }, moved);
    }
    case 'retry':
      return step({ kind: 'enter', node }, nextMemory(here, { kind: 'again', attempt: decision.attempt }));
    case 'give-up':
      return decision.target === undefined
        ? step({ kind: 'hangup' }, here)
        : step({ kind: 'redirect', node: decision.target }, nextMemory(here, { kind: 'onwards' }));
    case 'end':
      return step({ kind: 'hangup' }, here);
    default:
      return unreachable(decision);
  }
}

/**
 * Sorry, and back to the entry; the call keeps its language. Only when the entry exists:
 * otherwise starting over would lead straight back here, for ever, so the call ends instead.
 */
function apology(flow: Flow, memory: CallMemory, decision: Step['decision']): Step {
  const next: Next = flow.nodes.has(flow.entry) ? { kind: 'redirect', node: flow.entry } : { kind: 'hangup' };
  return { decision, say: [flow.apology], next, memory: nextMemory(memory, { kind: 'restart' }), effects: [] };
}
