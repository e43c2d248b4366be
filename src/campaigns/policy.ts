/**
 * The policy's decisions, pure: is it calling hours where the recipient is, when do they open,
 * is an outcome tried again and when. Time zones come from `Intl`; nothing here reads a clock.
 */
import type { Outcome, Policy, RetryOn } from './model.js';

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes since local midnight at `at` in `timezone` (0–1439). */
export function localMinutes(at: number, timezone: string): number {
  let format = formatters.get(timezone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timezone, format);
  }
  const parts = format.formatToParts(new Date(at));
  const value = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? '0');
  return value('hour') * 60 + value('minute');
}

/** Whether `timezone` is one Intl knows. */
export function isTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

/**
 * 0 when `at` is within the window in `timezone`, else the milliseconds until it opens. The wait
 * is counted in local minutes, so on the day clocks change it may be an hour off: the
 * dispatcher checks again when it is due, and waits again if needed, never calling early.
 */
export function msUntilWindow(at: number, timezone: string, window: Policy['window']): number {
  const now = localMinutes(at, timezone);
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  const open = start <= end ? now >= start && now < end : now >= start || now < end;
  if (open) return 0;
  const waitMinutes = (start - now + 1440) % 1440;
  // Within the current minute: wait for the next whole minute at least.
  const intoMinute = at % 60_000;
  return Math.max(1, waitMinutes * 60_000 - intoMinute);
}

/** Whether `outcome` of attempt number `attempts` gets another try, and after how long (ms). */
export function retryDecision(outcome: Outcome, attempts: number, policy: Policy): { retry: false } | { retry: true; afterMs: number } {
  if (!(policy.retryOn as readonly string[]).includes(outcome) || attempts >= policy.maxAttempts) return { retry: false };
  const afterMs = policy.retryAfterSeconds * 1000 * policy.backoffFactor ** Math.max(0, attempts - 1);
  return { retry: true, afterMs };
}

export const RETRY_ON: readonly RetryOn[] = ['busy', 'no-answer', 'failed'];

/** Plivo's hangup `CallStatus` (and cause) as an outcome; `machine` says what detection concluded. */
export function outcomeOfHangup(params: Readonly<Record<string, string>>, machine: boolean | undefined): Outcome {
  const status = (params['CallStatus'] ?? '').toLowerCase();
  const cause = (params['HangupCause'] ?? '').toUpperCase();
  if (status === 'busy' || cause === 'USER_BUSY') return 'busy';
  if (status === 'no-answer' || status === 'timeout' || cause === 'NO_ANSWER' || cause === 'ORIGINATOR_CANCEL' && status !== 'completed') return 'no-answer';
  if (status === 'completed' || (params['AnswerTime'] ?? '') !== '') return machine === true ? 'machine' : 'person';
  return 'failed';
}
