/**
 * The embedded dispatcher: one loop per process that starts each campaign's calls at its pace,
 * within its in-progress cap and its recipients' calling hours, after the do-not-call check.
 *
 * EXACTLY-ONCE (embedded mode). A call is placed only by the holder of a claim: the guarded
 * UPDATE waiting → dialing (sqlite-store.ts `claim`) that also counts the attempt. The claim is
 * committed before Plivo is asked, so a crash can leave a recipient in exactly one doubtful
 * place: claimed (`dialing`) with Plivo's answer not recorded. Plivo's call API has no
 * idempotency key, so asking again could call twice; we never ask again. Instead, on start,
 * every `dialing` row becomes `uncertain`, and:
 * - if Plivo did place the call, its callbacks carry the campaign, recipient and attempt in their
 *   URLs (urls.ts), so the hangup resolves the attempt exactly as if nothing had happened
 *   (person, machine, busy… and a retry if the policy says so: a *new* attempt, never a re-send);
 * - if no callback comes by `ringTimeout + 60 s` after the claim, the recipient ends `unknown`
 *   (maybe called once, never twice); a callback arriving later still corrects it.
 * A timeout or 5xx from Plivo is the same doubt and is handled the same way. Callbacks name
 * their attempt, so a repeated or stale callback changes nothing.
 */
import type { Logger } from '../log.js';
import type { Clock } from './clock.js';
import type { DncList } from './dnc.js';
import type { Campaign } from './model.js';
import { msUntilWindow } from './policy.js';
import type { DueRecipient, SqliteCampaignStore } from './sqlite-store.js';
import { callbackUrls, type CallbackIds } from './urls.js';
import { CallRefused, type VoiceApi } from './voice-api.js';

/** Seconds after the claim an uncertain attempt waits for a callback before it ends `unknown`. */
export const UNCERTAIN_GRACE_S = 60;
/** Seconds after `ringTimeout + timeLimit` a live call whose hangup never came ends `unknown`. */
const LIVE_GRACE_S = 120;
/** Longest sleep of the loop with nothing to do (it is also woken by every callback and request). */
const IDLE_MS = 1000;
/** How long a dial waits when the do-not-call list cannot be read. */
const DNC_RETRY_MS = 60_000;

export interface DispatcherDeps {
  store: SqliteCampaignStore;
  clock: Clock;
  voice: VoiceApi;
  dnc: DncList;
  publicUrl: string;
  /** The answer URL of a flow, with the recipient's values in it. */
  answerUrlFor: (flow: string, params: Readonly<Record<string, string>>) => string;
  logger: Logger;
  /** Told of every call Plivo accepted. */
  onPlaced?: (ids: CallbackIds, requestUuid: string) => void;
}

export class Dispatcher {
  /** When each campaign may start its next call (ms): the pace. */
  private readonly nextSlot = new Map<string, number>();
  private wakeup = new AbortController();
  private stopped = false;
  private loop: Promise<void> | undefined;
  private readonly dials = new Set<Promise<void>>();
  /** Calls placed, for the tests and the bench: when each was asked of Plivo. */
  dialsStarted = 0;

  constructor(private readonly deps: DispatcherDeps) {}

  start(): void {
    const recovered = this.deps.store.recoverClaims();
    if (recovered > 0) this.deps.logger.warn('campaign calls of unknown fate after a restart: waiting for their callbacks', { count: recovered });
    this.loop = this.run();
  }

