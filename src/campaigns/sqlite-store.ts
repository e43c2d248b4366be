/**
 * Campaign state in the embedded database file (src/store/database.ts). Every change of a
 * recipient's state is one UPDATE guarded by the state it leaves (`WHERE state = …`), so two
 * hands can never both move it: the one whose UPDATE changed a row owns the move. See
 * EXACTLY-ONCE in dispatcher.ts for how a crash between claim and Plivo's answer is resolved.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../store/database.js';
import {
  emptyProgress,
  type Campaign,
  type CampaignStatus,
  type NewCampaign,
  type Outcome,
  type Policy,
  type Progress,
  type Recipient,
  type RecipientState,
} from './model.js';
import { retryDecision } from './policy.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS campaigns (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  flow TEXT NOT NULL,
  from_number TEXT NOT NULL,
  policy TEXT NOT NULL,
  do_not_call TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  total INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS campaign_recipients (
  campaign_id TEXT NOT NULL REFERENCES campaigns(id),
  idx INTEGER NOT NULL,
  number TEXT NOT NULL,
  timezone TEXT,
  params TEXT NOT NULL,
  state TEXT NOT NULL,
  outcome TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER,
  claimed_at INTEGER,
  request_uuid TEXT,
  call_uuid TEXT,
  machine INTEGER,
  last_node TEXT,
  history TEXT NOT NULL DEFAULT '',
  detail TEXT,
  finished_at INTEGER,
  PRIMARY KEY (campaign_id, idx)
);
CREATE INDEX IF NOT EXISTS campaign_recipients_due ON campaign_recipients (campaign_id, state, next_at, idx);
CREATE INDEX IF NOT EXISTS campaign_recipients_state ON campaign_recipients (state, claimed_at);
-- Never two calls to one number of a campaign at once: the database refuses a second one.
CREATE UNIQUE INDEX IF NOT EXISTS campaign_recipients_one_live ON campaign_recipients (campaign_id, number)
  WHERE state IN ('dialing', 'live', 'uncertain');
`;

interface CampaignRow {
  id: string; name: string; flow: string; from_number: string; policy: string; do_not_call: string; status: string; created_at: number; total: number;
}
interface RecipientRow {
  campaign_id: string; idx: number; number: string; timezone: string | null; params: string; state: string; outcome: string | null;
  attempts: number; next_at: number | null; claimed_at: number | null; request_uuid: string | null; call_uuid: string | null;
  machine: number | null; last_node: string | null; history: string; detail: string | null; finished_at: number | null;
}

/** What the dispatcher needs of a recipient that is due. */
export interface DueRecipient { campaignId: string; index: number; number: string; timezone: string | undefined; params: Readonly<Record<string, string>>; attempts: number }

/** An attempt in flight: who it is, for the callbacks. */
export interface LiveAttempt { campaignId: string; index: number; attempt: number; requestUuid: string | undefined; claimedAt: number }

export type ResolveResult = 'retry' | 'final' | 'ignored';

const nullable = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

export class SqliteCampaignStore {
  constructor(private readonly db: Db) {
    db.exec(SCHEMA);
  }

