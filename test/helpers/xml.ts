import { XMLParser } from 'fast-xml-parser';

/** One Plivo XML element, in document order. */
export interface Element { name: string; attributes: Record<string, string>; text: string; children: Element[] }

const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, parseAttributeValue: false, trimValues: true });

/** Parses a Plivo document; throws unless the root is <Response>. */
export function parsePlivoXml(xml: string): Element {
  const nodes = parser.parse(xml) as unknown[];
  const root = nodes.map(toElement).find((e): e is Element => e !== undefined && !e.name.startsWith('?'));
  if (root?.name !== 'Response') throw new Error(`not a Plivo document: ${xml.slice(0, 80)}`);
  return root;
}

function toElement(node: unknown): Element | undefined {
  const record = node as Record<string, unknown>;
  const name = Object.keys(record).find((key) => key !== ':@' && key !== '#text');
  if (name === undefined) return undefined;
  const content = (record[name] as unknown[]) ?? [];
  const text = content.map((c) => (c as Record<string, unknown>)['#text']).filter((t) => t !== undefined).join('');
  return {
    name,
    attributes: (record[':@'] as Record<string, string> | undefined) ?? {},
    text: String(text),
    children: content.map(toElement).filter((e): e is Element => e !== undefined),
  };
}

/** Every element below `root`, depth first, in document order. */
export function descendants(root: Element): Element[] {
  return root.children.flatMap((child) => [child, ...descendants(child)]);
}
