/**
 * Turns what a webhook route saw (Plivo's parameters, the interpreter's input and reply) into a
 * call event. Masks sensitive values first, so the event never holds them. Pure.
 */
import type { Flow } from '../flow/types.js';
import type { Reply } from '../ivr/respond.js';
import type { CallEvent as CallInput } from '../call/event.js';
import type { CallMemory } from '../call/memory.js';
import { isSensitiveNode, maskText, sensitiveValues } from './mask.js';
import { MASK, type EventDecision, type EventInput, type HangupEvent, type NewEvent, type WebhookEvent } from './types.js';

/** What the node route knows once it has answered. */
export interface WebhookSeen {
  params: Readonly<Record<string, string>>;
  flow: Flow;
  nodeId: string;
  memory: CallMemory;
  input: CallInput;
  /** The reply, or undefined when the route failed and answered the fallback. */
  reply: Reply | undefined;
  xml: string;
  /** process.hrtime.bigint() when the request arrived. */
  started: bigint;
}

export function webhookEvent(seen: WebhookSeen, at: number): Omit<WebhookEvent, 'id' | 'instance'> {
  const { params, flow, nodeId, memory, input, reply } = seen;
  const secrets = sensitiveValues(flow, memory.values);
  const typedIsSecret = (input.kind === 'digits' || input.kind === 'speech') && isSensitiveNode(flow, nodeId);
  if (typedIsSecret && input.kind === 'digits' && input.digits !== '') secrets.push(input.digits);
  if (typedIsSecret && input.kind === 'speech' && input.text !== '') secrets.push(input.text);
  const decision = decisionOf(reply);
  const served = servedNode(nodeId, decision);
  const servedType = served === undefined ? undefined : flow.nodes.get(served)?.type;
  return {
    kind: 'webhook',
    at,
    callUuid: params['CallUUID'] ?? 'unknown',
    ...optional('requestUuid', params['RequestUUID']),
    ...optional('from', params['From']),
    ...optional('to', params['To']),
    flowVersion: flow.version,
    node: nodeId,
    ...optional('nodeType', flow.nodes.get(nodeId)?.type),
    input: eventInput(input, typedIsSecret),
    decision,
    ...optional('served', served),
    ...optional('servedType', servedType),
    xml: maskText(seen.xml, secrets),
    durationUs: Number((process.hrtime.bigint() - seen.started) / 1000n),
  };
}

export function hangupEvent(params: Readonly<Record<string, string>>, at: number): Omit<HangupEvent, 'id' | 'instance'> {
  const duration = params['Duration'];
  return {
    kind: 'hangup',
    at,
    callUuid: params['CallUUID'] ?? 'unknown',
    ...optional('requestUuid', params['RequestUUID']),
    ...optional('from', params['From']),
    ...optional('to', params['To']),
    ...optional('cause', params['HangupCause']),
    ...optional('status', params['CallStatus']),
    ...(duration !== undefined && /^\d+$/.test(duration) ? { durationS: Number(duration) } : {}),
  };
}

/** The input as an event shows it: the digits of a sensitive node masked. */
export function eventInput(input: CallInput, secret: boolean): EventInput {
  switch (input.kind) {
    case 'arrive': return { kind: 'arrive' };
    case 'no-input': return { kind: 'silence' };
    case 'digits':
      // An empty Digits (only the finish key) is a silence for the interpreter, and so here.
      if (input.digits === '') return { kind: 'silence' };
      return { kind: 'keys', digits: secret ? MASK : input.digits };
    case 'dial-ended': return { kind: 'transfer', status: input.status };
    case 'recorded': return { kind: 'recorded' };
    // What a caller says to a sensitive input (a spoken PIN) is masked like its keys.
    case 'speech': return { kind: 'speech', text: secret ? MASK : input.text, confidence: input.confidence };
    case 'results': return { kind: 'arrive' };
  }
}

function decisionOf(reply: Reply | undefined): EventDecision {
  if (reply === undefined) return { kind: 'error' };
  const d = reply.decision;
  switch (d.kind) {
    case 'goto': return { kind: 'goto', target: d.target };
    case 'retry': return { kind: 'retry', reason: d.reason, attempt: d.attempt };
    case 'give-up': return { kind: 'give-up', reason: d.reason, ...optional('target', d.target) };
    case 'wait': return { kind: 'error' }; // respondWithEffects never answers with a wait
    default: return { kind: d.kind };
  }
}

/** The node whose XML the reply is: where the caller is now. */
function servedNode(nodeId: string, decision: EventDecision): string | undefined {
  switch (decision.kind) {
    case 'enter':
    case 'retry':
      return nodeId;
    case 'goto':
    case 'give-up':
      return decision.target;
    default:
      return undefined;
  }
}

/** `{ key: value }`, or nothing when value is undefined (exactOptionalPropertyTypes). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

export type { NewEvent };
