/**
 * `menu`: a prompt, then a key; each key in `choices` leads to a node (and may set the language).
 * A choice may also list what a caller can say for it, per language (`say: {en: [spanish]}`):
 * such a menu listens (Plivo's GetInput, see `listening.ts`) and takes a key or the words.
 */
import type { KeyAction, LanguageId, NodeId, Prompt, RawKeyAction, RawPrompt } from '../flow/types.js';
import { hintsFor, hintsProblem, matchPhrase, meaningfulWords, type PhraseChoice } from '../speech/index.js';
import { compileKeys, keyExits, keysSchema, pressKey } from './shared-keys.js';
import { unreachable } from '../util/unreachable.js';
import { ask } from './ask.js';
import { enter, goto, type CheckContext, type NodeKind, type Outcome } from './kind.js';
import { addGetInput, checkListening, compileListening, heardIn, LISTENING_SCHEMA, type Listening, type RawListening } from './listening.js';
import { checkRetries, compileRetries, retryExits, retryOrGiveUp, type RawRetries, type Retries } from './retries.js';
import { spoken } from './spoken.js';

/** What a caller may say for a choice, per language: `{en: [spanish], es: [español, castellano]}`. */
export type Phrases = Readonly<Record<LanguageId, readonly string[]>>;

export type RawChoice = NodeId | { goto: NodeId; language?: LanguageId; say?: Phrases };

export interface RawMenuNode extends RawRetries, RawListening {
  type: 'menu';
  description?: string;
  prompt: RawPrompt;
  choices: Record<string, RawChoice>;
  /** Keeps the key pressed in this variable. */
  saveAs?: string;
  keys?: Record<string, RawKeyAction>;
}

export interface Choice { goto: NodeId; language?: LanguageId; say?: Phrases }

export interface MenuNode extends Retries {
  type: 'menu';
  id: NodeId;
  prompt: Prompt;
  choices: ReadonlyMap<string, Choice>;
  saveAs: string | undefined;
  /** The shared keys in force here (the flow's and its own, minus its choices). */
  keys: ReadonlyMap<string, KeyAction>;
  /** Set when a choice lists phrases: the menu listens for words as well as keys. */
  listening?: (Listening & { languages: readonly LanguageId[] }) | undefined;
}

/** The phrases of every choice, for matching. */
function phraseChoices(node: MenuNode): PhraseChoice[] {
  return [...node.choices].filter(([, choice]) => choice.say !== undefined).map(([key, choice]) => ({ key, phrases: choice.say ?? {} }));
}

/** The `hints` for Plivo: the phrases in the languages listened in. */
function hintsOf(choices: Iterable<{ say?: Phrases }>, languages: readonly LanguageId[]): string {
  return hintsFor([...choices].flatMap((choice) => languages.flatMap((language) => choice.say?.[language] ?? [])));
}

/**
 * Phrases a caller can actually say: every flow language covered, none empty once fillers are
 * dropped, no phrase claimed twice in a language, and hints within Plivo's limits.
 */
function checkPhrases(raw: RawMenuNode, context: CheckContext): void {
  const claimed = new Map<string, string>();
  const all: { say?: Phrases }[] = [];
  for (const [key, choice] of Object.entries(raw.choices)) {
    if (typeof choice === 'string' || choice.say === undefined) continue;
    all.push(choice);
    const missing = context.languages.filter((language) => choice.say?.[language] === undefined);
    if (missing.length > 0) {
      context.error(['choices', key, 'say'], `choice \`${key}\` lists what to say in ${Object.keys(choice.say).join(', ')} but not in ${missing.join(', ')}: a menu that listens needs phrases in every language of the flow`);
    }
    for (const [language, phrases] of Object.entries(choice.say)) {
      context.language(['choices', key, 'say'], language, language);
      for (const [index, phrase] of phrases.entries()) {
        const words = meaningfulWords(phrase, language).join(' ');
        if (words === '') {
          context.error(['choices', key, 'say', language, index], `"${phrase}" is only filler words in ${language}: no caller could pick choice \`${key}\` with it`);
          continue;
        }
        const id = `${language}\u0000${words}`;
        const owner = claimed.get(id);
        if (owner === undefined) claimed.set(id, key);
        else {
          context.error(
            ['choices', key, 'say', language, index],
            owner === key
              ? `choice \`${key}\` lists "${phrase}" twice in ${language}`
              : `"${phrase}" (${language}) is already said for choice \`${owner}\`: two choices cannot both claim it`,
          );
        }
      }
    }
  }
  if (all.length === 0) return;
  const problem = hintsProblem(hintsOf(all, context.languages));
  if (problem !== null) context.error(['choices'], `the phrases make hints Plivo refuses: ${problem}`);
}

