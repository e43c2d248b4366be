/**
 * GET /metrics: Prometheus counters and histograms (prom-client), one registry per app so
 * several apps in one process (tests) keep separate counts. Labels are bounded: node ids come
 * from the flow (an unknown node is `unknown`), outcomes and statuses from short fixed lists.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CallEvent } from './types.js';

export type CallOutcome = 'completed' | 'caller_hung_up' | 'transferred' | 'gave_up' | 'failed';

export interface Metrics {
  registry: Registry;
  /** Counts an event this instance recorded (not those heard from other instances). */
  observe(event: CallEvent, outcome: CallOutcome | undefined): void;
  flowReload(ok: boolean): void;
  eventsDropped(count: number): void;
  eventsWriteFailed(): void;
}

const LATENCY_BUCKETS = [0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

export function createMetrics(inProgress: () => number): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const webhook = new Histogram({ name: 'ivr_webhook_duration_seconds', help: 'Time to answer a node webhook (Plivo waits for this XML).', buckets: LATENCY_BUCKETS, registers });
  new Gauge({ name: 'ivr_calls_in_progress', help: 'Calls in progress (with Redis: on every instance).', registers, collect() { this.set(inProgress()); } });
  const calls = new Counter({ name: 'ivr_calls_ended_total', help: 'Calls ended, by outcome: completed (the flow ended it), caller_hung_up, transferred, gave_up (attempts used up), failed.', labelNames: ['outcome'], registers });
  const reached = new Counter({ name: 'ivr_node_reached_total', help: 'Times a node was served to a caller (its XML answered).', labelNames: ['node'], registers });
  const decisions = new Counter({ name: 'ivr_decisions_total', help: 'Decisions taken at a node: goto, retry (wrong key or silence), give-up, end.', labelNames: ['node', 'decision', 'reason'], registers });
  const lookups = new Histogram({ name: 'ivr_lookup_duration_seconds', help: 'Time taken by data lookups (failures included).', buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5], registers });
  const lookupFailures = new Counter({ name: 'ivr_lookup_failures_total', help: 'Data lookups that failed or timed out, by node.', labelNames: ['node'], registers });
  const campaign = new Counter({ name: 'ivr_campaign_calls_total', help: 'Campaign calls dispatched, by campaign and status.', labelNames: ['campaign', 'status'], registers });
  const reloads = new Counter({ name: 'ivr_flow_reloads_total', help: 'Flow file reloads, by result (ok, failed: the last good flow kept serving).', labelNames: ['result'], registers });
  const dropped = new Counter({ name: 'ivr_events_dropped_total', help: 'Call events dropped because the write queue was full (the webhook was still answered).', registers });
  const writeFailures = new Counter({ name: 'ivr_events_write_failures_total', help: 'Batches of call events the database refused.', registers });
  reloads.inc({ result: 'ok' }, 0);
  reloads.inc({ result: 'failed' }, 0);

  return {
    registry,
    observe(event, outcome) {
      switch (event.kind) {
        case 'webhook':
          webhook.observe(event.durationUs / 1e6);
          if (event.served !== undefined) reached.inc({ node: event.served });
          if (event.decision.kind !== 'enter') decisions.inc({ node: event.decision.kind === 'unknown-node' || event.decision.kind === 'error' ? 'unknown' : event.node, decision: event.decision.kind, reason: event.decision.reason ?? '' });
          break;
        case 'hangup':
          calls.inc({ outcome: outcome ?? 'caller_hung_up' });
          break;
        case 'lookup':
          lookups.observe(event.ms / 1000);
          if (event.status !== 'ok') lookupFailures.inc({ node: event.node });
          break;
        case 'campaign':
          campaign.inc({ campaign: event.campaign, status: event.status });
          break;
      }
    },
    flowReload: (ok) => reloads.inc({ result: ok ? 'ok' : 'failed' }),
    eventsDropped: (count) => dropped.inc(count),
    eventsWriteFailed: () => writeFailures.inc(),
  };
}
