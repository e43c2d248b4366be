import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import * as jsyaml from 'js-yaml';
import { isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { checkFlow, type Finding } from './check.js';
import { compileFlow } from './compile.js';
import { interpolate } from './interpolate.js';
import { locate, locateOffset } from './locate.js';
import { EventLocator } from './locate-events.js';
import { checkWellFormedParts } from './salvage.js';
import { flowSchema } from './schema.js';
import { explainSchemaErrors } from './schema-errors.js';
import { syntaxProblems } from './syntax-problems.js';
import type { Flow, Problem, RawFlow } from './types.js';

export type LoadResult =
  | { ok: true; flow: Flow; warnings: Problem[] }
  | { ok: false; problems: Problem[] };

export interface LoadOptions {
  /** The name problems are reported under, e.g. `ivr.yaml`. */
  file: string;
  /** Values for `${VAR}` / `${VAR:-default}`. */
  env: Readonly<Record<string, string | undefined>>;
  /** Whether an `audio/…` path (relative to the flow file) exists. */
  audioExists(path: string): boolean;
}

let validator: ValidateFunction<RawFlow> | undefined;

/** The schema validator, compiled once: every error at once, with the schema beside each. */
function validate(): ValidateFunction<RawFlow> {
  validator ??= new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, discriminator: true }).compile<RawFlow>(flowSchema());
  return validator;
}

/** Largest flow file loaded (a 10,000-node flow is 2.2 MB). */
export const MAX_FLOW_BYTES = 8 * 1024 * 1024;

/**
 * How many times aliases may be expanded while building the flow (the yaml package's
 * `maxAliasCount`: uses of an anchor times the aliases inside it). A flow may name one anchor
 * thousands of times; a "billion laughs" file, anchors of anchors, passes this at once.
 */
export const MAX_ALIAS_COUNT = 10_000;

/**
 * YAML text → a runnable Flow, or every problem in it. Three passes, each needing the one
 * before: YAML syntax, then the JSON schema, then the semantic checks. Problems carry file,
 * line and column and come sorted by position; warnings never stop a flow. Never throws,
 * whatever the bytes: anything unforeseen is a problem at 1:1.
 */
export function loadFlowText(text: string, options: LoadOptions): LoadResult {
  if (Buffer.byteLength(text, 'utf8') > MAX_FLOW_BYTES) return tooLarge(options.file);
  try {
    return loadCleanFlow(text, options) ?? loadFlowWithPositions(text, options);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return failed([{ severity: 'error', file: options.file, line: 1, column: 1, path: '', message: `the flow could not be read: ${reason}` }]);
  }
}

/**
 * An anchor (`&name`) in the text, or something that looks like one: js-yaml shares an
 * anchored value between its aliases, and walking a shared tree once per alias is exponential
 * in a "billion laughs" file, so such files take the full path, which counts aliases.
 */
