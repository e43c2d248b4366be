import { createHash, timingSafeEqual } from 'node:crypto';
import { isIPv4 } from 'node:net';
import type Router from '@koa/router';
import type Koa from 'koa';
import bodyParser from 'koa-bodyparser';
import { flowBaseUrl, flowNamed, UnknownFlow, type ServedFlows } from '../flow/catalog.js';
import type { Logger } from '../log.js';
import {
  BadCallRequest,
  callParams,
  callUrls,
  CostlyDestination,
  DestinationNotAllowed,
  PlivoApiError,
  PlivoNotConfigured,
  readCallRequest,
  type OutboundCalls,
} from '../plivo/outbound.js';
import { isLoopbackHost, proxyHeaderOf } from './forwarded.js';
import { rateLimit } from './rate-limit.js';

export interface CallsRouteDeps {
  flows: ServedFlows;
  publicUrl: string;
  outbound: OutboundCalls;
  logger: Logger;
  /** PLIVO_FROM_NUMBER: the caller ID when the request names none. */
  fromNumber: string | undefined;
  allowedDestinations: readonly string[];
  /** CALLS_API_TOKEN; without it only loopback clients may place calls. */
  callsApiToken: string | undefined;
  /** ALLOW_PREMIUM_DESTINATIONS: premium-rate, shared-cost and other high-cost numbers may be called. */
  allowPremiumDestinations: boolean;
  /** Per-client limit for clients holding CALLS_API_TOKEN: a burst, then so many a minute. Every other client gets STRICT_LIMIT. */
  rateLimit: { burst: number; perMinute: number };
}

/** The limit of a client without the API token (loopback clients when no token is set, and token guessers): a burst of 10, 10 a minute. */
export const STRICT_LIMIT = { burst: 10, perMinute: 10 } as const;

/**
 * The gate of POST /calls, on the route itself and before the body parser so a stranger's body
 * is never read: with CALLS_API_TOKEN, `Authorization: Bearer <token>` or 401; without it,
 * clients on this machine only, or 403. A request through a proxy (ngrok on this machine adds
 * X-Forwarded-For) is not local, whatever its socket says, and neither is one whose Host is not
 * a loopback name (a web page whose DNS name was rebound to 127.0.0.1). Placing calls costs
 * money, so this is the toll-fraud guard. It also answers a body that is not valid JSON with a
 * JSON error instead of the parser's bare message.
 */
export function callsGate(deps: Pick<CallsRouteDeps, 'callsApiToken' | 'logger'>): Koa.Middleware {
  return async (ctx, next) => {
    // The socket's address, never X-Forwarded-For: a header is whatever the client says.
    const address = ctx.req.socket.remoteAddress;
    if (deps.callsApiToken !== undefined) {
      if (!bearerMatches(ctx.get('authorization'), deps.callsApiToken)) {
        deps.logger.warn('calls request refused', { reason: 'bad or missing token', address });
        ctx.set('WWW-Authenticate', 'Bearer');
        return answer(ctx, 401, 'unauthorized', 'send the header Authorization: Bearer <CALLS_API_TOKEN>');
      }
    } else {
      const refusal = notLocal(ctx, address);
      if (refusal !== undefined) {
        deps.logger.warn('calls request refused', { reason: `${refusal} and CALLS_API_TOKEN is not set`, address });
        return answer(ctx, 403, 'forbidden', `this server only places calls for clients on the same machine, and this request ${refusal}; set CALLS_API_TOKEN on the server and send Authorization: Bearer <token> to call it from elsewhere`);
      }
    }
    try {
      await next();
    } catch (error) {
      // koa-bodyparser (co-body) throws a SyntaxError with status 400 for a body that is not JSON.
      if (!(error instanceof SyntaxError) || (error as { status?: unknown }).status !== 400) throw error;
      answer(ctx, 400, 'invalid_json', `the body is not valid JSON (${error.message}); send an object such as {"to":"+14155550100"}`);
    }
  };
}

/**
 * POST /calls — `{"to": "+E164", "from"?: "+E164", "flow"?: "name"}` → Plivo places a call whose
 * answer URL is the entry node of the flow (default: the default flow). 201 `{requestUuid,
 * status: "placed" | "queued", to, from, flow?, answerUrl, message}`; every refusal is JSON
 * `{error, detail}` saying what to fix (an unknown flow: 422 with `flows`, the names served).
 */
