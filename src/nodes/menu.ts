/** `menu`: a prompt, then a key; each key in `choices` leads to a node (and may set the language). */
import type { KeyAction, LanguageId, NodeId, Prompt, RawKeyAction, RawPrompt } from '../flow/types.js';
import { compileKeys, keyExits, keysSchema, pressKey } from './shared-keys.js';
import { unreachable } from '../util/unreachable.js';
import { enter, goto, type NodeKind } from './kind.js';
import { checkRetries, compileRetries, retryExits, retryOrGiveUp, type RawRetries, type Retries } from './retries.js';
import { spoken } from './spoken.js';

export type RawChoice = NodeId | { goto: NodeId; language?: LanguageId };

export interface RawMenuNode extends RawRetries {
  type: 'menu';
  description?: string;
  prompt: RawPrompt;
  choices: Record<string, RawChoice>;
  /** Keeps the key pressed in this variable. */
  saveAs?: string;
  keys?: Record<string, RawKeyAction>;
}

export interface Choice { goto: NodeId; language?: LanguageId }

export interface MenuNode extends Retries {
  type: 'menu';
  id: NodeId;
  prompt: Prompt;
  choices: ReadonlyMap<string, Choice>;
  saveAs: string | undefined;
  /** The shared keys in force here (the flow's and its own, minus its choices). */
  keys: ReadonlyMap<string, KeyAction>;
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
        description: 'Key (0-9, * or #) → where it leads.',
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
    },
  },

  compile: (raw, context) => ({
    type: 'menu',
    id: context.id,
    prompt: context.prompt(raw.prompt),
    choices: new Map(Object.entries(raw.choices).map(([key, choice]) => [key, typeof choice === 'string' ? { goto: choice } : choice])),
    saveAs: raw.saveAs,
    keys: compileKeys(raw.keys, context, (key) => Object.hasOwn(raw.choices, key)),
    ...compileRetries(raw, context),
  }),

  sets: (raw) => (raw.saveAs === undefined ? [] : [{ name: raw.saveAs, type: 'string' }]),

  check(raw, context) {
    context.prompt(['prompt'], raw.prompt);
    for (const [key, choice] of Object.entries(raw.choices)) {
      if (typeof choice !== 'string' && choice.language !== undefined) context.language(['choices', key, 'language'], choice.language);
    }
    checkRetries(raw, context);
  },

  exits: (node) => [
    ...[...node.choices].map(([key, choice]) => ({
      to: choice.goto,
      on: key,
      label: choice.language === undefined ? key : `${key} (${choice.language})`,
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
        const chosen = goto(choice.goto, choice.language ?? memory.language);
        if (node.saveAs === undefined || chosen.decision.kind !== 'goto') return chosen;
        return { ...chosen, decision: { ...chosen.decision, values: { [node.saveAs]: event.digits } } };
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
    // The message goes inside the GetDigits too, so an impatient caller can already press a key.
    for (const message of context.before) context.say(gather, message);
    context.say(gather, node.prompt);
    // Plivo carries on here only when the caller pressed nothing: say so in the URL.
    xml.addRedirect(context.here('no-input'), { method: 'POST' });
  },

  look: { shape: 'box', fill: '#dbeafe', rounded: true },
  describe: (node, language) => ({ facts: ` · ${node.timeout} s · ${node.attempts} ${node.attempts === 1 ? 'try' : 'tries'}`, hears: spoken(node.prompt, language) }),
};
