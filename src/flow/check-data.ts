/**
 * The checks of a flow's data: prompts' placeholders and SSML, shared keys, params and
 * variables, and the dataflow proof that every variable a node reads is set on every path that
 * reaches it (used-before-set), with the path that misses it.
 */
import { isTimeZone } from '../data/expression.js';
import { hasMarkup, parseSsml, voiceTakesSsml } from '../data/ssml.js';
import { parseTemplate } from '../data/template.js';
import { kindOf, type RawNode } from '../nodes/index.js';
import type { CheckContext, Path, Read } from '../nodes/kind.js';
import { didYouMean } from './suggest.js';
import type { Flow, NodeId, RawFlow } from './types.js';
import { BUILT_INS, variableTable } from './variables.js';

export interface DataFinding { severity: 'error' | 'warning'; path: (string | number)[]; offset?: number; key?: string; message: string }

/**
 * One text of a prompt: its `{{placeholders}}` (format, known variable) and its SSML (tags,
 * attributes, a voice that speaks SSML). `language` is the language it is spoken in, when known.
 */
export function checkPromptText(flow: RawFlow, compiled: Flow, path: (string | number)[], text: string, language: string | undefined, report: (finding: DataFinding) => void): void {
  if (text.includes('{{')) {
    const { parts, errors } = parseTemplate(text);
    for (const error of errors) report({ severity: 'error', path, offset: error.offset, message: error.message });
    const known = [...compiled.data.variables.keys()];
    for (const part of parts) {
      if (part.kind !== 'value' || compiled.data.variables.has(part.name)) continue;
      report({ severity: 'error', path, offset: part.offset, message: `{{${part.name}}}: unknown variable${didYouMean(part.name, known)}; variables are the built-ins (${Object.keys(BUILT_INS).join(', ')}), params, and what inputs, menus (saveAs), lookups and set nodes keep` });
    }
  }
  if (!hasMarkup(text)) return;
  const parsed = parseSsml(text);
  if ('errors' in parsed) {
    for (const error of parsed.errors) report({ severity: 'error', path, offset: error.offset, message: `SSML: ${error.message}` });
    return;
  }
  const languages = language === undefined ? Object.keys(flow.languages) : [language];
  const plain = languages.filter((id) => !voiceTakesSsml(flow.languages[id]?.voice ?? 'WOMAN'));
  if (plain.length > 0) {
    report({ severity: 'error', path, offset: text.search(/<[A-Za-z]/) === -1 ? 0 : text.search(/<[A-Za-z]/), message: `SSML needs an Amazon Polly voice, and ${plain.map((id) => `\`${id}\` speaks with ${flow.languages[id]?.voice ?? 'WOMAN'}`).join(', ')}: set \`languages.${plain[0]}.voice\` to a Polly voice (Polly.Joanna, Polly.Lupe-Neural…)` });
  }
}

/** The flow-level data: time zone, params, variables (conflicting types), shared keys. */
export function checkFlowData(flow: RawFlow, compiled: Flow, report: (finding: DataFinding) => void): void {
  if (flow.timezone !== undefined && !isTimeZone(flow.timezone)) report({ severity: 'error', path: ['timezone'], message: `unknown time zone "${flow.timezone}": an IANA name such as America/New_York or Europe/Paris` });
  for (const section of ['params', 'variables'] as const) {
    for (const name of Object.keys(flow[section] ?? {})) {
      if (name in BUILT_INS) report({ severity: 'error', path: [section], key: name, message: `\`${name}\` is a built-in variable (${BUILT_INS[name]?.description ?? ''}): choose another name` });
    }
  }
  const sets = Object.entries(flow.nodes).flatMap(([id, node]) => (kindOf(node.type).sets?.(node, id) ?? []).map((set) => ({ node: id, set })));
  for (const conflict of variableTable(flow.params, flow.variables, sets).conflicts) {
    report({ severity: 'error', path: ['nodes', conflict.node], message: `node \`${conflict.node}\` sets \`${conflict.name}\` as a ${conflict.type}, but it is ${conflict.other}: declare its type under \`variables:\` or use another name` });
  }
  const nodeIds = [...compiled.nodes.keys()];
  for (const [key, action] of compiled.data.keys) {
    if ('goto' in action && !compiled.nodes.has(action.goto)) {
      report({ severity: 'error', path: ['keys', key], message: `shared key \`${key}\` goes to "${action.goto}", which is not defined${didYouMean(action.goto, nodeIds)}; write a node id or \`back\`` });
    }
  }
}

