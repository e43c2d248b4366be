/** The emulator's vocabulary: the caller, the options of a call, and the transcript it yields. */
import type { HttpMethod } from './signature.js';
import type { XmlProblem } from './xml.js';

export type { HttpMethod } from './signature.js';

/** What happened when Plivo dialled the B leg(s). */
export type DialOutcome = 'answered' | 'no-answer' | 'busy' | 'failed';

/** One GetDigits try, as the person on the phone experiences it. */
export interface GatherPrompt {
  /** 1-based try number, and the number of tries in all. */
  readonly attempt: number;
  readonly tries: number;
  readonly numDigits: number;
  readonly validDigits: string;
  /** '' when no key ends input. */
  readonly finishOnKey: string;
  readonly timeoutSeconds: number;
  readonly digitTimeoutSeconds: number;
  /** What was said or played as the prompt for this try (texts and audio URLs). */
  readonly prompt: readonly string[];
}

/** `<GetInput inputType>`: what Plivo listens for. */
export type InputType = 'dtmf' | 'speech' | 'dtmf speech';

/** One `<GetInput>`, as the person on the phone experiences it (a single try: GetInput has no retries). */
export interface ListenPrompt {
  readonly inputType: InputType;
  /** Recognition language, e.g. `es-US` (default `en-US`). */
  readonly language: string;
  /** The `hints` phrases, in order (empty when none). */
  readonly hints: readonly string[];
  readonly speechModel: string;
  readonly numDigits: number;
  /** '' when no key ends input. */
  readonly finishOnKey: string;
  readonly executionTimeoutSeconds: number;
  readonly digitEndTimeoutSeconds: number;
  readonly speechEndTimeoutSeconds: number;
  /** What was said or played as the prompt (texts and audio URLs). */
  readonly prompt: readonly string[];
}

/** Something the caller does while Plivo listens: press keys, or say something. */
export type CallerAct =
  | { readonly type: 'dtmf'; readonly keys: string }
  /** `confidence` is what the recogniser would report, 0–1 (default 0.9). */
  | { readonly type: 'speech'; readonly text: string; readonly confidence?: number };

export interface DialRequest {
  /** Phone numbers (digits, as written in `<Number>`) and SIP URIs (`<User>`). */
  readonly numbers: readonly string[];
  readonly callerId: string;
  /** `<Dial timeout>` in seconds, when set. */
  readonly timeoutSeconds: number | null;
}

export interface RecordRequest {
  readonly maxLengthSeconds: number;
  readonly timeoutSeconds: number;
  readonly finishOnKey: string;
  readonly playBeep: boolean;
}

export interface RecordResult {
  /** How long the caller spoke (the emulator caps it at `maxLength`). */
  readonly durationMs: number;
}

/**
 * The person on the phone. Async so it can be a script, a terminal or a browser keypad.
 * A rejected promise ends the call with an `error` event.
 */
export interface Caller {
  /** The keys pressed in this try (may include invalid keys or the finish key), or null for silence. */
  gather(prompt: GatherPrompt): Promise<string | null>;
  /**
   * A `<GetInput>`: what the caller does, in the order they do it (empty for silence). The
   * first act of a kind the element listens for wins; the rest is not heard. When absent the
   * emulator asks `gather` for keys (an element that only listens for speech then hears silence).
   */
  listen?(prompt: ListenPrompt): Promise<readonly CallerAct[]>;
  /** The fate of a `<Dial>`. */
  dial(request: DialRequest): Promise<DialOutcome>;
  /** A `<Record>`; when absent the caller is taken to leave 3 s of silence. */
  record?(request: RecordRequest): Promise<RecordResult>;
}

/**
 * Points Plivo does not document. For GetDigits the defaults follow Plivo's open-source
 * framework (plivoframework `elements.py`, which calls FreeSWITCH `play_and_get_digits` with
 * `max_tries = retries`, replaying the prompt on each try and checking the digits against
 * `validDigits` once input ends); they are not confirmed for the hosted service. GetInput is not
 * in that framework: its choices here are the emulator's own (see `get-input.ts`).
 */
export interface Semantics {
  /** true: `retries` is the number of tries in all; false: 1 + `retries`. Default true. */
  readonly retriesAreTotalTries: boolean;
  /** true: the nested Speak/Play/Wait are played again before each try. Default true. */
  readonly replayPromptEachTry: boolean;
  /** true: a key outside `validDigits` ends the try at once; false: input is judged when it ends. Default false. */
  readonly invalidKeyEndsTry: boolean;
  /**
   * GetInput with no input: Plivo's docs say the next element is processed; they do not say
   * whether `action` is also requested (with empty `Digits` and `Speech`). Default false.
   */
  readonly getInputActionOnNoInput: boolean;
  /** GetInput `digitEndTimeout="auto"` (the default): seconds the docs leave open. Default 3. */
  readonly autoDigitEndTimeoutSeconds: number;
  /** GetInput `speechEndTimeout="auto"` (the default): seconds the docs leave open. Default 1. */
  readonly autoSpeechEndTimeoutSeconds: number;
}