  create(campaign: NewCampaign, now: number): Campaign {
    const id = `c${randomBytes(8).toString('hex')}`;
    const insertCampaign = this.db.prepare(
      'INSERT INTO campaigns (id, name, flow, from_number, policy, do_not_call, status, created_at, total) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insertRecipient = this.db.prepare(
      'INSERT INTO campaign_recipients (campaign_id, idx, number, timezone, params, state, next_at, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      insertCampaign.run(id, campaign.name, campaign.flow, campaign.from, JSON.stringify(campaign.policy), JSON.stringify(campaign.doNotCall), 'running', now, campaign.recipients.length);
      campaign.recipients.forEach((r, i) => {
        const held = r.timezone === undefined;
        insertRecipient.run(id, i, r.number, r.timezone ?? null, JSON.stringify(r.params), held ? 'held' : 'waiting', held ? null : now,
          held ? 'no time zone known for this number: give "timezone" (e.g. America/New_York) to call it' : null);
      });
    })();
    return this.campaign(id) as Campaign;
  }

  campaign(id: string): Campaign | undefined {
    const row = this.db.prepare('SELECT * FROM campaigns WHERE id = ?').get(id) as CampaignRow | undefined;
    return row === undefined ? undefined : campaignOf(row);
  }

  campaigns(): Campaign[] {
    return (this.db.prepare('SELECT * FROM campaigns ORDER BY created_at DESC, id').all() as CampaignRow[]).map(campaignOf);
  }

  running(): Campaign[] {
    return (this.db.prepare("SELECT * FROM campaigns WHERE status = 'running' ORDER BY created_at, id").all() as CampaignRow[]).map(campaignOf);
  }

  recipients(id: string): Recipient[] {
    return (this.db.prepare('SELECT * FROM campaign_recipients WHERE campaign_id = ? ORDER BY idx').all(id) as RecipientRow[]).map(recipientOf);
  }

  recipient(id: string, index: number): Recipient | undefined {
    const row = this.db.prepare('SELECT * FROM campaign_recipients WHERE campaign_id = ? AND idx = ?').get(id, index) as RecipientRow | undefined;
    return row === undefined ? undefined : recipientOf(row);
  }

  progress(id: string): Progress {
    const progress = emptyProgress();
    const rows = this.db.prepare('SELECT state, outcome, COUNT(*) AS n FROM campaign_recipients WHERE campaign_id = ? GROUP BY state, outcome').all(id) as { state: RecipientState; outcome: Outcome | null; n: number }[];
    for (const row of rows) {
      progress.total += row.n;
      progress.byState[row.state] += row.n;
      if (row.outcome !== null) progress.byOutcome[row.outcome] += row.n;
    }
    return progress;
  }

  /** pause ⇄ resume; cancel ends every recipient not yet called (calls in progress finish). Returns the new status, or undefined when the move makes no sense. */
  setStatus(id: string, action: 'pause' | 'resume' | 'cancel', now: number): CampaignStatus | undefined {
    return this.db.transaction((): CampaignStatus | undefined => {
      const current = this.campaign(id)?.status;
      if (current === undefined || current === 'cancelled' || current === 'completed') return undefined;
      const next: CampaignStatus = action === 'pause' ? 'paused' : action === 'resume' ? 'running' : 'cancelled';
      this.db.prepare('UPDATE campaigns SET status = ? WHERE id = ?').run(next, id);
      if (next === 'cancelled') {
        this.db.prepare("UPDATE campaign_recipients SET state = 'done', outcome = 'cancelled', finished_at = ?, next_at = NULL WHERE campaign_id = ? AND state IN ('waiting', 'held')").run(now, id);
      }
      return next;
    })();
  }

  inProgress(id: string): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM campaign_recipients WHERE campaign_id = ? AND state IN ('dialing', 'live', 'uncertain')").get(id) as { n: number }).n;
  }

  /** Waiting recipients due at `now`, oldest due first, whose number has no call in progress. */
  due(id: string, now: number, limit: number): DueRecipient[] {
    const rows = this.db.prepare(`
      SELECT * FROM campaign_recipients r WHERE campaign_id = ? AND state = 'waiting' AND next_at <= ?
        AND NOT EXISTS (SELECT 1 FROM campaign_recipients o WHERE o.campaign_id = r.campaign_id AND o.number = r.number AND o.state IN ('dialing', 'live', 'uncertain'))
      ORDER BY next_at, idx LIMIT ?`).all(id, now, limit) as RecipientRow[];
    return rows.map((r) => ({ campaignId: r.campaign_id, index: r.idx, number: r.number, timezone: nullable(r.timezone), params: JSON.parse(r.params) as Record<string, string>, attempts: r.attempts }));
  }

  /** When the next waiting recipient of a campaign is due, if any. */
  nextDueAt(id: string): number | undefined {
    const row = this.db.prepare("SELECT MIN(next_at) AS at FROM campaign_recipients WHERE campaign_id = ? AND state = 'waiting'").get(id) as { at: number | null };
    return nullable(row.at);
  }

  postpone(id: string, index: number, at: number, detail: string): void {
    this.db.prepare("UPDATE campaign_recipients SET next_at = ?, detail = ? WHERE campaign_id = ? AND idx = ? AND state = 'waiting'").run(at, detail, id, index);
  }

  /** A waiting recipient ends without a call (do-not-call). */
  skip(id: string, index: number, outcome: Outcome, detail: string, now: number): boolean {
    return this.db.prepare("UPDATE campaign_recipients SET state = 'done', outcome = ?, detail = ?, finished_at = ?, next_at = NULL WHERE campaign_id = ? AND idx = ? AND state = 'waiting'")
      .run(outcome, detail, now, id, index).changes === 1;
  }

  /**
   * The claim: waiting → dialing, attempts + 1, in one guarded UPDATE. True only for the one
   * caller that moved the row; only that caller may ask Plivo to place the call.
   */
  claim(id: string, index: number, now: number): number | undefined {
    try {
      const row = this.db.prepare(`UPDATE campaign_recipients SET state = 'dialing', attempts = attempts + 1, claimed_at = ?, detail = NULL,
        request_uuid = NULL, call_uuid = NULL, machine = NULL, last_node = NULL
        WHERE campaign_id = ? AND idx = ? AND state = 'waiting' RETURNING attempts`).get(now, id, index) as { attempts: number } | undefined;
      return row?.attempts;
    } catch (error) {
      // The one-live-call index: another recipient with this number is being called.
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return undefined;
      throw error;
    }
  }

  /** Plivo accepted attempt `attempt`: dialing|uncertain → live, with its request UUID. */
  placed(id: string, index: number, attempt: number, requestUuid: string): boolean {
    return this.db.prepare("UPDATE campaign_recipients SET state = 'live', request_uuid = ? WHERE campaign_id = ? AND idx = ? AND attempts = ? AND state IN ('dialing', 'uncertain')")
      .run(requestUuid, id, index, attempt).changes === 1;
  }

  /** Whether Plivo placed the call is unknown (no answer in time, or a crash): wait for a callback. */
  uncertain(id: string, index: number, attempt: number, detail: string): void {
    this.db.prepare("UPDATE campaign_recipients SET state = 'uncertain', detail = ? WHERE campaign_id = ? AND idx = ? AND attempts = ? AND state = 'dialing'").run(detail, id, index, attempt);
  }

  machine(id: string, index: number, attempt: number, machine: boolean, callUuid: string | undefined): boolean {
    return this.db.prepare("UPDATE campaign_recipients SET machine = ?, call_uuid = COALESCE(?, call_uuid), state = CASE WHEN state = 'done' THEN state ELSE 'live' END WHERE campaign_id = ? AND idx = ? AND attempts = ? AND (state IN ('dialing', 'live', 'uncertain') OR outcome = 'unknown')")
      .run(machine ? 1 : 0, callUuid ?? null, id, index, attempt).changes === 1;
  }

  wasMachine(id: string, index: number): boolean | undefined {
    const row = this.db.prepare('SELECT machine FROM campaign_recipients WHERE campaign_id = ? AND idx = ?').get(id, index) as { machine: number | null } | undefined;
    return row?.machine === null || row === undefined ? undefined : row.machine === 1;
  }

  /**
   * The end of attempt `attempt` (a callback, a refusal, or a deadline): retried per the policy
   * (back to waiting) or final. Only an attempt still in progress moves, so a repeated or late
   * callback is ignored — except that a late callback may tell what an `unknown` really was.
   */
  resolve(id: string, index: number, attempt: number, outcome: Outcome, info: { now: number; policy: Policy; detail?: string; callUuid?: string; lastNode?: string }): ResolveResult {
    return this.db.transaction((): ResolveResult => {
      const row = this.db.prepare('SELECT * FROM campaign_recipients WHERE campaign_id = ? AND idx = ?').get(id, index) as RecipientRow | undefined;
      if (row === undefined || row.attempts !== attempt) return 'ignored';
      const inProgress = row.state === 'dialing' || row.state === 'live' || row.state === 'uncertain';
      const lateTruth = row.state === 'done' && row.outcome === 'unknown' && outcome !== 'unknown';
      if (!inProgress && !lateTruth) return 'ignored';
      const history = row.history === '' ? outcome : `${row.history},${outcome}`;
      const cancelled = this.campaign(id)?.status === 'cancelled';
      const decision = cancelled || lateTruth ? { retry: false as const } : retryDecision(outcome, attempt, info.policy);
      const common = [history, info.callUuid ?? row.call_uuid, info.lastNode ?? row.last_node, info.detail ?? null];
      if (decision.retry) {
        this.db.prepare("UPDATE campaign_recipients SET state = 'waiting', outcome = ?, history = ?, call_uuid = ?, last_node = ?, detail = ?, next_at = ? WHERE campaign_id = ? AND idx = ?")
          .run(outcome, ...common, info.now + decision.afterMs, id, index);
        return 'retry';
      }
      this.db.prepare("UPDATE campaign_recipients SET state = 'done', outcome = ?, history = ?, call_uuid = ?, last_node = ?, detail = ?, next_at = NULL, finished_at = ? WHERE campaign_id = ? AND idx = ?")
        .run(outcome, ...common, info.now, id, index);
      return 'final';
    })();
  }

  /** Attempts in progress, for the callbacks to find a call by its request UUID and for deadlines. */
  attemptsInProgress(): (LiveAttempt & { state: RecipientState; policy: Policy })[] {
    const rows = this.db.prepare(`SELECT r.campaign_id, r.idx, r.attempts, r.request_uuid, r.claimed_at, r.state, c.policy FROM campaign_recipients r
      JOIN campaigns c ON c.id = r.campaign_id WHERE r.state IN ('dialing', 'live', 'uncertain')`).all() as (RecipientRow & { policy: string })[];
    return rows.map((r) => ({ campaignId: r.campaign_id, index: r.idx, attempt: r.attempts, requestUuid: nullable(r.request_uuid), claimedAt: r.claimed_at ?? 0, state: r.state as RecipientState, policy: JSON.parse(r.policy) as Policy }));
  }

  /** Attempts past their deadline: uncertain ones `ringTimeout + uncertainGraceS` after the claim, live ones `ringTimeout + timeLimit + liveGraceS`. */
  overdue(now: number, uncertainGraceS: number, liveGraceS: number): (LiveAttempt & { state: RecipientState; policy: Policy })[] {
    const rows = this.db.prepare(`SELECT r.campaign_id, r.idx, r.attempts, r.request_uuid, r.claimed_at, r.state, c.policy FROM campaign_recipients r
      JOIN campaigns c ON c.id = r.campaign_id
      WHERE (r.state = 'uncertain' AND r.claimed_at + (json_extract(c.policy, '$.ringTimeout') + ?) * 1000 <= ?)
         OR (r.state = 'live' AND r.claimed_at + (json_extract(c.policy, '$.ringTimeout') + json_extract(c.policy, '$.timeLimit') + ?) * 1000 <= ?)`)
      .all(uncertainGraceS, now, liveGraceS, now) as (RecipientRow & { policy: string })[];
    return rows.map((r) => ({ campaignId: r.campaign_id, index: r.idx, attempt: r.attempts, requestUuid: nullable(r.request_uuid), claimedAt: r.claimed_at ?? 0, state: r.state as RecipientState, policy: JSON.parse(r.policy) as Policy }));
  }

  /** After a restart: a claim whose Plivo answer was never recorded may or may not have placed a call. */
  recoverClaims(): number {
    return this.db.prepare("UPDATE campaign_recipients SET state = 'uncertain', detail = 'the server stopped between claiming this call and recording Plivo''s answer: waiting for Plivo''s callback' WHERE state = 'dialing'").run().changes;
  }

  /** A running campaign with every recipient done (or held) is completed. */
  completeIfFinished(id: string): boolean {
    return this.db.prepare(`UPDATE campaigns SET status = 'completed' WHERE id = ? AND status = 'running'
      AND NOT EXISTS (SELECT 1 FROM campaign_recipients WHERE campaign_id = ? AND state NOT IN ('done', 'held'))`).run(id, id).changes === 1;
  }
}

function campaignOf(row: CampaignRow): Campaign {
  return {
    id: row.id, name: row.name, flow: row.flow, from: row.from_number, policy: JSON.parse(row.policy) as Policy,
    doNotCall: JSON.parse(row.do_not_call) as string[], status: row.status as CampaignStatus, createdAt: row.created_at, total: row.total,
  };
}

function recipientOf(row: RecipientRow): Recipient {
  return {
    index: row.idx, number: row.number, timezone: nullable(row.timezone), params: JSON.parse(row.params) as Record<string, string>,
    state: row.state as RecipientState, outcome: nullable(row.outcome) as Outcome | undefined, attempts: row.attempts,
    nextAt: row.state === 'waiting' ? nullable(row.next_at) : undefined, history: row.history === '' ? [] : (row.history.split(',') as Outcome[]),
    requestUuid: nullable(row.request_uuid), callUuid: nullable(row.call_uuid), lastNode: nullable(row.last_node),
    detail: nullable(row.detail), finishedAt: nullable(row.finished_at),
  };
}
