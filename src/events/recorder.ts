/**
 * The call-events recorder: what the webhook routes call (one line each). Recording never
 * slows or fails a webhook: an event is built (masked) and queued in memory; the queue is
 * flushed after the response, in one SQLite transaction per batch, then shown live and (with
 * Redis) published. A full queue drops events and counts them; a failing database or Redis
 * is logged and counted, never thrown.
 */
import type { FlowSource } from '../flow/source.js';
import type { Logger } from '../log.js';
import { openDatabase, type Db } from '../store/database.js';
import { hangupEvent, webhookEvent, type WebhookSeen } from './capture.js';
import { LiveCalls } from './live.js';
import { createMetrics, type CallOutcome, type Metrics } from './metrics.js';
import { connectEventBus, type EventBus } from './redis-bus.js';
import { eventStore, type EventStore } from './store.js';
import type { CallEvent, CampaignEvent, LookupEvent, NewEvent, WebhookEvent } from './types.js';

export interface CallEventsOptions {
  /** The database file (DATA_FILE), or an open database to share. */
  dataFile: string;
  db?: Db;
  /** REDIS_URL: share events with the other instances. */
  redisUrl?: string | undefined;
  /** false (EVENTS=off): nothing is recorded (metrics still count). */
  enabled?: boolean;
  /** EVENTS_RETENTION_DAYS; default 30. */
  retentionDays?: number;
  logger: Logger;
  /** The flow source, to count its reloads. */
  flows?: FlowSource;
  /** Most events waiting to be written; more are dropped (and counted). Default 10 000. */
  maxQueue?: number;
  /** Names this instance in events; default a random id. */
  instance?: string;
}

export type Listener = (events: readonly CallEvent[]) => void;

export interface CallStory { callUuid: string; events: CallEvent[] }

export class CallEvents {
  readonly live = new LiveCalls();
  readonly metrics: Metrics;
  readonly store: EventStore;
  /** Resolves once Redis (if any) is connected and the recent calls are loaded. */
  readonly ready: Promise<void>;
  private readonly instance: string;
  private readonly enabled: boolean;
  private readonly maxQueue: number;
  private readonly logger: Logger;
  private readonly listeners = new Set<Listener>();
  private readonly closers = new Set<() => void>();
  private readonly timers: NodeJS.Timeout[] = [];
  private queue: CallEvent[] = [];
  private flushing: NodeJS.Immediate | undefined;
  private sequence = 0;
  private bus: EventBus | undefined;
  private closed = false;
  private warnedWrite = 0;
  private unwatchFlows: (() => void) | undefined;

  constructor(options: CallEventsOptions) {
    this.logger = options.logger;
    this.enabled = options.enabled ?? true;
    this.maxQueue = options.maxQueue ?? 10_000;
    this.instance = options.instance ?? Math.random().toString(36).slice(2, 10);
    this.metrics = createMetrics(() => this.live.inProgress());
    this.store = eventStore(options.db ?? openDatabase(options.dataFile));
    this.unwatchFlows = options.flows?.onChange?.((status) => this.metrics.flowReload(status.problems.length === 0));
    const retentionMs = (options.retentionDays ?? 30) * 24 * 60 * 60_000;
    const prune = (): void => {
      try {
        const removed = this.store.prune(Date.now() - retentionMs);
        if (removed > 0) this.logger.info('call events pruned', { removed, retentionDays: options.retentionDays ?? 30 });
      } catch (error) {
        this.logger.warn('call events: pruning failed', { error: (error as Error).message });
      }
    };
    prune();
    const hourly = setInterval(prune, 60 * 60_000);
    hourly.unref();
    this.timers.push(hourly);
    this.ready = options.redisUrl === undefined || !this.enabled ? Promise.resolve() : this.connect(options.redisUrl);
  }

  /** A webhook was answered: records it, returns the (masked) event for the log line. */
  webhook(seen: WebhookSeen): WebhookEvent {
    const event = { ...webhookEvent(seen, Date.now()), id: this.nextId(), instance: this.instance };
    this.metrics.observe(event, undefined);
    this.enqueue(event);
    return event;
  }

  /** Plivo's hangup callback. */
  hangup(params: Readonly<Record<string, string>>): void {
    const event = { ...hangupEvent(params, Date.now()), id: this.nextId(), instance: this.instance };
    this.metrics.observe(event, this.outcomeOf(event.callUuid, event.status));
    this.enqueue(event);
  }

  /** A data lookup made for a call (for the lookups feature). */
  lookup(event: Omit<LookupEvent, 'kind' | 'id' | 'instance' | 'at'>): void {
    this.record({ kind: 'lookup', at: Date.now(), ...event });
  }

  /** A campaign dispatching one call (for the campaigns feature). */
  campaign(event: Omit<CampaignEvent, 'kind' | 'id' | 'instance' | 'at' | 'callUuid'> & { callUuid?: string }): void {
    this.record({ kind: 'campaign', at: Date.now(), callUuid: event.callUuid ?? event.requestUuid ?? '', ...event });
  }

