import type Router from '@koa/router';
import type { FlowSource } from '../flow/store.js';
import type { Logger } from '../log.js';
import { eventOf } from '../call/event.js';
import { readCallMemory } from '../call/url.js';
import { fallbackXml, respondWithEffects } from '../ivr/respond.js';
import { runEffects } from './effects.js';
import { webhookParams } from './webhook-params.js';

export interface NodeRouteDeps { flows: FlowSource; publicUrl: string; logger: Logger }

/**
 * GET|POST /node/:id — every node of the flow, for every call. Plivo's request in, Plivo XML
 * out, always 200: an internal error still gets valid XML (an apology and a hang-up), so the
 * caller hears something and Plivo never sees a stack trace.
 */
export function addNodeRoute(router: Router, deps: NodeRouteDeps): void {
  router.all('/node/:id', async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'POST' && ctx.method !== 'HEAD') return next();
    const params = webhookParams(ctx);
    const nodeId = ctx.params['id'] ?? '';
    // Fields rather than a child logger: a child per request costs more than the line itself.
    const call = { callUuid: params['CallUUID'] ?? 'unknown', nodeId };
    ctx.type = 'application/xml';
    try {
      const { memory, event: urlEvent } = readCallMemory(ctx.query);
      const event = eventOf(params, urlEvent);
      const flow = deps.flows.current();
      const reply = await respondWithEffects(flow, { nodeId, memory, event }, deps.publicUrl, runEffects);
      ctx.body = reply.xml;
      deps.logger.info('node served', {
        ...call,
        ...(params['Event'] === 'StartApp' ? { from: params['From'], to: params['To'], requestUuid: params['RequestUUID'] } : {}),
        input: event.kind,
        ...(event.kind === 'digits' ? { digits: event.digits } : {}),
        ...(event.kind === 'dial-ended' ? { dialStatus: event.status } : {}),
        ...(event.kind === 'recorded' ? { recordUrl: event.url, recordingSeconds: params['RecordingDuration'] } : {}),
        language: memory.language,
        attempt: memory.attempt,
        decision: reply.decision,
        flowVersion: flow.version,
      });
    } catch (error) {
      deps.logger.error('node failed, answered with the fallback', { ...call, error: (error as Error).stack ?? String(error) });
      ctx.body = fallbackXml();
    }
  });
}