  /** Look again now (a callback freed a slot, a campaign was created or resumed). */
  wake(): void {
    this.wakeup.abort();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop;
    await Promise.allSettled([...this.dials]);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let wait = IDLE_MS;
      try {
        wait = await this.step();
      } catch (error) {
        this.deps.logger.error('campaign dispatcher step failed', { error: (error as Error).stack ?? String(error) });
      }
      if (this.stopped) break;
      if (this.wakeup.signal.aborted) this.wakeup = new AbortController();
      if (wait > 0) await this.deps.clock.sleep(wait, this.wakeup.signal);
    }
  }

  /** One pass over the running campaigns: at most one call started per campaign. Returns how long to sleep (ms). */
  async step(): Promise<number> {
    const { store, clock } = this.deps;
    this.expire(clock.now());
    let wait = IDLE_MS;
    for (const campaign of store.running()) {
      const now = clock.now();
      const slot = this.nextSlot.get(campaign.id) ?? 0;
      if (slot > now) { wait = Math.min(wait, slot - now); continue; }
      const inProgress = store.inProgress(campaign.id);
      if (inProgress >= campaign.policy.maxInProgress) continue;
      const started = await this.startOne(campaign, store.due(campaign.id, now, 50));
      if (started) {
        wait = Math.min(wait, (this.nextSlot.get(campaign.id) ?? now) - clock.now());
        continue;
      }
      const dueAt = store.nextDueAt(campaign.id);
      if (dueAt !== undefined) wait = Math.min(wait, Math.max(1, dueAt - clock.now()));
      else if (inProgress === 0 && store.completeIfFinished(campaign.id)) this.deps.logger.info('campaign completed', { campaignId: campaign.id });
    }
    return Math.max(0, wait);
  }

  /** Walks the due recipients until one is claimed and dialled; the others are postponed or skipped. */
  private async startOne(campaign: Campaign, due: readonly DueRecipient[]): Promise<boolean> {
    const { store, clock, dnc, logger } = this.deps;
    for (const recipient of due) {
      if (recipient.timezone === undefined) continue;
      const untilOpen = msUntilWindow(clock.now(), recipient.timezone, campaign.policy.window);
      if (untilOpen > 0) {
        store.postpone(campaign.id, recipient.index, clock.now() + untilOpen, `outside calling hours (${campaign.policy.window.start}–${campaign.policy.window.end} ${recipient.timezone})`);
        continue;
      }
      const verdict = campaign.doNotCall.includes(recipient.number) ? 'blocked' : await dnc.check(recipient.number);
      if (verdict === 'blocked') {
        store.skip(campaign.id, recipient.index, 'dnc', 'on the do-not-call list when its turn came', clock.now());
        logger.info('campaign call skipped: do not call', { campaignId: campaign.id, recipient: recipient.index });
        continue;
      }
      if (verdict === 'unknown') {
        store.postpone(campaign.id, recipient.index, clock.now() + DNC_RETRY_MS, 'the do-not-call list could not be read: trying again in a minute');
        continue;
      }
      const claimedAt = clock.now();
      const attempt = store.claim(campaign.id, recipient.index, claimedAt);
      if (attempt === undefined) continue;
      this.nextSlot.set(campaign.id, claimedAt + 1000 / campaign.policy.callsPerSecond);
      const dial = this.dial(campaign, recipient, attempt).finally(() => this.dials.delete(dial));
      this.dials.add(dial);
      return true;
    }
    return false;
  }

  private async dial(campaign: Campaign, recipient: DueRecipient, attempt: number): Promise<void> {
    const { store, clock, voice, logger, publicUrl } = this.deps;
    const ids = { campaignId: campaign.id, index: recipient.index, attempt };
    this.dialsStarted += 1;
    try {
      const placed = await voice.createCall({
        from: campaign.from,
        to: recipient.number,
        answerUrl: this.deps.answerUrlFor(campaign.flow, recipient.params),
        ...callbackUrls(publicUrl, ids),
        ringTimeout: campaign.policy.ringTimeout,
        timeLimit: campaign.policy.timeLimit,
      });
      store.placed(campaign.id, recipient.index, attempt, placed.requestUuid);
      this.deps.onPlaced?.(ids, placed.requestUuid);
      logger.info('campaign call placed', { ...ids, requestUuid: placed.requestUuid, plivoAnswer: placed.message });
    } catch (error) {
      const message = (error as Error).message;
      if (error instanceof CallRefused) {
        const result = store.resolve(campaign.id, recipient.index, attempt, 'failed', { now: clock.now(), policy: campaign.policy, detail: message });
        logger.warn('campaign call refused', { ...ids, detail: message, result });
      } else {
        store.uncertain(campaign.id, recipient.index, attempt, `${message}: waiting for Plivo's callback`);
        logger.warn('campaign call of unknown fate', { ...ids, detail: message });
      }
    } finally {
      this.wake();
    }
  }

  /** Attempts whose callback never came end `unknown` at their deadline. */
  private expire(now: number): void {
    for (const attempt of this.deps.store.overdue(now, UNCERTAIN_GRACE_S, LIVE_GRACE_S)) {
      const detail = attempt.state === 'uncertain'
        ? 'no answer from Plivo was recorded and no callback came: the call may have been placed once; it is not placed again'
        : 'the call was placed but its hangup callback never came';
      this.deps.store.resolve(attempt.campaignId, attempt.index, attempt.attempt, 'unknown', { now, policy: attempt.policy, detail });
    }
  }
}
