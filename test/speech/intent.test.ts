import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hintsFor, hintsProblem, intentOf, type Intent } from '../../src/speech/index.js';

const INTENTS: Intent[] = [
  { name: 'billing', keywords: { en: ['bill', 'pay', 'invoice', 'charge'], es: ['factura', 'pagar', 'cobro'] } },
  { name: 'support', keywords: { en: ['broken', 'help', 'not working'], es: ['ayuda', 'no funciona'] } },
  { name: 'sales', keywords: { en: ['buy', 'price', 'plan'], es: ['comprar', 'precio'] } },
];

const nameOf = (said: string, languages = ['en']): string => {
  const m = intentOf(said, INTENTS, languages);
  return m.kind === 'intent' ? m.name : m.kind;
};

describe('intent by keywords', () => {
  it('routes free speech by the keywords it holds', () => {
    assert.equal(nameOf('I want to pay my bill'), 'billing');
    assert.equal(nameOf('my phone is not working, I need help'), 'support');
    assert.equal(nameOf('how much is the premium plan'), 'sales');
  });

  it('matches a keyword with a short ending, accents and case aside', () => {
    assert.equal(nameOf('question about BILLING'), 'billing');
    assert.equal(nameOf('dos facturas y un cobro', ['es']), 'billing');
    assert.equal(nameOf('¿Cuál es el PRECIO?', ['es']), 'sales');
  });

  it('counts keywords: most wins, a tie is ambiguous', () => {
    assert.deepEqual(intentOf('I need help to pay my bill', INTENTS, ['en']), { kind: 'intent', name: 'billing', keywords: ['bill', 'pay'] });
    assert.deepEqual(intentOf('help me buy', INTENTS, ['en']), { kind: 'ambiguous', names: ['support', 'sales'] });
  });

  it('finds none when no keyword is said', () => {
    assert.equal(nameOf('hello there'), 'none');
    assert.equal(nameOf('quiero pagar', ['en']), 'none');
  });
});

describe('hints', () => {
  it('lists each phrase once, without commas', () => {
    assert.equal(hintsFor(['English', 'Spanish', 'english', 'español', 'yes, please', ' ']), 'English,Spanish,español,yes please');
  });

  it('says when Plivo’s limits are passed', () => {
    assert.equal(hintsProblem('a,b'), null);
    assert.match(hintsProblem(Array.from({ length: 501 }, () => 'a').join(',')) ?? '', /501 phrases/);
    assert.match(hintsProblem('x'.repeat(101)) ?? '', /at most 100 a phrase/);
  });
});
