import { isCollection, isMap, isNode, isPair, isScalar, type Document, type LineCounter, type Node } from 'yaml';

export interface Position { line: number; column: number }

/**
 * Finds where `path` stands in the YAML document: a scalar value where it starts; a map or
 * list by its key in the parent (`main:` rather than the first line inside it); with `key`
 * set, that key of the map at `path` (for unknown or misnamed fields). Falls back to the
 * nearest existing ancestor, so a problem always has a line. Never throws.
 */
export function locate(doc: Document, lines: LineCounter, path: readonly (string | number)[], key?: string): Position {
  const last = path[path.length - 1];
  if (key === undefined && typeof last === 'string' && isCollection(nodeAt(doc, path))) {
    return locate(doc, lines, path.slice(0, -1), last);
  }
  for (let depth = path.length; depth >= 0; depth--) {
    const node = nodeAt(doc, path.slice(0, depth));
    if (!node) continue;
    if (key !== undefined && depth === path.length && isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === key);
      if (pair && isNode(pair.key) && pair.key.range) return toPosition(lines, pair.key.range[0]);
    }
    if (node.range) return toPosition(lines, node.range[0]);
  }
  return { line: 1, column: 1 };
}

/**
 * Where the character `offset` into the scalar at `path` is in the file: plain and quoted
 * scalars on their line (after the quote), block scalars (`|`, `>`) line by line below their
 * header. Escapes in double-quoted strings are not counted (a close position, not an exact one).
 */
export function locateOffset(doc: Document, lines: LineCounter, source: string, path: readonly (string | number)[], offset: number): Position {
  const node = nodeAt(doc, path);
  if (!isScalar(node) || node.range === undefined || node.range === null) return locate(doc, lines, path);
  const start = node.range[0];
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    const headerEnd = source.indexOf('\n', start);
    if (headerEnd === -1) return toPosition(lines, start);
    const body = source.slice(headerEnd + 1, node.range[1]);
    const indent = /^ */.exec(body)?.[0].length ?? 0;
    const value = String(node.value);
    const before = value.slice(0, offset).split('\n');
    const lineIndex = before.length - 1;
    const header = lines.linePos(start);
    return { line: header.line + 1 + lineIndex, column: indent + (before[lineIndex]?.length ?? 0) + 1 };
  }
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0;
  return toPosition(lines, Math.min(start + quoted + offset, node.range[1]));
}

function nodeAt(doc: Document, path: readonly (string | number)[]): Node | undefined {
  if (path.length === 0) return isNode(doc.contents) ? doc.contents : undefined;
  const found: unknown = doc.getIn(path, true);
  return isNode(found) ? found : undefined;
}

function toPosition(lines: LineCounter, offset: number): Position {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}