/** The arrow's label: the key (and language), then what may be said for it. */
function choiceLabel(key: string, choice: Choice): string {
  const base = choice.language === undefined ? key : `${key} (${choice.language})`;
  if (choice.say === undefined) return base;
  // The first phrase in each language; more are hinted at.
  const lists = Object.values(choice.say);
  const shown = lists.flatMap((phrases) => phrases.slice(0, 1)).map((phrase) => `“${phrase}”`).join(' / ');
  return `${base}\n${shown}${lists.some((phrases) => phrases.length > 1) ? ' …' : ''}`;
}

/** On to the choice's node, keeping its key under `saveAs` whether it was pressed or said. */
function choose(node: MenuNode, key: string, choice: Choice, language: LanguageId | undefined): Outcome {
  const chosen = goto(choice.goto, choice.language ?? language);
  if (node.saveAs === undefined || chosen.decision.kind !== 'goto') return chosen;
  return { ...chosen, decision: { ...chosen.decision, values: { [node.saveAs]: key } } };
}

export const menu: NodeKind<RawMenuNode, MenuNode> = {
  type: 'menu',
  schema: {
    description: 'Speaks a prompt and waits for a key; each key in `choices` leads to a node.',
    type: 'object',
    additionalProperties: false,
    required: ['type', 'prompt', 'choices'],
    properties: {
      type: { description: 'menu: a prompt and digit choices.', const: 'menu' },
      description: { description: 'A note for people reading the file; not spoken.', type: 'string' },
      prompt: { description: 'What the caller hears; a key press interrupts it.', $ref: '#/definitions/prompt' },
      choices: {
        description: 'Key (0-9, * or #) → where it leads; `say` lists what a caller may say instead, per language.',
        type: 'object',
        minProperties: 1,
        propertyNames: { type: 'string', pattern: '^[0-9*#]$' },
        additionalProperties: { $ref: '#/definitions/choice' },
      },
      saveAs: { description: 'Keep the key pressed in this call variable (a 1-5 rating): {{name}} speaks it, conditions read it.', $ref: '#/definitions/variableName' },
      keys: keysSchema,
      timeout: {
        description: 'Seconds to wait for a key after the prompt (default: defaults.timeout, else 5).',
        $ref: '#/definitions/timeout',
      },
      attempts: {
        description: 'How many times the menu is offered before giving up (default: defaults.attempts, else 3).',
        $ref: '#/definitions/attempts',
      },
      invalid: {
        description: 'Said after a key this menu does not offer (default: defaults.invalid).',
        $ref: '#/definitions/prompt',
      },
      noInput: {
        description: 'Said when no key was pressed in time (default: defaults.noInput).',
        $ref: '#/definitions/prompt',
      },
      goodbye: {
        description: 'Said before hanging up when the attempts run out and there is no onExhausted (default: defaults.goodbye).',
        $ref: '#/definitions/prompt',
      },
      onExhausted: {
        description: 'Where to go when the attempts run out. Default: say defaults.goodbye and hang up.',
        $ref: '#/definitions/nodeId',
      },
      ...LISTENING_SCHEMA,
    },
  },

  compile: (raw, context) => {
    const choices = Object.values(raw.choices);
    const listens = choices.some((choice) => typeof choice !== 'string' && choice.say !== undefined);
    return {
      type: 'menu',
      id: context.id,
      prompt: context.prompt(raw.prompt),
      choices: new Map(Object.entries(raw.choices).map(([key, choice]) => [key, typeof choice === 'string' ? { goto: choice } : choice])),
      saveAs: raw.saveAs,
      keys: compileKeys(raw.keys, context, (key) => Object.hasOwn(raw.choices, key)),
      listening: listens ? { ...compileListening(raw, context), languages: context.languages } : undefined,
      ...compileRetries(raw, context),
    };
  },

  sets: (raw) => (raw.saveAs === undefined ? [] : [{ name: raw.saveAs, type: 'string' }]),

  check(raw, context) {
    context.prompt(['prompt'], raw.prompt);
    for (const [key, choice] of Object.entries(raw.choices)) {
      if (typeof choice !== 'string' && choice.language !== undefined) context.language(['choices', key, 'language'], choice.language);
    }
    checkPhrases(raw, context);
    if (Object.values(raw.choices).some((choice) => typeof choice !== 'string' && choice.say !== undefined)) checkListening(raw, context);
    checkRetries(raw, context);
  },

  exits: (node) => [
    ...[...node.choices].map(([key, choice]) => ({
      to: choice.goto,
      on: key,
      label: choiceLabel(key, choice),
      dashed: false,
      field: { path: ['choices', key], name: `choice \`${key}\`` },
      ...(node.saveAs === undefined ? {} : { sets: [node.saveAs] }),
    })),
    ...keyExits(node.keys),
    ...retryExits(node),
  ],

  collects: () => [],

  transition(node, event, memory) {
    switch (event.kind) {
      case 'digits': {
        // Plivo sends an empty Digits when only the finish key was pressed: that is no choice either.
        if (event.digits === '') return retryOrGiveUp(node, memory, 'no-input');
        const choice = node.choices.get(event.digits);
        if (choice === undefined) return pressKey(node.keys, event.digits, memory, node.id) ?? retryOrGiveUp(node, memory, 'invalid');
        return choose(node, event.digits, choice, memory.language);
      }
      case 'speech': {
        const { listening } = node;
        // Only a GetInput sends words; a keypad menu takes them as a wrong answer.
        if (listening === undefined) return retryOrGiveUp(node, memory, 'invalid');
        if (event.confidence < listening.minConfidence) return retryOrGiveUp(node, memory, 'unclear', listening.unclear);
        const match = matchPhrase(event.text, phraseChoices(node), heardIn(listening.languages, memory));
        const choice = match.kind === 'match' ? node.choices.get(match.key) : undefined;
        return choice !== undefined && match.kind === 'match' ? choose(node, match.key, choice, memory.language) : retryOrGiveUp(node, memory, 'invalid');
      }
      case 'no-input':
        return retryOrGiveUp(node, memory, 'no-input');
      case 'arrive':
      case 'dial-ended':
      case 'recorded':
      case 'results':
        return enter();
      default:
        return unreachable(event);
    }
  },

  render(xml, node, context) {
    const longestKey = Math.max(...[...node.choices.keys(), ...node.keys.keys()].map((key) => key.length));
    if (node.listening !== undefined) {
      // The same single try as the keypad menu, listening for words too: short commands, so
      // Plivo's command_and_search model, with the phrases of the languages heard as hints.
      const listen = addGetInput(xml, context, {
        inputType: 'dtmf speech',
        timeout: node.timeout,
        numDigits: longestKey,
        ...(node.choices.has('#') || node.keys.has('#') ? { finishOnKey: '' } : {}),
        hints: hintsOf(node.choices.values(), heardIn(node.listening.languages, context.memory)),
        speechModel: 'command_and_search',
      });
      ask(xml, listen, context, node.prompt);
      return;
    }
    const gather = xml.addGetDigits({
      action: context.here(),
      method: 'POST',
      timeout: node.timeout,
      numDigits: longestKey,
      // One try per GetDigits: the server counts attempts, so it can answer a wrong key or a
      // silence in the caller's language. For the same reason validDigits stays open (Plivo
      // would otherwise swallow a wrong key and play only a fixed invalidDigitsSound).
      retries: 1,
      redirect: true,
      // '#' is Plivo's default finish key, which would hide a '#' choice.
      ...(node.choices.has('#') || node.keys.has('#') ? { finishOnKey: '' } : {}),
    });
    ask(xml, gather, context, node.prompt);
  },

  look: { shape: 'box', fill: '#dbeafe', rounded: true },
  describe: (node, language) => ({
    facts: ` · ${node.timeout} s · ${node.attempts} ${node.attempts === 1 ? 'try' : 'tries'}${node.listening === undefined ? '' : ' · listens'}`,
    hears: spoken(node.prompt, language),
  }),
};
