/**
 * Transcript lines in the caller's terms, for whoever knows the flow (the page, `npm run
 * simulate`, the demo): a key press says which menu asked, which of its attempts this was, and
 * whether the key is one of its choices. The emulator alone only knows Plivo's side of it.
 * Pure; runs in Node and in the browser.
 */
import { describeEvent, type TranscriptEvent } from '../emulator/index.js';
import type { NodeView } from './flow-view.js';

/** The nodes of a flow, as GET /api/flow gives them. */
export interface FlowNodes { nodes: readonly NodeView[] }

/** `describeEvent`, with key presses told against the flow. */
export function narrator(view: FlowNodes): (event: TranscriptEvent) => string {
  const nodes = new Map(view.nodes.map((node) => [node.id, node]));
  return (event) => {
    if (event.type !== 'gather' || event.action === null) return describeEvent(event);
    const asked = requestedNode(event.action);
    const node = asked === undefined ? undefined : nodes.get(asked.id);
    if (node === undefined || asked === undefined || (node.type !== 'menu' && node.type !== 'input')) return describeEvent(event);
    const attempt = `attempt ${asked.attempt}${node.attempts === undefined ? '' : ` of ${node.attempts}`}`;
    if (event.pressed === null) return `☎ silence  (${node.type} \`${node.id}\`, ${attempt})`;
    if (node.type === 'input') return `☎ type ${event.pressed}  (input \`${node.id}\`, ${attempt})`;
    const target = node.routes[event.digits];
    const meaning = target === undefined ? `${event.digits} is not a choice` : `choice ${event.digits} → ${target ?? 'the end'}`;
    return `☎ press ${event.pressed}: ${meaning}  (menu \`${node.id}\`, ${attempt})`;
  };
}

/** The node and attempt a webhook URL (`/node/main?lang=en&attempt=2`) is for. */
function requestedNode(url: string): { id: string; attempt: number } | undefined {
  const parsed = new URL(url, 'http://localhost');
  const match = /\/node\/([^/]+)$/.exec(parsed.pathname);
  if (match?.[1] === undefined) return undefined;
  // The attempt is a plain query parameter (the sealed part is the server's: the page never opens it, and never bundles its crypto).
  const attempt = Number(parsed.searchParams.get('attempt') ?? '1');
  return { id: decodeURIComponent(match[1]), attempt: Number.isInteger(attempt) && attempt >= 1 ? attempt : 1 };
}
