/**
 * `input`: several digits typed (an order number), kept in the call's memory under `name` and
 * spoken back as `{{name}}`. With `listen: true` the digits may also be said ("four zero seven
 * one", "cuatro cero siete uno"), in the caller's language.
 */
import type { KeyAction, LanguageId, NodeId, Prompt, RawKeyAction, RawPrompt } from '../flow/types.js';
import { DIGIT_LANGUAGES, languageOf, spokenDigits } from '../speech/index.js';
import { compileKeys, keyExits, keysSchema, pressKey } from './shared-keys.js';
import { unreachable } from '../util/unreachable.js';
import { ask } from './ask.js';
import { enter, goto, type NodeKind, type Outcome } from './kind.js';
import { addGetInput, checkListening, compileListening, heardIn, LISTENING_SCHEMA, type Listening, type RawListening } from './listening.js';
import { checkRetries, compileRetries, retryExits, retryOrGiveUp, type RawRetries, type Retries } from './retries.js';
import { spoken } from './spoken.js';

export interface RawInputNode extends RawRetries, RawListening {
  type: 'input';
  listen?: boolean;
  description?: string;
  prompt: RawPrompt;
  name?: string;
  minDigits?: number;
  maxDigits?: number;
  finishOnKey?: '#' | '*';
  digitTimeout?: number;
  /** Only these values are accepted: "1", "2", or a range "1-5". */
  accept?: string[];
  /** The value is never in clear in a URL, a log line or a call event (an account number, a PIN). */
  sensitive?: boolean;
  keys?: Record<string, RawKeyAction>;
  next: NodeId;
}

export interface InputNode extends Retries {
  type: 'input';
  id: NodeId;
  prompt: Prompt;
  /** The call value the digits are kept under, spoken back as {{name}}. */
  name: string;
  minDigits: number;
  maxDigits: number;
  finishOnKey: '#' | '*';
  digitTimeout: number;
  /** Accepted values: exact strings, and inclusive numeric ranges. Undefined: any value of the right length. */
  accept: { values: ReadonlySet<string>; ranges: ReadonlyArray<readonly [number, number]> } | undefined;
  /** The shared keys in force here: only `*` and `#` (digits are the value), minus the finish key. */
  keys: ReadonlyMap<string, KeyAction>;
  /** The digits are a secret (PIN, card number): URLs, logs and call events never show them. */
  sensitive: boolean;
  next: NodeId;
  /** Set with `listen: true`: the digits may be said as well as typed. */
  listening?: (Listening & { languages: readonly LanguageId[] }) | undefined;
}

/** The typed or spoken digits, judged: on with the value, or another try. */
function judge(node: InputNode, digits: string, memory: Parameters<typeof retryOrGiveUp>[1]): Outcome {
  const fits = /^[0-9]+$/.test(digits) && digits.length >= node.minDigits && digits.length <= node.maxDigits && accepted(node, digits);
  return fits ? goto(node.next, memory.language, { name: node.name, digits }) : retryOrGiveUp(node, memory, 'invalid');
}

const DEFAULT_MIN_DIGITS = 1;
const DEFAULT_MAX_DIGITS = 20;
const DEFAULT_DIGIT_TIMEOUT_SECONDS = 3;

