/**
 * Expressions in a flow (`when:` of a condition case, the values of a `set` node) are CEL, the
 * Common Expression Language (https://cel.dev): non-Turing-complete, no side effects, no `eval`,
 * and typed. Every expression is parsed and type-checked against the variables the flow declares
 * when the file loads, so a typo, an unknown variable or `caller > 3` is a validation error with
 * its position, never a surprise during a call.
 */
import { Environment, type ASTNode } from '@marcbachmann/cel-js';

/** The CEL type of each name an expression may use: `string`, `int`, `double`, `bool`, `map<string, string>`, `google.protobuf.Timestamp`. */
export type Vocabulary = Readonly<Record<string, string>>;

/** A value a call variable holds. Integers are kept as JS numbers; CEL sees them as `int`. */
export type Value = string | number | boolean;

export interface ExpressionError {
  /** Offset into the expression's text (0-based) where the problem is. */
  offset: number;
  message: string;
}

export interface Expression {
  source: string;
  /** The CEL type of the result (`bool` for a condition). */
  type: string;
  /** The variables it reads, in order of appearance: what the used-before-set check follows. */
  reads: readonly string[];
  /** Evaluates against the call's values (already typed for CEL by `celContext`). Throws an EvaluationError on a runtime error (a missing map key). */
  evaluate(context: Readonly<Record<string, unknown>>): unknown;
}

/** CEL's own limits are generous; a flow's expressions are one-liners. */
const LIMITS = { maxAstNodes: 500, maxDepth: 32, maxListElements: 100, maxMapEntries: 100, maxCallArguments: 8 };
const MAX_SOURCE = 1000;
/** CEL macros bind a loop variable: `list.exists(x, x > 3)`. Those names are not call variables. */
const MACROS = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);
/** Timestamp methods that take a time-zone name. */
const ZONED = new Set(['getHours', 'getMinutes', 'getSeconds', 'getDayOfWeek', 'getDayOfMonth', 'getDayOfYear', 'getMonth', 'getFullYear', 'getDate', 'getMilliseconds']);

const environments = new WeakMap<Vocabulary, Environment>();

function environmentOf(vocabulary: Vocabulary): Environment {
  let env = environments.get(vocabulary);
  if (env === undefined) {
    env = new Environment({ limits: LIMITS, homogeneousAggregateLiterals: false });
    for (const [name, type] of Object.entries(vocabulary)) env.registerVariable(name, type);
    environments.set(vocabulary, env);
  }
  return env;
}

/**
 * Parses and type-checks `source` against `vocabulary`. `expect` is the result type it must
 * have (`bool` for a condition). Pure; never throws.
 */
export function compileExpression(source: string, vocabulary: Vocabulary, expect?: string): Expression | ExpressionError {
  if (source.length > MAX_SOURCE) return { offset: MAX_SOURCE, message: `expression longer than ${MAX_SOURCE} characters` };
  if (source.trim() === '') return { offset: 0, message: 'empty expression' };
  const env = environmentOf(vocabulary);
  let parsed: ReturnType<Environment['parse']>;
  try {
    parsed = env.parse(source);
  } catch (error) {
    return errorOf(error, source);
  }
  const checked = env.check(source);
  if (!checked.valid) return errorOf(checked.error, source);
  const type = checked.type ?? 'dyn';
  if (expect !== undefined && type !== expect && type !== 'dyn') {
    return { offset: 0, message: `must be a ${expect}, but this is a ${type}${expect === 'bool' ? ' (compare it: `x == "…"`, `x > 3`)' : ''}` };
  }
  const zone = badTimeZone(parsed.ast);
  if (zone !== undefined) return zone;
  const program = parsed;
  return {
    source,
    type,
    reads: readsOf(parsed.ast, vocabulary),
    evaluate: (context) => program(context),
  };
}

export function isExpressionError(value: Expression | ExpressionError): value is ExpressionError {
  return 'message' in value && !('evaluate' in value);
}

/** The call variables an expression reads (not the loop variables of its macros). */
function readsOf(root: ASTNode, vocabulary: Vocabulary): string[] {
  const bound = new Set<string>();
  const seen: string[] = [];
  walk(root, (node) => {
    if (node.op === 'rcall' && MACROS.has(node.args[0])) {
      const first = node.args[2][0];
      if (first !== undefined && first.op === 'id') bound.add(first.args);
    }
  });
  walk(root, (node) => {
    if (node.op === 'id' && !bound.has(node.args) && node.args in vocabulary && !seen.includes(node.args)) seen.push(node.args);
  });
  return seen;
}

/** A literal time zone passed to a timestamp method must exist: `now.getHours("Europe/Pariss")` fails at load, not during a call. */
function badTimeZone(root: ASTNode): ExpressionError | undefined {
  let found: ExpressionError | undefined;
  walk(root, (node) => {
    if (found !== undefined || node.op !== 'rcall' || !ZONED.has(node.args[0])) return;
    const zone = node.args[2][0];
    if (zone !== undefined && zone.op === 'value' && typeof zone.args === 'string' && !isTimeZone(zone.args)) {
      found = { offset: zone.start, message: `unknown time zone "${zone.args}" (an IANA name such as "America/New_York")` };
    }
  });
  return found;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function walk(node: ASTNode, visit: (node: ASTNode) => void): void {
  visit(node);
  const args: unknown = node.args;
  const visitAll = (value: unknown): void => {
    if (Array.isArray(value)) for (const item of value) visitAll(item);
    else if (isNode(value)) walk(value, visit);
  };
  visitAll(args);
}

function isNode(value: unknown): value is ASTNode {
  return typeof value === 'object' && value !== null && 'op' in value && 'args' in value;
}

/** The first line of cel-js's message (the rest is a caret drawing), and where it points. */
function errorOf(error: unknown, source: string): ExpressionError {
  if (!(error instanceof Error)) return { offset: 0, message: String(error) };
  const located = error as Error & { node?: { pos?: number; start?: number } };
  const offset = located.node?.pos ?? located.node?.start ?? 0;
  const message = (error.message.split('\n')[0] ?? error.message).trim();
  return { offset: Math.max(0, Math.min(offset, source.length)), message: friendly(message) };
}

function friendly(message: string): string {
  if (message.startsWith('Unknown variable: ')) return `unknown variable \`${message.slice('Unknown variable: '.length)}\``;
  if (message.startsWith('Unexpected token: EOF')) return 'the expression ends too early';
  return message;
}

// ---- values in and out of CEL ----

/** A call variable as CEL sees it: `int` as a BigInt, the others as they are. */
export function toCel(type: string, value: Value): unknown {
  if (type === 'int') return typeof value === 'number' ? BigInt(Math.trunc(value)) : BigInt(String(value).trim() === '' ? 0 : Math.trunc(Number(value)));
  if (type === 'double') return Number(value);
  if (type === 'bool') return value === true || value === 'true';
  return String(value);
}

/** A CEL result kept as a call variable. */
export function fromCel(value: unknown): Value | undefined {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  return undefined;
}
