import type Router from '@koa/router';
import type { Middleware } from 'koa';
import { eventOf } from '../call/event.js';
import { readCallMemory } from '../call/url.js';
import type { CallEvents } from '../events/recorder.js';
import { flowBaseUrl, type ServedFlows } from '../flow/catalog.js';
import type { FlowSource } from '../flow/source.js';
import { fallbackXml, respondWithEffects } from '../ivr/respond.js';
import type { Logger } from '../log.js';
import { runEffects } from './effects.js';
import { webhookParams } from './webhook-params.js';

export interface NodeRouteDeps {
  flows: ServedFlows;
  publicUrl: string;
  logger: Logger;
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
      const { memory, event: urlEvent } = readCallMemory(ctx.query);
      const event = eventOf(params, urlEvent);
      const flow = picked.source.current();
      const reply = await respondWithEffects(flow, { nodeId, memory, event }, picked.base, runEffects);
      ctx.body = reply.xml;
      // The node this answer renders (a choice renders its target at once): campaigns note where each call ended.
      ctx.state['nodeServed'] = reply.decision.kind === 'goto' ? reply.decision.target : nodeId;
      // The call's event (sensitive digits masked): recorded after the response, never failing it.
      const recorded = deps.events.webhook({ params, flow, nodeId, memory, input: event, reply, xml: reply.xml, started });
      deps.logger.info('node served', {
        ...call,
        ...(params['Event'] === 'StartApp' ? { from: params['From'], to: params['To'], requestUuid: params['RequestUUID'] } : {}),
        input: event.kind,
        ...(recorded.input.kind === 'keys' ? { digits: recorded.input.digits } : {}),
        ...(recorded.input.kind === 'speech' ? { speech: recorded.input.text, confidence: recorded.input.confidence } : {}),
        ...(event.kind === 'dial-ended' ? { dialStatus: event.status } : {}),
        ...(event.kind === 'recorded' ? { recordUrl: event.url, recordingSeconds: params['RecordingDuration'] } : {}),
        language: memory.language,
        attempt: memory.attempt,
        decision: recorded.decision,
        flowVersion: flow.version,
      });
    } catch (error) {
      deps.logger.error('node failed, answered with the fallback', { ...call, error: (error as Error).stack ?? String(error) });
      ctx.body = fallbackXml();
    }
  };
}
