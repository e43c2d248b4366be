import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spokenDigits } from '../../src/speech/index.js';

describe('spoken digits', () => {
  const cases: [string, string, string | null][] = [
    ['en', 'four zero seven one', '4071'],
    ['en', 'Four, zero, seven, one.', '4071'],
    ['en', 'um four oh seven one', '4071'],
    ['en', 'double four seven', '447'],
    ['en', '4 0 7 1', '4071'],
    ['en', '40 71', '4071'],
    ['en', 'four zero seven won', '4071'],
    ['es', 'cuatro cero siete uno', '4071'],
    ['es', 'eh, cuatro cero siete uno por favor', '4071'],
    ['es-US', 'doble cuatro siete', '447'],
    ['fr', 'quatre zéro sept un', '4071'],
    ['fr-FR', 'euh neuf huit', '98'],
    ['pt', 'quatro zero sete um', '4071'],
    ['pt-BR', 'meia dois três', '623'],
    ['de', 'vier null sieben eins', '4071'],
    ['it', 'quattro zero sette uno', '4071'],
  ];
  for (const [language, said, digits] of cases) {
    it(`${language}: "${said}" → ${digits}`, () => assert.equal(spokenDigits(said, language), digits));
  }

  it('is null for anything that is not only digits', () => {
    assert.equal(spokenDigits('my order is four zero', 'en'), null);
    assert.equal(spokenDigits('', 'en'), null);
    assert.equal(spokenDigits('um', 'en'), null);
    assert.equal(spokenDigits('double', 'en'), null);
  });

  it('reads digit words in their own language only', () => {
    assert.equal(spokenDigits('cuatro cero', 'en'), null);
    assert.equal(spokenDigits('four zero', 'es'), null);
    // "um" is a filler in English and "one" in Portuguese.
    assert.equal(spokenDigits('um dois', 'pt'), '12');
    assert.equal(spokenDigits('um two', 'en'), '2');
  });
});
