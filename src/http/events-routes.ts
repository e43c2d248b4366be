/**
 * The call dashboard's routes. Public: GET /dashboard (the page, no data in it) and its script.
 * Private (each route carries the dashboard guard): GET /api/calls/live (Server-Sent Events,
 * or a JSON snapshot), GET /api/calls/:id, GET /api/dropoff (JSON or CSV), GET /metrics, and
 * POST /api/dashboard/session (trades the bearer token for a cookie the live stream can send).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import type Router from '@koa/router';
import type Koa from 'koa';
import type { FlowSource } from '../flow/source.js';
import type { Logger } from '../log.js';
import { dropoff, dropoffCsv } from '../events/dropoff.js';
import type { CallEvents } from '../events/recorder.js';
import { pageBundle } from '../web/bundle.js';
import { DASHBOARD_COOKIE, dashboardGuard, tokenCookieValue } from './dashboard-guard.js';

export interface EventsRoutesDeps {
  events: CallEvents;
  flows: FlowSource;
  logger: Logger;
  /** DASHBOARD_TOKEN. */
  dashboardToken: string | undefined;
}

const ASSETS = resolve(import.meta.dirname, '../web/assets');
const PAGE_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
/** Most live streams open at once; more get 503 (each holds a connection). */
const MAX_STREAMS = 100;
const DAY_MS = 24 * 60 * 60_000;
/** The longest period a drop-off report covers (it reads every event of the period). */
const MAX_PERIOD_MS = 92 * DAY_MS;

export function addEventsRoutes(router: Router, deps: EventsRoutesDeps): void {
  const guard = dashboardGuard({ token: deps.dashboardToken, logger: deps.logger });
  const streams = new Set<() => void>();
  deps.events.onClose(() => { for (const end of [...streams]) end(); });

  router.get('/dashboard', async (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Content-Security-Policy', PAGE_POLICY);
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = await readFile(resolve(ASSETS, 'dashboard.html'), 'utf8');
  });
  router.get('/web/dashboard.js', async (ctx) => {
    ctx.body = await pageBundle('dashboard');
    ctx.type = 'text/javascript; charset=utf-8';
    ctx.set('Cache-Control', 'no-cache');
  });
  router.get('/web/dashboard.css', async (ctx) => {
    ctx.type = 'text/css; charset=utf-8';
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = await readFile(resolve(ASSETS, 'dashboard.css'), 'utf8');
  });

  router.post('/api/dashboard/session', guard, (ctx) => {
    const token = deps.dashboardToken;
    if (token === undefined) {
      ctx.status = 204;
      return;
    }
    ctx.cookies.set(DASHBOARD_COOKIE, tokenCookieValue(token), { httpOnly: true, sameSite: 'strict', secure: ctx.secure, path: '/', overwrite: true });
    ctx.status = 204;
  });

  router.get('/api/calls/live', guard, (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    if (!ctx.get('accept').includes('text/event-stream')) {
      ctx.body = { calls: deps.events.live.list() };
      return;
    }
    if (streams.size >= MAX_STREAMS) {
      ctx.status = 503;
      ctx.body = { error: 'too_many_streams', detail: `at most ${MAX_STREAMS} live views at once; close one, or poll GET /api/calls/live without Accept: text/event-stream` };
      return;
    }
    liveStream(ctx, deps.events, streams);
  });

  router.get('/api/calls/:id', guard, async (ctx) => {
    const id = (ctx.params['id'] ?? '').trim();
    ctx.set('Cache-Control', 'no-store');
    if (!/^[A-Za-z0-9+_.:-]{3,64}$/.test(id)) {
      ctx.status = 400;
      ctx.body = { error: 'bad_id', detail: 'give a CallUUID, a request UUID or a phone number such as +14155550100' };
      return;
    }
    const calls = await deps.events.story(id);
    if (calls.length === 0) {
      ctx.status = 404;
      ctx.body = { error: 'not_found', detail: `no call found for "${id}" (calls are kept for the retention period, EVENTS_RETENTION_DAYS)` };
      return;
    }
    ctx.body = { calls };
  });

  router.get('/api/dropoff', guard, (ctx) => {
    const period = periodOf(ctx.query);
    if (typeof period === 'string') {
      ctx.status = 400;
      ctx.body = { error: 'bad_period', detail: period };
      return;
    }
    const version = single(ctx.query['version']);
    deps.events.flush();
    const report = dropoff(deps.events.store.range(period.from, period.to), { ...period, version: version === '' ? undefined : version });
    ctx.set('Cache-Control', 'no-store');
    if (single(ctx.query['format']) === 'csv') {
      ctx.type = 'text/csv; charset=utf-8';
      ctx.set('Content-Disposition', `attachment; filename="dropoff-${new Date(period.from).toISOString().slice(0, 10)}-${new Date(period.to).toISOString().slice(0, 10)}.csv"`);
      ctx.body = dropoffCsv(report);
      return;
    }
    ctx.body = { ...report, currentVersion: deps.flows.current().version };
  });

  router.get('/metrics', guard, async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.type = deps.events.metrics.registry.contentType;
    ctx.body = await deps.events.metrics.registry.metrics();
  });
}

/** `from`/`to` as ISO dates or epoch milliseconds; default the last 7 days. */
function periodOf(query: Readonly<Record<string, unknown>>): { from: number; to: number } | string {
  const read = (name: string, fallback: number): number | string => {
    const text = single(query[name]);
    if (text === undefined || text === '') return fallback;
    const value = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
    return Number.isFinite(value) ? value : `${name} must be a date such as 2026-11-30 or 2026-11-30T14:00:00Z, or epoch milliseconds; got "${text.slice(0, 40)}"`;
  };
  const now = Date.now();
  const to = read('to', now);
  if (typeof to === 'string') return to;
  const from = read('from', to - 7 * DAY_MS);
  if (typeof from === 'string') return from;
  if (from >= to) return 'from must be before to';
  if (to - from > MAX_PERIOD_MS) return `a period is at most ${MAX_PERIOD_MS / DAY_MS} days`;
  return { from, to };
}

function single(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

/** Server-Sent Events: a `snapshot` of the live calls, then `events` batches as they happen. */
function liveStream(ctx: Koa.Context, events: CallEvents, streams: Set<() => void>): void {
  const stream = new PassThrough();
  ctx.req.socket.setTimeout(0);
  ctx.req.socket.setNoDelay(true);
  ctx.status = 200;
  ctx.type = 'text/event-stream';
  ctx.set('X-Accel-Buffering', 'no');
  ctx.body = stream;
  stream.write(`retry: 3000\nevent: snapshot\ndata: ${JSON.stringify({ calls: events.live.list() })}\n\n`);
  const unsubscribe = events.subscribe((batch) => stream.write(`event: events\ndata: ${JSON.stringify(batch)}\n\n`));
  const ping = setInterval(() => stream.write(': ping\n\n'), 15_000);
  const end = (): void => {
    if (!streams.delete(end)) return;
    unsubscribe();
    clearInterval(ping);
    stream.end();
  };
  streams.add(end);
  ctx.req.on('close', end);
  ctx.res.on('close', end);
}
