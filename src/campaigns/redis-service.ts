/**
 * Campaigns on Redis (REDIS_URL): several server instances share the campaigns, their state and
 * one calls-per-second budget.
 *
 * - State: one hash per campaign and per recipient, under `ivr:campaign:{<id>}` (one hash tag, so
 *   a campaign's keys live together). Every state change is a Lua script guarded by the state it
 *   leaves, as the SQLite store's UPDATEs are, so it is atomic whichever instance runs it.
 * - Scheduling: a BullMQ queue per campaign, one job per attempt (`jobId` = `<index>-<attempt>`,
 *   so adding it twice adds it once). BullMQ's rate limiter is kept in Redis, per queue: however
 *   many instances run workers, jobs start at most once per `1000 / callsPerSecond` ms. Calling
 *   hours and back-off are job delays; pause and resume pause the queue for every worker.
 *
 * EXACTLY-ONCE (Redis mode). A job may run twice (a worker dies and BullMQ hands the stalled job
 * to another), but the call is placed only after the CLAIM script moved the recipient
 * waiting → dialing for that attempt and added its number to the campaign's live set: a second
 * run finds the claim taken and does nothing. A claim whose instance died before Plivo's answer
 * was recorded stays `dialing`; Plivo's callbacks (they name campaign, recipient and attempt)
 * resolve it, and the sweeper (every instance, every second) ends it `unknown` after
 * `ringTimeout + 60 s` without one: never placed again.
 *
 * REDIS GOING AWAY. Workers stop taking jobs (ioredis reconnects with back-off), so no new calls
 * start; calls already live go on at Plivo. The API answers 503. A callback that comes while Redis
 * is away cannot be recorded: it is logged and answered 200 (a webhook never sees a 5xx), and its
 * attempt ends `unknown` at its deadline once Redis is back (Plivo does not resend callbacks).
 * When Redis returns, the queues resume where they were; what Redis itself keeps across its own
 * restart is its persistence setting (use `appendonly yes`).
 */
import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { systemClock } from './clock.js';
import { UNCERTAIN_GRACE_S } from './dispatcher.js';
import { emptyProgress, type Campaign, type CampaignStatus, type Outcome, type Policy, type Recipient, type RecipientState } from './model.js';
import { msUntilWindow, outcomeOfHangup, retryDecision } from './policy.js';
import type { CampaignDetail, Campaigns, CampaignsDeps, CampaignSummary } from './service.js';
import { callbackUrls, hangupDocumentUrl, type CallbackIds } from './urls.js';
import { CallRefused } from './voice-api.js';
import { randomBytes } from 'node:crypto';

const INDEX = 'ivr:campaigns';
const key = (id: string): string => `ivr:campaign:{${id}}`;
const rKey = (id: string, index: number): string => `${key(id)}:r:${index}`;
const liveKey = (id: string): string => `${key(id)}:live`;
const inflightKey = (id: string): string => `${key(id)}:inflight`;
const requestKey = (uuid: string): string => `ivr:campaign-request:${uuid}`;
const queueName = (id: string): string => `campaign-${id}`;
const LIVE_GRACE_S = 120;
const SWEEP_MS = 1000;

/** waiting → dialing for attempt ARGV[1]+1, if the number has no call in progress. 1 claimed, 0 not waiting, -1 number busy. */
const CLAIM = `
if redis.call('HGET', KEYS[1], 'state') ~= 'waiting' then return 0 end
if tonumber(redis.call('HGET', KEYS[1], 'attempts')) ~= tonumber(ARGV[1]) then return 0 end
local number = redis.call('HGET', KEYS[1], 'number')
if redis.call('SADD', KEYS[2], number) == 0 then return -1 end
redis.call('HSET', KEYS[1], 'state', 'dialing', 'attempts', tonumber(ARGV[1]) + 1, 'claimedAt', ARGV[2], 'detail', '', 'requestUuid', '', 'callUuid', '', 'machine', '', 'lastNode', '')
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[3])
return 1`;

