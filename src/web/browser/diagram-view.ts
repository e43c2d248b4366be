/** The flow's diagram on the page (an inline SVG from /api/flow.svg), following the browser call. */

const NODE_PREFIX = 'flow-node-';
const END_ID = 'flow-end';

export class DiagramView {
  private version = '';
  private visited = new Set<string>();
  private current: string | null = null;

  constructor(private readonly box: HTMLElement) {}

  /** Fetches and shows the diagram when `version` differs from the one shown. */
  async load(version: string): Promise<void> {
    if (version === this.version) return;
    const response = await fetch('/api/flow.svg', { cache: 'no-cache' });
    if (!response.ok) throw new Error(`the diagram did not load (HTTP ${response.status})`);
    const parsed = new DOMParser().parseFromString(await response.text(), 'image/svg+xml');
    const svg = parsed.documentElement;
    if (svg.nodeName !== 'svg') throw new Error('the diagram is not an SVG');
    svg.setAttribute('aria-hidden', 'true');
    this.box.replaceChildren(document.importNode(svg, true));
    this.version = version;
    this.paint();
  }

  /** A new call: nothing visited yet. */
  reset(): void {
    this.visited.clear();
    this.current = null;
    this.paint();
  }

  /** The call is at node `id` now (null: at the end). */
  show(id: string | null): void {
    const element = id === null ? END_ID : NODE_PREFIX + id;
    this.current = element;
    this.visited.add(element);
    this.paint();
    this.keepInView(element);
  }

  /**
   * Scrolls the diagram's own box (never the page) so the lit node is inside it: on a small
   * screen the drawing keeps a readable size and the box follows the call.
   */
  private keepInView(id: string): void {
    const node = this.box.querySelector(`[id="${CSS.escape(id)}"]`);
    if (node === null) return;
    const box = this.box.getBoundingClientRect();
    const at = node.getBoundingClientRect();
    const margin = 16;
    if (at.top < box.top + margin || at.bottom > box.bottom - margin) {
      // Near the top of the box: on a phone the box's lower part may be below the screen's edge.
      this.box.scrollTop += at.top - box.top - Math.min(margin * 3, Math.max(0, (box.height - at.height) / 2));
    }
    if (at.left < box.left + margin || at.right > box.right - margin) {
      this.box.scrollLeft += at.left - box.left - (box.width - at.width) / 2;
    }
  }

  private paint(): void {
    for (const node of Array.from(this.box.querySelectorAll('g.node'))) {
      node.classList.toggle('visited', this.visited.has(node.id));
      node.classList.toggle('current', node.id === this.current);
    }
    const where = this.current === null ? '' : `; the call is at ${this.current === END_ID ? 'the end' : this.current.slice(NODE_PREFIX.length)}`;
    this.box.setAttribute('aria-label', `Diagram of the phone menu${where}`);
  }
}

/** The node a webhook URL serves (`/node/<id>…`), or null for any other URL. */
export function nodeOfUrl(url: string): string | null {
  const match = /\/node\/([^/?#]+)/.exec(new URL(url, 'http://x').pathname);
  return match?.[1] === undefined ? null : decodeURIComponent(match[1]);
}
