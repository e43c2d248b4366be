import type Router from '@koa/router';
import type { Middleware } from 'koa';
import type { CallEvents } from '../events/recorder.js';
import { newResponse } from '../ivr/plivo-xml.js';
import type { Logger } from '../log.js';
import { webhookParams } from './webhook-params.js';

export interface HangupRouteDeps {
  logger: Logger;
  /** The webhook guard (form reader, signature check) run before the handler. */
  guard: Middleware[];
  events: CallEvents;
}

/**
 * GET|POST /hangup — Plivo's hangup_url for the calls we place: the last line of a call's
 * story in the log (`call ended`, with its duration and why it ended). Always 200 with an
 * empty `<Response>`: Plivo ignores the answer, and there is nothing left to run.
 */
export function addHangupRoute(router: Router, deps: HangupRouteDeps): void {
  const handler: Middleware = (ctx) => {
    const params = webhookParams(ctx);
    deps.events.hangup(params);
    deps.logger.info('call ended', {
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
    ctx.type = 'application/xml';
    ctx.body = newResponse().toXML();
  };
  router.get('/hangup', ...deps.guard, handler);
  router.post('/hangup', ...deps.guard, handler);
}

/** Plivo sends durations as decimal strings; a number reads better in JSON logs. */
function seconds(text: string | undefined): number | string | undefined {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : text;
}