/** HSET fields (ARGV[3..]) only if the state is one of ARGV[2] (comma list) and attempts = ARGV[1] (or any when ''). */
const SET_IF = `
local state = redis.call('HGET', KEYS[1], 'state')
if not state or not string.find(',' .. ARGV[2] .. ',', ',' .. state .. ',', 1, true) then return 0 end
if ARGV[1] ~= '' and tonumber(redis.call('HGET', KEYS[1], 'attempts')) ~= tonumber(ARGV[1]) then return 0 end
for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
return 1`;

/** The end of attempt ARGV[1]: ARGV[2] new state (waiting|done), ARGV[3] outcome, ARGV[4] now, ARGV[5] nextAt, ARGV[6] detail, ARGV[7] callUuid, ARGV[8] lastNode, ARGV[9] index. */
const RESOLVE = `
local state = redis.call('HGET', KEYS[1], 'state')
if tonumber(redis.call('HGET', KEYS[1], 'attempts')) ~= tonumber(ARGV[1]) then return 0 end
local inprog = state == 'dialing' or state == 'live' or state == 'uncertain'
local late = state == 'done' and redis.call('HGET', KEYS[1], 'outcome') == 'unknown' and ARGV[3] ~= 'unknown'
if not inprog and not late then return 0 end
local history = redis.call('HGET', KEYS[1], 'history')
if not history or history == '' then history = ARGV[3] else history = history .. ',' .. ARGV[3] end
local next = ARGV[2]
if late then next = 'done' end
redis.call('HSET', KEYS[1], 'state', next, 'outcome', ARGV[3], 'history', history, 'detail', ARGV[6])
if next == 'waiting' then redis.call('HSET', KEYS[1], 'nextAt', ARGV[5]) else redis.call('HSET', KEYS[1], 'finishedAt', ARGV[4], 'nextAt', '') end
if ARGV[7] ~= '' then redis.call('HSET', KEYS[1], 'callUuid', ARGV[7]) end
if ARGV[8] ~= '' then redis.call('HSET', KEYS[1], 'lastNode', ARGV[8]) end
if inprog then
  redis.call('SREM', KEYS[2], redis.call('HGET', KEYS[1], 'number'))
  redis.call('ZREM', KEYS[3], ARGV[9])
end
if next == 'waiting' then return 2 end
return 1`;

/**
 * The fine pace, taken right before the claim: BullMQ's limiter spaces the *starts* of jobs, but
 * a job's checks take a few round trips, and on a busy machine one instance's can take longer
 * than another's. So the moment of the dial is paced too, on Redis's clock: 0 and the next slot
 * moves `interval` on, or the ms to wait (the job goes back to delayed, unclaimed).
 */
