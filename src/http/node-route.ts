import type Router from '@koa/router';
import type { Middleware } from 'koa';
import type { CallEvents } from '../events/recorder.js';
import type { FlowSource } from '../flow/store.js';
import type { Logger } from '../log.js';
import { fallbackXml, respond } from '../ivr/respond.js';
import type { CallInput } from '../ivr/step.js';
import { readCallState } from '../ivr/urls.js';
import { webhookParams } from './webhook-params.js';

export interface NodeRouteDeps {
  flows: FlowSource;
  publicUrl: string;
  logger: Logger;
  /** The webhook guard (form reader, signature check) run before the handler. */
  guard: Middleware[];
  events: CallEvents;
}

const MAX_DIGITS = 32;

/**
 * GET|POST /node/:id — every node of the flow, for every call. Plivo's request in, Plivo XML
 * out, always 200: an internal error still gets valid XML (an apology and a hang-up), so the
 * caller hears something and Plivo never sees a stack trace.
 */
export function addNodeRoute(router: Router, deps: NodeRouteDeps): void {
  const handler: Middleware = async (ctx) => {
    const started = process.hrtime.bigint();
    const params = webhookParams(ctx);
    const nodeId = (ctx.params as Record<string, string | undefined>)['id'] ?? '';
    // Fields rather than a child logger: a child per request costs more than the line itself.
    const call = { callUuid: params['CallUUID'] ?? 'unknown', nodeId };
    ctx.type = 'application/xml';
    try {
      const { state, event } = readCallState(ctx.query);
      const input = inputOf(params, event);
      const flow = deps.flows.current();
      const reply = respond(flow, { nodeId, state, input }, deps.publicUrl);
      ctx.body = reply.xml;
      // The call's event (sensitive digits masked): recorded after the response, never failing it.
      const recorded = deps.events.webhook({ params, flow, nodeId, state, input, reply, xml: reply.xml, started });
      deps.logger.info('node served', {
        ...call,
        ...(params['Event'] === 'StartApp' ? { from: params['From'], to: params['To'], requestUuid: params['RequestUUID'] } : {}),
        input: input.kind,
        ...(recorded.input.kind === 'keys' ? { digits: recorded.input.digits } : {}),
        ...(input.kind === 'dial-ended' ? { dialStatus: input.status } : {}),
        ...(input.kind === 'recorded' ? { recordUrl: input.url, recordingSeconds: params['RecordingDuration'] } : {}),
        language: state.language,
        attempt: state.attempt,
        decision: recorded.decision,
        flowVersion: flow.version,
      });
    } catch (error) {
      deps.logger.error('node failed, answered with the fallback', { ...call, error: (error as Error).stack ?? String(error) });
      ctx.body = fallbackXml();
    }
  };
  // GET answers HEAD too; any other method is a 405 from the router.
  router.get('/node/:id', ...deps.guard, handler);
  router.post('/node/:id', ...deps.guard, handler);
}

/** What the request tells the interpreter: keys pressed, a silence, a finished transfer, or a plain arrival. */
function inputOf(params: Record<string, string>, event: 'no-input' | undefined): CallInput {
  if (event === 'no-input') return { kind: 'no-input' };
  const recordUrl = params['RecordUrl'];
  if (recordUrl !== undefined) return { kind: 'recorded', url: recordUrl };
  const digits = params['Digits'];
  if (digits !== undefined) return { kind: 'digits', digits: digits.slice(0, MAX_DIGITS) };
  const dialStatus = params['DialStatus'];
  if (dialStatus !== undefined) return { kind: 'dial-ended', status: dialStatus };
  return { kind: 'arrive' };
}
