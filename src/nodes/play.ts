/** `play`: an audio file (one per language, or one for all), then `next`. */
import type { LanguageId, NodeId } from '../flow/types.js';
import { enter, type NodeKind } from './kind.js';
import { goOn, nextExit, requireNext } from './next.js';

export interface RawPlayNode { type: 'play'; description?: string; audio: string | Record<LanguageId, string>; next?: NodeId }
export interface PlayNode { type: 'play'; id: NodeId; audio: ReadonlyMap<LanguageId, string>; next: NodeId | undefined }

export const play: NodeKind<RawPlayNode, PlayNode> = {
  type: 'play',
  schema: {
    description: 'Plays an audio file (one per language), then goes on to `next`.',
    type: 'object',
    additionalProperties: false,
    required: ['type', 'audio'],
    properties: {
      type: { description: 'play: play an audio file.', const: 'play' },
      description: { description: 'A note for people reading the file; not spoken.', type: 'string' },
      audio: {
        description: 'One file for every language, or {en: audio/english.mp3, es: audio/spanish.mp3}.',
        if: { type: 'string' },
        then: { $ref: '#/definitions/audio' },
        else: {
          type: 'object',
          minProperties: 1,
          propertyNames: { $ref: '#/definitions/languageId' },
          additionalProperties: { $ref: '#/definitions/audio' },
        },
      },
      next: { description: 'The node that follows.', $ref: '#/definitions/nodeId' },
    },
  },

  compile: (raw, context) => {
    const audio = raw.audio;
    return {
      type: 'play',
      id: context.id,
      audio: new Map(context.languages.map((l) => [l, typeof audio === 'string' ? audio : Object.hasOwn(audio, l) ? (audio[l] ?? '') : ''])),
      next: raw.next,
    };
  },

  check(raw, context) {
    const { audio } = raw;
    if (typeof audio === 'string') {
      context.audio(['audio'], audio);
    } else {
      for (const [language, file] of Object.entries(audio)) {
        context.language(['audio'], language, language);
        context.audio(['audio', language], file);
      }
      const missing = context.languages.filter((language) => !Object.hasOwn(audio, language));
      if (missing.length > 0) context.error(['audio'], `no audio for ${missing.join(', ')}: add ${missing.map((l) => `\`${l}: audio/….mp3\``).join(', ')}`);
    }
    requireNext(raw, context);
  },

  exits: (node) => [nextExit(node.next)],
  collects: () => [],
  transition: () => enter(),

  render(xml, node, context) {
    for (const message of context.before) context.say(xml, message);
    const audio = node.audio.get(context.language);
    if (audio !== undefined) xml.addPlay(context.audioUrl(audio));
    goOn(xml, node.next, context);
  },

  look: { shape: 'tab', fill: '#fef9c3' },
  describe: (node, language) => ({ facts: '', hears: `♪ ${node.audio.get(language) ?? [...node.audio.values()][0] ?? ''}` }),
};
