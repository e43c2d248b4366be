/**
 * The params a call is placed with (POST /calls `params`, `npm run call --param name=value`),
 * checked against what the flow declares: every required one present, none the flow does not
 * know, each of its type. Anything a client sends is hostile: names, sizes and counts are bounded.
 */
import type { Value } from '../data/expression.js';
import type { ParamInfo } from '../flow/variables.js';

const MAX_VALUE = 200;

/** The params as typed call variables, or every problem at once. Pure. */
export function readParams(raw: unknown, declared: ReadonlyMap<string, ParamInfo>): { values: Record<string, Value> } | { problems: string[] } {
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) return { problems: ['params must be an object of name → value, e.g. {"name":"Ana"}'] };
  const given = raw as Record<string, unknown>;
  const problems: string[] = [];
  const values: Record<string, Value> = {};
  const known = [...declared.keys()];
  for (const [name, value] of Object.entries(given)) {
    const param = declared.get(name);
    if (param === undefined) {
      problems.push(`unknown param \`${name.slice(0, 40)}\`: the flow declares ${known.length === 0 ? 'no params' : known.map((k) => `\`${k}\``).join(', ')}`);
      continue;
    }
    const typed = typedValue(value, param);
    if (typed === undefined) problems.push(`param \`${name}\` must be ${article(param.type)}${param.type === 'string' ? ` of at most ${MAX_VALUE} characters` : ''}${param.description === undefined ? '' : ` (${param.description})`}`);
    else values[name] = typed;
  }
  for (const param of declared.values()) {
    if (param.required && !Object.hasOwn(given, param.name)) problems.push(`missing param \`${param.name}\`${param.description === undefined ? '' : `: ${param.description}`}`);
  }
  return problems.length > 0 ? { problems } : { values };
}

function typedValue(value: unknown, param: ParamInfo): Value | undefined {
  const text = typeof value === 'string' ? value.trim() : undefined;
  switch (param.type) {
    case 'string':
      return typeof value === 'string' && value.length <= MAX_VALUE ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
    case 'int': {
      const number = typeof value === 'number' ? value : text !== undefined && /^-?\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
      return Number.isSafeInteger(number) ? number : undefined;
    }
    case 'double': {
      const number = typeof value === 'number' ? value : text !== undefined && text !== '' ? Number(text) : Number.NaN;
      return Number.isFinite(number) ? number : undefined;
    }
    case 'bool':
      return typeof value === 'boolean' ? value : text === 'true' ? true : text === 'false' ? false : undefined;
  }
}

function article(type: string): string {
  return { string: 'a string', int: 'an integer', double: 'a number', bool: 'true or false' }[type] ?? type;
}
