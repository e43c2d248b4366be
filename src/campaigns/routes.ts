/**
 * The campaigns' HTTP edge, on a router of its own that runs before the app's body parsers (a
 * recipient list is larger than their limits, and CSV is not their business):
 * - the API (`/campaigns…`), each route guarded by the same rule as POST /calls;
 * - Plivo's callbacks (`/campaign-calls/…`), each route guarded by Plivo's V3 signature;
 * - an observer on `/node/:id` that notes where each campaign call is in its flow.
 */
import Router from '@koa/router';
import type Koa from 'koa';
import { bearerMatches, isLoopback } from '../http/calls-route.js';
import type { Logger } from '../log.js';
import { csvLine } from './csv.js';
import { CampaignRequestError, readCampaignCsv, readCampaignJson } from './request.js';
import type { CampaignDetail, Campaigns, CampaignSummary, ControlAction } from './service.js';
import { readCallbackIds } from './urls.js';
import { addCampaignsPage } from '../web/campaigns-page.js';

export interface CampaignRoutesDeps {
  campaigns: Campaigns;
  logger: Logger;
  /** CALLS_API_TOKEN: without it only loopback clients may use the API. */
  callsApiToken: string | undefined;
  /** The guards every Plivo webhook route carries (src/http/webhook-guard.ts): form body, signature, XML on errors. */
  webhookGuard: Koa.Middleware[];
  publicUrl: string;
}

const API_BODY_LIMIT = 5 * 1024 * 1024;
const ACTIONS: readonly ControlAction[] = ['pause', 'resume', 'cancel'];

export function campaignRoutes(deps: CampaignRoutesDeps): Router {
  const router = new Router({ strict: true, sensitive: true });
  const guard = apiGuard(deps);
  const signed = deps.webhookGuard;
  const { campaigns } = deps;

  // The panel (a static page; its data comes through the guarded routes below).
  addCampaignsPage(router);

  router.post('/campaigns', guard, async (ctx) => {
    const text = await readBody(ctx, API_BODY_LIMIT);
    if (text === undefined) return;
    try {
      let request;
      if (ctx.is('text/csv')) {
        request = readCampaignCsv(text, flatQuery(ctx.query), campaigns.rules());
      } else if (ctx.is('application/json')) {
        let body: unknown;
        try { body = JSON.parse(text); } catch (error) {
          return answer(ctx, 400, 'invalid_json', `the body is not valid JSON (${(error as Error).message})`);
        }
        request = readCampaignJson(body, campaigns.rules());
      } else {
        return answer(ctx, 415, 'unsupported_media_type', 'send Content-Type: application/json (a campaign object) or text/csv (a header row with number,timezone,… and one row per recipient)');
      }
      ctx.status = 201;
      ctx.body = view(await campaigns.create(request));
    } catch (error) {
      if (!(error instanceof CampaignRequestError)) throw error;
      answer(ctx, 400, 'invalid_campaign', error.message);
    }
  });

  router.get('/campaigns', guard, async (ctx) => {
    ctx.body = { campaigns: (await campaigns.list()).map(view) };
  });

  router.get('/campaigns/:id', guard, async (ctx) => {
    const raw = ctx.params['id'] ?? '';
    const csv = raw.endsWith('.csv') || ctx.query['format'] === 'csv';
    const id = raw.replace(/\.csv$/, '');
    const campaign = await campaigns.get(id);
    if (campaign === undefined) return answer(ctx, 404, 'not_found', `no campaign ${id.slice(0, 40)}; GET /campaigns lists them`);
    if (csv) {
      ctx.type = 'text/csv; charset=utf-8';
      ctx.set('Content-Disposition', `attachment; filename="campaign-${campaign.id}.csv"`);
      ctx.body = exportCsv(campaign);
      return;
    }
    ctx.body = detailView(campaign);
  });

  router.post('/campaigns/:id/:action', guard, async (ctx) => {
    const action = ctx.params['action'] as ControlAction;
    if (!ACTIONS.includes(action)) return answer(ctx, 404, 'not_found', `unknown action "${String(action).slice(0, 20)}"; use pause, resume or cancel`);
    const id = ctx.params['id'] ?? '';
    const before = await campaigns.get(id);
    if (before === undefined) return answer(ctx, 404, 'not_found', `no campaign ${id.slice(0, 40)}; GET /campaigns lists them`);
    const status = await campaigns.control(id, action);
    if (status === undefined) return answer(ctx, 409, 'campaign_over', `campaign ${id} is ${before.status}: it cannot ${action}`);
    ctx.body = { id, status };
  });

  // Plivo's callbacks: always 200 with an empty document; Plivo ignores the answer.
  for (const kind of ['hangup', 'machine'] as const) {
    router.post(`/campaign-calls/:campaign/:index/:attempt/${kind}`, ...signed, async (ctx) => {
      const ids = readCallbackIds(ctx.params);
      const params = formOf(ctx);
      try {
        if (ids !== undefined) await (kind === 'hangup' ? campaigns.hangup(ids, params) : campaigns.machine(ids, params));
      } catch (error) {
        deps.logger.error(`campaign ${kind} callback failed`, { path: ctx.path, error: (error as Error).stack ?? String(error) });
      }
      ctx.type = 'application/xml';
      ctx.body = '<Response></Response>';
    });
  }
  router.post('/campaign-calls/hangup-now', ...signed, (ctx) => {
    ctx.type = 'application/xml';
    ctx.body = '<Response><Hangup/></Response>';
  });

  // Where each campaign call is: noted after the flow's own route has answered.
  router.all('/node/:id', async (ctx, next) => {
    await next();
    const body = (ctx.request as { body?: Record<string, unknown> }).body;
    const requestUuid = body?.['RequestUUID'] ?? ctx.query['RequestUUID'];
    const served = (ctx.state as { nodeServed?: unknown }).nodeServed;
    if (typeof requestUuid === 'string' && typeof served === 'string') campaigns.noteNode(requestUuid, served);
  });
  return router;
}

