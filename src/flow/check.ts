import { kindOf } from '../nodes/index.js';
import type { CheckContext as NodeCheckContext, Exit, Path } from '../nodes/kind.js';
import { checkFlowData, checkPromptText, checkUsedBeforeSet, type DataFinding } from './check-data.js';
import { didYouMean } from './suggest.js';
import type { Flow, NodeId, RawContent, RawFlow, RawMessage, RawPrompt } from './types.js';

/** A semantic finding: like a Problem, but located by path (the loader adds line and column). */
export interface Finding {
  severity: 'error' | 'warning';
  path: (string | number)[];
  key?: string;
  /** Characters into the text at `path` (an expression, a prompt's SSML): the loader turns it into the line and column there. */
  offset?: number;
  message: string;
}

export interface CheckContext {
  /** Whether `audio/…` (relative to the flow file) exists. */
  audioExists(path: string): boolean;
}

/**
 * The checks a schema cannot express, all at once: targets exist, languages are declared and
 * every text has each of them, audio files exist, what each kind requires (its `check`), no
 * node is a dead end, no loop traps a caller forever, and (as warnings) every node is
 * reachable. Targets and the proofs walk the kinds' `exits` of `compiled`, the flow compiled
 * from `flow`. Pure apart from `context.audioExists`; never throws; expects a schema-valid flow.
 */
export function checkFlow(flow: RawFlow, compiled: Flow, context: CheckContext): Finding[] {
  const findings: Finding[] = [];
  const languages = Object.keys(flow.languages);
  const nodeIds = [...compiled.nodes.keys()];
  const report = (finding: DataFinding): void => {
    findings.push(finding);
  };

  const error = (path: (string | number)[], message: string, key?: string): void => {
    findings.push(key === undefined ? { severity: 'error', path, message } : { severity: 'error', path, key, message });
  };

  const checkTarget = (path: (string | number)[], target: NodeId, what: string): void => {
    if (compiled.nodes.has(target)) return;
    error(path, `${what} goes to "${target}", which is not defined${didYouMean(target, nodeIds)}; defined nodes: ${nodeIds.join(', ')}`);
  };

  const checkLanguage = (path: (string | number)[], language: string, key?: string): void => {
    if (Object.hasOwn(flow.languages, language)) return;
    error(path, `language "${language}" is used but not declared${didYouMean(language, languages)}; declared in \`languages\`: ${languages.join(', ')}`, key);
  };

  const checkAudio = (path: (string | number)[], audio: string): void => {
    if (/^https?:\/\//.test(audio) || context.audioExists(audio)) return;
    error(path, `audio file "${audio}" does not exist; put the file there or fix the path`);
  };

  const checkText = (path: (string | number)[], text: string | undefined, language?: string): void => {
    if (text !== undefined) checkPromptText(flow, compiled, path, text, language, report);
  };

  const checkContent = (path: (string | number)[], content: RawContent, language: string): void => {
    const items = Array.isArray(content) ? content : [content];
    items.forEach((item, i) => {
      const itemPath = Array.isArray(content) ? [...path, i] : path;
      if (typeof item === 'string') checkText(itemPath, item, language);
      else if (item.play !== undefined) checkAudio([...itemPath, 'play'], item.play);
      else checkText([...itemPath, 'say'], item.say, language);
    });
  };

  const checkMessage = (path: (string | number)[], message: RawMessage): void => {
    const needsLanguage = `plain text in a flow with ${languages.length} languages: write it per language ({${languages.join(': …, ')}: …}) or give its language ({say: …, language: ${languages[0] ?? 'en'}})`;
    if (typeof message === 'string') {
      if (languages.length > 1) error(path, needsLanguage);
      checkText(path, message);
      return;
    }
    if ('say' in message || 'play' in message) {
      checkText([...path, 'say'], typeof message.say === 'string' ? message.say : undefined, typeof message.language === 'string' ? message.language : undefined);
      if (typeof message.language === 'string') checkLanguage([...path, 'language'], message.language);
      else if (message.say !== undefined && languages.length > 1) error(path, needsLanguage);
      if (typeof message.play === 'string') checkAudio([...path, 'play'], message.play);
      return;
    }
    const localized = message as Record<string, RawContent>;
    for (const [language, content] of Object.entries(localized)) {
      checkLanguage(path, language, language);
      checkContent([...path, language], content, language);
    }
    const missing = languages.filter((language) => !Object.hasOwn(localized, language));
    if (missing.length > 0) error(path, `missing the ${missing.join(', ')} version: add ${missing.map((l) => `\`${l}: …\``).join(', ')}`);
  };

  const checkPrompt = (path: (string | number)[], prompt: RawPrompt | undefined): void => {
    if (prompt === undefined) return;
    if (Array.isArray(prompt)) prompt.forEach((message, i) => checkMessage([...path, i], message));
    else checkMessage(path, prompt);
  };

  // ---- the file as a whole ----
  checkTarget(['entry'], flow.entry, 'the entry');
  if (flow.defaultLanguage !== undefined) checkLanguage(['defaultLanguage'], flow.defaultLanguage);
  for (const field of ['invalid', 'noInput', 'goodbye'] as const) checkPrompt(['defaults', field], flow.defaults?.[field]);

  checkFlowData(flow, compiled, report);

  // ---- node by node: what its kind checks, then where its exits lead ----
  const contextOf = (id: NodeId): NodeCheckContext => {
    const at = (path: Path): (string | number)[] => ['nodes', id, ...path];
    return {
      id,
      languages,
      data: compiled.data,
      error: (path, message, key) => error(at(path), message, key),
      errorAt: (path, offset, message) => report({ severity: 'error', path: at(path), offset, message }),
      warningAt: (path, offset, message) => report({ severity: 'warning', path: at(path), offset, message }),
      prompt: (path, prompt) => checkPrompt(at(path), prompt),
      language: (path, language, key) => checkLanguage(at(path), language, key),
      audio: (path, audio) => checkAudio(at(path), audio),
      hasDefault: (message) => flow.defaults?.[message] !== undefined,
    };
  };
  for (const [id, node] of Object.entries(flow.nodes)) {
    const at = (path: Path): (string | number)[] => ['nodes', id, ...path];
    kindOf(node.type).check(node, contextOf(id));
    const compiledNode = compiled.nodes.get(id);
    if (compiledNode === undefined) continue;
    for (const exit of kindOf(compiledNode.type).exits(compiledNode)) {
      const written = exit.field === undefined ? undefined : valueAt(node, exit.field.path);
      // Only a target written in the node is checked here: a default comes from one that is.
      if (exit.to === undefined || exit.field === undefined || written === undefined) continue;
      // A target written as `{goto: …}` is pointed at by its goto.
      const path = isGoto(written) ? [...exit.field.path, 'goto'] : exit.field.path;
      checkTarget(at(path), exit.to, `node \`${id}\`, ${exit.field.name}`);
    }
  }

  findings.push(...checkGraph(compiled));
  // Only on a flow whose targets exist: a path through a missing node proves nothing.
  if (!findings.some((finding) => finding.severity === 'error' && finding.message.includes('which is not defined'))) checkUsedBeforeSet(flow, compiled, contextOf, report);
  return findings;
}

