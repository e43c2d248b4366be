/**
 * A flow as a Graphviz DOT graph: one box per node (its shape says its kind), solid edges for
 * the way a caller goes on (digits, `next`), dashed ones for what happens when things go wrong
 * (silence or a wrong key, attempts used up, a transfer nobody answers).
 */
import type { Flow, FlowNode, NodeId } from '../flow/types.js';
import { kindOf } from '../nodes/index.js';

/** The SVG element id of a flow node (`<g id="flow-node-main">`); the page highlights it. */
export const svgNodeId = (id: NodeId): string => `flow-node-${id}`;
/** The synthetic "the call ends" node every goodbye and finished transfer points at. */
export const SVG_END_ID = 'flow-end';
const START = 'start';
const END = 'end';
/** DOT names of flow nodes are prefixed so no node id can clash with `start` or `end`. */
const dotName = (id: NodeId): string => `n:${id}`;

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

/**
 * The node's exits as edges: solid for the way on, dashed for what happens when things go
 * wrong, the dashed ones that lead to the same place drawn as one arrow naming every outcome
 * (`no answer / busy / failed`).
 */
function edgesOf(node: FlowNode): DiagramEdge[] {
  const from = dotName(node.id);
  const edges: DiagramEdge[] = [];
  for (const exit of kindOf(node.type).exits(node)) {
    const to = exit.to === undefined ? END : dotName(exit.to);
    const same = exit.dashed ? edges.find((edge) => edge.dashed && edge.to === to) : undefined;
    if (same) same.label = `${same.label} / ${exit.label}`;
    else edges.push({ from, to, label: exit.label, dashed: exit.dashed });
  }
  return edges;
}

function nodeStatement(node: FlowNode, flow: Flow): string {
  const kind = kindOf(node.type);
  const { facts, hears } = kind.describe(node, flow.defaultLanguage);
  const label = [node.id, `${node.type}${facts}`, ...wrap(hears)].join('\n');
  const style = kind.look.rounded ? 'rounded,filled' : 'filled';
  return `${quote(dotName(node.id))} [id=${quote(svgNodeId(node.id))}, shape=${kind.look.shape}, style=${quote(style)}, fillcolor=${quote(kind.look.fill)}, label=${quote(label)}];`;
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