/** The rule of POST /calls: with CALLS_API_TOKEN, `Authorization: Bearer <token>`; without it, loopback clients only. */
function apiGuard(deps: CampaignRoutesDeps): Koa.Middleware {
  return async (ctx, next) => {
    const address = ctx.req.socket.remoteAddress;
    if (deps.callsApiToken !== undefined) {
      if (!bearerMatches(ctx.get('authorization'), deps.callsApiToken)) {
        deps.logger.warn('campaigns request refused', { reason: 'bad or missing token', address });
        ctx.set('WWW-Authenticate', 'Bearer');
        return answer(ctx, 401, 'unauthorized', 'send the header Authorization: Bearer <CALLS_API_TOKEN>');
      }
    } else if (!isLoopback(address)) {
      deps.logger.warn('campaigns request refused', { reason: 'not loopback and CALLS_API_TOKEN is not set', address });
      return answer(ctx, 403, 'forbidden', 'campaigns are only run for clients on this machine; set CALLS_API_TOKEN on the server and send Authorization: Bearer <token>');
    }
    return next();
  };
}

/** The webhook's form fields as the guard read them (first value of each). */
function formOf(ctx: Koa.Context): Record<string, string> {
  const body = (ctx.request as { body?: unknown }).body;
  if (body === null || typeof body !== 'object') return {};
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** The body as text, at most `limit` bytes; answers 413 and returns undefined past it. */
async function readBody(ctx: Koa.Context, limit: number): Promise<string | undefined> {
  if (Number(ctx.get('content-length') || '0') > limit) {
    answer(ctx, 413, 'payload_too_large', `the body is larger than ${limit} bytes: split it`);
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      answer(ctx, 413, 'payload_too_large', `the body is larger than ${limit} bytes: split it`);
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function flatQuery(query: Koa.Context['query']): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
}

function answer(ctx: Koa.Context, status: number, error: string, detail: string): void {
  ctx.status = status;
  ctx.body = { error, detail };
}

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

function view(campaign: CampaignSummary): Record<string, unknown> {
  const { createdAt, ...rest } = campaign;
  return { ...rest, createdAt: iso(createdAt) };
}

function detailView(campaign: CampaignDetail): Record<string, unknown> {
  const { recipients, ...summary } = campaign;
  return {
    ...view(summary),
    recipients: recipients.map((r) => ({ ...r, nextAt: iso(r.nextAt), finishedAt: iso(r.finishedAt) })),
  };
}

function exportCsv(campaign: CampaignDetail): string {
  const lines = [csvLine(['index', 'number', 'timezone', 'state', 'outcome', 'attempts', 'history', 'last_node', 'call_uuid', 'finished_at', 'detail'])];
  for (const r of campaign.recipients) {
    lines.push(csvLine([r.index, r.number, r.timezone, r.state, r.outcome, r.attempts, r.history.join(' '), r.lastNode, r.callUuid, iso(r.finishedAt), r.detail]));
  }
  return `${lines.join('\r\n')}\r\n`;
}
