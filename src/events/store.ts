/**
 * Call events in the embedded database file (DATA_FILE), one row an event, its JSON as written.
 * Written in batches (one transaction each) by the recorder, never on a webhook's path.
 */
import type { Db } from '../store/database.js';
import type { CallEvent } from './types.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS call_events (
  at INTEGER NOT NULL,
  call_uuid TEXT NOT NULL,
  kind TEXT NOT NULL,
  request_uuid TEXT,
  phone_from TEXT,
  phone_to TEXT,
  flow_version TEXT,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS call_events_call ON call_events (call_uuid, at);
CREATE INDEX IF NOT EXISTS call_events_at ON call_events (at);
CREATE INDEX IF NOT EXISTS call_events_request ON call_events (request_uuid) WHERE request_uuid IS NOT NULL;
CREATE INDEX IF NOT EXISTS call_events_from ON call_events (phone_from) WHERE phone_from IS NOT NULL;
CREATE INDEX IF NOT EXISTS call_events_to ON call_events (phone_to) WHERE phone_to IS NOT NULL;
`;

/** How many calls a search by phone number returns at most (newest first). */
const MAX_CALLS_FOUND = 20;

export interface EventStore {
  /** Writes the events in one transaction. */
  write(events: readonly CallEvent[]): void;
  /** Every event of one call, oldest first. */
  call(callUuid: string): CallEvent[];
  /** The calls (CallUUIDs, newest first) matching a CallUUID, a request UUID or a phone number. */
  find(id: string): string[];
  /** Events between `from` and `to` (ms), oldest first; only webhooks of `version` when given (hangups and lookups always). */
  range(from: number, to: number): Iterable<CallEvent>;
  /** Deletes events older than `before` (ms); returns how many. */
  prune(before: number): number;
}

export function eventStore(db: Db): EventStore {
  db.exec(SCHEMA);
  const insert = db.prepare(
    'INSERT INTO call_events (at, call_uuid, kind, request_uuid, phone_from, phone_to, flow_version, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const writeAll = db.transaction((events: readonly CallEvent[]) => {
    for (const e of events) {
      // The numbers and request UUID (what a call is searched by) are indexed on the first step
      // and the hangup only: every webhook repeats them, and each indexed value costs a write.
      const withCall = e.kind === 'hangup' || (e.kind === 'webhook' && e.input.kind === 'arrive' && e.decision.kind === 'enter') ? e : undefined;
      insert.run(
        e.at, e.callUuid, e.kind,
        withCall?.requestUuid ?? (e.kind === 'campaign' ? e.requestUuid ?? null : null),
        withCall?.from ?? null,
        withCall?.to ?? (e.kind === 'campaign' ? e.to : null),
        e.kind === 'webhook' ? e.flowVersion : null,
        JSON.stringify(e),
      );
    }
  });
  const byCall = db.prepare('SELECT body FROM call_events WHERE call_uuid = ? ORDER BY at, rowid');
  const findCalls = db.prepare(
    `SELECT call_uuid, MAX(at) AS last FROM call_events
     WHERE call_uuid = ? OR request_uuid = ? OR phone_from = ? OR phone_to = ?
     GROUP BY call_uuid ORDER BY last DESC LIMIT ${MAX_CALLS_FOUND}`,
  );
  const inRange = db.prepare('SELECT body FROM call_events WHERE at >= ? AND at < ? ORDER BY at, rowid');
  const prune = db.prepare('DELETE FROM call_events WHERE at < ?');
  const parse = (row: unknown): CallEvent => JSON.parse((row as { body: string }).body) as CallEvent;
  return {
    write: (events) => { if (events.length > 0) writeAll(events); },
    call: (callUuid) => byCall.all(callUuid).map(parse),
    find: (id) => {
      // Plivo sends From/To with or without the +: a number is looked up in both spellings.
      const digits = /^\+?\d{6,15}$/.test(id) ? id.replace(/^\+/, '') : undefined;
      const spellings = digits === undefined ? [id] : [`+${digits}`, digits];
      const rows = spellings.flatMap((s) => findCalls.all(s, s, s, s) as { call_uuid: string; last: number }[]);
      return [...new Set(rows.sort((a, b) => b.last - a.last).map((r) => r.call_uuid))].slice(0, MAX_CALLS_FOUND);
    },
    range: function* (from, to) {
      for (const row of inRange.iterate(from, to)) yield parse(row);
    },
    prune: (before) => prune.run(before).changes,
  };
}
