/**
 * What a menu and an input share: they wait for keys, count tries, answer a wrong key and a
 * silence in the caller's language, and leave (to `onExhausted`, or goodbye and hang up) when
 * the tries run out, so no caller is ever stuck.
 */
import type { CallMemory } from '../call/memory.js';
import { builtinText } from '../flow/builtin-messages.js';
import type { NodeId, Prompt, RawPrompt } from '../flow/types.js';
import type { CheckContext, CompileContext, Exit, Outcome, RetryReason } from './kind.js';

export interface RawRetries {
  timeout?: number;
  attempts?: number;
  invalid?: RawPrompt;
  noInput?: RawPrompt;
  goodbye?: RawPrompt;
  onExhausted?: NodeId;
}

export interface Retries {
  timeout: number;
  attempts: number;
  invalid: Prompt;
  noInput: Prompt;
  /** Where to go when attempts run out; undefined: say `goodbye` and hang up. */
  onExhausted: NodeId | undefined;
  goodbye: Prompt;
}

export function compileRetries(raw: RawRetries, context: CompileContext): Retries {
  const { defaults, prompt } = context;
  return {
    timeout: raw.timeout ?? defaults.timeout,
    attempts: raw.attempts ?? defaults.attempts,
    invalid: raw.invalid !== undefined ? prompt(raw.invalid) : defaults.invalid,
    noInput: raw.noInput !== undefined ? prompt(raw.noInput) : defaults.noInput,
    onExhausted: raw.onExhausted,
    goodbye: raw.goodbye !== undefined ? prompt(raw.goodbye) : defaults.goodbye,
  };
}

/** Its messages, and that a language without a built-in text has one of its own or a default. */
export function checkRetries(raw: RawRetries, context: CheckContext): void {
  context.prompt(['invalid'], raw.invalid);
  context.prompt(['noInput'], raw.noInput);
  context.prompt(['goodbye'], raw.goodbye);
  const fallback = (message: 'invalid' | 'noInput' | 'goodbye'): void => {
    if (raw[message] !== undefined || context.hasDefault(message)) return;
    const uncovered = context.languages.filter((language) => builtinText(message, language) === undefined);
    if (uncovered.length > 0) {
      context.error([], `there is no built-in \`${message}\` message in ${uncovered.join(', ')}: add \`${message}:\` to this menu or to \`defaults\``);
    }
  };
  fallback('invalid');
  fallback('noInput');
  if (raw.onExhausted === undefined) fallback('goodbye');
}

/**
 * Silence or a wrong key replays the node (a dashed loop); when the attempts run out the call
 * goes to `onExhausted`, or hears goodbye and ends.
 */
export function retryExits(node: Retries & { id: NodeId }): Exit[] {
  const exits: Exit[] = [];
  if (node.attempts > 1) exits.push({ to: node.id, label: `no key (${node.timeout} s) /\nwrong key: again`, dashed: true });
  exits.push({
    to: node.onExhausted,
    label: node.onExhausted === undefined ? `${node.attempts} tries: goodbye` : `${node.attempts} tries used`,
    dashed: true,
    ...(node.onExhausted === undefined ? {} : { field: { path: ['onExhausted'], name: 'onExhausted' } }),
  });
  return exits;
}

/**
 * Another try, or, the last one used up, leave (to `onExhausted`, or goodbye and hang up)
 * rather than loop. Attempts are counted here, not by Plivo: every GetDigits is a single try,
 * so the server hears each wrong key and each silence and answers it in the caller's language.
 */
export function retryOrGiveUp(node: Retries, memory: CallMemory, reason: RetryReason, said?: Prompt): Outcome {
  // Words heard too faintly have their own message (see `listening.ts`), passed as `said`.
  const message = said ?? (reason === 'no-input' ? node.noInput : node.invalid);
  if (memory.attempt < node.attempts) return { decision: { kind: 'retry', reason, attempt: memory.attempt + 1 }, say: [message], effects: [] };
  const target = node.onExhausted;
  return { decision: { kind: 'give-up', reason, target }, say: target === undefined ? [message, node.goodbye] : [message], effects: [] };
}