export const DEFAULT_SEMANTICS: Semantics = {
  retriesAreTotalTries: true,
  replayPromptEachTry: true,
  invalidKeyEndsTry: false,
  getInputActionOnNoInput: false,
  autoDigitEndTimeoutSeconds: 3,
  autoSpeechEndTimeoutSeconds: 1,
};

export interface RunCallOptions {
  /** Absolute URL Plivo requests when the callee answers. */
  readonly answerUrl: string;
  readonly answerMethod?: HttpMethod;
  readonly hangupUrl?: string;
  readonly hangupMethod?: HttpMethod;
  /** Caller ID and destination; a leading `+` is dropped in webhook parameters, as Plivo does. */
  readonly from: string;
  readonly to: string;
  readonly callerName?: string;
  /** When set, every webhook is signed with `X-Plivo-Signature-V3` and its nonce. */
  readonly authToken?: string;
  readonly caller: Caller;
  /** Called with each transcript event as it happens; exceptions it throws are ignored. */
  readonly onEvent?: (event: TranscriptEvent) => void;
  readonly fetch?: typeof globalThis.fetch;
  /** Loop guard: the call ends with outcome `loop` past this many webhook requests. Default 50. */
  readonly maxRequests?: number;
  readonly semantics?: Partial<Semantics>;
  /** Wall-clock time of the answer, for StartTime/AnswerTime/EndTime. Default: now. */
  readonly startTime?: Date;
  /** The call's CallUUID and RequestUUID (a Voice API stand-in hands them out first); default random. */
  readonly callUuid?: string;
  readonly requestUuid?: string;
}

/** Why a webhook request was made. */
export type RequestPurpose = 'answer' | 'action' | 'redirect' | 'notify' | 'hangup';

interface EventBase {
  /** Virtual milliseconds since the call was answered. */
  readonly at: number;
  /** URL of the document whose element produced the event (null for requests outside a document). */
  readonly doc: string | null;
}

export type TranscriptEvent = EventBase &
  (
    | {
        readonly type: 'request';
        readonly purpose: RequestPurpose;
        readonly method: HttpMethod;
        readonly url: string;
        readonly params: Readonly<Record<string, string>>;
        /** HTTP status, or null when no answer came (network error). */
        readonly status: number | null;
      }
    | { readonly type: 'speak'; readonly text: string; readonly language: string; readonly voice: string; readonly loop: number }
    | {
        readonly type: 'play';
        readonly url: string;
        readonly ok: boolean;
        readonly status: number | null;
        readonly contentType: string | null;
        readonly loop: number;
      }
    | { readonly type: 'wait'; readonly seconds: number }
    | {
        readonly type: 'gather';
        readonly attempt: number;
        readonly tries: number;
        /** Keys the caller pressed, null for silence. */
        readonly pressed: string | null;
        /** The `Digits` Plivo would send (finish key and ignored keys removed). */
        readonly digits: string;
        readonly outcome: 'valid' | 'invalid' | 'timeout';
        /** The GetDigits `action` the digits go to (null without one): it says which menu asked. */
        readonly action: string | null;
        /** Seconds Plivo waited for a first key (GetDigits `timeout`, GetInput `executionTimeout`). */
        readonly timeoutSeconds?: number;
      }
    | {
        readonly type: 'speech';
        /** What the caller said, and the recogniser's confidence (0–1). */
        readonly said: string;
        readonly confidence: number;
        /** Recognition language (`<GetInput language>`). */
        readonly language: string;
        /** What Plivo sends as `Speech` (after `profanityFilter`), or null when it was not listening for speech. */
        readonly speech: string | null;
      }
    | { readonly type: 'dial'; readonly numbers: readonly string[]; readonly callerId: string; readonly outcome: DialOutcome }
    | { readonly type: 'record'; readonly durationMs: number; readonly recordUrl: string }
    | { readonly type: 'redirect'; readonly url: string; readonly method: HttpMethod; readonly by: string }
    | { readonly type: 'hangup'; readonly cause: string; readonly reason: string; readonly by: CallOutcome }
    | { readonly type: 'error'; readonly message: string; readonly url: string | null; readonly problems?: readonly XmlProblem[] }
    | { readonly type: 'end'; readonly outcome: CallOutcome; readonly durationMs: number; readonly requestCount: number }
  );

/** How the call ended: a `<Hangup>`, running out of elements, an error, or the loop guard. */
export type CallOutcome = 'hangup' | 'end-of-xml' | 'error' | 'loop';

export interface Transcript {
  readonly callUuid: string;
  readonly events: readonly TranscriptEvent[];
  readonly outcome: CallOutcome;
  /** The `HangupCause` sent to the hangup URL (e.g. NORMAL_CLEARING). */
  readonly hangupCause: string;
  readonly durationMs: number;
  /** Webhook requests made (answer, actions, redirects, notifications, hangup). */
  readonly requestCount: number;
}
