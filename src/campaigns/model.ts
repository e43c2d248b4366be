/**
 * What a campaign is: recipients, the flow they hear, and the policy that paces, windows and
 * retries their calls. Pure types and defaults; the stores keep them, the dispatcher acts on them.
 */

/** How a call ended, as the operator reads it. */
export type Outcome =
  /** Answered by a person (Plivo's machine detection said not a machine, or did not conclude). */
  | 'person'
  /** Answered by an answering machine; the flow's `onMachine` was applied. */
  | 'machine'
  | 'busy'
  /** Rang out (Plivo: no-answer or timeout). */
  | 'no-answer'
  /** The call could not be placed or connected (refused by Plivo, bad number, network failure). */
  | 'failed'
  /** On the do-not-call list when its turn came: never dialled. */
  | 'dnc'
  /** The campaign was cancelled before this recipient was called. */
  | 'cancelled'
  /** A dial was claimed but no answer from Plivo was recorded and no callback came: maybe called once, never twice. */
  | 'unknown';

export const OUTCOMES: readonly Outcome[] = ['person', 'machine', 'busy', 'no-answer', 'failed', 'dnc', 'cancelled', 'unknown'];

/**
 * Where a recipient is:
 * - `waiting`: due at `nextAt` (first call, a retry after back-off, or the calling window's opening);
 * - `held`: no local time known (no time zone given, none derivable from the number): never called until it gets one;
 * - `dialing`: claimed for a dial; Plivo's answer not yet recorded;
 * - `live`: Plivo accepted the call (request UUID recorded); the hangup callback ends it;
 * - `uncertain`: claimed, but whether Plivo placed the call is unknown (crash or timeout); a callback resolves it, else `unknown` at its deadline;
 * - `done`: final, with an `outcome`.
 */
export type RecipientState = 'waiting' | 'held' | 'dialing' | 'live' | 'uncertain' | 'done';
export const RECIPIENT_STATES: readonly RecipientState[] = ['waiting', 'held', 'dialing', 'live', 'uncertain', 'done'];

export type CampaignStatus = 'running' | 'paused' | 'cancelled' | 'completed';

export type RetryOn = 'busy' | 'no-answer' | 'failed';

export interface Policy {
  /** Calls started per second at most. Default 2: Plivo's default account CPS. */
  callsPerSecond: number;
  /** Calls dialling or live at once at most. Default 10. */
  maxInProgress: number;
  /** Calling hours in the recipient's local time, `HH:MM`, start inclusive, end exclusive. Default 08:00–21:00 (US TCPA). */
  window: { start: string; end: string };
  /** Which outcomes are tried again. Default busy, no-answer, failed. */
  retryOn: readonly RetryOn[];
  /** Calls per recipient at most, the first included. Default 3. */
  maxAttempts: number;
  /** Wait before the first retry (s); each later retry waits `backoffFactor` times longer. Default 300. */
  retryAfterSeconds: number;
  backoffFactor: number;
  /** Seconds the phone rings before Plivo gives up. Default 30. */
  ringTimeout: number;
  /** Longest call in seconds (Plivo's time_limit). Default 600. */
  timeLimit: number;
}

export const DEFAULT_POLICY: Policy = Object.freeze({
  callsPerSecond: 2,
  maxInProgress: 10,
  window: Object.freeze({ start: '08:00', end: '21:00' }),
  retryOn: Object.freeze(['busy', 'no-answer', 'failed'] as RetryOn[]),
  maxAttempts: 3,
  retryAfterSeconds: 300,
  backoffFactor: 2,
  ringTimeout: 30,
  timeLimit: 600,
});

export interface NewRecipient {
  /** E.164. */
  number: string;
  /** IANA time zone; undefined when neither given nor derivable: the recipient is held. */
  timezone: string | undefined;
  /** Values for the flow (`{{name}}`), digits only: they travel in the call's URLs. */
  params: Readonly<Record<string, string>>;
}

export interface NewCampaign {
  name: string;
  /** The flow the calls run; "default" is the one the server serves at /node/…. */
  flow: string;
  /** Caller ID, E.164. */
  from: string;
  policy: Policy;
  recipients: readonly NewRecipient[];
  /** Numbers never to call in this campaign, on top of the server's list. */
  doNotCall: readonly string[];
}

export interface Campaign extends Omit<NewCampaign, 'recipients'> {
  id: string;
  status: CampaignStatus;
  createdAt: number;
  total: number;
}

export interface Recipient extends NewRecipient {
  index: number;
  state: RecipientState;
  outcome: Outcome | undefined;
  /** Calls claimed so far (each one placed at most once). */
  attempts: number;
  /** When a waiting recipient is due (ms since epoch). */
  nextAt: number | undefined;
  /** Outcomes of the earlier attempts, oldest first. */
  history: readonly Outcome[];
  requestUuid: string | undefined;
  callUuid: string | undefined;
  /** The last node of the flow the call reached. */
  lastNode: string | undefined;
  /** Why it is held, or what Plivo said when it refused. */
  detail: string | undefined;
  finishedAt: number | undefined;
}

/** Counts by state and by outcome. */
export interface Progress {
  total: number;
  byState: Record<RecipientState, number>;
  byOutcome: Record<Outcome, number>;
}

export function emptyProgress(): Progress {
  return {
    total: 0,
    byState: Object.fromEntries(RECIPIENT_STATES.map((s) => [s, 0])) as Record<RecipientState, number>,
    byOutcome: Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>,
  };
}
