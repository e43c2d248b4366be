/** What the kinds that evaluate CEL share: compile against the flow's variables, check with a position, evaluate safely. */
import { celContext } from '../call/values.js';
import type { CallMemory } from '../call/memory.js';
import { compileExpression, fromCel, isExpressionError, type Expression, type Value } from '../data/expression.js';
import type { FlowData } from '../flow/types.js';
import type { CheckContext, Path, Read } from './kind.js';

/** A compiled expression, or (in a flow with errors, which is never served) one that never holds. */
export function compiled(source: string, data: FlowData, expect?: string): Expression {
  const result = compileExpression(source, data.vocabulary, expect);
  return isExpressionError(result) ? { source, type: 'bool', reads: [], evaluate: () => false } : result;
}

/** Reports an expression's mistake at its position. */
export function checkExpression(path: Path, source: string, context: CheckContext, expect?: string): void {
  const result = compileExpression(source, context.data.vocabulary, expect);
  if (isExpressionError(result)) context.errorAt(path, result.offset, `${result.message} (in the CEL expression \`${source.length > 60 ? `${source.slice(0, 57)}…` : source}\`)`);
}

/** The variables an expression reads, located at its start. */
export function expressionReads(path: Path, source: string, context: CheckContext): Read[] {
  const result = compileExpression(source, context.data.vocabulary);
  if (isExpressionError(result)) return [];
  return result.reads.map((name) => ({ name, path, offset: Math.max(0, source.indexOf(name)) }));
}

/** Evaluates against the call; a runtime error (a missing map key, a variable not set) is `undefined`. */
export function evaluate(expression: Expression, data: FlowData, memory: CallMemory): Value | undefined {
  try {
    return fromCel(expression.evaluate(celContext(data, memory)));
  } catch {
    return undefined;
  }
}
