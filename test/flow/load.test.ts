import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { formatProblems } from '../../src/flow/format.js';
import { loadCleanFlow, loadFlowFile, loadFlowText, loadFlowWithPositions } from '../../src/flow/load.js';
import type { Problem } from '../../src/flow/types.js';
import { ROOT } from '../helpers/app.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/flows');

interface Expected { severity: string; line: number; column: number; message: string }

/** A fixture states what it must produce in its header: `# expect: error 13:12 <message start>`. */
function expectationsOf(text: string): Expected[] {
  return [...text.matchAll(/^# expect: (error|warning) (\d+):(\d+) (.+)$/gm)].map((m) => ({
    severity: m[1] ?? '',
    line: Number(m[2]),
    column: Number(m[3]),
    message: m[4] ?? '',
  }));
}

function problemsOf(file: string): Problem[] {
  const text = readFileSync(resolve(FIXTURES, file), 'utf8');
  const result = loadFlowText(text, { file, env: {}, audioExists: (audio) => existsSync(resolve(ROOT, audio)) });
  return result.ok ? result.warnings : result.problems;
}

describe('a broken ivr.yaml is reported line by line', () => {
  for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml')).sort()) {
    const expected = expectationsOf(readFileSync(resolve(FIXTURES, file), 'utf8'));
    it(`${file}: ${expected.map((e) => `${e.line}:${e.column}`).join(', ')}`, () => {
      const actual = problemsOf(file);
      const report = formatProblems(actual);
      assert.equal(actual.length, expected.length, `expected ${expected.length} problem(s), got:\n${report}`);
      expected.forEach((want, i) => {
        const got = actual[i];
        assert.ok(got, report);
        assert.equal(`${got.severity} ${got.line}:${got.column}`, `${want.severity} ${want.line}:${want.column}`, report);
        if (want.message.startsWith('/')) assert.match(got.message, new RegExp(want.message.slice(1, -1)), report);
        else assert.ok(got.message.startsWith(want.message), `"${got.message}" should start with "${want.message}"`);
      });
    });
  }
});

describe('loading', () => {
  it('accepts the shipped ivr.yaml with no warnings', () => {
    const result = loadFlowFile(resolve(ROOT, 'ivr.yaml'), {});
    assert.ok(result.ok, result.ok ? '' : formatProblems(result.problems));
    assert.deepEqual(result.warnings, []);
    assert.equal(result.flow.entry, 'language');
    assert.deepEqual([...result.flow.languages.keys()], ['en', 'es']);
  });

  it('names the file when it cannot be read', () => {
    const result = loadFlowFile('/nonexistent/ivr.yaml', {});
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : formatProblems(result.problems), /ivr\.yaml:1:1 error: cannot read the flow: file not found/);
  });

  it('prints problems like a compiler: file:line:column severity path: message', () => {
    const problems = problemsOf('unknown-target.yaml');
    assert.equal(
      formatProblems(problems),
      'unknown-target.yaml:13:12 error nodes.main.choices.3: node `main`, choice `3` goes to "sales", which is not defined; defined nodes: main, support, bye',
    );
  });

  it('fills a ${VAR:-default} from the environment, or from its default', () => {
    const text = 'entry: p\nlanguages: { en: { speak: en-US } }\nnodes:\n  p: { type: dial, number: "${LINE:-+14155550100}", onNoAnswer: b }\n  b: { type: hangup }\n';
    const load = (env: Record<string, string>) => {
      const result = loadFlowText(text, { file: 't.yaml', env, audioExists: () => true });
      assert.ok(result.ok);
      const node = result.flow.nodes.get('p');
      return node?.type === 'dial' ? node.number : undefined;
    };
    assert.equal(load({}), '+14155550100');
    assert.equal(load({ LINE: '+442071838750' }), '+442071838750');
  });

  it('gives the same version to the same text and another to a changed one', () => {
    const text = readFileSync(resolve(ROOT, 'ivr.yaml'), 'utf8');
    const version = (t: string) => {
      const result = loadFlowText(t, { file: 'ivr.yaml', env: {}, audioExists: () => true });
      return result.ok ? result.flow.version : 'broken';
    };
    assert.equal(version(text), version(text));
    assert.notEqual(version(text), version(text.replace('timeout: 6', 'timeout: 7')));
  });
});

describe('the fast path for a clean file', () => {
  const options = { file: 'ivr.yaml', env: { ASSOCIATE_NUMBER: '+442071838750' }, audioExists: (audio: string) => existsSync(resolve(ROOT, audio)) };

  it('builds the same flow as the full, position-keeping path', () => {
    for (const file of ['ivr.yaml', 'examples/support.yaml', 'examples/clinic.yaml']) {
      const text = readFileSync(resolve(ROOT, file), 'utf8');
      const fast = loadCleanFlow(text, options);
      const full = loadFlowWithPositions(text, options);
      assert.ok(fast?.ok && full.ok, file);
      assert.deepEqual(fast.flow, full.flow, file);
    }
  });

  it('reports findings with the very lines and columns of the full path, or steps aside', () => {
    let handled = 0;
    for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml'))) {
      const text = readFileSync(resolve(FIXTURES, file), 'utf8');
      const fast = loadCleanFlow(text, { ...options, env: {}, file });
      if (fast === undefined) continue;
      handled++;
      assert.deepEqual(fast, loadFlowWithPositions(text, { ...options, env: {}, file }), file);
    }
    assert.ok(handled >= 5, `the fast path located the findings of only ${handled} fixtures`);
  });

  it('places every kind of finding anywhere in a flow where the full path does: each target broken in turn, every audio missing, an orphan', () => {
    let compared = 0;
    const same = (text: string, audioExists: (audio: string) => boolean, what: string): void => {
      const fast = loadCleanFlow(text, { ...options, audioExists });
      if (fast === undefined) return;
      compared++;
      assert.deepEqual(fast, loadFlowWithPositions(text, { ...options, audioExists }), what);
    };
    for (const file of ['ivr.yaml', 'examples/support.yaml', 'examples/clinic.yaml']) {
      const text = readFileSync(resolve(ROOT, file), 'utf8');
      const full = loadFlowWithPositions(text, options);
      assert.ok(full.ok, file);
      for (const id of full.flow.nodes.keys()) {
        // Every place that names the node, one at a time: `goto: id`, `next: id`, `"1": id`, `'2': "id"`…
        for (const match of text.matchAll(new RegExp(`(:\\s*)(["']?)${id}\\2(?=\\s*[,}\\n#])`, 'g'))) {
          const at = (match.index ?? 0) + (match[1]?.length ?? 0);
          same(`${text.slice(0, at)}${match[2] ?? ''}nowhere${match[2] ?? ''}${text.slice(at + match[0].length - (match[1]?.length ?? 0))}`, options.audioExists, `${file}: ${id} at ${at}`);
        }
      }
      same(text, () => false, `${file}: no audio`);
      same(`${text.trimEnd()}\n  orphan:\n    type: hangup\n    prompt: { say: Bye., language: ${[...full.flow.languages.keys()][0] ?? 'en'} }\n`, options.audioExists, `${file}: orphan`);
    }
    assert.ok(compared >= 20, `only ${compared} flows were compared`);
  });
});
