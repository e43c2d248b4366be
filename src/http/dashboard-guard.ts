/**
 * The guard on the private views (live calls, call history, drop-off, /metrics): they show
 * callers' numbers, so they are served only to a client on this machine that came straight
 * to it (loopback socket, no proxy headers: a reverse proxy on the same host would otherwise
 * make the whole internet look local; a loopback Host name, against DNS rebinding), or to a
 * holder of DASHBOARD_TOKEN. Attached to each private route itself.
 */
import { createHash } from 'node:crypto';
import type Koa from 'koa';
import type { Logger } from '../log.js';
import { bearerMatches, isLoopback } from './calls-route.js';
import { isLoopbackHost, proxyHeaderOf } from './forwarded.js';

export interface DashboardGuardOptions {
  /** DASHBOARD_TOKEN; undefined: loopback clients only. */
  token: string | undefined;
  logger: Logger;
}

/** The cookie the page keeps the token in (its sha256, HttpOnly), so the live stream (EventSource) can send it. */
export const DASHBOARD_COOKIE = 'ivr_dashboard';

export const tokenCookieValue = (token: string): string => createHash('sha256').update(`ivr-dashboard:${token}`).digest('hex');

/** Whether the request may see the private views. */
export function dashboardAllowed(ctx: Koa.Context, token: string | undefined): boolean {
  if (token !== undefined) {
    if (bearerMatches(ctx.get('authorization'), token)) return true;
    const cookie = ctx.cookies.get(DASHBOARD_COOKIE);
    if (cookie !== undefined && bearerMatches(`Bearer ${cookie}`, tokenCookieValue(token))) return true;
  }
  // The socket's address, never a header; any proxy header means someone else may be behind it;
  // and a Host that is not a loopback name is a web page whose DNS name was rebound to 127.0.0.1.
  return isLoopback(ctx.req.socket.remoteAddress) && proxyHeaderOf(ctx.req.headers) === undefined && isLoopbackHost(ctx.get('host'));
}

export function dashboardGuard(options: DashboardGuardOptions): Koa.Middleware {
  return async (ctx, next) => {
    if (dashboardAllowed(ctx, options.token)) return next();
    options.logger.warn('dashboard request refused', { path: ctx.path, address: ctx.req.socket.remoteAddress, token: ctx.get('authorization') === '' ? 'none' : 'wrong' });
    ctx.status = options.token === undefined ? 403 : 401;
    if (options.token !== undefined) ctx.set('WWW-Authenticate', 'Bearer');
    ctx.body = options.token === undefined
      ? { error: 'forbidden', detail: 'the call dashboard is only served to this machine (loopback, without proxy headers); set DASHBOARD_TOKEN on the server and send Authorization: Bearer <token> to use it from elsewhere' }
      : { error: 'unauthorized', detail: 'send the header Authorization: Bearer <DASHBOARD_TOKEN> (or enter the token on the dashboard page)' };
  };
}
