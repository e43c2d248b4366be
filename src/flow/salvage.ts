/**
 * Semantic checks on a file the schema refused, so one run shows every problem: an unknown
 * field and a choice going to an undefined node are both reported, not one after the other.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { checkFlow, type CheckContext, type Finding } from './check.js';
import { compileFlow } from './compile.js';
import { pointerToPath } from './schema-errors.js';
import type { RawFlow } from './types.js';

/**
 * The findings `checkFlow` makes on the well-formed parts of `raw` (plain data that failed
 * `validate` with `errors`). Unknown fields are set aside (they change nothing else); a node
 * still malformed after that is set aside too, as a hang-up that keeps its id, so the links to
 * it still resolve, and findings inside it are dropped. With a node set aside, where the call can
 * go is partly unknown, so "never reached" warnings are dropped too. Returns nothing when the
 * file's frame (entry, languages, defaults, nodes as a map) is malformed. Pure.
 */
export function checkWellFormedParts(raw: unknown, errors: readonly ErrorObject[], validate: ValidateFunction<RawFlow>, context: CheckContext): Finding[] {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return []; // an empty file, a list, a scalar: no parts to check
  const copy = structuredClone(raw) as Record<string, unknown>;
  for (const error of errors) {
    if (error.keyword !== 'additionalProperties') continue;
    const owner = at(copy, pointerToPath(error.instancePath));
    if (owner !== undefined) delete owner[String((error.params as { additionalProperty?: unknown }).additionalProperty)];
  }
  if (validate(copy)) return checkFlow(copy, compileFlow(copy, ''), context);

  const nodes = copy['nodes'];
  const setAside = new Set<string>();
  for (const error of validate.errors ?? []) {
    const path = pointerToPath(error.instancePath);
    if (path[0] !== 'nodes' || path.length < 2) return [];
    setAside.add(String(path[1]));
  }
  if (nodes === null || typeof nodes !== 'object') return [];
  for (const id of setAside) (nodes as Record<string, unknown>)[id] = { type: 'hangup' };
  if (!validate(copy)) return [];
  return checkFlow(copy, compileFlow(copy, ''), context).filter(
    (finding) => finding.severity === 'error' && !(finding.path[0] === 'nodes' && setAside.has(String(finding.path[1]))),
  );
}

/** The object at `path` inside `data`, or undefined. */
function at(data: unknown, path: readonly (string | number)[]): Record<string, unknown> | undefined {
  let node = data;
  for (const step of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[step];
  }
  return node !== null && typeof node === 'object' ? (node as Record<string, unknown>) : undefined;
}