function valueAt(node: object, path: Path): unknown {
  let value: unknown = node;
  for (const step of path) value = value !== null && typeof value === 'object' && Object.hasOwn(value, step) ? (value as Record<string | number, unknown>)[step] : undefined;
  return value;
}

function isGoto(value: unknown): boolean {
  return value !== null && typeof value === 'object' && 'goto' in value;
}

/** A way out counts as an end when it ends the call, or reaches what the caller called for (a person). */
const ends = (exit: Exit): boolean => exit.to === undefined || exit.goal === true;

/**
 * Reachability (warnings) and endless loops (errors), over the graph of the kinds' exits.
 * Unknown targets are left out: they are reported on their own.
 */
function checkGraph(flow: Flow): Finding[] {
  const exits = new Map([...flow.nodes].map(([id, node]) => [id, kindOf(node.type).exits(node)]));
  const graph = new Map([...exits].map(([id, out]) => [id, out.flatMap((exit) => (exit.to !== undefined && flow.nodes.has(exit.to) ? [exit.to] : []))]));
  const known = (id: NodeId): boolean => flow.nodes.has(id);

  const reachable = new Set<NodeId>();
  const queue = known(flow.entry) ? [flow.entry] : [];
  // A campaign's answering machine enters at `onMachine`.
  if (flow.onMachine !== undefined && flow.onMachine !== 'hangup' && known(flow.onMachine)) queue.push(flow.onMachine);
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (reachable.has(id)) continue;
    reachable.add(id);
    for (const target of graph.get(id) ?? []) queue.push(target);
  }

  // The nodes a call can end from: those with an end of their own, then, walking the edges
  // backwards, every node that leads to one of them.
  const leadsTo = new Map<NodeId, NodeId[]>();
  const ending = [...exits].filter(([, out]) => out.some(ends)).map(([id]) => id);
  for (const [id, out] of graph) {
    for (const target of out) {
      if (leadsTo.has(target)) leadsTo.get(target)?.push(id);
      else leadsTo.set(target, [id]);
    }
  }
  const canEnd = new Set<NodeId>();
  for (let id = ending.pop(); id !== undefined; id = ending.pop()) {
    if (canEnd.has(id)) continue;
    canEnd.add(id);
    ending.push(...(leadsTo.get(id) ?? []));
  }

  const findings: Finding[] = [];
  if (flow.onMachine !== undefined && flow.onMachine !== 'hangup' && !known(flow.onMachine)) {
    findings.push({ severity: 'error', path: ['onMachine'], message: `onMachine names node \`${flow.onMachine}\`, which does not exist: name a node (e.g. a say node with a voicemail message) or write \`hangup\`` });
  }
  for (const id of graph.keys()) {
    if (!reachable.has(id)) {
      findings.push({ severity: 'warning', path: ['nodes', id], message: `node \`${id}\` is never reached from the entry \`${flow.entry}\`: link to it from a choice or a next, or remove it` });
    } else if (!canEnd.has(id)) {
      findings.push({
        severity: 'error',
        path: ['nodes', id],
        message: `every path from node \`${id}\` loops back without reaching a hangup or a dial, so a call here never ends: lead one of its paths to a hangup node (a menu without \`onExhausted\` says goodbye and hangs up by itself)`,
      });
    }
  }
  return findings;
}
