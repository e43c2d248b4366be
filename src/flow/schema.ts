/**
 * The JSON schema of ivr.yaml, built from its parts: the file's frame and shared definitions
 * here, each node kind's own fragment from its module (`schema` in `src/nodes/<kind>.ts`),
 * listed in the order of the node index. `schema/ivr.schema.json`, which editors read, is
 * written from it by `npm run schema`; a test keeps the two equal.
 */
import { NODE_KINDS, NODE_TYPES } from '../nodes/index.js';
import type { JsonSchema } from '../nodes/kind.js';

/** The schema a flow file is validated against. Pure. */
export function flowSchema(): JsonSchema {
  const nodeTypes = NODE_TYPES.join(', ').replace(/, ([^,]*)$/, ' or $1');
  const frame = FRAME as { properties: Record<string, Record<string, unknown>> };
  return {
    ...FRAME,
    properties: {
      ...frame.properties,
      nodes: { ...frame.properties['nodes'], description: `Every step of the call, keyed by node id. Each node has a \`type\`: ${nodeTypes}.` },
    },
    definitions: {
      ...DEFINITIONS,
      node: {
        description: 'One step of the call; `type` says which kind.',
        type: 'object',
        required: ['type'],
        discriminator: { propertyName: 'type' },
        oneOf: NODE_TYPES.map((type) => ({ $ref: `#/definitions/${type}Node` })),
      },
      ...Object.fromEntries(NODE_TYPES.map((type) => [`${type}Node`, NODE_KINDS[type].schema])),
    },
  };
}

/** The file as a whole (`nodes` gets its description from the node index). */
const FRAME: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://plivo-yaml-ivr.local/schema/ivr.schema.json',
  title: 'IVR flow',
  description: 'A phone menu for Plivo: languages, nodes (menus, messages, transfers, hang-ups) and how they connect. Validated by `npm run validate`.',
  type: 'object',
  additionalProperties: false,
  required: ['entry', 'languages', 'nodes'],
  properties: {
    entry: {
      description: 'The node a call starts in; Plivo\'s answer URL is PUBLIC_URL/node/<entry>.',
      $ref: '#/definitions/nodeId',
    },
    languages: {
      description: 'The languages callers can be served in, keyed by a short id (en, es, pt-BR). Every localized text must have each of them.',
      type: 'object',
      minProperties: 1,
      propertyNames: { $ref: '#/definitions/languageId' },
      additionalProperties: { $ref: '#/definitions/language' },
    },
    defaultLanguage: {
      description: 'The language used before the caller has chosen one. Default: the first language listed.',
      $ref: '#/definitions/languageId',
    },
    onMachine: {
      description: 'What an answering machine gets when a campaign call is answered by one (Plivo\'s asynchronous machine detection): a node id (a short voicemail message) or `hangup`. Without it the flow runs on as for a person.',
      type: 'string',
      minLength: 1,
    },
    defaults: {
      description: 'Values every menu inherits unless it sets its own.',
      type: 'object',
      additionalProperties: false,
      properties: {
        timeout: { description: 'Seconds to wait for a key after a menu\'s prompt.', $ref: '#/definitions/timeout' },
        attempts: { description: 'How many times a menu is offered before giving up.', $ref: '#/definitions/attempts' },
        invalid: { description: 'Said after a key the menu does not offer.', $ref: '#/definitions/prompt' },
        noInput: {
          description: 'Said when the caller pressed nothing before the timeout.',
          $ref: '#/definitions/prompt',
        },
        goodbye: {
          description: 'Said before hanging up when a menu runs out of attempts and has no onExhausted node.',
          $ref: '#/definitions/prompt',
        },
      },
    },
    timezone: {
      description: 'The IANA time zone of the business (America/New_York): business hours, the built-ins hour, minute, weekday and today, and spoken dates. Default UTC.',
      type: 'string',
      minLength: 1,
    },
    params: {
      description: 'What a call is placed with (POST /calls `params`, npm run call --param name=value): name → type (string, int, double, bool) or {type, required, sensitive, description, format}. A call missing a required param, or with one the flow does not declare, is refused.',
      type: 'object',
      maxProperties: 16,
      propertyNames: { $ref: '#/definitions/variableName' },
      additionalProperties: { $ref: '#/definitions/declaration' },
    },
    variables: {
      description: 'Types and sensitivity of variables the nodes set (an input, a lookup field, a set node): name → type or {type, sensitive, format}. `sensitive` values never appear in clear in a URL or a log line.',
      type: 'object',
      maxProperties: 32,
      propertyNames: { $ref: '#/definitions/variableName' },
      additionalProperties: { $ref: '#/definitions/declaration' },
    },
    keys: {
      description: 'Keys every menu and input answers unless it has its own use for them: key → a node id, or `back` (to the menu the caller came from). A node turns one off with `keys: {"*": null}`.',
      type: 'object',
      propertyNames: { type: 'string', pattern: '^[0-9*#]$' },
      additionalProperties: { $ref: '#/definitions/keyAction' },
    },
    nodes: {
      description: 'Every step of the call, keyed by node id. Each node has a `type`: menu, input, say, play, dial, record or hangup.',
      type: 'object',
      minProperties: 1,
      propertyNames: { $ref: '#/definitions/nodeId' },
      additionalProperties: { $ref: '#/definitions/node' },
    },
  },
};

