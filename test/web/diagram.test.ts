import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { loadFlowFile } from '../../src/flow/load.js';
import type { Flow, FlowNode } from '../../src/flow/types.js';
import { flowToDot, quote, wrap } from '../../src/web/diagram.js';
import { flowSvg } from '../../src/web/render-svg.js';
import { flowFromText, ROOT } from '../helpers/app.js';

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function load(file: string): Flow {
  const loaded = loadFlowFile(resolve(ROOT, file), {});
  if (!loaded.ok) throw new Error(`${file} does not load`);
  return loaded.flow;
}

/**
 * The edges a flow must have, worked out from the flow itself (not from the diagram code):
 * `from -> to` in DOT names, with the label's words and whether it is dashed.
 */
function expectedEdges(flow: Flow): { from: string; to: string; label: RegExp; dashed: boolean }[] {
  const n = (id: string | undefined): string => (id === undefined ? 'end' : `n:${id}`);
  const edges = [{ from: 'start', to: n(flow.entry), label: /answer/, dashed: false }];
  const retries = (node: FlowNode & { attempts: number; onExhausted: string | undefined }): void => {
    if (node.attempts > 1) edges.push({ from: n(node.id), to: n(node.id), label: /no key .* again/s, dashed: true });
    edges.push({ from: n(node.id), to: n(node.onExhausted), label: new RegExp(`${node.attempts} tries`), dashed: true });
  };
  for (const node of flow.nodes.values()) {
    const from = n(node.id);
    switch (node.type) {
      case 'menu':
        for (const [key, choice] of node.choices) {
          // A choice a caller may say shows its first phrase beside the key.
          const first = choice.say === undefined ? undefined : Object.values(choice.say)[0]?.[0];
          const said = first === undefined ? ' ' : `\\n“${escape(first)}”.* `;
          edges.push({ from, to: n(choice.goto), label: new RegExp(`^ ${escape(key)}${choice.language === undefined ? '' : ` \\(${choice.language}\\)`}${said}$`, 's'), dashed: false });
        }
        retries(node);
        break;
      case 'listen':
        for (const [name, intent] of node.intents) edges.push({ from, to: n(intent.goto), label: new RegExp(`^ ${escape(name)}\\n`), dashed: false });
        if (node.otherwise !== undefined) edges.push({ from, to: n(node.otherwise), label: /anything else/, dashed: true });
        retries(node);
        break;
      case 'input':
        edges.push({ from, to: n(node.next), label: /entered/, dashed: false });
        retries(node);
        break;
      case 'dial':
        edges.push({ from, to: n(node.next), label: /call over/, dashed: false });
        for (const [word, target] of [['no answer', node.onNoAnswer], ['busy', node.onBusy], ['failed', node.onFailed]] as const) {
          edges.push({ from, to: n(target), label: new RegExp(word), dashed: true });
        }
        break;
      case 'hangup':
        edges.push({ from, to: 'end', label: /^$/, dashed: false });
        break;
      case 'condition':
        for (const item of node.cases) edges.push({ from, to: n(item.goto), label: /.+/, dashed: false });
        edges.push({ from, to: n(node.default), label: /otherwise/, dashed: false });
        break;
      case 'hours':
        edges.push({ from, to: n(node.open), label: /open/, dashed: false }, { from, to: n(node.closed), label: /closed/, dashed: false });
        if (node.holiday !== undefined) edges.push({ from, to: n(node.holiday), label: /holiday/, dashed: false });
        break;
      case 'split':
        for (const branch of node.branches) edges.push({ from, to: n(branch.goto), label: /%/, dashed: false });
        break;
      case 'lookup':
        edges.push({ from, to: n(node.next), label: /answered/, dashed: false }, { from, to: n(node.onFailure), label: /failed/, dashed: true }, { from, to: n(node.onTimeout), label: /no answer/, dashed: true });
        if (node.onNotFound !== undefined) edges.push({ from, to: n(node.onNotFound), label: /not found/, dashed: true });
        break;
      default:
        edges.push({ from, to: n(node.next), label: /.*/, dashed: false });
    }
  }
  return edges;
}

