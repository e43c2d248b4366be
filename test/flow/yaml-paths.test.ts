import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import * as jsyaml from 'js-yaml';
import { stringify, type ToStringOptions } from 'yaml';
import { loadCleanFlow, loadFlowWithPositions, type LoadOptions } from '../../src/flow/load.js';

/**
 * The loader reads a clean file with js-yaml (fast) and anything doubtful with the `yaml`
 * package (slow, keeps positions). Both must build the same flow: generated flows, every node
 * kind, written out in many YAML styles by both libraries, must load identically either way.
 */

const LANGUAGES = ['en', 'es', 'fr', 'de'] as const;
type Language = (typeof LANGUAGES)[number];

/** Text a caller might hear: quotes, colons, '#', dashes, accents, line breaks; no `{{` or `${` (they have meanings of their own). */
const text = fc
  .string({ unit: fc.constantFrom(...'aZ 09:#-\'",.?!é中\n\t*&|>%@`'.split('')), minLength: 1, maxLength: 24 })
  .filter((s) => s.trim() !== '');

/** A prompt in every language of the flow, in one of the shapes ivr.yaml allows. */
function prompt(languages: readonly Language[]): fc.Arbitrary<unknown> {
  const localized = fc.tuple(...languages.map(() => text)).map((texts) => Object.fromEntries(languages.map((l, i) => [l, texts[i]])));
  const fixed = fc.record({ say: text, language: fc.constantFrom(...languages) });
  const single = languages.length === 1 ? [text, fc.record({ say: text })] : [];
  const message = fc.oneof(localized, fixed, ...single);
  return fc.oneof(message, fc.array(message, { minLength: 1, maxLength: 3 }));
}

interface Shape { kinds: string[]; languages: Language[] }

/** Nodes n0…n(k-1): each leads on to the next (so every node is reached and can end), the last hangs up; other targets anywhere. */
function flowOf({ kinds, languages }: Shape): fc.Arbitrary<Record<string, unknown>> {
  const ids = [...kinds.map((_kind, i) => `n${i}`), 'bye'];
  const anyTarget = fc.constantFrom(...ids);
  const nodes = kinds.map((kind, i): fc.Arbitrary<Record<string, unknown>> => {
    const next = ids[i + 1] ?? 'bye';
    switch (kind) {
      case 'menu':
        return fc.record({
          type: fc.constant('menu'),
          prompt: prompt(languages),
          choices: fc
            .dictionary(fc.constantFrom('2', '3', '9', '*', '#'), fc.oneof(anyTarget, fc.record({ goto: anyTarget, language: fc.constantFrom(...languages) })), { maxKeys: 3 })
            .map((more) => ({ '1': next, ...more })),
          timeout: optional(fc.integer({ min: 1, max: 60 })),
          attempts: optional(fc.integer({ min: 1, max: 10 })),
          invalid: optional(prompt(languages)),
          onExhausted: optional(anyTarget),
        });
      case 'input':
        return fc.record({
          type: fc.constant('input'),
          prompt: prompt(languages),
          name: fc.constant(`value${i}`),
          minDigits: optional(fc.integer({ min: 1, max: 4 })),
          maxDigits: optional(fc.integer({ min: 4, max: 20 })),
          finishOnKey: optional(fc.constantFrom('#', '*')),
          next: fc.constant(next),
        });
      case 'say':
        return fc.record({ type: fc.constant('say'), prompt: prompt(languages), next: fc.constant(next), description: optional(text) });
      case 'play':
        return fc.record({
          type: fc.constant('play'),
          audio: fc.oneof(fc.constant('audio/english.mp3'), fc.constant(Object.fromEntries(languages.map((l) => [l, `audio/${l}.mp3`])))),
          next: fc.constant(next),
        });
      case 'dial':
        return fc.record({
          type: fc.constant('dial'),
          number: fc.constantFrom('+14155550100', '+44 20 7946 0958', '${ASSOCIATE:-+14155550100}'),
          prompt: optional(prompt(languages)),
          timeLimit: optional(fc.integer({ min: 1, max: 3600 })),
          onNoAnswer: fc.constant(next),
          onBusy: optional(anyTarget),
          next: optional(anyTarget),
        });
      case 'record':
        return fc.record({ type: fc.constant('record'), prompt: optional(prompt(languages)), beep: optional(fc.boolean()), next: fc.constant(next) });
      default:
        return fc.record({ type: fc.constant('pause'), seconds: fc.integer({ min: 1, max: 60 }), next: fc.constant(next) });
    }
  });
  return fc
    .record({
      nodes: fc.tuple(...nodes),
      bye: fc.record({ type: fc.constant('hangup'), prompt: optional(prompt(languages)) }),
      defaults: fc.option(fc.record({ timeout: fc.integer({ min: 1, max: 60 }), attempts: fc.integer({ min: 1, max: 10 }) }), { nil: undefined }),
    })
    .map(({ nodes: made, bye, defaults }) => ({
      entry: 'n0',
      languages: Object.fromEntries(languages.map((l) => [l, { speak: `${l}-XX`.replace('XX', l.toUpperCase()) }])),
      ...(defaults === undefined ? {} : { defaults }),
      nodes: Object.fromEntries([...made.map((node, i) => [`n${i}`, withoutUndefined(node)]), ['bye', withoutUndefined(bye)]]),
    }));
}

