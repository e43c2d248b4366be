import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchPhrase, type PhraseChoice } from '../../src/speech/index.js';

/** The demo's language menu and main menu, as phrases per language. */
const LANGUAGE: PhraseChoice[] = [
  { key: '1', phrases: { en: ['English'], es: ['inglés'] } },
  { key: '2', phrases: { en: ['Spanish'], es: ['español', 'castellano'] } },
];
const MAIN: PhraseChoice[] = [
  { key: '1', phrases: { en: ['message', 'hear a message'], es: ['mensaje', 'escuchar un mensaje'] } },
  { key: '2', phrases: { en: ['associate', 'talk to an associate', 'agent'], es: ['asociado', 'hablar con un asociado', 'agente'] } },
];

const keyOf = (said: string, choices: PhraseChoice[], languages: string[]): string => {
  const m = matchPhrase(said, choices, languages);
  return m.kind === 'match' ? m.key : m.kind;
};

describe('matching a phrase', () => {
  it('ignores case and punctuation', () => {
    assert.equal(keyOf('SPANISH!', LANGUAGE, ['en', 'es']), '2');
    assert.equal(keyOf('message.', MAIN, ['en']), '1');
  });

  it('ignores accents on either side', () => {
    assert.equal(keyOf('Espanol', LANGUAGE, ['en', 'es']), '2');
    assert.equal(keyOf('INGLES', LANGUAGE, ['en', 'es']), '1');
    assert.equal(keyOf('español', [{ key: '9', phrases: { es: ['espanol'] } }], ['es']), '9');
  });

  it('skips the filler words of the language', () => {
    assert.equal(keyOf('um, uh, associate please', MAIN, ['en']), '2');
    assert.equal(keyOf('eh, pues, mensaje por favor', MAIN, ['es']), '1');
    // "talk to an, um, associate": a filler inside the phrase does not break it.
    assert.equal(keyOf('talk to an um associate', MAIN, ['en']), '2');
  });

  it('finds a phrase inside a longer sentence', () => {
    assert.equal(keyOf('I would like to hear a message from you', MAIN, ['en']), '1');
    assert.equal(keyOf('quiero hablar con un asociado ahora', MAIN, ['es']), '2');
    assert.equal(keyOf('I speak castellano mostly', LANGUAGE, ['en', 'es']), '2');
  });

  it('matches whole words only', () => {
    assert.equal(keyOf('messages', MAIN, ['en']), 'none');
    assert.equal(keyOf('agents of shield', MAIN, ['en']), 'none');
  });

  it('listens in the languages it is given: both before a language is chosen, the caller’s after', () => {
    assert.deepEqual(matchPhrase('castellano', LANGUAGE, ['en', 'es']), { kind: 'match', key: '2', phrase: 'castellano', language: 'es' });
    assert.equal(keyOf('mensaje', MAIN, ['en']), 'none');
    assert.equal(keyOf('mensaje', MAIN, ['es']), '1');
  });

  it('reads a filler per language: "um" is a filler in English and "one" in Portuguese', () => {
    const menu: PhraseChoice[] = [{ key: '1', phrases: { en: ['um'], pt: ['um'] } }];
    assert.equal(keyOf('um', menu, ['en']), 'none');
    assert.equal(keyOf('um', menu, ['pt']), '1');
  });

  it('calls two choices in one utterance ambiguous', () => {
    assert.deepEqual(matchPhrase('a message or an associate', MAIN, ['en']), { kind: 'ambiguous', keys: ['1', '2'] });
    assert.deepEqual(matchPhrase('English or Spanish', LANGUAGE, ['en', 'es']), { kind: 'ambiguous', keys: ['1', '2'] });
  });

  it('lets a longer phrase win over a shorter one inside it', () => {
    const menu: PhraseChoice[] = [
      { key: '1', phrases: { en: ['service'] } },
      { key: '2', phrases: { en: ['customer service'] } },
    ];
    assert.equal(keyOf('customer service please', menu, ['en']), '2');
    assert.equal(keyOf('service', menu, ['en']), '1');
  });

  it('takes a key said as a word', () => {
    assert.equal(keyOf('two', MAIN, ['en']), '2');
    assert.equal(keyOf('uno', MAIN, ['es']), '1');
    assert.equal(keyOf('seven', MAIN, ['en']), 'none');
  });

  it('finds nothing in silence or noise', () => {
    assert.equal(keyOf('', MAIN, ['en']), 'none');
    assert.equal(keyOf('the weather is nice', MAIN, ['en']), 'none');
  });
});
