import { builtinText } from './builtin-messages.js';
import { toE164 } from './phone.js';
import { didYouMean } from './suggest.js';
import type { NodeId, RawContent, RawDialNode, RawFlow, RawInputNode, RawMenuNode, RawMessage, RawNode, RawPrompt } from './types.js';

/** A semantic finding: like a Problem, but located by path (the loader adds line and column). */
export interface Finding {
  severity: 'error' | 'warning';
  path: (string | number)[];
  key?: string;
  message: string;
}

export interface CheckContext {
  /** Whether `audio/…` (relative to the flow file) exists. */
  audioExists(path: string): boolean;
}

/** Stands for "the call ends here, well": a hang-up, a transfer, or a menu's built-in goodbye. */
const END = Symbol('end');
type Edge = NodeId | typeof END;

/**
 * The checks a schema cannot express, all at once: targets exist, languages are declared and
 * every text has each of them, audio files exist, numbers are E.164, no node is a dead end,
 * no loop traps a caller forever, and (as warnings) every node is reachable. Pure apart from
 * `context.audioExists`; never throws; expects a schema-valid flow.
 */
export function checkFlow(flow: RawFlow, context: CheckContext): Finding[] {
  const findings: Finding[] = [];
  const languages = Object.keys(flow.languages);
  const nodeIds = Object.keys(flow.nodes);
  const variables = Object.entries(flow.nodes).flatMap(([id, node]) => (node.type === 'input' ? [node.name ?? id] : []));

  const error = (path: (string | number)[], message: string, key?: string): void => {
    findings.push(key === undefined ? { severity: 'error', path, message } : { severity: 'error', path, key, message });
  };

  const checkTarget = (path: (string | number)[], target: NodeId, what: string): void => {
    if (Object.hasOwn(flow.nodes, target)) return;
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

  const checkText = (path: (string | number)[], text: string | undefined): void => {
    for (const [, name] of (text ?? '').matchAll(/\{\{\s*([^}\s]*)\s*\}\}/g)) {
      if (name !== undefined && variables.includes(name)) continue;
      const known = variables.length > 0 ? `; values collected by input nodes: ${variables.join(', ')}` : '; only an input node collects a value to speak back';
      error(path, `{{${name ?? ''}}} names no value${didYouMean(name ?? '', variables)}${known}`);
    }
  };

  const checkContent = (path: (string | number)[], content: RawContent): void => {
    const items = Array.isArray(content) ? content : [content];
    items.forEach((item, i) => {
      const itemPath = Array.isArray(content) ? [...path, i] : path;
      if (typeof item === 'string') checkText(itemPath, item);
      else if (item.play !== undefined) checkAudio([...itemPath, 'play'], item.play);
      else checkText([...itemPath, 'say'], item.say);
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
      checkText([...path, 'say'], typeof message.say === 'string' ? message.say : undefined);
      if (typeof message.language === 'string') checkLanguage([...path, 'language'], message.language);
      else if (message.say !== undefined && languages.length > 1) error(path, needsLanguage);
      if (typeof message.play === 'string') checkAudio([...path, 'play'], message.play);
      return;
    }
    const localized = message as Record<string, RawContent>;
    for (const [language, content] of Object.entries(localized)) {
      checkLanguage(path, language, language);
      checkContent([...path, language], content);
    }
    const missing = languages.filter((language) => !Object.hasOwn(localized, language));
    if (missing.length > 0) error(path, `missing the ${missing.join(', ')} version: add ${missing.map((l) => `\`${l}: …\``).join(', ')}`);
  };

  const checkPrompt = (path: (string | number)[], prompt: RawPrompt | undefined): void => {
    if (prompt === undefined) return;
    if (Array.isArray(prompt)) prompt.forEach((message, i) => checkMessage([...path, i], message));
    else checkMessage(path, prompt);
  };

  /** A menu without its own or a default message falls back to the built-in text, which not every language has. */
  const checkFallbackMessage = (path: (string | number)[], menu: RawMenuNode | RawInputNode, message: 'invalid' | 'noInput' | 'goodbye'): void => {
    const own = menu[message];
    if (own !== undefined || flow.defaults?.[message] !== undefined) return;
    const uncovered = languages.filter((language) => builtinText(message, language) === undefined);
    if (uncovered.length > 0) {
      error(path, `there is no built-in \`${message}\` message in ${uncovered.join(', ')}: add \`${message}:\` to this menu or to \`defaults\``);
    }
  };

  /** The attempt rules a menu and an input share: their messages, and where running out leads. */
  const checkRetries = (path: (string | number)[], node: RawMenuNode | RawInputNode): void => {
    const id = String(path[1]);
    checkPrompt([...path, 'invalid'], node.invalid);
    checkPrompt([...path, 'noInput'], node.noInput);
    checkPrompt([...path, 'goodbye'], node.goodbye);
    if (node.onExhausted !== undefined) checkTarget([...path, 'onExhausted'], node.onExhausted, `node \`${id}\`, onExhausted`);
    checkFallbackMessage(path, node, 'invalid');
    checkFallbackMessage(path, node, 'noInput');
    if (node.onExhausted === undefined) checkFallbackMessage(path, node, 'goodbye');
  };

  const checkDial = (path: (string | number)[], node: RawDialNode): void => {
    for (const field of ['number', 'callerId'] as const) {
      const value = node[field];
      // An unset ${VAR} is reported on its own.
      if (value === undefined || value.includes('${')) continue;
      if (toE164(value) === undefined) {
        error([...path, field], `${field} "${value}" is not a phone number in E.164 form: + country code and number, e.g. +14155550100`);
      }
    }
    checkPrompt([...path, 'prompt'], node.prompt);
    if (node.onNoAnswer === undefined) {
      error(path, 'a dial without `onNoAnswer` leaves the caller in silence when nobody answers: add `onNoAnswer: <node>` (e.g. a message, then the menu again)');
    }
    for (const field of ['onNoAnswer', 'onBusy', 'onFailed', 'next'] as const) {
      const target = node[field];
      if (target !== undefined) checkTarget([...path, field], target, `\`${field}\``);
    }
  };

  // ---- the file as a whole ----
  checkTarget(['entry'], flow.entry, 'the entry');
  if (flow.defaultLanguage !== undefined) checkLanguage(['defaultLanguage'], flow.defaultLanguage);
  for (const field of ['invalid', 'noInput', 'goodbye'] as const) checkPrompt(['defaults', field], flow.defaults?.[field]);

  // ---- node by node ----
  for (const [id, node] of Object.entries(flow.nodes)) {
    const path = ['nodes', id];
    switch (node.type) {
      case 'menu':
        checkPrompt([...path, 'prompt'], node.prompt);
        for (const [key, choice] of Object.entries(node.choices)) {
          const choicePath = [...path, 'choices', key];
          const target = typeof choice === 'string' ? choice : choice.goto;
          checkTarget(typeof choice === 'string' ? choicePath : [...choicePath, 'goto'], target, `node \`${id}\`, choice \`${key}\``);
          if (typeof choice !== 'string' && choice.language !== undefined) checkLanguage([...choicePath, 'language'], choice.language);
        }
        checkRetries(path, node);
        break;
      case 'input':
        checkPrompt([...path, 'prompt'], node.prompt);
        if ((node.minDigits ?? 1) > (node.maxDigits ?? 20)) {
          error([...path, 'minDigits'], `minDigits (${node.minDigits ?? 1}) is more than maxDigits (${node.maxDigits ?? 20}): no input could ever be accepted`);
        }
        checkRetries(path, node);
        checkTarget([...path, 'next'], node.next, `node \`${id}\`, next`);
        break;
      case 'record':
        checkPrompt([...path, 'prompt'], node.prompt);
        checkTarget([...path, 'next'], node.next, `node \`${id}\`, next`);
        break;
      case 'say':
      case 'play':
        if (node.type === 'say') checkPrompt([...path, 'prompt'], node.prompt);
        else checkPlayAudio(node.audio, [...path, 'audio'], languages, checkLanguage, checkAudio, error);
        if (node.next === undefined) {
          error(path, `node \`${id}\` (${node.type}) has no \`next\`: the call would stop here without a goodbye; add \`next: <node>\` (a menu, or a hangup node)`);
        } else {
          checkTarget([...path, 'next'], node.next, `node \`${id}\`, next`);
        }
        break;
      case 'dial':
        checkDial(path, node);
        break;
      case 'hangup':
        checkPrompt([...path, 'prompt'], node.prompt);
        break;
    }
  }

  findings.push(...checkGraph(flow));
  return findings;
}

