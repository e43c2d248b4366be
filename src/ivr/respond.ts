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
  const step = transition(flow, request.nodeId, request.memory, request.event);
  return { xml: renderStep(flow, step, baseUrl), decision: step.decision };
}

/**
 * The answer to a request, running the effects each step asks for and feeding their results
 * back into `transition` at the same node until it answers.
 */
export async function respondWithEffects(flow: Flow, request: NodeRequest, baseUrl: string, run: EffectRunner): Promise<Reply> {
  let step = transition(flow, request.nodeId, request.memory, request.event);
  for (let round = 1; ; round++) {
    const results = step.effects.length > 0 ? await run(step.effects) : [];
    if (step.next.kind !== 'wait') return { xml: renderStep(flow, step, baseUrl), decision: step.decision };
    if (round >= MAX_ROUNDS) throw new Error(`node ${step.next.node.id} still waits for effects after ${MAX_ROUNDS} rounds`);
    step = transition(flow, step.next.node.id, step.memory, { kind: 'results', results });
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