export function addCallsRoute(router: Router, deps: CallsRouteDeps): void {
  // The limit comes first, so token guessing is limited too (strictly: a wrong token is no token);
  // the body is read only after the gate.
  const strict = rateLimit({ ...STRICT_LIMIT, logger: deps.logger });
  const generous = rateLimit({ ...deps.rateLimit, logger: deps.logger });
  const token = deps.callsApiToken;
  const limit: Koa.Middleware = (ctx, next) => (token !== undefined && bearerMatches(ctx.get('authorization'), token) ? generous : strict)(ctx, next);
  const gate = callsGate(deps);
  const json = bodyParser({ enableTypes: ['json'], jsonLimit: '16kb' });
  router.post('/calls', limit, gate, json, async (ctx) => {
    if (!ctx.is('application/json')) {
      return answer(ctx, 415, 'unsupported_media_type', 'send Content-Type: application/json with a body such as {"to":"+14155550100"}');
    }
    try {
      const request = readCallRequest((ctx.request as { body?: unknown }).body, {
        defaultFrom: deps.fromNumber,
        allowedDestinations: deps.allowedDestinations,
        allowPremium: deps.allowPremiumDestinations,
        missingSettings: deps.outbound.missingSettings(),
      });
      const flow = flowNamed(deps.flows, request.flow).current();
      const params = callParams((ctx.request as { body?: unknown }).body, flow.data.params);
      const urls = callUrls(flowBaseUrl(deps.publicUrl, request.flow), flow.entry, params);
      const placed = await deps.outbound.place({ ...request, ...urls });
      // Above the account's calls per second Plivo queues the call rather than refusing it.
      const status = /queued/i.test(placed.message) ? 'queued' : 'placed';
      deps.logger.info('call placed', { requestUuid: placed.requestUuid, to: request.to, from: request.from, answerUrl: urls.answerUrl, status, params: Object.keys(params) });
      ctx.status = 201;
      ctx.body = { requestUuid: placed.requestUuid, status, to: request.to, from: request.from, ...(request.flow === undefined ? {} : { flow: request.flow }), answerUrl: urls.answerUrl, message: placed.message };
    } catch (error) {
      if (error instanceof UnknownFlow) {
        deps.logger.warn('call not placed', { status: 422, error: 'unknown_flow', flow: error.flow });
        ctx.status = 422;
        ctx.body = { error: 'unknown_flow', detail: error.message, flows: error.known };
        return;
      }
      const [status, code] = statusOf(error);
      if (status === 500) throw error;
      deps.logger.warn('call not placed', { status, error: code, detail: (error as Error).message });
      answer(ctx, status, code, (error as Error).message);
    }
  });
}

/** The HTTP answer for each refusal; 500 for anything unforeseen (the app's boundary answers it). */
function statusOf(error: unknown): [number, string] {
  if (error instanceof BadCallRequest) return [400, error.code];
  if (error instanceof DestinationNotAllowed) return [403, 'destination_not_allowed'];
  if (error instanceof CostlyDestination) return [403, 'premium_destination_refused'];
  if (error instanceof PlivoNotConfigured) return [503, 'not_configured'];
  if (error instanceof PlivoApiError) {
    switch (error.kind) {
      case 'credentials-rejected': return [502, 'plivo_credentials_rejected'];
      case 'call-rejected': return [422, 'call_rejected'];
      case 'plivo-failed': return [502, 'plivo_failed'];
      case 'unreachable': return [504, 'plivo_unreachable'];
    }
  }
  return [500, 'internal_error'];
}

function answer(ctx: Koa.Context, status: number, error: string, detail: string): void {
  ctx.status = status;
  ctx.body = { error, detail };
}

/** Whether `header` is `Bearer <token>`. Compares digests in constant time, so neither the token nor its length leaks through timing. */
export function bearerMatches(header: string, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (match?.[1] === undefined) return false;
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(match[1]), digest(token));
}

/** Why a request without a token is not from this machine, or undefined when it is. */
function notLocal(ctx: Koa.Context, address: string | undefined): string | undefined {
  if (!isLoopback(address)) return `comes from ${address ?? 'an unknown address'}`;
  const proxied = proxyHeaderOf(ctx.req.headers);
  if (proxied !== undefined) return `came through a proxy (it carries ${proxied}), so it may come from anywhere`;
  if (!isLoopbackHost(ctx.get('host'))) return `names the host "${ctx.get('host')}", not localhost`;
  return undefined;
}

/** Whether a socket address is this machine: 127.0.0.0/8, ::1, or an IPv4-mapped 127.x (`::ffff:127.0.0.1`). */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.toLowerCase().replace(/^::ffff:/, '');
  if (isIPv4(v4)) return v4.startsWith('127.');
  return address === '::1' || address === '0:0:0:0:0:0:0:1';
}