function checkPlayAudio(
  audio: string | Record<string, string>,
  path: (string | number)[],
  languages: string[],
  checkLanguage: (path: (string | number)[], language: string, key?: string) => void,
  checkAudio: (path: (string | number)[], audio: string) => void,
  error: (path: (string | number)[], message: string) => void,
): void {
  if (typeof audio === 'string') {
    checkAudio(path, audio);
    return;
  }
  for (const [language, file] of Object.entries(audio)) {
    checkLanguage(path, language, language);
    checkAudio([...path, language], file);
  }
  const missing = languages.filter((language) => !Object.hasOwn(audio, language));
  if (missing.length > 0) error(path, `no audio for ${missing.join(', ')}: add ${missing.map((l) => `\`${l}: audio/….mp3\``).join(', ')}`);
}

/** Where a node can lead. Unknown targets are left out: they are reported on their own. */
function edges(node: RawNode, known: (id: NodeId) => boolean): Edge[] {
  const targets = ((): (NodeId | undefined | typeof END)[] => {
    switch (node.type) {
      case 'menu':
        return [
          ...Object.values(node.choices).map((choice) => (typeof choice === 'string' ? choice : choice.goto)),
          // Running out of attempts ends the call with a goodbye unless the menu names where to go.
          node.onExhausted ?? END,
        ];
      case 'input':
        return [node.next, node.onExhausted ?? END];
      case 'record':
        return [node.next];
      case 'say':
      case 'play':
        // A missing next is reported as a dead end; counting it as an end avoids a second report.
        return [node.next ?? END];
      case 'dial':
        // A transfer to a person is a way out of the menus, whatever happens after it.
        return [END, node.onNoAnswer, node.onBusy, node.onFailed, node.next];
      case 'hangup':
        return [END];
    }
  })();
  return targets.filter((t): t is Edge => t === END || (t !== undefined && known(t)));
}

/** Reachability (warnings) and endless loops (errors), over the graph of nodes. */
function checkGraph(flow: RawFlow): Finding[] {
  const known = (id: NodeId): boolean => Object.hasOwn(flow.nodes, id);
  const graph = new Map(Object.entries(flow.nodes).map(([id, node]) => [id, edges(node, known)]));

  const reachable = new Set<NodeId>();
  const queue = known(flow.entry) ? [flow.entry] : [];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (reachable.has(id)) continue;
    reachable.add(id);
    for (const edge of graph.get(id) ?? []) if (edge !== END) queue.push(edge);
  }

  // The nodes a call can end from: those with an end of their own, then, walking the edges
  // backwards, every node that leads to one of them.
  const leadsTo = new Map<NodeId, NodeId[]>();
  const ending: NodeId[] = [];
  for (const [id, out] of graph) {
    for (const edge of out) {
      if (edge === END) ending.push(id);
      else if (leadsTo.has(edge)) leadsTo.get(edge)?.push(id);
      else leadsTo.set(edge, [id]);
    }
  }
  const canEnd = new Set<NodeId>();
  for (let id = ending.pop(); id !== undefined; id = ending.pop()) {
    if (canEnd.has(id)) continue;
    canEnd.add(id);
    ending.push(...(leadsTo.get(id) ?? []));
  }

  const findings: Finding[] = [];
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
