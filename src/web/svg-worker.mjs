/**
 * Worker thread: DOT in (workerData), SVG out (one message `{ok, svg}` or `{ok: false, error}`).
 * Graphviz (WebAssembly) runs synchronously and cannot be interrupted; here it blocks only this
 * thread, which the server terminates when it takes too long. Plain JavaScript on purpose: a
 * worker does not inherit the TypeScript loader, and this needs nothing but @viz-js/viz.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { instance } from '@viz-js/viz';

try {
  const result = (await instance()).render(String(workerData), { format: 'svg' });
  parentPort?.postMessage(result.status === 'success'
    ? { ok: true, svg: result.output }
    : { ok: false, error: `Graphviz could not draw the flow: ${result.errors.map((e) => e.message).join('; ')}` });
} catch (error) {
  parentPort?.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) });
}