/** The definitions every node kind can `$ref`: ids, languages, prompts, timeouts. */
const DEFINITIONS: JsonSchema = {
  variableName: {
    description: 'A variable name: a letter, then letters, digits or \'_\' (at most 32).',
    type: 'string',
    pattern: '^[A-Za-z][A-Za-z0-9_]{0,31}$',
  },
  variableType: { description: 'A variable\'s type, as CEL sees it.', type: 'string', enum: ['string', 'int', 'double', 'bool'] },
  format: {
    description: 'How {{name}} speaks the value: text, digits (one by one), number, ordinal, telephone, spell, date, time, datetime, amount.',
    type: 'string',
    enum: ['text', 'digits', 'number', 'ordinal', 'telephone', 'spell', 'date', 'time', 'datetime', 'amount'],
  },
  declaration: {
    description: 'A type (string, int, double, bool), or {type, required, sensitive, description, format}.',
    if: { type: 'string' },
    then: { $ref: '#/definitions/variableType' },
    else: {
      type: 'object',
      additionalProperties: false,
      properties: {
        type: { $ref: '#/definitions/variableType' },
        required: { description: 'For params: whether a call must carry it (default true).', type: 'boolean' },
        sensitive: { description: 'Never in clear in a URL or a log line (an account number, a balance).', type: 'boolean' },
        description: { description: 'What it is, for people and for the API\'s error messages.', type: 'string' },
        format: { $ref: '#/definitions/format' },
      },
    },
  },
  keyAction: {
    description: 'A node id, `back` (the menu the caller came from), or null (this key does nothing here).',
    type: ['string', 'null'],
    pattern: '^(back|[A-Za-z][A-Za-z0-9_-]{0,63})$',
  },
  expression: {
    description: 'A CEL expression (https://cel.dev) over the call\'s variables: caller.startsWith("+1") && rating >= 4.',
    type: 'string',
    minLength: 1,
    maxLength: 1000,
  },
  nodeId: {
    description: 'A node id: a letter, then letters, digits, \'_\' or \'-\'.',
    type: 'string',
    pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$',
  },
  languageId: {
    description: 'A language id: two lowercase letters, optionally a region (en, es, pt-BR).',
    type: 'string',
    pattern: '^[a-z]{2}(-[A-Z]{2})?$',
  },
  language: {
    description: 'How Plivo speaks this language.',
    type: 'object',
    additionalProperties: false,
    required: ['speak'],
    properties: {
      speak: {
        description: 'Plivo\'s Speak language code, e.g. en-US, en-GB, es-US, es-ES, fr-FR.',
        type: 'string',
        pattern: '^[a-z]{2,3}-[A-Z]{2}$',
      },
      voice: {
        description: 'Plivo\'s Speak voice: WOMAN (default), MAN, or an Amazon Polly voice such as Polly.Joanna.',
        type: 'string',
        pattern: '^(WOMAN|MAN|Polly\\.[A-Za-z]+(-Neural)?)$',
      },
    },
  },
  timeout: {
    description: 'Seconds to wait for the first key after the prompt.',
    type: 'integer',
    minimum: 1,
    maximum: 60,
  },
  attempts: {
    description: 'How many times the menu is offered (1 = once, no retry).',
    type: 'integer',
    minimum: 1,
    maximum: 10,
  },
  text: { description: 'Text to speak.', type: 'string', minLength: 1, maxLength: 3000 },
  audio: {
    description: 'An MP3 or WAV file under audio/ (served by this server) or an absolute http(s) URL.',
    type: 'string',
    pattern: '^(https?://\\S+|audio/[A-Za-z0-9._/-]+\\.(mp3|wav))$',
  },
  localSegment: {
    description: 'One piece of a localized prompt: text to say or audio to play.',
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    maxProperties: 1,
    properties: {
      say: { description: 'Text to speak in this language.', $ref: '#/definitions/text' },
      play: { description: 'Audio to play for this language.', $ref: '#/definitions/audio' },
    },
  },
  content: {
    description: 'What to say in one language: a text, {say: text}, {play: file}, or a list of them played in turn.',
    if: { type: 'string' },
    then: { $ref: '#/definitions/text' },
    else: {
      if: { type: 'array' },
      then: {
        type: 'array',
        minItems: 1,
        items: {
          if: { type: 'string' },
          then: { $ref: '#/definitions/text' },
          else: { $ref: '#/definitions/localSegment' },
        },
      },
      else: { $ref: '#/definitions/localSegment' },
    },
  },
  localized: {
    description: 'The same message in each language, keyed by language id: the caller hears the one in the call\'s language.',
    type: 'object',
    minProperties: 1,
    propertyNames: { $ref: '#/definitions/languageId' },
    additionalProperties: { $ref: '#/definitions/content' },
  },
  segment: {
    description: 'Text or audio in one fixed language, whatever the call\'s language (used before the caller has chosen one): {say: text, language: es}. Without `language` it is spoken in the call\'s language, which only makes sense in a single-language flow.',
    type: 'object',
    additionalProperties: false,
    properties: {
      say: { description: 'Text to speak.', $ref: '#/definitions/text' },
      play: { description: 'Audio to play.', $ref: '#/definitions/audio' },
      language: { description: 'The language this text is in.', $ref: '#/definitions/languageId' },
    },
  },
  message: {
    description: 'A localized message ({en: …, es: …}), a fixed-language segment ({say: …, language: es}), or plain text (single-language flows).',
    if: { type: 'string' },
    then: { $ref: '#/definitions/text' },
    else: {
      if: {
        type: 'object',
        anyOf: [{ type: 'object', required: ['say'] }, { type: 'object', required: ['play'] }],
      },
      then: { $ref: '#/definitions/segment', not: { type: 'object', required: ['say', 'play'] } },
      else: { $ref: '#/definitions/localized' },
    },
  },
  prompt: {
    description: 'What the caller hears: one message, or a list of messages played in turn.',
    if: { type: 'array' },
    then: { type: 'array', minItems: 1, items: { $ref: '#/definitions/message' } },
    else: { $ref: '#/definitions/message' },
  },
  choice: {
    description: 'Where a key leads: a node id, or {goto: node, language: id, say: {en: [phrases]}} to also set the call\'s language or let the caller say it.',
    if: { type: 'string' },
    then: { $ref: '#/definitions/nodeId' },
    else: {
      type: 'object',
      additionalProperties: false,
      required: ['goto'],
      properties: {
        goto: { description: 'The node this key leads to.', $ref: '#/definitions/nodeId' },
        language: { description: 'Switch the call to this language.', $ref: '#/definitions/languageId' },
        say: {
          description: 'What a caller may say for this choice, per language ({en: [spanish], es: [español, castellano]}). The menu then listens (Plivo GetInput) for these words as well as the key; every language of the flow needs phrases.',
          $ref: '#/definitions/phrases',
        },
      },
    },
  },
  phrases: {
    description: 'Words or short phrases per language; matched ignoring case, accents and filler words, anywhere in what the caller says.',
    type: 'object',
    minProperties: 1,
    propertyNames: { $ref: '#/definitions/languageId' },
    additionalProperties: {
      type: 'array',
      minItems: 1,
      maxItems: 50,
      items: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[^,]*$' },
    },
  },
};