export const input: NodeKind<RawInputNode, InputNode> = {
  type: 'input',
  schema: {
    description: 'Collects several keys (an account or order number), ended by a finish key or when `maxDigits` are pressed; the value can be spoken back with {{name}} in later prompts.',
    type: 'object',
    additionalProperties: false,
    required: ['type', 'prompt', 'next'],
    properties: {
      type: { description: 'input: collect a number typed on the keypad.', const: 'input' },
      description: { description: 'A note for people reading the file; not spoken.', type: 'string' },
      prompt: {
        description: 'What the caller hears, e.g. \'Enter your order number, then press pound.\'',
        $ref: '#/definitions/prompt',
      },
      name: {
        description: 'The name later prompts use to speak the value back: {{name}}. Default: the node id.',
        type: 'string',
        pattern: '^[A-Za-z][A-Za-z0-9_]{0,31}$',
      },
      minDigits: { description: 'Fewest digits accepted (default 1).', type: 'integer', minimum: 1, maximum: 20 },
      maxDigits: {
        description: 'Most digits accepted; input ends by itself when they are all pressed (default 20).',
        type: 'integer',
        minimum: 1,
        maximum: 20,
      },
      finishOnKey: { description: 'The key that ends the input (default #).', type: 'string', enum: ['#', '*'] },
      timeout: {
        description: 'Seconds to wait for the first key (default: defaults.timeout, else 5).',
        $ref: '#/definitions/timeout',
      },
      digitTimeout: { description: 'Seconds allowed between keys (default 3).', type: 'integer', minimum: 1, maximum: 30 },
      accept: {
        description: 'Only these values are accepted, the rest are a wrong entry: "1", "42", or a range "1-5".',
        type: 'array',
        minItems: 1,
        maxItems: 50,
        items: { type: 'string', pattern: '^[0-9]{1,20}(-[0-9]{1,20})?$' },
      },
      keys: keysSchema,
      attempts: {
        description: 'How many times the caller may try (default: defaults.attempts, else 3).',
        $ref: '#/definitions/attempts',
      },
      invalid: {
        description: 'Said after too few or too many digits (default: defaults.invalid).',
        $ref: '#/definitions/prompt',
      },
      noInput: {
        description: 'Said when nothing was typed in time (default: defaults.noInput).',
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
      sensitive: {
        description: 'true: the digits are a secret (a PIN, an account number): never in clear in a URL, a log line, a call event, the dashboard or an export (default false).',
        type: 'boolean',
      },
      next: { description: 'Where to go with a valid value.', $ref: '#/definitions/nodeId' },
      listen: {
        description: 'Also take the digits said aloud, one by one ("four zero seven one"), in the caller\'s language (Plivo GetInput; en, es, fr, pt, de, it).',
        type: 'boolean',
      },
      ...LISTENING_SCHEMA,
    },
  },

  compile: (raw, context) => ({
    type: 'input',
    id: context.id,
    prompt: context.prompt(raw.prompt),
    name: raw.name ?? context.id,
    minDigits: raw.minDigits ?? DEFAULT_MIN_DIGITS,
    maxDigits: raw.maxDigits ?? DEFAULT_MAX_DIGITS,
    finishOnKey: raw.finishOnKey ?? '#',
    digitTimeout: raw.digitTimeout ?? DEFAULT_DIGIT_TIMEOUT_SECONDS,
    accept: compileAccept(raw.accept),
    keys: compileKeys(raw.keys, context, (key) => /^[0-9]$/.test(key) || key === (raw.finishOnKey ?? '#')),
    sensitive: raw.sensitive ?? false,
    next: raw.next,
    listening: raw.listen === true ? { ...compileListening(raw, context), languages: context.languages } : undefined,
    ...compileRetries(raw, context),
  }),

  sets: (raw, id) => [{ name: raw.name ?? id, type: 'string', format: 'digits', ...(raw.sensitive === true ? { sensitive: true } : {}) }],

  check(raw, context) {
    context.prompt(['prompt'], raw.prompt);
    const min = raw.minDigits ?? DEFAULT_MIN_DIGITS;
    const max = raw.maxDigits ?? DEFAULT_MAX_DIGITS;
    if (min > max) context.error(['minDigits'], `minDigits (${min}) is more than maxDigits (${max}): no input could ever be accepted`);
    if (raw.listen === true) {
      const unknown = context.languages.filter((language) => !DIGIT_LANGUAGES.includes(languageOf(language)));
      if (unknown.length > 0) context.error(['listen'], `spoken digits are known in ${DIGIT_LANGUAGES.join(', ')}, not in ${unknown.join(', ')}`);
      checkListening(raw, context);
    } else if (raw.minConfidence !== undefined || raw.unclear !== undefined) {
      context.error([raw.minConfidence !== undefined ? 'minConfidence' : 'unclear'], 'this input does not listen: add `listen: true`, or drop the field');
    }
    checkRetries(raw, context);
  },

  exits: (node) => [
    { to: node.next, on: 'input', label: `${node.name} entered`, dashed: false, field: { path: ['next'], name: 'next' }, sets: [node.name] },
    ...keyExits(node.keys),
    ...retryExits(node),
  ],

  collects: (node) => [node.name],

  transition(node, event, memory) {
    switch (event.kind) {
      case 'digits': {
        const { digits } = event;
        if (digits === '') return retryOrGiveUp(node, memory, 'no-input');
        const command = node.keys.has(digits) ? pressKey(node.keys, digits, memory, node.id) : undefined;
        return command ?? judge(node, digits, memory);
      }
      case 'speech': {
        const { listening } = node;
        if (listening === undefined) return retryOrGiveUp(node, memory, 'invalid');
        if (event.confidence < listening.minConfidence) return retryOrGiveUp(node, memory, 'unclear', listening.unclear);
        const digits = heardIn(listening.languages, memory).map((language) => spokenDigits(event.text, language)).find((d) => d !== null) ?? null;
        return digits === null ? retryOrGiveUp(node, memory, 'invalid') : judge(node, digits, memory);
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
    if (node.listening !== undefined) {
      // Digits said one by one: Plivo's phone_call model; no hints (the words are the digits).
      const listen = addGetInput(xml, context, {
        inputType: 'dtmf speech',
        timeout: node.timeout,
        digitEndTimeout: node.digitTimeout,
        numDigits: node.maxDigits,
        finishOnKey: node.finishOnKey,
        hints: '',
        speechModel: 'phone_call',
      });
      ask(xml, listen, context, node.prompt);
      return;
    }
    const gather = xml.addGetDigits({
      action: context.here(),
      method: 'POST',
      timeout: node.timeout,
      digitTimeout: node.digitTimeout,
      numDigits: node.maxDigits,
      finishOnKey: node.finishOnKey,
      // As for menus: one try, and every key reaches the server, which judges the length.
      retries: 1,
      redirect: true,
    });
    ask(xml, gather, context, node.prompt);
  },

  look: { shape: 'box', fill: '#e0f2fe', rounded: true },
  describe: (node, language) => ({
    facts: ` · ${node.minDigits === node.maxDigits ? node.minDigits : `${node.minDigits}-${node.maxDigits}`} digits${node.listening === undefined ? '' : ' · typed or said'}`,
    hears: spoken(node.prompt, language),
  }),
};

function compileAccept(accept: readonly string[] | undefined): InputNode['accept'] {
  if (accept === undefined) return undefined;
  const values = new Set<string>();
  const ranges: Array<readonly [number, number]> = [];
  for (const item of accept) {
    const [low, high] = item.split('-');
    if (high === undefined) values.add(item);
    else ranges.push([Number(low), Number(high)]);
  }
  return { values, ranges };
}

function accepted(node: InputNode, digits: string): boolean {
  if (node.accept === undefined) return true;
  const number = Number(digits);
  return node.accept.values.has(digits) || node.accept.ranges.some(([low, high]) => number >= low && number <= high);
}
