/**
 * `listen`: free speech. The caller says what they want in their own words ("I want to pay my
 * bill"); keywords per intent pick a branch (`billing`), and the intent's name is kept in the
 * call's memory under `name` for a later prompt, condition or lookup. Words that match no
 * intent go to `otherwise`, or are asked again. Plivo's GetInput listens for speech only.
 */
import type { LanguageId, NodeId, Prompt, RawPrompt } from '../flow/types.js';
import { hintsFor, hintsProblem, intentOf, meaningfulWords } from '../speech/index.js';
import { unreachable } from '../util/unreachable.js';
import { ask } from './ask.js';
import { enter, goto, type CheckContext, type Exit, type NodeKind } from './kind.js';
import { addGetInput, checkListening, compileListening, heardIn, LISTENING_SCHEMA, type Listening, type RawListening } from './listening.js';
import type { Phrases } from './menu.js';
import { checkRetries, compileRetries, retryExits, retryOrGiveUp, type RawRetries, type Retries } from './retries.js';
import { spoken } from './spoken.js';

export interface RawIntent { say: Phrases; goto: NodeId }

export interface RawListenNode extends RawRetries, RawListening {
  type: 'listen';
  description?: string;
  prompt: RawPrompt;
  name?: string;
  intents: Record<string, RawIntent>;
  otherwise?: NodeId;
}

export interface ListenNode extends Retries {
  type: 'listen';
  id: NodeId;
  prompt: Prompt;
  /** The call value the intent's name is kept under. */
  name: string;
  intents: ReadonlyMap<string, RawIntent>;
  otherwise: NodeId | undefined;
  listening: Listening & { languages: readonly LanguageId[] };
}

const intentList = (node: ListenNode) => [...node.intents].map(([name, intent]) => ({ name, keywords: intent.say }));

function hintsOf(intents: Iterable<RawIntent>, languages: readonly LanguageId[]): string {
  return hintsFor([...intents].flatMap((intent) => languages.flatMap((language) => intent.say[language] ?? [])));
}

/** Keywords in every language, none empty, none claimed by two intents (they would always tie). */
function checkKeywords(raw: RawListenNode, context: CheckContext): void {
  const claimed = new Map<string, string>();
  for (const [name, intent] of Object.entries(raw.intents)) {
    const missing = context.languages.filter((language) => intent.say[language] === undefined);
    if (missing.length > 0) context.error(['intents', name, 'say'], `intent \`${name}\` has no keywords in ${missing.join(', ')}: every language of the flow needs them`);
    for (const [language, keywords] of Object.entries(intent.say)) {
      context.language(['intents', name, 'say'], language, language);
      for (const [index, keyword] of keywords.entries()) {
        const words = meaningfulWords(keyword, language).join(' ');
        if (words === '') {
          context.error(['intents', name, 'say', language, index], `"${keyword}" is only filler words in ${language}: it can never be heard`);
          continue;
        }
        const owner = claimed.get(`${language}\u0000${words}`);
        if (owner === undefined) claimed.set(`${language}\u0000${words}`, name);
        else context.error(['intents', name, 'say', language, index], owner === name ? `intent \`${name}\` lists "${keyword}" twice in ${language}` : `"${keyword}" (${language}) is already a keyword of intent \`${owner}\`: two intents cannot share one`);
      }
    }
  }
  const problem = hintsProblem(hintsOf(Object.values(raw.intents), context.languages));
  if (problem !== null) context.error(['intents'], `the keywords make hints Plivo refuses: ${problem}`);
}

