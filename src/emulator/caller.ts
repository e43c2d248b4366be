/** A caller that follows a script: useful for tests and for replaying a scenario. */
import type { Caller, DialOutcome, GatherPrompt, RecordResult } from './types.js';

/** Script entries that mean "press nothing this time". */
const SILENCE = new Set(['-', 'timeout', 'silence', '']);

export interface ScriptOptions {
  /** Length of what the caller says when a `<Record>` runs. Default 3 s. */
  readonly recordingMs?: number;
}

/**
 * A caller that answers GetDigits tries with `inputs`, in order: each entry is the keys pressed
 * in one try ("1", "1234#", "9" for an invalid key…) or "-"/"timeout" for silence. Dials take
 * their outcome from `dialOutcomes`, in order. When a list runs out the caller is silent and
 * dials are answered. Throws at once on an entry that is not phone keys.
 */
export function scriptedCaller(
  inputs: readonly string[],
  dialOutcomes: readonly DialOutcome[] = [],
  options: ScriptOptions = {},
): Caller {
  for (const entry of inputs) {
    if (!SILENCE.has(entry) && !/^[0-9*#]+$/.test(entry)) {
      throw new TypeError(`scriptedCaller: "${entry}" is neither phone keys (0-9, *, #) nor "-"/"timeout" for silence`);
    }
  }
  const keys = [...inputs];
  const dials = [...dialOutcomes];
  const recordingMs = options.recordingMs ?? 3000;
  return {
    gather: async () => {
      const entry = keys.shift();
      return entry === undefined || SILENCE.has(entry) ? null : entry;
    },
    dial: async () => dials.shift() ?? 'answered',
    record: async (): Promise<RecordResult> => ({ durationMs: recordingMs }),
  };
}

/**
 * `caller`, noting each GetDigits try it is asked about in `tries` (their timeouts are the
 * silences when a call is rendered to audio).
 */
export function noteGatherTries(caller: Caller, tries: GatherPrompt[]): Caller {
  return {
    ...caller,
    gather: (prompt) => {
      tries.push(prompt);
      return caller.gather(prompt);
    },
    dial: (request) => caller.dial(request),
  };
}
