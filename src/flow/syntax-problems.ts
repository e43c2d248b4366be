/**
 * The first pass's report: YAML syntax errors and repeated keys, in words that say what to fix.
 * A syntax error is reported once: after the parser's first error its later ones are mostly
 * echoes of it on correct lines (one tab-indented line used to give twenty), so only the first
 * is kept, and tab indentation, the usual cause, becomes one problem naming every such line.
 */
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter } from 'yaml';
import type { Problem } from './types.js';

/** Syntax problems first (at most one), else repeated keys; empty when the document is sound. */
export function syntaxProblems(doc: Document, lines: LineCounter, file: string): Problem[] {
  const problem = (line: number, column: number, message: string, path = ''): Problem => ({ severity: 'error', file, line, column, path, message });
  const tabs = doc.errors.filter((e) => e.code === 'TAB_AS_INDENT').map((e) => e.linePos?.[0] ?? { line: 1, col: 1 });
  const first = tabs[0];
  if (first !== undefined) {
    const others = [...new Set(tabs.slice(1).map((p) => p.line))].filter((line) => line !== first.line);
    const more = others.length === 0 ? '' : ` (so ${others.length === 1 ? 'is line' : 'are lines'} ${listed(others)})`;
    return [problem(first.line, first.col, `line ${first.line} is indented with a tab${more}: YAML indents with spaces only; replace the tabs with spaces`)];
  }
  const error = doc.errors[0];
  if (error !== undefined) {
    const pos = error.linePos?.[0] ?? { line: 1, col: 1 };
    return [problem(pos.line, pos.col, firstLine(error.message))];
  }
  return repeatedKeys(doc, lines, problem);
}

/**
 * Keys written twice in one mapping (the yaml package's rule: scalar keys with equal values),
 * each reported where it is repeated, naming the key and where it first appears. One Set per
 * mapping: the package's own `uniqueKeys` check is quadratic (seconds for a 10,000-node flow).
 */
function repeatedKeys(doc: Document, lines: LineCounter, problem: (line: number, column: number, message: string, path?: string) => Problem): Problem[] {
  const problems: Problem[] = [];
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, [...path, i]));
      return;
    }
    if (!isMap(node)) return;
    const seen = new Map<unknown, number>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key: unknown = pair.key;
      if (isScalar(key) && !Number.isNaN(key.value)) {
        const at = key.range?.[0] ?? 0;
        const earlier = seen.get(key.value);
        if (earlier === undefined) seen.set(key.value, at);
        else {
          const here = lines.linePos(at);
          const there = lines.linePos(earlier);
          problems.push(problem(here.line, here.col, repeated(path, String(key.value), `${there.line}:${there.col}`), [...path, String(key.value)].join('.')));
        }
      }
      walk(pair.value, isScalar(key) ? [...path, String(key.value)] : path);
    }
  };
  walk(doc.contents, []);
  return problems;
}

/** What a repeated key means where it is, and what to do. */
function repeated(path: readonly (string | number)[], key: string, first: string): string {
  if (path.length === 1 && path[0] === 'nodes') {
    return `node \`${key}\` is defined twice (first at line ${first}): rename one of them, or remove one`;
  }
  if (path[0] === 'nodes' && path.length === 3 && path[2] === 'choices') {
    return `choice \`${key}\` of node \`${String(path[1])}\` is written twice (first at line ${first}): a key leads to one place; remove one`;
  }
  const where = path.length === 0 ? 'the file' : `\`${path.join('.')}\``;
  return `\`${key}\` is written twice in ${where} (first at line ${first}): keep one`;
}

function listed(numbers: readonly number[]): string {
  const shown = numbers.slice(0, 8).join(', ');
  return numbers.length > 8 ? `${shown} and ${numbers.length - 8} more` : shown;
}

/** The yaml package's message without its position suffix and code excerpt (we print our own position). */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}
