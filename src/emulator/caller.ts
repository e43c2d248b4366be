/** A caller that follows a script: useful for tests and for replaying a scenario. */
import { asGatherPrompt } from './get-input.js';
import type { Caller, CallerAct, DialOutcome, GatherPrompt, ListenPrompt, RecordResult } from './types.js';

/** Script entries that mean "press nothing this time". */
const SILENCE = new Set(['-', 'timeout', 'silence', '']);

export interface ScriptOptions {
  /** Length of what the caller says when a `<Record>` runs. Default 3 s. */
  readonly recordingMs?: number;
}

/**
 * One script entry as the caller's acts: `1234#` (keys), `say:billing please` (words, with an
 * optional `@0.4` confidence), several joined by `;` in the order they happen
 * (`say:español;2`), or `-`/`timeout` for silence. Throws a TypeError saying what is wrong.
 */
export function parseScriptEntry(entry: string): CallerAct[] {
  if (SILENCE.has(entry.trim())) return [];
  return entry.split(';').map((part): CallerAct => {
    const text = part.trim();
    const said = /^say:\s*(.*?)(?:@(\d*\.?\d+))?$/s.exec(text);
    if (said !== null) {
      const words = (said[1] ?? '').replace(/^"(.*)"$/s, '$1').trim();
      if (words === '') throw new TypeError(`scriptedCaller: "${entry}" says nothing (write say:"billing please")`);
      const confidence = said[2] === undefined ? undefined : Number(said[2]);
      if (confidence !== undefined && !(confidence >= 0 && confidence <= 1)) {
        throw new TypeError(`scriptedCaller: confidence in "${entry}" must be between 0 and 1`);
      }
      return confidence === undefined ? { type: 'speech', text: words } : { type: 'speech', text: words, confidence };
    }
    if (/^[0-9*#]+$/.test(text)) return { type: 'dtmf', keys: text };
    throw new TypeError(
      `scriptedCaller: "${entry}" is neither phone keys (0-9, *, #), say:"words", nor "-"/"timeout" for silence`,
    );
  });
}

/**
 * A caller that answers each GetDigits try or GetInput with the next entry of `inputs` (see
 * {@link parseScriptEntry}). At a keypad-only GetDigits, words are not heard: only the keys of
 * the entry count. Dials take their outcome from `dialOutcomes`, in order. When a list runs out
 * the caller is silent and dials are answered. Throws at once on an entry it cannot read.
 */
export function scriptedCaller(
  inputs: readonly string[],
  dialOutcomes: readonly DialOutcome[] = [],
  options: ScriptOptions = {},
): Caller {
  const turns = inputs.map(parseScriptEntry);
  const dials = [...dialOutcomes];
  const recordingMs = options.recordingMs ?? 3000;
  return {
    gather: async () => {
      const keys = (turns.shift() ?? []).find((act) => act.type === 'dtmf');
      return keys?.type === 'dtmf' ? keys.keys : null;
    },
    listen: async () => turns.shift() ?? [],
    dial: async () => dials.shift() ?? 'answered',
    record: async (): Promise<RecordResult> => ({ durationMs: recordingMs }),
  };
}

/**
 * `caller`, noting each GetDigits try and GetInput it is asked about in `tries` (their timeouts
 * are the silences when a call is rendered to audio).
 */
export function noteGatherTries(caller: Caller, tries: GatherPrompt[]): Caller {
  const noted: Caller = {
    ...caller,
    gather: (prompt) => {
      tries.push(prompt);
      return caller.gather(prompt);
    },
    dial: (request) => caller.dial(request),
  };
  const listen = caller.listen;
  if (listen === undefined) return noted;
  return {
    ...noted,
    listen: (prompt: ListenPrompt) => {
      tries.push(asGatherPrompt(prompt));
      return listen.call(caller, prompt);
    },
  };
}
