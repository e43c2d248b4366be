/**
 * The diagram the page shows, drawn without ever blocking a webhook: Graphviz runs in a worker
 * thread, bounded in time (the worker is terminated) and in size (a flow with too many nodes
 * is not drawn), one drawing at a time, and each flow version is drawn once.
 */
import { Worker } from 'node:worker_threads';
import type { Flow } from '../flow/types.js';
import { flowToDot } from './diagram.js';
import { DiagramError } from './render-svg.js';

export interface DiagramLimits {
  /** Longest a drawing may take (ms); default 10 s. */
  timeoutMs?: number;
  /** Most nodes drawn; a bigger flow gets a message instead. Default 400. */
  maxNodes?: number;
}

/** Returns the SVG of a flow: its diagram, or a picture of a sentence saying why there is none. */
export type DiagramRenderer = (flow: Flow) => Promise<string>;

type WorkerReply = { ok: true; svg: string } | { ok: false; error: string };

/** Most DOT text handed to Graphviz (a 400-node flow is ~100 kB). */
const MAX_DOT_CHARS = 1024 * 1024;

export function diagramRenderer(limits: DiagramLimits = {}): DiagramRenderer {
  const timeoutMs = limits.timeoutMs ?? 10_000;
  const maxNodes = limits.maxNodes ?? 400;
  let last: { version: string; svg: Promise<string> } | undefined;
  // Every drawing waits for the one before: never two Graphviz runs at once.
  let queue: Promise<unknown> = Promise.resolve();

  return (flow) => {
    if (last?.version === flow.version) return last.svg;
    const svg = queue.then(() => draw(flow, timeoutMs, maxNodes));
    queue = svg.catch(() => undefined);
    const drawn = { version: flow.version, svg };
    // A drawing that failed (Graphviz refused the graph) is not kept: the next request tries again.
    svg.catch(() => {
      if (last === drawn) last = undefined;
    });
    last = drawn;
    return svg;
  };
}

async function draw(flow: Flow, timeoutMs: number, maxNodes: number): Promise<string> {
  if (flow.nodes.size > maxNodes) {
    return messageSvg(`This flow has ${flow.nodes.size} nodes: too many to draw here (at most ${maxNodes}). Use npm run diagram to draw it.`);
  }
  const dot = flowToDot(flow);
  if (dot.length > MAX_DOT_CHARS) return messageSvg('This flow is too big to draw here. Use npm run diagram to draw it.');
  const reply = await inWorker(dot, timeoutMs);
  if (reply === 'timeout') return messageSvg(`Drawing this flow took longer than ${Math.round(timeoutMs / 1000)} s and was stopped. Use npm run diagram to draw it.`);
  if (!reply.ok) throw new DiagramError(reply.error);
  return reply.svg;
}

function inWorker(dot: string, timeoutMs: number): Promise<WorkerReply | 'timeout'> {
  return new Promise((done, fail) => {
    const worker = new Worker(new URL('./svg-worker.mjs', import.meta.url), { workerData: dot, resourceLimits: { maxOldGenerationSizeMb: 256 } });
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(() => settle(() => done('timeout')), timeoutMs);
    worker.once('message', (reply: WorkerReply) => settle(() => done(reply)));
    worker.once('error', (error) => settle(() => fail(new DiagramError(`Graphviz failed: ${error.message}`))));
    worker.once('exit', (code) => settle(() => fail(new DiagramError(`Graphviz stopped (exit code ${code}) before drawing the flow`))));
  });
}

/** An SVG showing one sentence, where the diagram would be. */
function messageSvg(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="720" height="48" viewBox="0 0 720 48"><text x="8" y="28" font-family="sans-serif" font-size="14">${escaped}</text></svg>`;
}
