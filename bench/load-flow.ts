/**
 * Load + validate timings and resident memory, in a fresh child process (bench/run.ts forks it
 * with --expose-gc) so that the memory is the flow's and not the HTTP benchmark's.
 *   node --expose-gc --import tsx bench/load-flow.ts <flow.yaml> [runs]
 * Prints one JSON line (`LoadFigures`). The flow is loaded the way the server loads it
 * (loadFlowFile: read, parse, schema, checks incl. audio files, compile).
 */
import { resolve } from 'node:path';
import { loadFlowFile } from '../src/flow/load.js';

export interface LoadRuns { coldMs: number; runsMs: number[]; medianMs: number; nodes: number; warnings: number }
export interface LoadFigures {
  demo: LoadRuns;
  large: LoadRuns & {
    /** Resident memory before loading, right after loading (gc'd), and 3 s later (gc'd, once V8 has given back the parser's pages). */
    rssBeforeMb: number;
    rssAfterLoadMb: number;
    rssSettledMb: number;
    /** What the loaded flow keeps on the heap. */
    heapRetainedMb: number;
    gc: boolean;
  };
}

const ROOT = resolve(import.meta.dirname, '..');
const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/** Loads `path` `runs` times; the first run is the cold one (Ajv compiles the schema, V8 has not optimised anything yet). */
function timeLoads(path: string, runs: number): LoadRuns & { flow: unknown } {
  const runsMs: number[] = [];
  let flow: unknown;
  let nodes = 0;
  let warnings = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = loadFlowFile(path, {});
    runsMs.push(performance.now() - start);
    if (!result.ok) throw new Error(`${path} does not load: ${result.problems.slice(0, 3).map((p) => `${p.line}:${p.column} ${p.message}`).join('; ')}`);
    if (i === 0) {
      flow = result.flow;
      nodes = result.flow.nodes.size;
      warnings = result.warnings.length;
    }
  }
  return { coldMs: runsMs[0] ?? NaN, runsMs, medianMs: median(runsMs), nodes, warnings, flow };
}

const largePath = process.argv[2];
if (largePath === undefined) throw new Error('usage: bench/load-flow.ts <flow.yaml> [runs]');
const runs = Number(process.argv[3] ?? '3');

gc();
const before = process.memoryUsage();
// The large flow first, in a process that has loaded nothing yet, once: what a server start
// costs and keeps. The timing runs come after the memory is read, so their garbage is not counted.
const { flow, ...first } = timeLoads(largePath, 1);
gc();
const afterLoad = process.memoryUsage();
await new Promise((done) => setTimeout(done, 3000));
gc();
const settled = process.memoryUsage();
const more = timeLoads(largePath, Math.max(0, runs - 1));
const runsMs = [...first.runsMs, ...more.runsMs];
const large = { ...first, runsMs, medianMs: median(runsMs) };
const { flow: _demoFlow, ...demo } = timeLoads(resolve(ROOT, 'ivr.yaml'), 7);

const figures: LoadFigures = {
  demo,
  large: {
    ...large,
    rssBeforeMb: before.rss / MB,
    rssAfterLoadMb: afterLoad.rss / MB,
    rssSettledMb: settled.rss / MB,
    heapRetainedMb: (settled.heapUsed - before.heapUsed) / MB,
    gc: (globalThis as { gc?: unknown }).gc !== undefined,
  },
};
if (flow === undefined) throw new Error('unreachable: no flow');
process.stdout.write(`${JSON.stringify(figures)}\n`);
