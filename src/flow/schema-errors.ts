import type { ErrorObject } from 'ajv';
import { NODE_TYPES } from '../nodes/index.js';
import { didYouMean } from './suggest.js';

/** A schema error in plain words, with where it points: the value at `path`, or the map key `key`. */
export interface SchemaProblem { path: (string | number)[]; key?: string; message: string }

/**
 * Turns Ajv's errors (run with `allErrors` and `verbose`) into one plain-English problem per
 * real mistake: drops the bookkeeping errors of `if`/`then` and of `propertyNames`' inner
 * checks, and names the field, the value and what is expected. Pure.
 */
export function explainSchemaErrors(errors: readonly ErrorObject[]): SchemaProblem[] {
  const seen = new Set<string>();
  const problems: SchemaProblem[] = [];
  for (const error of errors) {
    if (error.keyword === 'if' || error.keyword === 'oneOf' || error.propertyName !== undefined) continue;
    const problem = explain(error);
    const id = `${problem.path.join('/')}#${problem.key ?? ''}#${problem.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push(problem);
  }
  return problems;
}

function explain(error: ErrorObject): SchemaProblem {
  const path = pointerToPath(error.instancePath);
  const field = describeField(path);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const missing = String(params['missingProperty']);
      return { path, message: `${field} is missing \`${missing}\`: add \`${missing}:\` to it` };
    }
    case 'additionalProperties': {
      const extra = String(params['additionalProperty']);
      const allowed = Object.keys(schemaProperties(error.parentSchema));
      return {
        path,
        key: extra,
        message: `unknown field \`${extra}\` in ${field}${didYouMean(extra, allowed)}; allowed: ${allowed.join(', ')}`,
      };
    }
    case 'propertyNames': {
      const name = String(params['propertyName']);
      return { path, key: name, message: `"${name}" is not a valid ${keyKind(path)}` };
    }
    case 'discriminator': {
      const value = (error.data as Record<string, unknown> | undefined)?.['type'];
      const shown = typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
      return {
        path: [...path, 'type'],
        message: `${field} has unknown type ${shown}${typeof value === 'string' ? didYouMean(value, NODE_TYPES) : ''}; use one of: ${NODE_TYPES.join(', ')}`,
      };
    }
    case 'type':
      return { path, message: `${field} must be ${article(String(params['type']))}, not ${describeValue(error.data)}` };
    case 'minimum':
    case 'maximum':
      return {
        path,
        message: `${field} is ${describeValue(error.data)}, but must be ${error.keyword === 'minimum' ? 'at least' : 'at most'} ${String(params['limit'])}`,
      };
    case 'pattern':
      return { path, message: `${field} is ${describeValue(error.data)}: ${hint(error.parentSchema)}` };
    case 'minProperties':
    case 'minItems':
    case 'minLength':
      return { path, message: `${field} is empty: ${hint(error.parentSchema)}` };
    case 'maxProperties':
    case 'not':
      return { path, message: `${field} has both \`say\` and \`play\`: write one of them per entry` };
    case 'const':
    case 'enum':
      return { path, message: `${field} is ${describeValue(error.data)}: ${hint(error.parentSchema)}` };
    default:
      return { path, message: `${field} ${error.message ?? 'is not valid'}` };
  }
}

/** `/nodes/main~1x/choices` → ['nodes', 'main/x', 'choices'] (JSON Pointer, RFC 6901). */
export function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function describeField(path: readonly (string | number)[]): string {
  if (path.length === 0) return 'the file';
  if (path[0] === 'nodes' && path.length === 2) return `node \`${String(path[1])}\``;
  if (path[0] === 'nodes' && path.length > 2) return `\`${path.slice(2).join('.')}\` of node \`${String(path[1])}\``;
  return `\`${path.join('.')}\``;
}

function keyKind(path: readonly (string | number)[]): string {
  const last = path[path.length - 1];
  if (path.length === 1 && last === 'nodes') return 'node id (a letter, then letters, digits, _ or -)';
  if (last === 'choices') return 'choice key (one key: 0-9, * or #)';
  return 'language id (two lowercase letters, optionally a region: en, es, pt-BR)';
}

function schemaProperties(schema: unknown): Record<string, unknown> {
  const properties = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return properties ?? {};
}

function hint(schema: unknown): string {
  const description = (schema as { description?: unknown } | undefined)?.description;
  return typeof description === 'string' ? description : 'see schema/ivr.schema.json';
}

function article(type: string): string {
  return type === 'object' ? 'a map (key: value)' : type === 'array' ? 'a list' : `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return JSON.stringify(value);
}
