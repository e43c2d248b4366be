import type Router from '@koa/router';
import type { Middleware } from 'koa';
import type { CallEvents } from '../events/recorder.js';
import { newResponse } from '../ivr/plivo-xml.js';
import type { ServedFlows } from '../flow/catalog.js';
import type { Logger } from '../log.js';
import { webhookParams } from './webhook-params.js';

export interface HangupRouteDeps {
  flows: ServedFlows;
  logger: Logger;
  /** The webhook guard (form reader, signature check) run before the handler. */
  guard: Middleware[];
  events: CallEvents;
}

/**
 * GET|POST /hangup — Plivo's hangup_url for the calls we place: the last line of a call's
 * story in the log (`call ended`, with its duration and why it ended). Always 200 with an
 * empty `<Response>`: Plivo ignores the answer, and there is nothing left to run.
 * /flows/:flow/hangup is the same for the calls of a named flow (404 for an unknown name).
 */
export function addHangupRoute(router: Router, deps: HangupRouteDeps): void {
  const handler: Middleware = (ctx) => {
    const params = webhookParams(ctx);
    const flowName = (ctx.params as Record<string, string | undefined>)['flow'];
    ctx.type = 'application/xml';
    ctx.body = newResponse().toXML();
    if (flowName !== undefined && !deps.flows.named.has(flowName)) {
      deps.logger.warn('hangup for an unknown flow', { flowName, callUuid: params['CallUUID'] ?? 'unknown' });
      ctx.status = 404;
      return;
    }
    deps.events.hangup(params);
    deps.logger.info('call ended', {
      ...(flowName === undefined ? {} : { flowName }),
      callUuid: params['CallUUID'] ?? 'unknown',
      // Links this call to the `call placed` line, which only knows the request UUID.
      requestUuid: params['RequestUUID'],
      from: params['From'],
      to: params['To'],
      callStatus: params['CallStatus'],
      hangupCause: params['HangupCause'],
      duration: seconds(params['Duration']),
      billDuration: seconds(params['BillDuration']),
    });
  };
  for (const path of ['/hangup', '/flows/:flow/hangup']) {
    router.get(path, ...deps.guard, handler);
    router.post(path, ...deps.guard, handler);
  }
}

/** Plivo sends durations as decimal strings; a number reads better in JSON logs. */
function seconds(text: string | undefined): number | string | undefined {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : text;
}