const ANCHOR = /(^|[\s[{,:-])&[^\s]/m;

/**
 * The fast path, for a file whose YAML and schema are fine (every start and reload of a good
 * file, and a file whose only problems are semantic findings, such as an unreachable node):
 * js-yaml builds plain objects about eight times faster than the yaml package builds its
 * position-keeping Document (a 10,000-node flow: ~0.3 s against ~2.3 s). Findings are located
 * from js-yaml's event stream, one path each (EventLocator). At any other doubt — a syntax
 * error, an unset variable, a schema error, a finding the event stream cannot place for sure —
 * it returns undefined, and the full path reports everything with line and column.
 */
export function loadCleanFlow(text: string, options: LoadOptions): LoadResult | undefined {
  if (ANCHOR.test(text)) return undefined;
  let events: jsyaml.Event[];
  let raw: unknown;
  try {
    // CORE_SCHEMA: YAML 1.2 core types, as the yaml package reads them (no timestamps, no merge keys).
    events = jsyaml.parseEvents(text, {});
    const documents = jsyaml.constructFromEvents(events, { source: text, schema: jsyaml.CORE_SCHEMA });
    if (documents.length !== 1) return undefined;
    raw = documents[0];
  } catch {
    return undefined;
  }
  if (!interpolateValues(raw, options.env)) return undefined;
  if (!validate()(raw)) return undefined;
  const flow = compileFlow(raw, versionOf(text));
  const findings = checkFlow(raw, flow, { audioExists: options.audioExists });
  if (findings.length === 0) return { ok: true, flow, warnings: [] };
  // The BOM shifts js-yaml's offsets against the yaml package's.
  if (text.startsWith('\uFEFF')) return undefined;
  const locator = new EventLocator(text, events);
  const problems: Problem[] = [];
  for (const finding of findings) {
    // A finding inside a text (an expression, SSML) is located by the full path, which knows scalars' styles.
    if (finding.offset !== undefined) return undefined;
    const position = locator.locate(finding.path, finding.key);
    if (position === undefined) return undefined;
    problems.push(problemAt(finding, position, options.file));
  }
  if (problems.some((p) => p.severity === 'error')) return failed(problems);
  return { ok: true, flow, warnings: sortByPosition(problems) };
}

function problemAt(finding: Finding, position: { line: number; column: number }, file: string): Problem {
  const path = [...finding.path, ...(finding.key === undefined ? [] : [finding.key])].join('.');
  return { severity: finding.severity, file, line: position.line, column: position.column, path, message: finding.message };
}

/** The full path: every problem, located in the file. */
export function loadFlowWithPositions(text: string, options: LoadOptions): LoadResult {
  const lines = new LineCounter();
  // uniqueKeys: checked by syntaxProblems() below, in linear time (the yaml package's check is quadratic).
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: false });
  const at = (severity: Problem['severity'], path: (string | number)[], message: string, key?: string, offset?: number): Problem => {
    const { line, column } = offset === undefined ? locate(doc, lines, path, key) : locateOffset(doc, lines, text, path, offset);
    return { severity, file: options.file, line, column, path: [...path, ...(key === undefined ? [] : [key])].join('.'), message };
  };

  const syntax = syntaxProblems(doc, lines, options.file);
  if (syntax.length > 0) return failed(syntax);

  const unset = interpolateScalars(doc, options.env).map(({ path, name, secret }) =>
    secret
      ? at('error', path, `\${${name}} names a variable that holds a secret (its name contains TOKEN, SECRET, PASSWORD, KEY, AUTH or the like): a flow is spoken to callers and shown on the page, so secrets are never put into it`)
      : at('error', path, `environment variable ${name} is not set and has no default: set it, or write \${${name}:-<default>}`),
  );

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // The yaml package refuses too many alias expansions (a "billion laughs" file) here.
    const alias = firstAlias(doc, lines);
    const reason = error instanceof Error ? error.message : String(error);
    return failed([...unset, { severity: 'error', file: options.file, ...alias, path: '', message: `${reason}: at most ${MAX_ALIAS_COUNT} alias expansions (*name) are allowed; write the values out, or use fewer nested anchors` }]);
  }
  const isValid = validate();
  if (!isValid(raw)) {
    const errors = isValid.errors ?? [];
    const schemaProblems = explainSchemaErrors(errors).map((p) => at('error', p.path, p.message, p.key));
    // Every problem at once: the semantic checks still run on the parts the schema accepts.
    const more = unset.length > 0 ? [] : checkWellFormedParts(raw, errors, isValid, { audioExists: options.audioExists });
    return failed([...unset, ...schemaProblems, ...more.map((f: Finding) => at(f.severity, f.path, f.message, f.key, f.offset))]);
  }

  const flow = compileFlow(raw, versionOf(text));
  const findings = checkFlow(raw, flow, { audioExists: options.audioExists });
  const problems = [...unset, ...findings.map((f: Finding) => at(f.severity, f.path, f.message, f.key, f.offset))];
  if (problems.some((p) => p.severity === 'error')) return failed(problems);
  return { ok: true, flow, warnings: sortByPosition(problems) };
}

