import type { Flow } from '../src/flow/types.js';
import { respond, type NodeRequest } from '../src/ivr/respond.js';

export interface RenderCase { name: string; request: NodeRequest; expect: string }
export interface RenderFigure { name: string; opsPerSecond: number; microsPerOp: number; bytes: number }

/** One request per kind of answer, against the demo flow; `expect` is the decision it must produce. */
export const RENDER_CASES: RenderCase[] = [
  { name: 'menu (main, enter)', request: { nodeId: 'main', memory: { language: 'en', attempt: 1 }, event: { kind: 'arrive' } }, expect: 'enter' },
  { name: 'say (unavailable)', request: { nodeId: 'unavailable', memory: { language: 'es', attempt: 1 }, event: { kind: 'arrive' } }, expect: 'enter' },
  { name: 'dial (connecting)', request: { nodeId: 'connecting', memory: { language: 'en', attempt: 1 }, event: { kind: 'arrive' } }, expect: 'enter' },
  { name: 'give-up (main, 3rd wrong key)', request: { nodeId: 'main', memory: { language: 'en', attempt: 3 }, event: { kind: 'digits', digits: '9' } }, expect: 'give-up' },
];

/** respond() in a tight loop, no HTTP: operations per second for each case (after a short warm-up). */
export function benchRender(flow: Flow, baseUrl: string, seconds: number): RenderFigure[] {
  return RENDER_CASES.map(({ name, request, expect }) => {
    const reply = respond(flow, request, baseUrl);
    if (reply.decision.kind !== expect) throw new Error(`render case ${name}: decided ${reply.decision.kind}, expected ${expect}`);
    loop(() => respond(flow, request, baseUrl), seconds / 5);
    const { ops, ms } = loop(() => respond(flow, request, baseUrl), seconds);
    return { name, opsPerSecond: (ops / ms) * 1000, microsPerOp: (ms * 1000) / ops, bytes: Buffer.byteLength(reply.xml) };
  });
}

function loop(work: () => unknown, seconds: number): { ops: number; ms: number } {
  const start = performance.now();
  const until = start + seconds * 1000;
  let ops = 0;
  let now = start;
  let sink = 0;
  while (now < until) {
    for (let i = 0; i < 200; i++) sink += (work() as { xml: string }).xml.length;
    ops += 200;
    now = performance.now();
  }
  if (sink === 0) throw new Error('render produced nothing');
  return { ops, ms: now - start };
}
