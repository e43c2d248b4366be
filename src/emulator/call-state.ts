/** The state of one emulated call: options, virtual clock, call parameters and transcript. */
import {
  DEFAULT_SEMANTICS,
  type CallOutcome,
  type Caller,
  type HttpMethod,
  type RunCallOptions,
  type Semantics,
  type TranscriptEvent,
} from './types.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type NewEvent = DistributiveOmit<TranscriptEvent, 'at'>;

/** How a call ends, with the values Plivo would send to the hangup URL. */
export interface Ending {
  readonly outcome: CallOutcome;
  readonly cause: string;
  readonly causeCode: string;
  readonly causeName: string;
  readonly source: string;
  /** Human-readable reason for the transcript. */
  readonly reason: string;
}

/**
 * Thrown inside the emulator to unwind to `runCall` when the call ends; never escapes it.
 * Causes and codes: 4010 (end of XML), 7011/7012 (no usable answer from the answer/action URL),
 * 8011/8012 (answer not Plivo XML) come from the project reference; the cause names for errors
 * and everything about the loop guard (an emulator invention) are best guesses.
 */
export class CallEnded extends Error {
  override name = 'CallEnded';
  constructor(readonly ending: Ending) {
    super(ending.reason);
  }
}

export const ENDINGS = {
  hangup: (reason: string, cause = 'NORMAL_CLEARING'): Ending =>
    ({ outcome: 'hangup', cause, causeCode: '4000', causeName: 'Normal Hangup', source: 'Plivo', reason }),
  endOfXml: (): Ending =>
    ({ outcome: 'end-of-xml', cause: 'NORMAL_CLEARING', causeCode: '4010', causeName: 'End Of XML Instructions', source: 'Plivo', reason: 'end of XML' }),
  fetchFailed: (answer: boolean, reason: string): Ending =>
    ({ outcome: 'error', cause: 'NORMAL_CLEARING', causeCode: answer ? '7011' : '7012', causeName: answer ? 'Answer URL Fetch Failure' : 'Action URL Fetch Failure', source: 'Error', reason }),
  badXml: (answer: boolean, reason: string): Ending =>
    ({ outcome: 'error', cause: 'NORMAL_CLEARING', causeCode: answer ? '8011' : '8012', causeName: answer ? 'Invalid Answer XML' : 'Invalid Action XML', source: 'Error', reason }),
  emulator: (reason: string): Ending =>
    ({ outcome: 'error', cause: 'NORMAL_CLEARING', causeCode: '8000', causeName: 'Emulator Error', source: 'Error', reason }),
  loop: (reason: string): Ending =>
    ({ outcome: 'loop', cause: 'NORMAL_CLEARING', causeCode: '8000', causeName: 'Request Loop', source: 'Error', reason }),
} as const;

/** Virtual cost of one webhook round trip. */
export const REQUEST_MS = 100;

export class CallState {
  readonly callUuid: string;
  readonly requestUuid: string;
  readonly events: TranscriptEvent[] = [];
  readonly semantics: Semantics;
  readonly caller: Caller;
  readonly fetch: typeof globalThis.fetch;
  readonly maxRequests: number;
  readonly startTime: Date;
  /** Virtual ms since answer. */
  now = 0;
  requestCount = 0;
  /** Virtual time of a `<Hangup schedule>`, if one is pending. */
  hangupAt: number | null = null;

  constructor(readonly options: RunCallOptions) {
    this.semantics = { ...DEFAULT_SEMANTICS, ...options.semantics };
    this.caller = options.caller;
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.maxRequests = options.maxRequests ?? 50;
    this.startTime = options.startTime ?? new Date();
    this.callUuid = options.callUuid ?? globalThis.crypto.randomUUID();
    this.requestUuid = options.requestUuid ?? globalThis.crypto.randomUUID();
  }

  emit(event: NewEvent): void {
    const stamped = { ...event, at: this.now } as TranscriptEvent;
    this.events.push(stamped);
    try {
      this.options.onEvent?.(stamped);
    } catch {
      // A broken live view must not change the call.
    }
  }

  advance(ms: number): void {
    this.now += Math.max(0, Math.round(ms));
  }

  /** Parameters Plivo sends on every request of this call. */
  callParams(): Record<string, string> {
    return {
      CallUUID: this.callUuid,
      From: this.options.from.replace(/^\+/, ''),
      To: this.options.to.replace(/^\+/, ''),
      Direction: 'outbound',
      CallStatus: 'in-progress',
      RequestUUID: this.requestUuid,
      ALegUUID: this.callUuid,
      ALegRequestUUID: this.requestUuid,
      CallerName: this.options.callerName ?? '',
      SessionStart: plivoTime(this.startTime),
      BillRate: '0.0085',
      ParentAuthID: '',
    };
  }

  /** Wall-clock time at the current virtual instant, in Plivo's format. */
  clockTime(): string {
    return plivoTime(new Date(this.startTime.getTime() + this.now));
  }

  answerMethod(): HttpMethod {
    return this.options.answerMethod ?? 'POST';
  }
}

/** `2024-05-01 13:45:07` (UTC), as in Plivo's StartTime/AnswerTime/EndTime. */
export function plivoTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
}
