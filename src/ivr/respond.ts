/**
 * A webhook request in, the Plivo XML to answer out: `transition`, the effects it asks for
 * (run by the caller, the HTTP edge) fed back into it, then `renderStep`.
 */
import type { CallEvent } from '../call/event.js';
import type { CallMemory } from '../call/memory.js';
import type { Flow, NodeId } from '../flow/types.js';
import type { EffectResult } from './effects.js';
import type { Effect } from './effects.js';
import { newResponse } from './plivo-xml.js';
import { renderStep } from './render.js';
import { transition, type Step } from './transition.js';
import { kindOf } from '../nodes/index.js';

/** One webhook request, as the interpreter sees it. */
export interface NodeRequest { nodeId: NodeId; memory: CallMemory; event: CallEvent }

/** The XML to answer, and the decision behind it (for the logs). */
export interface Reply { xml: string; decision: Step['decision'] }

/** Runs a step's effects; `results[i]` answers `effects[i]`. */
export type EffectRunner = (effects: readonly Effect[]) => Promise<readonly EffectResult[]>;

/** How many times a node may wait for effects within one request (a lookup, then another): a guard against a node that never stops asking. */
const MAX_ROUNDS = 4;

/** The answer to a request whose steps need no effects (every node kind today). Pure. */
export function respond(flow: Flow, request: NodeRequest, baseUrl: string): Reply {
  const step = onwards(flow, transition(flow, request.nodeId, request.memory, request.event));
  if (step.next.kind === 'wait') throw new Error(`node ${step.next.node.id} needs its effects run: use respondWithEffects`);
  return { xml: renderStep(flow, step, baseUrl), decision: step.decision };
}

/** How many nodes that decide at once (conditions, `set`, hours, split) one request may pass through. The loader refuses a loop of them. */
const MAX_INSTANT_HOPS = 32;

/**
 * Goes on through the nodes that decide at once on arrival (a condition, a `set`…), so the
 * caller hears the node they lead to in the same answer, with what was said on the way first.
 */
function onwards(flow: Flow, first: Step): Step {
  let step = first;
  for (let hops = 0; step.next.kind === 'enter' && kindOf(step.next.node.type).instant === true; hops++) {
    if (hops >= MAX_INSTANT_HOPS) throw new Error(`more than ${MAX_INSTANT_HOPS} instant nodes in a row at ${step.next.node.id}`);
    const next = transition(flow, step.next.node.id, step.memory, { kind: 'arrive' });
    step = { ...next, say: [...step.say, ...next.say] };
  }
  return step;
}

/**
 * The answer to a request, running the effects each step asks for and feeding their results
 * back into `transition` at the same node until it answers.
 */
export async function respondWithEffects(flow: Flow, request: NodeRequest, baseUrl: string, run: EffectRunner): Promise<Reply> {
  let step = onwards(flow, transition(flow, request.nodeId, request.memory, request.event));
  for (let round = 1; ; round++) {
    const results = step.effects.length > 0 ? await run(step.effects) : [];
    if (step.next.kind !== 'wait') return { xml: renderStep(flow, step, baseUrl), decision: step.decision };
    if (round >= MAX_ROUNDS) throw new Error(`node ${step.next.node.id} still waits for effects after ${MAX_ROUNDS} rounds`);
    const said = step.say;
    const next = onwards(flow, transition(flow, step.next.node.id, step.memory, { kind: 'results', results }));
    step = { ...next, say: [...said, ...next.say] };
  }
}

let fallback: string | undefined;

/**
 * What the caller hears when something inside the server failed: a short apology, then a
 * clean hang-up. Valid XML that needs no flow, so it can always be sent (with status 200).
 */
export function fallbackXml(): string {
  if (fallback === undefined) {
    const xml = newResponse();
    xml.addSpeak('We are sorry, something went wrong on our side. Please call again later. Goodbye.', { language: 'en-US', voice: 'WOMAN' });
    xml.addHangup();
    fallback = xml.toXML();
  }
  return fallback;
}
