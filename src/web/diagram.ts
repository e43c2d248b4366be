/**
 * A flow as a Graphviz DOT graph: one box per node (its shape says its kind), solid edges for
 * the way a caller goes on (digits, `next`), dashed ones for what happens when things go wrong
 * (silence or a wrong key, attempts used up, a transfer nobody answers).
 */
import type { Flow, FlowNode, LanguageId, NodeId, Prompt, Retries } from '../flow/types.js';

/** The SVG element id of a flow node (`<g id="flow-node-main">`); the page highlights it. */
export const svgNodeId = (id: NodeId): string => `flow-node-${id}`;
/** The synthetic "the call ends" node every goodbye and finished transfer points at. */
export const SVG_END_ID = 'flow-end';
const START = 'start';
const END = 'end';
/** DOT names of flow nodes are prefixed so no node id can clash with `start` or `end`. */
const dotName = (id: NodeId): string => `n:${id}`;

interface Look { shape: string; fill: string; style?: string; kind: string }

const LOOKS = {
  menu: { shape: 'box', style: 'rounded,filled', fill: '#dbeafe', kind: 'menu' },
  input: { shape: 'box', style: 'rounded,filled', fill: '#e0f2fe', kind: 'input' },
  say: { shape: 'note', fill: '#f8fafc', kind: 'say' },
  play: { shape: 'tab', fill: '#fef9c3', kind: 'play' },
  dial: { shape: 'hexagon', fill: '#ffedd5', kind: 'dial' },
  record: { shape: 'cylinder', fill: '#fce7f3', kind: 'record' },
  hangup: { shape: 'octagon', fill: '#fee2e2', kind: 'hangup' },
} satisfies Record<FlowNode['type'], Look>;

/** One edge of the diagram; `dashed` for the ways out when something goes wrong. */
export interface DiagramEdge { from: string; to: string; label: string; dashed: boolean }

/**
 * The flow as DOT. Pure: the same flow gives the same text. Node labels show the id, the kind
 * and (in the flow's default language) the start of what the caller hears.
 */
