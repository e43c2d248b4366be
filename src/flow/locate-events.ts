import { EVENT_ID, getScalarValue, SCALAR_STYLE, type Event, type ScalarEvent } from 'js-yaml';
import type { Position } from './locate.js';

/**
 * `locate` (./locate.ts) over js-yaml's event stream instead of the yaml package's Document:
 * the same line and column for the same path, found by walking only the events on the way to
 * it, so a flow with a few findings is located without building a position-keeping Document
 * of the whole file (seconds for 10,000 nodes). It gives up — undefined, and the caller takes
 * the Document path — wherever the two could disagree: aliases, tags and anchors on the way,
 * block scalars and empty values as targets, keys whose type the YAML core schema decides
 * (a plain `1` or `true` is not the string "1" to the yaml package). Pure.
 */
export class EventLocator {
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string, private readonly events: readonly Event[]) {
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) this.lineStarts.push(at + 1);
  }

  /** Where `path` (and, with `key`, that key of the map at `path`) stands; undefined when unsure. */
  locate(path: readonly (string | number)[], key?: string): Position | undefined {
    const nodes = this.walk(path);
    if (nodes === undefined) return undefined;
    const last = path[path.length - 1];
    const target = nodes.length === path.length + 1 ? nodes[path.length] : undefined;
    if (key === undefined && typeof last === 'string' && target !== undefined && this.isCollection(target)) {
      return this.locate(path.slice(0, -1), last);
    }
    for (let depth = nodes.length - 1; depth >= 0; depth--) {
      const node = nodes[depth] as number;
      if (key !== undefined && depth === path.length && this.isMap(node)) {
        const found = this.keyOf(node, key);
        if (found === null) return undefined;
        if (found !== undefined) return this.position(found);
      }
      const start = this.start(node);
      if (start === undefined) return undefined;
      return this.position(start);
    }
    return { line: 1, column: 1 };
  }

  /**
   * The event index of the root and of each node along `path` for as long as it exists (the
   * yaml package's getIn), or undefined when unsure.
   */
  private walk(path: readonly (string | number)[]): number[] | undefined {
    const first = this.events.findIndex((e) => e.type !== EVENT_ID.DOCUMENT);
    if (first === -1 || this.events[first]?.type === EVENT_ID.POP) return [];
    const nodes = [first];
    let node = first;
    for (const element of path) {
      const event = this.events[node];
      if (event === undefined || hasProps(event) || event.type === EVENT_ID.ALIAS) return undefined;
      let child: number | undefined | null;
      if (event.type === EVENT_ID.MAPPING) child = this.valueOf(node, element);
      else if (event.type === EVENT_ID.SEQUENCE) child = this.itemOf(node, element);
      else break;
      if (child === null) return undefined;
      if (child === undefined) break;
      nodes.push(child);
      node = child;
    }
    return nodes;
  }

  /** The value of the pair whose key is the string `element` (yaml's strict match), undefined if none, null if unsure. */
  private valueOf(map: number, element: string | number): number | undefined | null {
    if (typeof element !== 'string') return null;
    for (let at = map + 1; this.events[at]?.type !== EVENT_ID.POP; at = this.after(this.after(at))) {
      const keyEvent = this.events[at];
      if (keyEvent === undefined) return null;
      if (keyEvent.type !== EVENT_ID.SCALAR) continue;
      if (hasProps(keyEvent)) return null;
      if (getScalarValue(this.text, keyEvent) !== element) continue;
      if (keyEvent.style === SCALAR_STYLE.PLAIN && MAYBE_NOT_A_STRING.test(element)) return null;
      return this.after(at);
    }
    return undefined;
  }

  /** Item `element` of a sequence (yaml's asItemIndex), undefined if none. */
  private itemOf(seq: number, element: string | number): number | undefined {
    const index = typeof element === 'string' && element !== '' ? Number(element) : element;
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) return undefined;
    let at = seq + 1;
    for (let i = 0; i < index && this.events[at]?.type !== EVENT_ID.POP; i++) at = this.after(at);
    const event = this.events[at];
    return event === undefined || event.type === EVENT_ID.POP ? undefined : at;
  }

  /** The start offset of the key `key` in a map (String(value) === key), undefined if none, null if unsure. */
  private keyOf(map: number, key: string): number | undefined | null {
    const numberLike = MAYBE_NOT_A_STRING.test(key) || /^-?(Infinity|NaN)$/.test(key);
    for (let at = map + 1; this.events[at]?.type !== EVENT_ID.POP; at = this.after(this.after(at))) {
      const event = this.events[at];
      if (event === undefined) return null;
      if (event.type !== EVENT_ID.SCALAR) continue;
      if (hasProps(event)) return null;
      const value = getScalarValue(this.text, event);
      if (event.style === SCALAR_STYLE.PLAIN && (MAYBE_NOT_A_STRING.test(value) || value === '') && numberLike) return null;
      if (value === key) return this.start(at) ?? null;
    }
    return undefined;
  }

  /** The index just past the node at `at` (its whole subtree). */
  private after(at: number): number {
    let depth = 0;
    let i = at;
    do {
      const event = this.events[i];
      if (event === undefined) return i;
      if (event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) depth++;
      else if (event.type === EVENT_ID.POP) depth--;
      i++;
    } while (depth > 0);
    return i;
  }

  private isCollection(at: number): boolean {
    const type = this.events[at]?.type;
    return type === EVENT_ID.MAPPING || type === EVENT_ID.SEQUENCE;
  }

  private isMap(at: number): boolean {
    return this.events[at]?.type === EVENT_ID.MAPPING;
  }

  /** Where the yaml package's node range starts: a quoted scalar at its quote, a collection where it opens. */
  private start(at: number): number | undefined {
    const event = this.events[at];
    if (event === undefined || hasProps(event)) return undefined;
    if (event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) return event.start;
    if (event.type !== EVENT_ID.SCALAR || event.valueStart < 0) return undefined;
    if (event.style === SCALAR_STYLE.PLAIN) return event.valueStart;
    if (event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED) return event.valueStart - 1;
    return undefined;
  }

  private position(offset: number): Position {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (this.lineStarts[low] ?? 0) + 1 };
  }
}

/** Plain text the YAML core schema may read as null, a boolean or a number (then not equal to a string key). */
const MAYBE_NOT_A_STRING = /^(?:[-+.0-9~]|(?:null|true|false)$)/i;

function hasProps(event: Event): boolean {
  return 'anchorStart' in event && event.type !== EVENT_ID.ALIAS && ((event as ScalarEvent).anchorStart !== -1 || (event as ScalarEvent).tagStart !== -1);
}
