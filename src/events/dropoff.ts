/**
 * Where callers drop out: per node, over a period and a flow version, how many calls reached
 * it, the ways they left it (each choice, wrong keys, silences, give-ups), how many hung up
 * right there, transfer outcomes and lookup failures. Pure: events in, counts out.
 */
import type { CallEvent, WebhookEvent } from './types.js';

export interface NodeDropoff {
  node: string;
  /** Calls that were served this node at least once. */
  reached: number;
  /** Times each way out was taken, by target node (`end`: the call ended there). */
  choices: Record<string, number>;
  wrongKeys: number;
  silences: number;
  /** Attempts used up. */
  gaveUp: number;
  /** Calls whose caller hung up while at this node (the flow had not ended the call). */
  hungUpHere: number;
  /** Calls the flow ended at this node (a hangup node, a goodbye, a finished transfer). */
  endedHere: number;
  transfer: { answered: number; busy: number; noAnswer: number; failed: number };
  lookupFailures: number;
}

export interface Dropoff {
  from: number;
  to: number;
  version: string | undefined;
  calls: number;
  nodes: NodeDropoff[];
  /** Arrow counts for the diagram, keyed like its edges' titles: `start->n:main`, `n:main->n:sales`, `n:x->end`. */
  edges: Record<string, number>;
}

const dot = (node: string | undefined): string => (node === undefined ? 'end' : `n:${node}`);

export function dropoff(events: Iterable<CallEvent>, options: { from: number; to: number; version?: string | undefined }): Dropoff {
  const byCall = new Map<string, CallEvent[]>();
  for (const event of events) {
    if (event.kind === 'campaign') continue;
    const list = byCall.get(event.callUuid);
    if (list === undefined) byCall.set(event.callUuid, [event]);
    else list.push(event);
  }
  const nodes = new Map<string, NodeDropoff>();
  const at = (node: string): NodeDropoff => {
    let entry = nodes.get(node);
    if (entry === undefined) {
      entry = { node, reached: 0, choices: {}, wrongKeys: 0, silences: 0, gaveUp: 0, hungUpHere: 0, endedHere: 0, transfer: { answered: 0, busy: 0, noAnswer: 0, failed: 0 }, lookupFailures: 0 };
      nodes.set(node, entry);
    }
    return entry;
  };
  const edges: Record<string, number> = {};
  const arrow = (from: string, to: string): void => { edges[`${from}->${to}`] = (edges[`${from}->${to}`] ?? 0) + 1; };
  let calls = 0;

  for (const list of byCall.values()) {
    const steps = list.filter((e): e is WebhookEvent => e.kind === 'webhook');
    const first = steps[0];
    if (first === undefined) continue;
    if (options.version !== undefined && first.flowVersion !== options.version) continue;
    calls += 1;
    arrow('start', dot(first.node));
    const reached = new Set<string>();
    let previous: string | undefined;
    for (const step of steps) {
      // Arriving somewhere else than the node last served: a say, play or record node went on by itself.
      if (step.decision.kind === 'enter' && previous !== undefined && previous !== step.node) {
        const from = at(previous);
        from.choices[step.node] = (from.choices[step.node] ?? 0) + 1;
        arrow(dot(previous), dot(step.node));
      }
      previous = step.served;
      if (step.served !== undefined && !reached.has(step.served)) {
        reached.add(step.served);
        at(step.served).reached += 1;
      }
      const here = at(step.node);
      const d = step.decision;
      if (step.input.kind === 'transfer') {
        const key = ({ completed: 'answered', busy: 'busy', 'no-answer': 'noAnswer' } as Record<string, 'answered' | 'busy' | 'noAnswer'>)[step.input.status] ?? 'failed';
        here.transfer[key] += 1;
      }
      if (d.kind === 'goto') {
        here.choices[d.target ?? 'end'] = (here.choices[d.target ?? 'end'] ?? 0) + 1;
        arrow(dot(step.node), dot(d.target));
        if (step.nodeType === 'menu' && step.input.kind === 'keys') arrow(dot(step.node), `${dot(d.target)}#${step.input.digits}`);
      } else if (d.kind === 'retry' || d.kind === 'give-up') {
        if (d.reason === 'invalid') here.wrongKeys += 1;
        else here.silences += 1;
        if (d.kind === 'give-up') {
          here.gaveUp += 1;
          here.choices[d.target ?? 'end'] = (here.choices[d.target ?? 'end'] ?? 0) + 1;
          arrow(dot(step.node), dot(d.target));
        } else arrow(dot(step.node), dot(step.node));
      } else if (d.kind === 'end') {
        here.choices['end'] = (here.choices['end'] ?? 0) + 1;
        arrow(dot(step.node), 'end');
      }
    }
    for (const lookup of list) if (lookup.kind === 'lookup' && lookup.status !== 'ok') at(lookup.node).lookupFailures += 1;
    const last = steps.at(-1);
    if (last === undefined) continue;
    const flowEnded = last.decision.kind === 'end' || (last.decision.kind === 'give-up' && last.decision.target === undefined) || last.servedType === 'hangup';
    if (flowEnded) {
      const node = last.servedType === 'hangup' && last.served !== undefined ? last.served : last.node;
      at(node).endedHere += 1;
      if (last.servedType === 'hangup' && last.served !== undefined) arrow(dot(last.served), 'end');
    } else if (last.served !== undefined) at(last.served).hungUpHere += 1;
  }
  for (const entry of nodes.values()) entry.choices = Object.fromEntries(Object.entries(entry.choices).sort(([a, x], [b, y]) => y - x || a.localeCompare(b)));
  return { from: options.from, to: options.to, version: options.version, calls, nodes: [...nodes.values()].filter((n) => n.reached > 0 || Object.keys(n.choices).length > 0), edges };
}

const CSV_COLUMNS = ['node', 'reached', 'choices', 'wrong_keys', 'silences', 'gave_up', 'hung_up_here', 'ended_here', 'transfer_answered', 'transfer_busy', 'transfer_no_answer', 'transfer_failed', 'lookup_failures'] as const;

/** The table as CSV (RFC 4180), one row a node. */
export function dropoffCsv(report: Dropoff): string {
  const cell = (value: string | number): string => {
    const text = String(value);
    // A leading = + - @ would be run as a formula by a spreadsheet: quote it with a '.
    const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const rows = report.nodes.map((n) => [
    n.node, n.reached, Object.entries(n.choices).map(([to, count]) => `${to}:${count}`).join(' '), n.wrongKeys, n.silences, n.gaveUp, n.hungUpHere, n.endedHere,
    n.transfer.answered, n.transfer.busy, n.transfer.noAnswer, n.transfer.failed, n.lookupFailures,
  ].map(cell).join(','));
  return `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
