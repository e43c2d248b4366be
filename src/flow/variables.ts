/**
 * Call variables: what a flow can read in conditions and speak in prompts. Three kinds:
 * built in (from Plivo's request and the clock), `params` the call is placed with, and those
 * nodes set (an input's digits, a menu's `saveAs`, a lookup's answer, a `set` node). Each has a
 * CEL type, so expressions are type-checked at load; `sensitive` ones never appear in clear in
 * a URL (the state is sealed) or a log line (the logs name them, never their value).
 */
import { compileExpression, isExpressionError, type Vocabulary } from '../data/expression.js';
import type { Format } from '../data/template.js';

export type VarType = 'string' | 'int' | 'double' | 'bool';
export const VAR_TYPES: readonly VarType[] = ['string', 'int', 'double', 'bool'];

export interface VariableInfo {
  name: string;
  /** The CEL type (`map<string, string>` and `google.protobuf.Timestamp` for two built-ins). */
  type: string;
  sensitive: boolean;
  /** How `{{name}}` speaks it when the prompt gives no format (digits for what an input collected). */
  format: Format;
  /** Where it comes from: `built-in`, `params`, or the nodes that set it. */
  from: string;
}

/** What the flow file says about one param or variable. */
export type RawDeclaration = VarType | { type?: VarType; sensitive?: boolean; required?: boolean; description?: string; format?: Format };

/** What a node sets, before types are known: a fixed type, or the type of an expression. */
export interface VariableSet {
  name: string;
  type: VarType | { expression: string };
  sensitive?: boolean;
  format?: Format;
}

/** Plivo's request and the clock, on every call. Time fields are in the flow's `timezone`. */
export const BUILT_INS: Readonly<Record<string, { type: string; description: string }>> = {
  caller: { type: 'string', description: "the caller's number (Plivo's From), e.g. +14155550111" },
  called: { type: 'string', description: 'the number called (To)' },
  forwardedFrom: { type: 'string', description: 'the number the call was forwarded from, or ""' },
  callerName: { type: 'string', description: "the caller's name (CallerName), or \"\"" },
  headers: { type: 'map<string, string>', description: 'X-PH-* SIP headers, by name without X-PH-: headers["Account"]' },
  language: { type: 'string', description: "the call's language id (en, es), or \"\" before one is chosen" },
  now: { type: 'google.protobuf.Timestamp', description: 'the time now: now.getHours("Europe/Paris")' },
  hour: { type: 'int', description: 'the hour (0-23) in the flow\'s timezone' },
  minute: { type: 'int', description: 'the minute (0-59) in the flow\'s timezone' },
  weekday: { type: 'int', description: 'the day of the week in the flow\'s timezone, 0 = Sunday … 6 = Saturday' },
  today: { type: 'string', description: 'the date in the flow\'s timezone, 2026-12-25' },
};

export interface ParamInfo { name: string; type: VarType; required: boolean; sensitive: boolean; description: string | undefined }

export function declarationOf(raw: RawDeclaration): { type: VarType; sensitive: boolean; required: boolean; description: string | undefined; format: Format | undefined } {
  if (typeof raw === 'string') return { type: raw, sensitive: false, required: true, description: undefined, format: undefined };
  return { type: raw.type ?? 'string', sensitive: raw.sensitive ?? false, required: raw.required ?? true, description: raw.description, format: raw.format };
}

export interface VariableTable {
  variables: ReadonlyMap<string, VariableInfo>;
  params: ReadonlyMap<string, ParamInfo>;
  vocabulary: Vocabulary;
  /** Variables set with two different types; reported by the checks. */
  conflicts: Array<{ name: string; node: string; type: string; other: string }>;
}

/**
 * The flow's variables and their types: built-ins, then params and `variables:`, then what
 * nodes set (a `set` expression's type is what CEL infers, with the others known). Pure.
 */
export function variableTable(
  params: Readonly<Record<string, RawDeclaration>> | undefined,
  declared: Readonly<Record<string, RawDeclaration>> | undefined,
  sets: ReadonlyArray<{ node: string; set: VariableSet }>,
): VariableTable {
  const variables = new Map<string, VariableInfo>();
  const paramInfo = new Map<string, ParamInfo>();
  const conflicts: VariableTable['conflicts'] = [];
  for (const [name, builtIn] of Object.entries(BUILT_INS)) variables.set(name, { name, type: builtIn.type, sensitive: false, format: 'text', from: 'built-in' });
  for (const [name, raw] of Object.entries(params ?? {})) {
    const declaration = declarationOf(raw);
    paramInfo.set(name, { name, ...declaration });
    variables.set(name, { name, type: declaration.type, sensitive: declaration.sensitive, format: declaration.format ?? 'text', from: 'params' });
  }
  for (const [name, raw] of Object.entries(declared ?? {})) {
    const declaration = declarationOf(raw);
    variables.set(name, { name, type: declaration.type, sensitive: declaration.sensitive, format: declaration.format ?? 'text', from: 'variables' });
  }
  const explicit = new Set(variables.keys());
  // Fixed types first, then expressions (which may read the others), twice so a `set` may read another `set`.
  const add = (node: string, set: VariableSet, type: string): void => {
    const known = variables.get(set.name);
    if (known === undefined) {
      variables.set(set.name, { name: set.name, type, sensitive: set.sensitive ?? false, format: set.format ?? 'text', from: `node ${node}` });
      return;
    }
    if (known.from === 'built-in') {
      conflicts.push({ name: set.name, node, type, other: 'a built-in variable' });
      return;
    }
    if (!explicit.has(set.name) && known.type !== type && type !== 'dyn' && known.type !== 'dyn') conflicts.push({ name: set.name, node, type, other: known.type });
    variables.set(set.name, {
      ...known,
      sensitive: known.sensitive || set.sensitive === true,
      format: known.format === 'text' && set.format !== undefined ? set.format : known.format,
      from: known.from.startsWith('node') && !known.from.includes(node) ? `${known.from}, ${node}` : known.from,
    });
  };
  for (const { node, set } of sets) if (typeof set.type === 'string') add(node, set, set.type);
  for (let round = 0; round < 2; round++) {
    const vocabulary = vocabularyOf(variables);
    for (const { node, set } of sets) {
      if (typeof set.type === 'string') continue;
      const compiled = compileExpression(set.type.expression, vocabulary);
      const type = isExpressionError(compiled) ? 'dyn' : compiled.type;
      if (round === 0 && variables.has(set.name)) continue;
      if (round === 0) variables.set(set.name, { name: set.name, type, sensitive: set.sensitive ?? false, format: set.format ?? 'text', from: `node ${node}` });
      else add(node, set, type);
    }
  }
  return { variables, params: paramInfo, vocabulary: vocabularyOf(variables), conflicts };
}

function vocabularyOf(variables: ReadonlyMap<string, VariableInfo>): Vocabulary {
  return Object.freeze(Object.fromEntries([...variables.values()].map((variable) => [variable.name, variable.type])));
}