function optional<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.option(arb, { nil: undefined });
}

function withoutUndefined(node: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(node).filter(([, value]) => value !== undefined));
}

const shape: fc.Arbitrary<Shape> = fc.record({
  kinds: fc.array(fc.constantFrom('menu', 'input', 'say', 'play', 'dial', 'record', 'pause'), { minLength: 1, maxLength: 7 }),
  languages: fc.subarray([...LANGUAGES], { minLength: 1 }),
});

/** The flow written out as YAML by either library, in one of several styles. */
const yamlText = (flow: Record<string, unknown>): fc.Arbitrary<string> =>
  fc.oneof(
    fc
      .record({
        defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'),
        collectionStyle: fc.constantFrom('any', 'block', 'flow'),
        indent: fc.integer({ min: 2, max: 4 }),
      })
      .map((options) => stringify(flow, options as ToStringOptions)),
    fc
      .record({ flowLevel: fc.integer({ min: -1, max: 4 }), lineWidth: fc.constantFrom(20, 80, -1), noRefs: fc.boolean() })
      .map((options) => jsyaml.dump(flow, options)),
  );

const OPTIONS: LoadOptions = { file: 'generated.yaml', env: {}, audioExists: () => true };

/**
 * Loads `yaml` both ways and fails unless they agree. The fast path may step aside (undefined:
 * anything doubtful, e.g. what looks like an anchor, goes the careful way), but whatever it
 * accepts it must build exactly as the yaml path does. True when the fast path took it.
 */
function bothWays(yaml: string): boolean {
  const slow = loadFlowWithPositions(yaml, OPTIONS);
  const fast = loadCleanFlow(yaml, OPTIONS);
  if (fast === undefined) return false;
  // The fast path also reports a file whose only problems are the checks' findings (located from js-yaml's events).
  if (!fast.ok) {
    assert.ok(!slow.ok, `the js-yaml path refused what the yaml path accepted:\n${yaml}`);
    assert.deepEqual(fast.problems, slow.problems);
    return true;
  }
  assert.ok(slow.ok, `the js-yaml path accepted what the yaml path refused:\n${yaml}`);
  assert.deepEqual(fast.flow, slow.flow);
  assert.deepEqual(fast.warnings, slow.warnings);
  return true;
}

const RUNS = 300;

/** Whether the text is YAML at all: the serializers now and then write what no parser reads (a plain scalar starting with `>` in a flow map). */
function yamlReadable(text: string): boolean {
  try {
    jsyaml.load(text);
    return true;
  } catch {
    return false;
  }
}

describe('the two YAML paths of the loader', () => {
  it('build the same flow from generated flows of every node kind, however they are written', () => {
    let fast = 0;
    fc.assert(
      fc.property(shape.chain(flowOf).chain(yamlText), (yaml) => {
        assert.ok(loadFlowWithPositions(yaml, OPTIONS).ok || !yamlReadable(yaml), `a generated flow was refused:\n${yaml}`);
        if (bothWays(yaml)) fast += 1;
      }),
      { numRuns: RUNS },
    );
    // Not vacuous: most generated flows take the fast path (the rest look like they hold an anchor, or are the serializers' own slips).
    assert.ok(fast > RUNS / 2, `only ${fast} of ${RUNS} generated flows took the fast path`);
  });

  it('agree on broken files: a generated flow with one line dropped or repeated', () => {
    fc.assert(
      fc.property(
        shape.chain(flowOf).chain(yamlText).chain((yaml) => {
          const lines = yaml.split('\n');
          return fc.tuple(fc.constant(lines), fc.nat(lines.length - 1), fc.boolean());
        }),
        ([lines, at, drop]) => {
          bothWays((drop ? lines.filter((_line, i) => i !== at) : lines.flatMap((line, i) => (i === at ? [line, line] : [line]))).join('\n'));
        },
      ),
      { numRuns: RUNS },
    );
  });
});