export const listen: NodeKind<RawListenNode, ListenNode> = {
  type: 'listen',
  schema: {
    description: 'Asks an open question and listens to the answer in the caller\'s own words; keywords per intent pick where to go, and the intent is kept as {{name}}.',
    type: 'object',
    additionalProperties: false,
    required: ['type', 'prompt', 'intents'],
    properties: {
      type: { description: 'listen: free speech, routed by keywords.', const: 'listen' },
      description: { description: 'A note for people reading the file; not spoken.', type: 'string' },
      prompt: { description: 'The question, e.g. \'In a few words, how can I help you?\'', $ref: '#/definitions/prompt' },
      name: {
        description: 'The call value the intent\'s name is kept under (for {{name}}, a condition or a lookup). Default: the node id.',
        type: 'string',
        pattern: '^[A-Za-z][A-Za-z0-9_]{0,31}$',
      },
      intents: {
        description: 'Intent name → the keywords that pick it, per language, and where it leads. The intent with most keywords heard wins.',
        type: 'object',
        minProperties: 1,
        propertyNames: { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,31}$' },
        additionalProperties: {
          type: 'object',
          additionalProperties: false,
          required: ['say', 'goto'],
          properties: {
            say: { description: 'Keywords per language ({en: [bill, pay], es: [factura, pagar]}); a keyword also matches with a short ending (bill → billing).', $ref: '#/definitions/phrases' },
            goto: { description: 'Where this intent leads.', $ref: '#/definitions/nodeId' },
          },
        },
      },
      otherwise: { description: 'Where words that pick no intent lead. Default: the caller is asked again (the `invalid` message).', $ref: '#/definitions/nodeId' },
      timeout: { description: 'Seconds to wait for the caller to start speaking, 5–60 (default: defaults.timeout, else 5).', $ref: '#/definitions/timeout' },
      attempts: { description: 'How many times the question is asked (default: defaults.attempts, else 3).', $ref: '#/definitions/attempts' },
      invalid: { description: 'Said when the words pick no intent and there is no `otherwise` (default: defaults.invalid).', $ref: '#/definitions/prompt' },
      noInput: { description: 'Said when the caller said nothing (default: defaults.noInput).', $ref: '#/definitions/prompt' },
      goodbye: { description: 'Said before hanging up when the attempts run out and there is no onExhausted (default: defaults.goodbye).', $ref: '#/definitions/prompt' },
      onExhausted: { description: 'Where to go when the attempts run out. Default: say goodbye and hang up.', $ref: '#/definitions/nodeId' },
      ...LISTENING_SCHEMA,
    },
  },

  // The intent heard is kept as text under `name`, for a later prompt, condition or lookup.
  sets: (raw, id) => [{ name: raw.name ?? id, type: 'string' }],

  compile: (raw, context) => ({
    type: 'listen',
    id: context.id,
    prompt: context.prompt(raw.prompt),
    name: raw.name ?? context.id,
    intents: new Map(Object.entries(raw.intents)),
    otherwise: raw.otherwise,
    listening: { ...compileListening(raw, context), languages: context.languages },
    ...compileRetries(raw, context),
  }),

  check(raw, context) {
    context.prompt(['prompt'], raw.prompt);
    checkKeywords(raw, context);
    checkListening(raw, context);
    checkRetries(raw, context);
  },

  exits: (node) => [
    ...[...node.intents].map(([name, intent]): Exit => {
      const keywords = Object.values(intent.say).flat();
      return {
        to: intent.goto,
        on: `intent:${name}`,
        label: `${name}\n${keywords.slice(0, 3).map((k) => `“${k}”`).join(' / ')}${keywords.length > 3 ? ' …' : ''}`,
        dashed: false,
        field: { path: ['intents', name, 'goto'], name: `intent \`${name}\`` },
        sets: [node.name],
      };
    }),
    ...(node.otherwise === undefined ? [] : [{ to: node.otherwise, on: 'otherwise', label: 'anything else', dashed: true, field: { path: ['otherwise'], name: 'otherwise' } }]),
    ...retryExits(node),
  ],

  collects: (node) => [node.name],

  transition(node, event, memory) {
    switch (event.kind) {
      case 'speech': {
        const { listening } = node;
        if (event.confidence < listening.minConfidence) return retryOrGiveUp(node, memory, 'unclear', listening.unclear);
        const match = intentOf(event.text, intentList(node), heardIn(listening.languages, memory));
        const intent = match.kind === 'intent' ? node.intents.get(match.name) : undefined;
        if (match.kind === 'intent' && intent !== undefined) return goto(intent.goto, memory.language, { name: node.name, digits: match.name });
        return node.otherwise === undefined ? retryOrGiveUp(node, memory, 'invalid') : goto(node.otherwise, memory.language);
      }
      // Plivo listens for speech only here: no words is silence.
      case 'digits':
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
    const question = addGetInput(xml, context, {
      inputType: 'speech',
      timeout: node.timeout,
      hints: hintsOf(node.intents.values(), heardIn(node.listening.languages, context.memory)),
      speechModel: 'phone_call',
    });
    ask(xml, question, context, node.prompt);
  },

  look: { shape: 'box', fill: '#f3e8ff', rounded: true },
  describe: (node, language) => ({ facts: ` · ${node.intents.size} intents · ${node.timeout} s`, hears: spoken(node.prompt, language) }),
};