const PACE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local next = tonumber(redis.call('GET', KEYS[1]) or '0')
if now < next then return next - now end
redis.call('SET', KEYS[1], now + tonumber(ARGV[1]), 'PX', 60000)
return 0`;

interface JobData { index: number; attempt: number }

export function redisCampaigns(deps: Omit<CampaignsDeps, 'db'> & { redisUrl: string }): Campaigns {
  const clock = deps.clock ?? systemClock;
  const { logger } = deps;
  const redis = new Redis(deps.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', (error: Error) => logger.warn('redis error', { error: error.message }));
  // BullMQ never closes a connection it is given: stop() does.
  const connections: Redis[] = [];
  const connection = (): Redis => {
    const duplicate = redis.duplicate({ maxRetriesPerRequest: null });
    connections.push(duplicate);
    duplicate.on('error', (error: Error) => logger.debug('redis connection error', { error: error.message }));
    return duplicate;
  };
  const queues = new Map<string, Queue<JobData>>();
  const workers = new Map<string, Worker<JobData>>();
  let sweeper: NodeJS.Timeout | undefined;
  let stopped = false;

  const queueOf = (id: string): Queue<JobData> => {
    let queue = queues.get(id);
    if (queue === undefined) {
      queue = new Queue<JobData>(queueName(id), { connection: connection() });
      queue.on('error', (error: Error) => logger.warn('campaign queue error', { campaignId: id, error: error.message }));
      queues.set(id, queue);
    }
    return queue;
  };
  const enqueue = (id: string, index: number, attempt: number, delayMs: number): Promise<unknown> =>
    queueOf(id).add('dial', { index, attempt }, { jobId: `${index}-${attempt}`, delay: Math.max(0, Math.round(delayMs)), removeOnFail: true });

  const campaign = async (id: string): Promise<Campaign | undefined> => {
    const h = await redis.hgetall(key(id));
    if (h['id'] === undefined) return undefined;
    return { id, name: h['name'] ?? '', flow: h['flow'] ?? 'default', from: h['from'] ?? '', policy: JSON.parse(h['policy'] ?? '{}') as Policy,
      doNotCall: JSON.parse(h['doNotCall'] ?? '[]') as string[], status: (h['status'] ?? 'running') as CampaignStatus, createdAt: Number(h['createdAt']), total: Number(h['total']) };
  };
  const recipients = async (c: Campaign): Promise<Recipient[]> => {
    const pipeline = redis.pipeline();
    for (let i = 0; i < c.total; i++) pipeline.hgetall(rKey(c.id, i));
    const rows = (await pipeline.exec()) ?? [];
    return rows.map(([, value], index) => recipientOf(index, (value ?? {}) as Record<string, string>));
  };
  const summary = async (c: Campaign): Promise<CampaignSummary & { recipients: Recipient[] }> => {
    const list = await recipients(c);
    const progress = emptyProgress();
    for (const r of list) {
      progress.total += 1;
      progress.byState[r.state] += 1;
      if (r.outcome !== undefined) progress.byOutcome[r.outcome] += 1;
    }
    return { ...c, progress, recipients: list };
  };

  const resolve = async (c: Campaign, ids: CallbackIds, outcome: Outcome, info: { detail?: string; callUuid?: string; lastNode?: string }): Promise<number> => {
    const now = clock.now();
    const decision = c.status === 'cancelled' ? { retry: false as const } : retryDecision(outcome, ids.attempt, c.policy);
    const result = await redis.eval(RESOLVE, 3, rKey(c.id, ids.index), liveKey(c.id), inflightKey(c.id),
      ids.attempt, decision.retry ? 'waiting' : 'done', outcome, now, decision.retry ? now + decision.afterMs : '', info.detail ?? '', info.callUuid ?? '', info.lastNode ?? '', ids.index) as number;
    if (result === 2 && decision.retry) await enqueue(c.id, ids.index, ids.attempt + 1, decision.afterMs);
    return result;
  };

  /** One job: one attempt of one recipient. Returns without dialling unless it holds the claim. */
  const runJob = async (id: string, job: Job<JobData>, token: string | undefined): Promise<void> => {
    const { index, attempt } = job.data;
    const c = await campaign(id);
    if (c === undefined || c.status !== 'running') return;
    const r = await redis.hgetall(rKey(id, index));
    if (r['state'] !== 'waiting' || Number(r['attempts']) !== attempt - 1) return;
    const number = r['number'] ?? '';
    const later = async (ms: number, detail: string | undefined): Promise<never> => {
      if (detail !== undefined) await redis.eval(SET_IF, 1, rKey(id, index), '', 'waiting', 'nextAt', clock.now() + ms, 'detail', detail);
      await job.moveToDelayed(Date.now() + ms, token);
      throw new DelayedError();
    };
    const until = msUntilWindow(clock.now(), r['timezone'] ?? 'UTC', c.policy.window);
    if (until > 0) return later(until, `outside calling hours (${c.policy.window.start}–${c.policy.window.end} ${r['timezone'] ?? ''})`);
    const verdict = c.doNotCall.includes(number) ? 'blocked' : await deps.dnc.check(number);
    if (verdict === 'unknown') return later(60_000, 'the do-not-call list could not be read: trying again in a minute');
    if (verdict === 'blocked') {
      await redis.eval(SET_IF, 1, rKey(id, index), '', 'waiting', 'state', 'done', 'outcome', 'dnc', 'detail', 'on the do-not-call list when its turn came', 'finishedAt', clock.now(), 'nextAt', '');
      return;
    }
    if (await redis.scard(liveKey(id)) >= c.policy.maxInProgress) return later(250, undefined);
    const wait = await redis.eval(PACE, 1, `${key(id)}:pace`, Math.ceil(1000 / c.policy.callsPerSecond)) as number;
    if (wait > 0) return later(wait, undefined);
    const claimed = await redis.eval(CLAIM, 3, rKey(id, index), liveKey(id), inflightKey(id), attempt - 1, clock.now(), index) as number;
    if (claimed === -1) return later(1000, undefined);
    if (claimed !== 1) return;
    const ids = { campaignId: id, index, attempt };
    try {
      const placed = await deps.voice.createCall({
        from: c.from, to: number, answerUrl: deps.flows.answerUrlFor(c.flow, JSON.parse(r['params'] ?? '{}') as Record<string, string>),
        ...callbackUrls(deps.publicUrl, ids), ringTimeout: c.policy.ringTimeout, timeLimit: c.policy.timeLimit,
      });
      await redis.eval(SET_IF, 1, rKey(id, index), attempt, 'dialing,uncertain', 'state', 'live', 'requestUuid', placed.requestUuid);
      await redis.set(requestKey(placed.requestUuid), `${id}/${index}/${attempt}`, 'EX', c.policy.ringTimeout + c.policy.timeLimit + LIVE_GRACE_S);
      logger.info('campaign call placed', { ...ids, requestUuid: placed.requestUuid, plivoAnswer: placed.message });
    } catch (error) {
      const message = (error as Error).message;
      if (error instanceof CallRefused) await resolve(c, ids, 'failed', { detail: message });
      else await redis.eval(SET_IF, 1, rKey(id, index), attempt, 'dialing', 'state', 'uncertain', 'detail', `${message}: waiting for Plivo's callback`);
      logger.warn('campaign call not placed', { ...ids, detail: message });
    }
  };

  const ensureWorker = (c: Campaign): void => {
    if (workers.has(c.id) || stopped) return;
    const worker = new Worker<JobData>(queueName(c.id), (job, token) => runJob(c.id, job, token), {
      connection: connection(),
      concurrency: 4,
      // Kept in Redis for the queue: shared by every instance's worker.
      limiter: { max: 1, duration: Math.ceil(1000 / c.policy.callsPerSecond) },
    });
    worker.on('error', (error: Error) => logger.warn('campaign worker error', { campaignId: c.id, error: error.message }));
    worker.on('failed', (job, error: Error) => logger.warn('campaign job failed', { campaignId: c.id, job: job?.id, error: error.message }));
    workers.set(c.id, worker);
  };

  /** Every instance, every second: workers for new campaigns, deadlines, completion, and a job for every waiting recipient. */
  const sweep = async (reconcile: boolean): Promise<void> => {
    const ids = await redis.zrange(INDEX, '0', '-1');
    for (const id of ids) {
      const c = await campaign(id);
      if (c === undefined) continue;
      if (c.status === 'cancelled' || c.status === 'completed') {
        const worker = workers.get(id);
        if (worker !== undefined) { workers.delete(id); await worker.close(); }
        continue;
      }
      ensureWorker(c);
      const now = clock.now();
      for (const [member, score] of pairs(await redis.zrange(inflightKey(id), '0', '-1', 'WITHSCORES'))) {
        const index = Number(member);
        const r = await redis.hmget(rKey(id, index), 'state', 'attempts');
        const state = r[0] as RecipientState | null;
        const deadline = state === 'live' ? Number(score) + (c.policy.ringTimeout + c.policy.timeLimit + LIVE_GRACE_S) * 1000 : Number(score) + (c.policy.ringTimeout + UNCERTAIN_GRACE_S) * 1000;
        if (now >= deadline) {
          await resolve(c, { campaignId: id, index, attempt: Number(r[1]) }, 'unknown', { detail: state === 'live' ? 'the call was placed but its hangup callback never came' : 'no answer from Plivo was recorded and no callback came: the call may have been placed once; it is not placed again' });
        }
      }
      if (c.status !== 'running') continue;
      const list = await recipients(c);
      if (list.every((r) => r.state === 'done' || r.state === 'held')) {
        if (await redis.eval(`if redis.call('HGET', KEYS[1], 'status') == 'running' then redis.call('HSET', KEYS[1], 'status', 'completed') return 1 end return 0`, 1, key(id)) === 1) logger.info('campaign completed', { campaignId: id });
        continue;
      }
      if (reconcile) {
        for (const r of list) if (r.state === 'waiting') await enqueue(id, r.index, r.attempts + 1, (r.nextAt ?? now) - now);
      }
    }
  };

  let sweeps = 0;
  const loop = (): void => {
    sweeper = setTimeout(() => {
      sweeps += 1;
      void sweep(sweeps % 10 === 0).catch((error: unknown) => logger.warn('campaign sweep failed', { error: String(error) })).finally(() => { if (!stopped) loop(); });
    }, SWEEP_MS);
  };

  return {
    mode: 'redis',
    rules: () => ({ defaultFrom: deps.defaultFrom, flows: deps.flows.names(), allowedDestinations: deps.allowedDestinations }),
    async create(request) {
      const id = `c${randomBytes(8).toString('hex')}`;
      const now = clock.now();
      const multi = redis.multi();
      multi.hset(key(id), { id, name: request.name, flow: request.flow, from: request.from, policy: JSON.stringify(request.policy), doNotCall: JSON.stringify(request.doNotCall), status: 'running', createdAt: now, total: request.recipients.length });
      request.recipients.forEach((r, index) => {
        const held = r.timezone === undefined;
        multi.hset(rKey(id, index), { number: r.number, timezone: r.timezone ?? '', params: JSON.stringify(r.params), state: held ? 'held' : 'waiting', attempts: 0, history: '', nextAt: held ? '' : now,
          detail: held ? 'no time zone known for this number: give "timezone" (e.g. America/New_York) to call it' : '' });
      });
      multi.zadd(INDEX, now, id);
      await multi.exec();
      const created = await campaign(id) as Campaign;
      await queueOf(id).setGlobalRateLimit(1, Math.ceil(1000 / request.policy.callsPerSecond));
      await queueOf(id).addBulk(request.recipients.flatMap((r, index) => (r.timezone === undefined ? [] : [{ name: 'dial', data: { index, attempt: 1 }, opts: { jobId: `${index}-1`, removeOnFail: true } }])));
      ensureWorker(created);
      logger.info('campaign created', { campaignId: id, recipients: created.total, flow: created.flow, mode: 'redis' });
      const { recipients: _list, ...rest } = await summary(created);
      return rest;
    },
    async list() {
      const ids = await redis.zrevrange(INDEX, '0', '-1');
      const all = await Promise.all(ids.map((id) => campaign(id)));
      return Promise.all(all.filter((c): c is Campaign => c !== undefined).map(async (c) => { const { recipients: _list, ...rest } = await summary(c); return rest; }));
    },
    async get(id) {
      const c = /^c[0-9a-f]{16}$/.test(id) ? await campaign(id) : undefined;
      return c === undefined ? undefined : (await summary(c)) satisfies CampaignDetail;
    },
    async control(id, action) {
      const c = await campaign(id);
      if (c === undefined || c.status === 'cancelled' || c.status === 'completed') return undefined;
      const status: CampaignStatus = action === 'pause' ? 'paused' : action === 'resume' ? 'running' : 'cancelled';
      await redis.hset(key(id), 'status', status);
      const queue = queueOf(id);
      if (action === 'pause') await queue.pause();
      else if (action === 'resume') await queue.resume();
      else {
        await queue.drain(true);
        await queue.resume();
        for (let index = 0; index < c.total; index++) {
          await redis.eval(SET_IF, 1, rKey(id, index), '', 'waiting,held', 'state', 'done', 'outcome', 'cancelled', 'finishedAt', clock.now(), 'nextAt', '');
        }
      }
      logger.info(`campaign ${action}`, { campaignId: id, status });
      return status;
    },
    async hangup(ids, params) {
      const c = await campaign(ids.campaignId);
      if (c === undefined) return;
      const machine = await redis.hget(rKey(ids.campaignId, ids.index), 'machine');
      const outcome = outcomeOfHangup(params, machine === '1' ? true : machine === '0' ? false : undefined);
      const result = await resolve(c, ids, outcome, {
        ...(params['CallUUID'] ? { callUuid: params['CallUUID'] } : {}),
        ...(outcome === 'failed' ? { detail: `Plivo: ${params['HangupCause'] ?? 'no cause given'}` } : {}),
      });
      logger.info('campaign call ended', { ...ids, outcome, result, callUuid: params['CallUUID'], hangupCause: params['HangupCause'] });
    },
    async machine(ids, params) {
      const c = await campaign(ids.campaignId);
      if (c === undefined) return;
      const isMachine = (params['Machine'] ?? '').toLowerCase() === 'true';
      const callUuid = params['CallUUID'] ?? '';
      const set = await redis.eval(SET_IF, 1, rKey(ids.campaignId, ids.index), ids.attempt, 'dialing,live,uncertain', 'machine', isMachine ? '1' : '0', 'callUuid', callUuid) as number;
      if (set !== 1) return;
      const onMachine = deps.flows.flow(c.flow)?.onMachine;
      logger.info('campaign machine detection', { ...ids, machine: isMachine, callUuid, onMachine });
      if (!isMachine || onMachine === undefined || callUuid === '') return;
      const params0 = JSON.parse((await redis.hget(rKey(ids.campaignId, ids.index), 'params')) ?? '{}') as Record<string, string>;
      const target = onMachine === 'hangup' ? hangupDocumentUrl(deps.publicUrl) : deps.flows.nodeUrlFor(c.flow, onMachine, params0);
      await deps.voice.transfer(callUuid, target).catch((error: unknown) => logger.warn('campaign machine transfer failed', { ...ids, callUuid, error: String(error) }));
    },
    noteNode(requestUuid, nodeId) {
      void (async () => {
        const owner = await redis.get(requestKey(requestUuid));
        if (owner === null) return;
        const [id = '', index = '', attempt = ''] = owner.split('/');
        await redis.eval(SET_IF, 1, rKey(id, Number(index)), attempt, 'dialing,live,uncertain', 'lastNode', nodeId);
      })().catch(() => undefined);
    },
    async start() {
      await redis.connect();
      await sweep(true);
      loop();
    },
    async stop() {
      stopped = true;
      if (sweeper !== undefined) clearTimeout(sweeper);
      await Promise.allSettled([...workers.values()].map((w) => w.close()));
      await Promise.allSettled([...queues.values()].map((q) => q.close()));
      for (const c of connections) c.disconnect();
      redis.disconnect();
    },
  };
}

function pairs(flat: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i] as string, flat[i + 1] as string]);
  return out;
}

function recipientOf(index: number, h: Record<string, string>): Recipient {
  const text = (name: string): string | undefined => (h[name] === undefined || h[name] === '' ? undefined : h[name]);
  const num = (name: string): number | undefined => (text(name) === undefined ? undefined : Number(text(name)));
  const state = (text('state') ?? 'waiting') as RecipientState;
  return {
    index, number: h['number'] ?? '', timezone: text('timezone'), params: JSON.parse(h['params'] ?? '{}') as Record<string, string>,
    state, outcome: text('outcome') as Outcome | undefined, attempts: num('attempts') ?? 0, nextAt: state === 'waiting' ? num('nextAt') : undefined,
    history: (text('history') ?? '').split(',').filter((o) => o !== '') as Outcome[], requestUuid: text('requestUuid'), callUuid: text('callUuid'),
    lastNode: text('lastNode'), detail: text('detail'), finishedAt: num('finishedAt'),
  };
}
