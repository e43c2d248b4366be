/**
 * What the node kinds that listen (a menu with phrases, an input that takes spoken digits, a
 * free-speech `listen` node) share: Plivo's `<GetInput>` in place of `<GetDigits>`, the
 * recognition language, the confidence below which words count as "didn't catch that", and
 * that message. Pure.
 */
import type { CallMemory } from '../call/memory.js';
import type { LanguageId, Prompt, RawPrompt } from '../flow/types.js';
import type { XmlContainer, XmlResponse } from '../ivr/plivo-xml.js';
import type { CheckContext, CompileContext, JsonSchema, RenderContext } from './kind.js';

/** What a node that listens may write in ivr.yaml. */
export interface RawListening {
  /** Words heard with a lower `SpeechConfidenceScore` count as not caught (0–1). */
  minConfidence?: number;
  /** Said when the words were not caught (default: built-in "Sorry, I didn't catch that."). */
  unclear?: RawPrompt;
}

export interface Listening {
  minConfidence: number;
  unclear: Prompt;
}

export const DEFAULT_MIN_CONFIDENCE = 0.5;

/** Plivo's executionTimeout range (GetInput reference): a listening node's `timeout` must fit. */
export const EXECUTION_TIMEOUT = { min: 5, max: 60 } as const;

/** "Didn't catch that", per base language; the flow writes `unclear:` for others. */
const UNCLEAR: Readonly<Record<string, string>> = {
  en: "Sorry, I didn't catch that.",
  es: 'Lo siento, no le entendí.',
  fr: "Désolé, je n'ai pas compris.",
  de: 'Entschuldigung, das habe ich nicht verstanden.',
  pt: 'Desculpe, não entendi.',
  it: 'Spiacenti, non ho capito.',
};

/** Schema properties every listening node takes. */
export const LISTENING_SCHEMA: Readonly<Record<string, JsonSchema>> = {
  minConfidence: {
    description: 'Words Plivo heard with a lower SpeechConfidenceScore (0–1) count as "didn\'t catch that" and are asked again (default 0.5).',
    type: 'number',
    minimum: 0,
    maximum: 1,
  },
  unclear: {
    description: 'Said when the caller\'s words were not caught (low confidence); default: "Sorry, I didn\'t catch that." in the caller\'s language.',
    $ref: '#/definitions/prompt',
  },
};

export function compileListening(raw: RawListening, context: CompileContext): Listening {
  const builtin = Object.fromEntries(context.languages.map((language) => [language, UNCLEAR[baseOf(language)] ?? UNCLEAR['en'] ?? '']));
  return { minConfidence: raw.minConfidence ?? DEFAULT_MIN_CONFIDENCE, unclear: context.prompt(raw.unclear ?? builtin) };
}

/**
 * Its message, a built-in one in every language or the node's own, and a timeout Plivo takes
 * (a timeout inherited from `defaults` below 5 s is raised to 5 s in the XML).
 */
export function checkListening(raw: RawListening & { timeout?: number }, context: CheckContext): void {
  context.prompt(['unclear'], raw.unclear);
  if (raw.unclear === undefined) {
    const uncovered = context.languages.filter((language) => UNCLEAR[baseOf(language)] === undefined);
    if (uncovered.length > 0) context.error([], `there is no built-in \`unclear\` message in ${uncovered.join(', ')}: add \`unclear:\` to this node`);
  }
  const { timeout } = raw;
  if (timeout !== undefined && (timeout < EXECUTION_TIMEOUT.min || timeout > EXECUTION_TIMEOUT.max)) {
    context.error(['timeout'], `a node that listens waits ${EXECUTION_TIMEOUT.min}–${EXECUTION_TIMEOUT.max} s (Plivo's GetInput executionTimeout); timeout is ${timeout}`);
  }
}

/** The languages words are matched in: the caller's, or every flow language (as declared) before one is chosen. */
export function heardIn(languages: readonly LanguageId[], memory: CallMemory): readonly LanguageId[] {
  return memory.language !== undefined && languages.includes(memory.language) ? [memory.language] : languages;
}

export interface GetInputOptions {
  inputType: 'dtmf speech' | 'speech';
  timeout: number;
  hints: string;
  speechModel: 'command_and_search' | 'phone_call' | 'default';
  numDigits?: number;
  finishOnKey?: string;
  digitEndTimeout?: number;
}

/**
 * A single-try `<GetInput>` posting to the node itself, in the recognition language of the
 * call (Plivo takes one: the caller's, or the default one before a language is chosen, with
 * `hints` in every language), with the node's prompt inside so a key or a word can cut it short.
 */
export function addGetInput(xml: XmlResponse, context: RenderContext, options: GetInputOptions): XmlContainer {
  const language = context.flow.languages.get(context.language);
  return xml.addGetInput({
    action: context.here(),
    method: 'POST',
    inputType: options.inputType,
    executionTimeout: Math.min(EXECUTION_TIMEOUT.max, Math.max(EXECUTION_TIMEOUT.min, options.timeout)),
    ...(options.digitEndTimeout === undefined ? {} : { digitEndTimeout: Math.min(10, Math.max(2, options.digitEndTimeout)) }),
    speechEndTimeout: 'auto',
    ...(options.numDigits === undefined ? {} : { numDigits: options.numDigits }),
    ...(options.finishOnKey === undefined ? {} : { finishOnKey: options.finishOnKey }),
    language: language?.speak ?? 'en-US',
    speechModel: options.speechModel,
    ...(options.hints === '' ? {} : { hints: options.hints }),
    redirect: true,
  });
}

function baseOf(language: LanguageId): string {
  return language.split('-')[0] ?? language;
}
