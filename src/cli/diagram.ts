/**
 * `npm run diagram [-- out.svg] [--flow FILE]`: the flow as an SVG diagram (default
 * docs/flow.svg from $IVR_CONFIG or ivr.yaml), the same drawing the page at / shows.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { formatProblems } from '../flow/format.js';
import { loadFlowFile } from '../flow/load.js';
import { flowToDot } from '../web/diagram.js';
import { flowSvg } from '../web/render-svg.js';
import { readArgs, runCli } from './args.js';

const USAGE = `usage: npm run diagram -- [OUT.svg] [--flow FILE]

  OUT.svg       where to write the diagram (default docs/flow.svg)
  --flow FILE   the flow to draw (default: $IVR_CONFIG or ivr.yaml)
  --dot         print the Graphviz DOT source instead of writing SVG
  -h, --help    this text`;

async function main(): Promise<number> {
  const { values, positionals } = readArgs(USAGE, { flow: { type: 'string' }, dot: { type: 'boolean', default: false } }, { maxPositionals: 1 });
  const file = values.flow ?? process.env['IVR_CONFIG'] ?? 'ivr.yaml';
  const loaded = loadFlowFile(file, process.env);
  if (!loaded.ok) {
    process.stderr.write(`${formatProblems(loaded.problems)}\n${loaded.problems.length} problem(s): nothing drawn.\n`);
    return 1;
  }
  if (values.dot) {
    process.stdout.write(flowToDot(loaded.flow));
    return 0;
  }
  const out = positionals[0] ?? 'docs/flow.svg';
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, await flowSvg(loaded.flow));
  process.stdout.write(`wrote ${out}: ${loaded.flow.nodes.size} nodes of ${file}\n`);
  return 0;
}

runCli('diagram', USAGE, main);
