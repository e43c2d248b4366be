import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { audioUrl, nodeUrl, readCallMemory } from '../../src/call/url.js';

function queryOf(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url).searchParams);
}

describe('call state in webhook URLs', () => {
  it('reads back whatever state nodeUrl wrote', () => {
    fc.assert(
      fc.property(
        fc.option(fc.constantFrom('en', 'es', 'pt-BR'), { nil: undefined }),
        fc.integer({ min: 1, max: 99 }),
        fc.option(fc.constant('no-input' as const), { nil: undefined }),
        (language, attempt, event) => {
          const url = nodeUrl('https://ivr.example.com', 'main', { language, attempt }, event);
          assert.deepEqual(readCallMemory(queryOf(url)), { memory: { language, attempt }, event });
        },
      ),
    );
  });

  it('keeps a fresh call URL clean: /node/<id> with nothing after it', () => {
    assert.equal(nodeUrl('https://ivr.example.com', 'language', { language: undefined, attempt: 1 }), 'https://ivr.example.com/node/language');
  });

  it('never throws on a forged query, falling back to a fresh state', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('lang', 'attempt', 'event', 'x'), fc.oneof(fc.string(), fc.array(fc.string()))), (query) => {
        const { memory: state } = readCallMemory(query);
        assert.ok(Number.isInteger(state.attempt) && state.attempt >= 1 && state.attempt <= 99);
      }),
    );
  });

  it('makes audio paths absolute and leaves absolute URLs alone', () => {
    assert.equal(audioUrl('https://ivr.example.com', 'audio/english.mp3'), 'https://ivr.example.com/audio/english.mp3');
    assert.equal(audioUrl('https://ivr.example.com', 'https://cdn.example.com/a.mp3'), 'https://cdn.example.com/a.mp3');
  });
});
