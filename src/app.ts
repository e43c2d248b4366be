import Router from '@koa/router';
import Koa from 'koa';
import bodyParser from 'koa-bodyparser';
import type { FlowSource } from './flow/store.js';
import { fallbackXml } from './ivr/respond.js';
import type { Logger } from './log.js';
import type { Settings } from './settings.js';
import { serveAudio } from './http/audio-route.js';
import { addCallsRoute, callsGate } from './http/calls-route.js';
import { addHangupRoute } from './http/hangup-route.js';
import { addHealthRoute } from './http/health-route.js';
import { addNodeRoute } from './http/node-route.js';
import { useStateSecret } from './call/url.js';
import { GENERATED_KEY_WARNING } from './data/seal.js';
import { isPlivoWebhook, plivoSignature } from './http/plivo-signature.js';
import { rateLimit } from './http/rate-limit.js';
import { webhookForm } from './http/webhook-form.js';
import { createOutboundCalls, type OutboundCalls } from './plivo/outbound.js';
import { addWebRoutes } from './web/routes.js';

export interface AppDeps {
  /** Where lookups read `${NAME}` for their headers; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  flows: FlowSource;
  settings: Settings;
  logger: Logger;
  /** The folder `audio/…` paths of the flow are served from. */
  audioDir: string;
  /** Plivo's Voice API for POST /calls; default: the real one, with `settings.plivo`. */
  outbound?: OutboundCalls;
  /** Whether shutdown has begun (GET /healthz answers 503); default never. */
  stopping?: () => boolean;
  /** Per-client limit on POST /calls; default a burst of 10, 10 a minute. */
  callsRateLimit?: { burst: number; perMinute: number };
}

/**
 * The Koa app with every route; never listens (main.ts does, tests hand `app.callback()` to a
 * server on port 0). No globals: everything comes in through `deps`.
 */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa({ proxy: true });
  const router = new Router();
  const sealing = useStateSecret(deps.settings.stateSecret);
  if ('source' in sealing && sealing.source === 'generated') deps.logger.warn(GENERATED_KEY_WARNING);
  addNodeRoute(router, { flows: deps.flows, publicUrl: deps.settings.publicUrl, logger: deps.logger, clockOverride: !deps.settings.verifySignatures, ...(deps.env === undefined ? {} : { env: deps.env }) });
  addHangupRoute(router, { logger: deps.logger });
  addHealthRoute(router, { flows: deps.flows, stopping: deps.stopping ?? (() => false) });
  const { fromNumber, allowedDestinations, callsApiToken } = deps.settings;
  const outbound = deps.outbound ?? createOutboundCalls({ plivo: deps.settings.plivo });
  addCallsRoute(router, { flows: deps.flows, publicUrl: deps.settings.publicUrl, outbound, logger: deps.logger, fromNumber, allowedDestinations, callsApiToken });
  addWebRoutes(router, { flows: deps.flows, settings: deps.settings, logger: deps.logger });

  app.use(errorBoundary(deps.logger));
  app.use(rateLimit({ path: '/calls', ...(deps.callsRateLimit ?? { burst: 10, perMinute: 10 }), logger: deps.logger }));
  app.use(callsGate({ callsApiToken, logger: deps.logger }));
  app.use(webhookForm(64 * 1024));
  app.use(bodyParser({ enableTypes: ['form', 'json'], formLimit: '64kb', jsonLimit: '16kb' }));
  const { plivo, verifySignatures, publicUrl } = deps.settings;
  if (verifySignatures && plivo !== undefined) app.use(plivoSignature({ authToken: plivo.authToken, publicUrl, logger: deps.logger }));
  app.use(serveAudio(deps.audioDir));
  app.use(router.routes());
  app.use(router.allowedMethods());
  // Errors are answered by the boundary; this only keeps Koa from printing them a second time.
  app.on('error', () => undefined);
  return app;
}

/**
 * The last word on any error: a webhook (/node/…) always gets valid XML with 200, so the
 * call goes on or ends cleanly; API callers get JSON, with the message only for 4xx.
 */
function errorBoundary(logger: Logger): Koa.Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (caught) {
      const error = caught as Error & { status?: number; expose?: boolean };
      const status = typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
      // The body parser's refusals (too large, unreadable) are the client's fault: say so plainly.
      if (isPlivoWebhook(ctx.path) && status !== 500 && error.expose === true) {
        logger.warn('webhook request refused', { path: ctx.path, status, error: error.message, address: ctx.req.socket.remoteAddress });
        ctx.status = status;
        ctx.type = 'text/plain';
        ctx.body = error.message;
        return;
      }
      if (isPlivoWebhook(ctx.path)) {
        logger.warn('webhook request failed, answered with the fallback', { path: ctx.path, status, error: error.message });
        ctx.status = 200;
        ctx.type = 'application/xml';
        ctx.body = fallbackXml();
        return;
      }
      if (status === 500) logger.error('request failed', { path: ctx.path, error: error.stack ?? error.message });
      ctx.status = status;
      ctx.body = status === 500 ? { error: 'internal_error', detail: 'something went wrong on our side' } : { error: ERROR_CODES[status] ?? 'bad_request', detail: error.message };
    }
  };
}

const ERROR_CODES: Readonly<Record<number, string>> = { 413: 'payload_too_large', 415: 'unsupported_media_type' };