export function flowToDot(flow: Flow): string {
  const lines = [
    'digraph ivr {',
    '  graph [rankdir=TB, bgcolor="transparent", fontname="Helvetica", nodesep=0.35, ranksep=0.45, pad=0.2];',
    '  node [fontname="Helvetica", fontsize=11, color="#334155", penwidth=1.2, style=filled, fillcolor="#ffffff", margin="0.12,0.06"];',
    '  edge [fontname="Helvetica", fontsize=10, color="#475569", fontcolor="#1e293b", arrowsize=0.7];',
    `  ${quote(START)} [id="flow-start", shape=circle, label="", width=0.22, fillcolor="#0f172a"];`,
  ];
  for (const node of flow.nodes.values()) lines.push(`  ${nodeStatement(node, flow)}`);
  const edges = diagramEdges(flow);
  if (edges.some((edge) => edge.to === END)) {
    lines.push(`  ${quote(END)} [id="${SVG_END_ID}", shape=doublecircle, label="end", width=0.3, fontsize=9, fillcolor="#e2e8f0"];`);
  }
  for (const edge of edges) lines.push(`  ${edgeStatement(edge)}`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Every edge, in node order: what the DOT draws (exported so tests can check each is there). */
export function diagramEdges(flow: Flow): DiagramEdge[] {
  const edges: DiagramEdge[] = [{ from: START, to: dotName(flow.entry), label: 'answer', dashed: false }];
  for (const node of flow.nodes.values()) edges.push(...edgesOf(node));
  return edges;
}

function edgesOf(node: FlowNode): DiagramEdge[] {
  const from = dotName(node.id);
  const to = (target: NodeId | undefined): string => (target === undefined ? END : dotName(target));
  const solid = (target: NodeId | undefined, label: string): DiagramEdge => ({ from, to: to(target), label, dashed: false });
  const dashed = (target: NodeId | undefined, label: string): DiagramEdge => ({ from, to: to(target), label, dashed: true });
  switch (node.type) {
    case 'menu':
      return [
        ...[...node.choices].map(([key, choice]) => solid(choice.goto, choice.language === undefined ? key : `${key} (${choice.language})`)),
        ...retryEdges(node, dashed),
      ];
    case 'input':
      return [solid(node.next, `${node.name} entered`), ...retryEdges(node, dashed)];
    case 'say':
    case 'play':
      return [solid(node.next, '')];
    case 'record':
      return [solid(node.next, 'recorded')];
    case 'dial':
      return [solid(node.next, 'call over'), ...dialFailures(node, dashed)];
    case 'hangup':
      return [solid(undefined, '')];
  }
}

/**
 * Silence or a wrong key replays the node (a dashed loop); when the attempts run out the call
 * goes to `onExhausted`, or hears goodbye and ends.
 */
function retryEdges(node: Retries & { id: NodeId }, dashed: (target: NodeId | undefined, label: string) => DiagramEdge): DiagramEdge[] {
  const edges: DiagramEdge[] = [];
  if (node.attempts > 1) edges.push(dashed(node.id, `no key (${node.timeout} s) /\nwrong key: again`));
  edges.push(dashed(node.onExhausted, node.onExhausted === undefined ? `${node.attempts} tries: goodbye` : `${node.attempts} tries used`));
  return edges;
}

/** One dashed edge per target, its label naming every outcome that leads there. */
function dialFailures(node: Extract<FlowNode, { type: 'dial' }>, dashed: (target: NodeId, label: string) => DiagramEdge): DiagramEdge[] {
  const byTarget = new Map<NodeId, string[]>();
  for (const [outcome, target] of [['no answer', node.onNoAnswer], ['busy', node.onBusy], ['failed', node.onFailed]] as const) {
    byTarget.set(target, [...(byTarget.get(target) ?? []), outcome]);
  }
  return [...byTarget].map(([target, outcomes]) => dashed(target, outcomes.join(' / ')));
}

function nodeStatement(node: FlowNode, flow: Flow): string {
  const look: Look = LOOKS[node.type];
  const label = [node.id, `${look.kind}${detailOf(node)}`, ...wrap(hearing(node, flow))].join('\n');
  const style = look.style ?? 'filled';
  return `${quote(dotName(node.id))} [id=${quote(svgNodeId(node.id))}, shape=${look.shape}, style=${quote(style)}, fillcolor=${quote(look.fill)}, label=${quote(label)}];`;
}

/** The short facts after the kind: timeouts and tries, the number dialled, the digits expected. */
function detailOf(node: FlowNode): string {
  switch (node.type) {
    case 'menu':
      return ` · ${node.timeout} s · ${node.attempts} ${node.attempts === 1 ? 'try' : 'tries'}`;
    case 'input':
      return ` · ${node.minDigits === node.maxDigits ? node.minDigits : `${node.minDigits}-${node.maxDigits}`} digits`;
    case 'dial':
      return ` ☎ ${node.number}`;
    case 'record':
      return ` · up to ${node.maxLength} s`;
    default:
      return '';
  }
}

/** What the caller hears at a node, in the default language, cut short. */
function hearing(node: FlowNode, flow: Flow): string {
  const language = flow.defaultLanguage;
  switch (node.type) {
    case 'play':
      return `♪ ${node.audio.get(language) ?? [...node.audio.values()][0] ?? ''}`;
    case 'menu':
    case 'input':
    case 'say':
      return spoken(node.prompt, language);
    default:
      return node.prompt === undefined ? '' : spoken(node.prompt, language);
  }
}

function spoken(prompt: Prompt, language: LanguageId): string {
  const utterances = prompt.get(language) ?? [...prompt.values()][0] ?? [];
  return utterances.map((u) => (u.kind === 'say' ? u.text : `♪ ${u.audio}`)).join(' ');
}

const LINE = 30;
const MAX_LINES = 3;

/** Text in lines of about LINE characters, at most MAX_LINES of them (the last ends with … when cut). */
export function wrap(text: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > LINE) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  if (lines.length <= MAX_LINES) return lines;
  const kept = lines.slice(0, MAX_LINES);
  kept[MAX_LINES - 1] = `${kept[MAX_LINES - 1] ?? ''} …`;
  return kept;
}

function edgeStatement(edge: DiagramEdge): string {
  const attributes = [`label=${quote(edge.label === '' ? '' : ` ${edge.label} `)}`];
  if (edge.dashed) attributes.push('style=dashed', 'color="#94a3b8"', 'fontcolor="#64748b"');
  return `${quote(edge.from)} -> ${quote(edge.to)} [${attributes.join(', ')}];`;
}

/** A DOT double-quoted string: backslashes and quotes escaped, newlines as centred line breaks. */
export function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}
