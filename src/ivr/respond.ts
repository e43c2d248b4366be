import type { Flow, FlowNode, NodeId, Retries } from '../flow/types.js';
import { newResponse } from './plivo-xml.js';
import { addPrompt, renderNode, type RenderContext } from './render.js';
import { decide, type CallInput, type Decision } from './step.js';
import { FRESH_STATE, nodeUrl, onwards, type CallState } from './urls.js';

/** One webhook request, as the interpreter sees it. */
export interface NodeRequest { nodeId: NodeId; state: CallState; input: CallInput }

/** The XML to answer, and the decision behind it (for the logs). */
export interface Reply { xml: string; decision: Decision | { kind: 'unknown-node' } }

/**
 * The interpreter: a webhook request in, the Plivo XML to answer out. Pure. Every answer
 * either keeps the call in the flow or ends it with a Hangup; none leaves Plivo without a
 * next step.
 */
export function respond(flow: Flow, request: NodeRequest, baseUrl: string): Reply {
  const context: RenderContext = { flow, baseUrl };
  // A language the flow no longer declares (edited file, forged URL) is as good as none.
  const state: CallState = {
    ...request.state,
    language: request.state.language !== undefined && flow.languages.has(request.state.language) ? request.state.language : undefined,
  };
  const node = flow.nodes.get(request.nodeId);
  if (node === undefined) return { xml: renderApology(flow, state, context), decision: { kind: 'unknown-node' } };

  const decision = decide(node, state, request.input);
  switch (decision.kind) {
    case 'enter':
      return { xml: renderNode(node, state, context), decision };
    case 'goto': {
      const target = flow.nodes.get(decision.target);
      const moved = onwards(state, decision.language);
      const next = decision.value ? { ...moved, values: { ...moved.values, [decision.value.name]: decision.value.digits } } : moved;
      return { xml: target ? renderNode(target, next, context) : renderApology(flow, next, context), decision };
    }
    case 'retry': {
      const message = decision.reason === 'invalid' ? retryRules(node).invalid : retryRules(node).noInput;
      return { xml: renderNode(node, { ...state, attempt: decision.attempt }, context, message), decision };
    }
    case 'give-up':
      return { xml: renderGiveUp(retryRules(node), decision, state, context), decision };
    case 'end': {
      const xml = newResponse();
      xml.addHangup();
      return { xml: xml.toXML(), decision };
    }
  }
}

/** The attempt rules of a node that can retry; `decide` only retries menus and inputs. */
function retryRules(node: FlowNode): Retries {
  if (node.type === 'menu' || node.type === 'input') return node;
  throw new Error(`node ${node.id} (${node.type}) has no attempts to retry`);
}

function renderGiveUp(menu: Retries, decision: Extract<Decision, { kind: 'give-up' }>, state: CallState, context: RenderContext): string {
  const xml = newResponse();
  addPrompt(xml, decision.reason === 'invalid' ? menu.invalid : menu.noInput, state, context);
  if (decision.target !== undefined) {
    xml.addRedirect(nodeUrl(context.baseUrl, decision.target, onwards(state)), { method: 'POST' });
  } else {
    addPrompt(xml, menu.goodbye, state, context);
    xml.addHangup();
  }
  return xml.toXML();
}

/**
 * For a URL naming a node the flow does not have (an edited file, a stale or forged URL): say
 * sorry, start over. Only when the entry exists: otherwise starting over would lead straight
 * back here, for ever, so the call ends instead.
 */
function renderApology(flow: Flow, state: CallState, context: RenderContext): string {
  const xml = newResponse();
  addPrompt(xml, flow.apology, state, context);
  if (flow.nodes.has(flow.entry)) {
    xml.addRedirect(nodeUrl(context.baseUrl, flow.entry, { ...FRESH_STATE, language: state.language }), { method: 'POST' });
  } else {
    xml.addHangup();
  }
  return xml.toXML();
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