/** DOT edge statements, parsed back: from, to, label, dashed. */
function dotEdges(dot: string): { from: string; to: string; label: string; dashed: boolean }[] {
  return [...dot.matchAll(/^ {2}"([^"]+)" -> "([^"]+)" \[label="((?:[^"\\]|\\.)*)"(.*)\];$/gm)].map((m) => ({
    from: m[1] ?? '',
    to: m[2] ?? '',
    label: (m[3] ?? '').replace(/\\n/g, '\n'),
    dashed: (m[4] ?? '').includes('style=dashed'),
  }));
}

describe('the flow diagram (DOT)', () => {
  for (const file of ['ivr.yaml', 'examples/support.yaml', 'examples/clinic.yaml']) {
    it(`draws every node of ${file} with its kind, and every way between them`, () => {
      const flow = load(file);
      const dot = flowToDot(flow);
      for (const node of flow.nodes.values()) {
        assert.match(dot, new RegExp(`^ {2}"n:${node.id}" \\[id="flow-node-${node.id}", .*label="${node.id}\\\\n${node.type}`, 'm'), `node ${node.id}`);
      }
      const drawn = dotEdges(dot);
      const expected = expectedEdges(flow);
      for (const edge of expected) {
        const match = drawn.find((d) => d.from === edge.from && d.to === edge.to && d.dashed === edge.dashed && edge.label.test(d.label));
        assert.ok(match, `edge ${edge.from} -> ${edge.to} (${edge.label}, ${edge.dashed ? 'dashed' : 'solid'}) is missing; drawn: ${JSON.stringify(drawn.filter((d) => d.from === edge.from))}`);
      }
      // Nothing drawn that the flow does not have (dial outcomes sharing a target share an edge).
      assert.ok(drawn.length <= expected.length, `${drawn.length} edges drawn, at most ${expected.length} expected`);
    });
  }

  it('labels digit choices with the key, the language they choose, and what a caller may say', () => {
    const dot = flowToDot(load('ivr.yaml'));
    assert.match(dot, /"n:language" -> "n:main" \[label=" 1 \(en\)\\n“English” \/ “inglés” "\]/);
    assert.match(dot, /"n:language" -> "n:main" \[label=" 2 \(es\)\\n“Spanish” \/ “español” … "\]/);
    assert.match(dot, /"n:main" -> "n:message" \[label=" 1\\n“message” \/ “mensaje” … "\]/);
    const keysOnly = flowToDot(flowFromText(`entry: a
languages: { en: { speak: en-US } }
nodes:
  a: { type: menu, prompt: { en: Press 1. }, choices: { "1": b } }
  b: { type: hangup }
`));
    assert.match(keysOnly, /"n:a" -> "n:b" \[label=" 1 "\]/);
    assert.match(dot, /"n:connecting" -> "n:unavailable" \[label=" no answer \/ busy \/ failed ", style=dashed/);
  });

  it('escapes quotes and backslashes in what the caller hears', () => {
    const flow = flowFromText(`entry: a
languages: { en: { speak: en-US } }
nodes:
  a: { type: say, prompt: { en: 'He said "hi" \\ bye' }, next: b }
  b: { type: hangup }
`);
    const dot = flowToDot(flow);
    assert.match(dot, /He said \\"hi\\" \\\\ bye/);
    assert.equal(quote('a"b\\c\nd'), '"a\\"b\\\\c\\nd"');
  });

  it('cuts long prompts to three lines', () => {
    const lines = wrap('one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen');
    assert.equal(lines.length, 3);
    assert.ok(lines.every((line) => line.length <= 34), lines.join('|'));
    assert.match(lines[2] ?? '', /…$/);
  });
});

describe('the flow diagram (SVG)', () => {
  it('renders with Graphviz, one element per node the page can highlight', async () => {
    const flow = load('examples/support.yaml');
    const svg = await flowSvg(flow);
    assert.match(svg, /<svg /);
    for (const id of flow.nodes.keys()) assert.match(svg, new RegExp(`<g id="flow&#45;node&#45;${id}" class="node">`), id);
    assert.match(svg, /<g id="flow&#45;end" class="node">/);
  });
});