  /** Any other event (already masked). */
  record(event: NewEvent): void {
    const stamped = { ...event, id: this.nextId(), instance: this.instance } as CallEvent;
    this.metrics.observe(stamped, undefined);
    this.enqueue(stamped);
  }

  /** Calls `listener` with every batch of events (this instance's and, with Redis, the others'). */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls `fn` when the recorder closes (the live streams end then). */
  onClose(fn: () => void): void {
    this.closers.add(fn);
  }

  /** The calls matching a CallUUID, request UUID or phone number, each with its events (newest call first). */
  async story(id: string): Promise<CallStory[]> {
    this.flush();
    const ids = new Set<string>(this.store.find(id));
    if (this.live.get(id) !== undefined) ids.add(id);
    for (const call of this.live.list()) {
      if (call.from === id || call.to === id || call.events.some((e) => 'requestUuid' in e && e.requestUuid === id)) ids.add(call.callUuid);
    }
    if (this.bus !== undefined) for (const found of await this.bus.find(id).catch(() => [])) ids.add(found);
    if (this.bus !== undefined && (await this.bus.call(id).catch(() => [])).length > 0) ids.add(id);
    const stories: CallStory[] = [];
    for (const callUuid of ids) {
      const byId = new Map<string, CallEvent>();
      const sources = [this.store.call(callUuid), this.live.get(callUuid)?.events ?? [], this.bus ? await this.bus.call(callUuid).catch(() => []) : []];
      for (const event of sources.flat()) byId.set(event.id, event);
      const events = [...byId.values()].sort((a, b) => a.at - b.at);
      if (events.length > 0) stories.push({ callUuid, events });
    }
    return stories.sort((a, b) => (b.events[0]?.at ?? 0) - (a.events[0]?.at ?? 0));
  }

  /** Writes what is queued now (tests, shutdown, before a query). */
  flush(): void {
    if (this.flushing !== undefined) {
      clearImmediate(this.flushing);
      this.flushing = undefined;
    }
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    try {
      this.store.write(batch);
    } catch (error) {
      this.metrics.eventsWriteFailed();
      if (Date.now() - this.warnedWrite > 60_000) {
        this.warnedWrite = Date.now();
        this.logger.warn('call events: the database refused a batch (the calls were served)', { events: batch.length, error: (error as Error).message });
      }
    }
    this.bus?.publish(batch);
    this.deliver(batch);
  }

  /** Ends the live streams (shutdown: they would hold their connections open). */
  endStreams(): void {
    for (const fn of this.closers) fn();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    this.endStreams();
    for (const timer of this.timers) clearInterval(timer);
    this.unwatchFlows?.();
    this.listeners.clear();
    await this.ready.catch(() => undefined);
    await this.bus?.close();
  }

  private enqueue(event: CallEvent): void {
    if (!this.enabled || this.closed) return;
    if (this.queue.length >= this.maxQueue) {
      this.metrics.eventsDropped(1);
      return;
    }
    this.queue.push(event);
    // After the response is written: setImmediate runs once this turn's I/O is done.
    this.flushing ??= setImmediate(() => {
      this.flushing = undefined;
      this.flush();
    });
  }

  /** Shows events on the live list and to the subscribers; skips those already shown. */
  private deliver(events: readonly CallEvent[]): void {
    const fresh = events.filter((event) => this.live.apply(event));
    if (fresh.length === 0) return;
    for (const listener of this.listeners) {
      try {
        listener(fresh);
      } catch (error) {
        this.logger.warn('call events: a live listener failed', { error: (error as Error).message });
      }
    }
  }

  private async connect(url: string): Promise<void> {
    try {
      this.bus = await connectEventBus(url, this.logger, (event) => {
        if (event.instance !== this.instance) this.deliver([event]);
      });
      this.deliver(await this.bus.recent(2 * 60 * 60_000));
    } catch (error) {
      this.logger.warn('call events: could not reach Redis; live calls show this instance only', { error: (error as Error).message });
    }
  }

  /** How a call ended, from its last step (as this instance knows it). */
  private outcomeOf(callUuid: string, status: string | undefined): CallOutcome {
    const steps = (this.live.get(callUuid)?.events ?? []).filter((e): e is WebhookEvent => e.kind === 'webhook');
    const last = steps.at(-1);
    if (last === undefined) return status === 'completed' || status === undefined ? 'caller_hung_up' : 'failed';
    if (last.decision.kind === 'error') return 'failed';
    if (last.decision.kind === 'give-up' && last.decision.target === undefined) return 'gave_up';
    if (last.decision.kind === 'end' && last.input.kind === 'transfer') return 'transferred';
    if (last.decision.kind === 'end' || last.servedType === 'hangup') return 'completed';
    if (last.servedType === 'dial') return 'transferred';
    return 'caller_hung_up';
  }

  private nextId(): string {
    this.sequence += 1;
    return `${this.instance}:${Date.now().toString(36)}:${this.sequence}`;
  }
}
