import Router from '@koa/router';
import Koa from 'koa';
import type { NamedFlow, ServedFlows } from '../flow/catalog.js';
import type { FlowSource } from '../flow/source.js';
import { fallbackXml } from '../ivr/respond.js';
import type { Logger } from '../log.js';
import { secretsOf, type Settings } from '../settings.js';
import { addAudioRoute } from './audio-route.js';
import { addCallsRoute } from './calls-route.js';
import { addHangupRoute } from './hangup-route.js';
import { addHealthRoute } from './health-route.js';
import { addNodeRoute } from './node-route.js';
import { scrubResponses } from './scrub-responses.js';
import { webhookGuard, type WebhookState } from './webhook-guard.js';
import { createOutboundCalls, type OutboundCalls } from '../plivo/outbound.js';
import { scrubber } from '../secrets/scrub.js';
import { addWebRoutes } from '../web/routes.js';
import { useStateSecret } from '../call/url.js';
import { GENERATED_KEY_WARNING } from '../data/seal.js';
import { campaignRoutes } from '../campaigns/routes.js';
import type { Campaigns } from '../campaigns/service.js';
import { addEventsRoutes } from './events-routes.js';
import { CallEvents } from '../events/recorder.js';

export interface AppDeps {
  /** The default flow, answered at /node/<id>. */
  flows: FlowSource;
  /** Named flows (FLOWS_DIR, FLOWS), each answered at /flows/<name>/node/<id>; default none. */
  namedFlows?: ReadonlyMap<string, NamedFlow>;
  /** Where lookups read `${NAME}` for their headers; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  settings: Settings;
  logger: Logger;
  /** The folder `audio/…` paths of the flow are served from. */
  audioDir: string;
  /** Plivo's Voice API for POST /calls; default: the real one, with `settings.plivo`. */
  outbound?: OutboundCalls;
  /** Whether shutdown has begun (GET /healthz answers 503); default never. */
  stopping?: () => boolean;
  /** Per-client limit on POST /calls for clients holding the API token; default `settings.callsRateLimit` (CALLS_RATE_LIMIT). Everyone else: a burst of 10, 10 a minute. */
  callsRateLimit?: { burst: number; perMinute: number };
  /** The call-events recorder (`createCallEvents`): whoever makes the app opens it and closes it, since it holds the database file and, with REDIS_URL, Redis connections. */
  events: CallEvents;
  /** Outbound campaigns (serve.ts builds them on the data file or Redis); absent: no /campaigns routes. */
  campaigns?: Campaigns;
}

/**
 * The Koa app with every route; never listens (`startServer` in server.ts does, for the
 * process, `npm run simulate`/`demo` and the tests). No globals: everything comes in through `deps`.
 *
 * Every guard belongs to its route (`router.post('/calls', limit, gate, body, handler)`), and
 * the router is strict and case-sensitive: a path either is a route, with all its guards, or
 * is a 404. Nothing compares a request path by hand.
 */
