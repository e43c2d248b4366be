/** DOT → SVG with Graphviz compiled to WebAssembly (@viz-js/viz): no binary to install, no network. */
import { instance, type Viz } from '@viz-js/viz';
import type { Flow } from '../flow/types.js';
import { flowToDot } from './diagram.js';

let viz: Promise<Viz> | undefined;

/** Thrown when Graphviz refuses a graph; `message` carries its own errors. */
export class DiagramError extends Error {
  override name = 'DiagramError';
}

/** Renders DOT to an SVG document (text). The WebAssembly module is loaded once, on first use. */
export async function renderSvg(dot: string): Promise<string> {
  viz ??= instance();
  const result = (await viz).render(dot, { format: 'svg' });
  if (result.status !== 'success') {
    throw new DiagramError(`Graphviz could not draw the flow: ${result.errors.map((e) => e.message).join('; ')}`);
  }
  return result.output;
}

/** The flow's diagram as SVG text. */
export function flowSvg(flow: Flow): Promise<string> {
  return renderSvg(flowToDot(flow));
}