/** Every string in a raw node, with its path: where prompts and templates are. */
function strings(value: unknown, path: (string | number)[], out: Array<{ path: (string | number)[]; text: string }>): void {
  if (typeof value === 'string') out.push({ path, text: value });
  else if (Array.isArray(value)) value.forEach((item, i) => strings(item, [...path, i], out));
  else if (value !== null && typeof value === 'object') {
    // A node's `description` is a note for people reading the file, never spoken: `{{x}}` there reads nothing.
    for (const [key, item] of Object.entries(value)) if (!(path.length === 0 && key === 'description')) strings(item, [...path, key], out);
  }
}

/** What a node reads: the placeholders in its texts, and what its kind reads (expressions). */
function readsOf(id: NodeId, node: RawNode, context: CheckContext): Read[] {
  const texts: Array<{ path: (string | number)[]; text: string }> = [];
  strings(node, [], texts);
  const reads: Read[] = [];
  for (const { path, text } of texts) {
    if (!text.includes('{{')) continue;
    for (const part of parseTemplate(text).parts) if (part.kind === 'value') reads.push({ name: part.name, path, offset: part.offset });
  }
  void id;
  return [...reads, ...(kindOf(node.type).reads?.(node, context) ?? [])];
}

/**
 * Used-before-set: a forward "must" dataflow over the exits graph. A variable is set at a node
 * when every path from the entry to it passes an exit that sets it (or it is a built-in or a
 * required param). A read of one that is not is an error, with a path that misses it.
 */
export function checkUsedBeforeSet(flow: RawFlow, compiled: Flow, contextOf: (id: NodeId) => CheckContext, report: (finding: DataFinding) => void): void {
  const always = new Set<string>([...Object.keys(BUILT_INS), ...[...compiled.data.params.values()].filter((param) => param.required).map((param) => param.name)]);
  const exits = new Map([...compiled.nodes].map(([id, node]) => [id, kindOf(node.type).exits(node).filter((exit) => exit.to !== undefined && compiled.nodes.has(exit.to))]));
  const setAt = new Map<NodeId, Set<string> | undefined>();
  if (!compiled.nodes.has(compiled.entry)) return;
  setAt.set(compiled.entry, new Set(always));
  // Iterate to a fixpoint: sets only shrink, so this ends (at most nodes × variables rounds, far fewer in practice).
  const queue: NodeId[] = [compiled.entry];
  const queued = new Set(queue);
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    queued.delete(id);
    const here = setAt.get(id);
    if (here === undefined) continue;
    for (const exit of exits.get(id) ?? []) {
      const target = exit.to as NodeId;
      const out = new Set([...here, ...(exit.sets ?? [])]);
      const before = setAt.get(target);
      const merged = target === compiled.entry ? intersect(out, always) : before === undefined ? out : intersect(before, out);
      if (before !== undefined && merged.size === before.size) continue;
      setAt.set(target, merged);
      if (!queued.has(target)) {
        queue.push(target);
        queued.add(target);
      }
    }
  }
  for (const [id, node] of Object.entries(flow.nodes)) {
    const here = setAt.get(id);
    if (here === undefined) continue;
    const reported = new Set<string>();
    for (const read of readsOf(id, node, contextOf(id))) {
      if (here.has(read.name) || !compiled.data.variables.has(read.name) || reported.has(read.name)) continue;
      reported.add(read.name);
      const path = pathMissing(compiled.entry, id, read.name, exits);
      report({
        severity: 'error',
        path: ['nodes', id, ...read.path],
        offset: read.offset,
        message: `\`${read.name}\` may be used before it is set: ${path === undefined ? 'a call can reach node `' + id + '`' : `the path ${path.join(' → ')}`} never sets it; set it on every way here, give it a default with a \`set\` node first, or declare it as a required param`,
      });
    }
  }
}

function intersect(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  return new Set([...a].filter((name) => b.has(name)));
}

/** A shortest path from the entry to `target` on which no exit sets `name`. */
function pathMissing(entry: NodeId, target: NodeId, name: string, exits: ReadonlyMap<NodeId, ReadonlyArray<{ to: NodeId | undefined; sets?: readonly string[] }>>): NodeId[] | undefined {
  const previous = new Map<NodeId, NodeId | undefined>([[entry, undefined]]);
  const queue = [entry];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (id === target) {
      const path: NodeId[] = [];
      for (let at: NodeId | undefined = id; at !== undefined; at = previous.get(at)) path.unshift(at);
      return path;
    }
    for (const exit of exits.get(id) ?? []) {
      if (exit.to === undefined || previous.has(exit.to) || exit.sets?.includes(name) === true) continue;
      previous.set(exit.to, id);
      queue.push(exit.to);
    }
  }
  return undefined;
}

export type { Path };