export function createApp(deps: AppDeps): Koa {
  // No proxy trust: X-Forwarded-* are whatever the client wrote; nothing here reads ctx.ip.
  const app = new Koa({ proxy: false });
  const router = new Router({ strict: true, sensitive: true });
  const { settings, logger } = deps;
  const { events } = deps;
  const guard = webhookGuard({ authToken: settings.verifySignatures ? settings.plivo?.authToken : undefined, publicUrl: settings.publicUrl, logger });
  const sealing = useStateSecret(settings.stateSecret);
  if ('source' in sealing && sealing.source === 'generated') logger.warn(GENERATED_KEY_WARNING);
  const flows: ServedFlows = { main: deps.flows, named: deps.namedFlows ?? new Map() };
  addNodeRoute(router, { flows, publicUrl: settings.publicUrl, logger, guard, events, clockOverride: !settings.verifySignatures, ...(deps.env === undefined ? {} : { env: deps.env }) });
  addHangupRoute(router, { flows, logger, guard, events });
  addHealthRoute(router, { flows: deps.flows, stopping: deps.stopping ?? (() => false) });
  const outbound = deps.outbound ?? createOutboundCalls({ plivo: settings.plivo });
  addCallsRoute(router, {
    flows,
    publicUrl: settings.publicUrl,
    outbound,
    logger,
    fromNumber: settings.fromNumber,
    allowedDestinations: settings.allowedDestinations,
    allowPremiumDestinations: settings.allowPremiumDestinations,
    callsApiToken: settings.callsApiToken,
    rateLimit: deps.callsRateLimit ?? settings.callsRateLimit,
  });
  addAudioRoute(router, deps.audioDir, flows.named);
  addWebRoutes(router, { flows, settings, logger });
  addEventsRoutes(router, { events, flows: deps.flows, logger, dashboardToken: settings.dashboardToken });

  app.use(scrubResponses(scrubber(secretsOf(settings))));
  app.use(errorBoundary(logger));
  if (deps.campaigns !== undefined) {
    // Campaigns: the API (token-guarded like POST /calls), Plivo's callbacks (webhook-guarded) and the panel, each route with its guards.
    const routes = campaignRoutes({
      campaigns: deps.campaigns, logger, callsApiToken: settings.callsApiToken,
      webhookGuard: guard, publicUrl: settings.publicUrl,
    });
    app.use(routes.routes());
    app.use(routes.allowedMethods());
  }
  app.use(router.routes());
  app.use(router.allowedMethods());
  // Errors are answered by the boundary; this only keeps Koa from printing them a second time.
  app.on('error', () => undefined);
  return app;
}

/** The recorder the settings describe (DATA_FILE, REDIS_URL, EVENTS, EVENTS_RETENTION_DAYS). */
export function createCallEvents(deps: Pick<AppDeps, 'settings' | 'logger' | 'flows'>): CallEvents {
  const { settings } = deps;
  return new CallEvents({
    dataFile: settings.dataFile,
    redisUrl: settings.redisUrl,
    enabled: settings.events,
    retentionDays: settings.eventsRetentionDays,
    logger: deps.logger,
    flows: deps.flows,
  });
}

/**
 * The last word on any error: a webhook (marked by its route's guard) always gets valid XML
 * with 200, so the call goes on or ends cleanly; API callers get JSON, with the message only
 * for 4xx.
 */
function errorBoundary(logger: Logger): Koa.Middleware {
  return async (ctx, next) => {
    // Read now: a request that failed mid-body may have lost its socket by the time we log.
    const address = ctx.req.socket.remoteAddress;
    try {
      await next();
    } catch (caught) {
      const error = caught as Error & { status?: number; expose?: boolean };
      const status = typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
      const webhook = (ctx.state as WebhookState).webhook === true;
      // The body reader's refusals (too large, cut short) are the client's fault: say so plainly.
      if (webhook && status !== 500 && error.expose === true) {
        logger.warn('webhook request refused', { path: ctx.path, status, error: error.message, address });
        ctx.status = status;
        ctx.type = 'text/plain';
        ctx.body = error.message;
        return;
      }
      if (webhook) {
        logger.warn('webhook request failed, answered with the fallback', { path: ctx.path, status, error: error.message, address });
        ctx.status = 200;
        ctx.type = 'application/xml';
        ctx.body = fallbackXml();
        return;
      }
      if (status === 500) logger.error('request failed', { path: ctx.path, error: error.stack ?? error.message, address });
      else logger.warn('request refused', { path: ctx.path, status, error: error.message, address });
      ctx.status = status;
      ctx.body = status === 500 ? { error: 'internal_error', detail: 'something went wrong on our side' } : { error: ERROR_CODES[status] ?? 'bad_request', detail: error.message };
    }
  };
}

const ERROR_CODES: Readonly<Record<number, string>> = { 413: 'payload_too_large', 415: 'unsupported_media_type' };