/** Reads and loads a flow file; audio paths are looked up beside it. Never throws. */
export function loadFlowFile(path: string, env: Readonly<Record<string, string | undefined>>): LoadResult {
  const file = relative(process.cwd(), path) || path;
  let text: string;
  try {
    // Not even read when it is too big to be a flow (a log or a disk image saved over it).
    if (statSync(path).size > MAX_FLOW_BYTES) return tooLarge(file);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    return failed([{ severity: 'error', file, line: 1, column: 1, path: '', message: `cannot read the flow: ${reason}` }]);
  }
  const base = dirname(resolve(path));
  // Large flows name the same few recordings many times: look each up once.
  const seen = new Map<string, boolean>();
  const audioExists = (audio: string): boolean => {
    const known = seen.get(audio);
    if (known !== undefined) return known;
    const exists = fileInside(base, audio);
    seen.set(audio, exists);
    return exists;
  };
  return loadFlowText(text, { file, env, audioExists });
}

function fileInside(base: string, audio: string): boolean {
  const full = resolve(base, audio);
  if (!full.startsWith(base + sep)) return false;
  return existsSync(full) && statSync(full).isFile();
}

/** Where the first alias (`*name`) is, for a report about aliases. */
function firstAlias(doc: Document, lines: LineCounter): { line: number; column: number } {
  let offset: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  const pos = lines.linePos(offset ?? 0);
  return { line: pos.line, column: pos.col };
}

/** Substitutes `${VAR}` in every string of plain data, in place; false if a variable is unset without a default, or names a secret. */
function interpolateValues(data: unknown, env: LoadOptions['env'], path: readonly string[] = []): boolean {
  if (data === null || typeof data !== 'object') return true;
  const container = data as Record<string, unknown>;
  for (const key of Object.keys(container)) {
    const value = container[key];
    if (isLookupHeaders([...path, key])) continue;
    if (typeof value === 'string' && value.includes('${')) {
      const { value: filled, missing, secret } = interpolate(value, env);
      if (missing.length > 0 || secret.length > 0) return false;
      container[key] = filled;
    } else if (!interpolateValues(value, env, [...path, key])) {
      return false;
    }
  }
  return true;
}

/** Substitutes `${VAR}` in every string value in place; returns the variables left unset (unset, or secret) and where they are. */
function interpolateScalars(doc: Document, env: LoadOptions['env']): { path: (string | number)[]; name: string; secret: boolean }[] {
  const unset: { path: (string | number)[]; name: string; secret: boolean }[] = [];
  visit(doc, {
    Scalar(_key, node, ancestry) {
      if (typeof node.value !== 'string' || !node.value.includes('${')) return;
      const path = ancestry.flatMap((a) => ('key' in a && isScalar(a.key) ? [a.key.value as string | number] : []));
      if (isLookupHeaders(path.slice(0, 3).map(String))) return;
      const { value, missing, secret } = interpolate(node.value, env);
      node.value = value;
      for (const name of secret) unset.push({ path, name, secret: true });
      for (const name of missing) unset.push({ path, name, secret: false });
    },
  });
  return unset;
}

function tooLarge(file: string): LoadResult {
  return failed([{ severity: 'error', file, line: 1, column: 1, path: '', message: `the file is larger than ${MAX_FLOW_BYTES / 1024 / 1024} MB: split the flow or remove what it does not use` }]);
}

function failed(problems: Problem[]): LoadResult {
  return { ok: false, problems: sortByPosition(problems) };
}

function sortByPosition(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
}

function versionOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/**
 * `nodes.<id>.headers`: a lookup's headers keep their `${NAME}` as written, read from the
 * environment only when the request is sent, so a secret never enters the loaded flow.
 */
function isLookupHeaders(path: readonly (string | number)[]): boolean {
  return path.length >= 3 && path[0] === 'nodes' && path[2] === 'headers';
}
