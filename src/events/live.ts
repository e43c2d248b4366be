/**
 * The calls in progress, as the dashboard shows them: every event of each call, in order.
 * Fed with every event this instance records and, with Redis, every other instance's too.
 * A call leaves the list a while after its hangup (so the page can show how it ended), or
 * when nothing was heard of it for a long time (a hangup callback that never came).
 */
import type { CallEvent } from './types.js';

export interface LiveCall {
  callUuid: string;
  from?: string;
  to?: string;
  startedAt: number;
  lastAt: number;
  ended: boolean;
  events: CallEvent[];
}

export interface LiveOptions {
  /** How long an ended call stays on the list (ms); default 60 s. */
  keepEndedMs?: number;
  /** A call with no event for this long is dropped (ms); default 2 h. */
  idleMs?: number;
  /** Most events kept per call (a looping caller cannot grow memory without bound). */
  maxEventsPerCall?: number;
  /** Most calls tracked at once. */
  maxCalls?: number;
}

export class LiveCalls {
  private readonly calls = new Map<string, LiveCall>();
  /** The ids of each call's events, to drop an event that comes twice in O(1). */
  private readonly ids = new Map<string, Set<string>>();
  private readonly keepEndedMs: number;
  private readonly idleMs: number;
  private readonly maxEvents: number;
  private readonly maxCalls: number;

  constructor(options: LiveOptions = {}) {
    this.keepEndedMs = options.keepEndedMs ?? 60_000;
    this.idleMs = options.idleMs ?? 2 * 60 * 60_000;
    this.maxEvents = options.maxEventsPerCall ?? 200;
    this.maxCalls = options.maxCalls ?? 2000;
  }

  /** Adds an event; false when it was already there (the same event from Redis and locally). */
  apply(event: CallEvent): boolean {
    if (event.kind === 'campaign') return true;
    let call = this.calls.get(event.callUuid);
    // The same event can come twice (the recent calls loaded from Redis, then published again).
    let ids = this.ids.get(event.callUuid);
    if (ids?.has(event.id)) return false;
    if (call === undefined) {
      if (this.calls.size >= this.maxCalls) this.dropOldest();
      call = { callUuid: event.callUuid, startedAt: event.at, lastAt: event.at, ended: false, events: [] };
      this.calls.set(event.callUuid, call);
    }
    if (ids === undefined) {
      ids = new Set();
      this.ids.set(event.callUuid, ids);
    }
    if (event.kind === 'webhook' || event.kind === 'hangup') {
      if (event.from !== undefined) call.from ??= event.from;
      if (event.to !== undefined) call.to ??= event.to;
    }
    if (call.events.length < this.maxEvents) {
      ids.add(event.id);
      const last = call.events.at(-1);
      call.events.push(event);
      if (last !== undefined && last.at > event.at) call.events.sort((a, b) => a.at - b.at);
    }
    call.lastAt = Math.max(call.lastAt, event.at);
    if (event.kind === 'hangup') call.ended = true;
    return true;
  }

  /** The calls on the list, oldest first. */
  list(now = Date.now()): LiveCall[] {
    this.sweep(now);
    return [...this.calls.values()].sort((a, b) => a.startedAt - b.startedAt);
  }

  /** How many calls are in progress (not ended). */
  inProgress(now = Date.now()): number {
    return this.list(now).filter((c) => !c.ended).length;
  }

  get(callUuid: string): LiveCall | undefined {
    return this.calls.get(callUuid);
  }

  private sweep(now: number): void {
    for (const [id, call] of this.calls) {
      const gone = call.ended ? now - call.lastAt > this.keepEndedMs : now - call.lastAt > this.idleMs;
      if (gone) this.forget(id);
    }
  }

  private dropOldest(): void {
    const oldest = [...this.calls.values()].sort((a, b) => a.lastAt - b.lastAt)[0];
    if (oldest !== undefined) this.forget(oldest.callUuid);
  }

  private forget(callUuid: string): void {
    this.calls.delete(callUuid);
    this.ids.delete(callUuid);
  }
}
