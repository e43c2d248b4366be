import type Router from '@koa/router';
import type { Middleware } from 'koa';
import { eventOf } from '../call/event.js';
import { readCallMemory } from '../call/url.js';
import type { CallEvents } from '../events/recorder.js';
import { flowBaseUrl, type ServedFlows } from '../flow/catalog.js';
import type { FlowSource } from '../flow/source.js';
import { fallbackXml, respondWithEffects } from '../ivr/respond.js';
import { effectRunner } from './effects.js';
import { callFacts } from './call-facts.js';
import { redactDecision } from './redact.js';
import type { Logger } from '../log.js';
import { webhookParams } from './webhook-params.js';

export interface NodeRouteDeps {
  flows: ServedFlows;
  publicUrl: string;
  logger: Logger;
  /** Where lookups read `${NAME}` for their headers. Default: process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Whether a request may set the clock with `X-Ivr-Clock` (the simulator and the page's clock control): only when webhooks are not signature-checked. */
  clockOverride?: boolean;
  /** The webhook guard (form reader, signature check) run before the handler. */
  guard: Middleware[];
  events: CallEvents;
}

/**
 * GET|POST /node/:id — every node of the default flow, for every call; /flows/:flow/node/:id —
 * the same for a named flow (an unknown name: 404 with the apology XML, never a 5xx). Plivo's request in, Plivo XML
 * out, always 200: an internal error still gets valid XML (an apology and a hang-up), so the
 * caller hears something and Plivo never sees a stack trace.
 */
export function addNodeRoute(router: Router, deps: NodeRouteDeps): void {
  const main = handler(deps, () => ({ source: deps.flows.main, base: deps.publicUrl }));
  const named = handler(deps, (name) => {
    const found = name === undefined ? undefined : deps.flows.named.get(name);
    return found === undefined ? undefined : { source: found.source, base: flowBaseUrl(deps.publicUrl, found.name) };
  });
  // GET answers HEAD too; any other method is a 405 from the router.
  router.get('/node/:id', ...deps.guard, main);
  router.post('/node/:id', ...deps.guard, main);
  router.get('/flows/:flow/node/:id', ...deps.guard, named);
  router.post('/flows/:flow/node/:id', ...deps.guard, named);
}

type FlowPick = (name: string | undefined) => { source: FlowSource; base: string } | undefined;

function handler(deps: NodeRouteDeps, pick: FlowPick): Middleware {
  return async (ctx) => {
    const started = process.hrtime.bigint();
    const params = webhookParams(ctx);
    const routeParams = ctx.params as Record<string, string | undefined>;
    const nodeId = routeParams['id'] ?? '';
    const flowName = routeParams['flow'];
    // Fields rather than a child logger: a child per request costs more than the line itself.
    const call = { callUuid: params['CallUUID'] ?? 'unknown', nodeId, ...(flowName === undefined ? {} : { flowName }) };
    ctx.type = 'application/xml';
    const picked = pick(flowName);
    if (picked === undefined) {
      deps.logger.warn('unknown flow, answered with the fallback', { ...call, known: [...deps.flows.named.keys()] });
      ctx.status = 404;
      ctx.body = fallbackXml();
      return;
    }
    try {
      const flow = picked.source.current();
      const facts = callFacts(params, deps.clockOverride === true ? ctx.get('X-Ivr-Clock') : '', flow.data.timezone);
      const read = readCallMemory(ctx.query, facts.callUuid);
      const memory = { ...read.memory, facts };
      const event = eventOf(params, read.event);
      const run = effectRunner({ logger: deps.logger, env: deps.env ?? process.env, callUuid: call.callUuid, nodeId });
      const reply = await respondWithEffects(flow, { nodeId, memory, event }, picked.base, run);
      ctx.body = reply.xml;
      // The node this answer renders (a choice renders its target at once): campaigns note where each call ended.
      ctx.state['nodeServed'] = reply.decision.kind === 'goto' ? reply.decision.target : nodeId;
      // The call's event (sensitive digits masked): recorded after the response, never failing it.
      const recorded = deps.events.webhook({ params, flow, nodeId, memory, input: event, reply, xml: reply.xml, started });
      deps.logger.info('node served', {
        ...call,
        ...(params['Event'] === 'StartApp' ? { from: params['From'], to: params['To'], requestUuid: params['RequestUUID'] } : {}),
        input: event.kind,
        // The event's input: a sensitive node's keys or words already masked.
        ...(recorded.input.kind === 'keys' ? { digits: recorded.input.digits } : {}),
        ...(recorded.input.kind === 'speech' ? { speech: recorded.input.text, confidence: recorded.input.confidence } : {}),
        ...(event.kind === 'dial-ended' ? { dialStatus: event.status } : {}),
        ...(event.kind === 'recorded' ? { recordUrl: event.url, recordingSeconds: params['RecordingDuration'] } : {}),
        language: memory.language,
        attempt: memory.attempt,
        decision: redactDecision(flow, reply.decision),
        flowVersion: flow.version,
      });
    } catch (error) {
      deps.logger.error('node failed, answered with the fallback', { ...call, error: (error as Error).stack ?? String(error) });
      ctx.body = fallbackXml();
    }
  };
}

