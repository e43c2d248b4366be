/**
 * Sensitive inputs (`sensitive: true` on an input node: a PIN, a card number) are masked
 * before any event, log line or export is made: their digits are replaced by `•••`.
 */
import type { Flow } from '../flow/types.js';
import { MASK } from './types.js';

const namesByFlow = new WeakMap<Flow, ReadonlySet<string>>();

/** The value names (`name:` of input nodes) the flow marks sensitive. Cached per flow. */
export function sensitiveNames(flow: Flow): ReadonlySet<string> {
  let names = namesByFlow.get(flow);
  if (names === undefined) {
    const found = new Set<string>();
    for (const node of flow.nodes.values()) if (node.type === 'input' && node.sensitive) found.add(node.name);
    // And every variable the flow declares sensitive (a balance a lookup fetched, an account number).
    for (const [name, info] of flow.data.variables) if (info.sensitive) found.add(name);
    names = found;
    namesByFlow.set(flow, names);
  }
  return names;
}

/** Whether the digits typed at `nodeId` are a secret. */
export function isSensitiveNode(flow: Flow, nodeId: string): boolean {
  const node = flow.nodes.get(nodeId);
  return node?.type === 'input' && (node.sensitive || flow.data.variables.get(node.name)?.sensitive === true);
}

/** The sensitive values a call carries (by name), from its state. */
export function sensitiveValues(flow: Flow, values: Readonly<Record<string, string | number | boolean>> | undefined): string[] {
  const names = sensitiveNames(flow);
  if (names.size === 0 || values === undefined) return [];
  return Object.entries(values).filter(([name]) => names.has(name)).map(([, value]) => String(value));
}

/**
 * `text` with every secret replaced by the mask: as carried in URLs (`v.pin=1234`), as typed
 * (`1234`) and as spoken back (`1 2 3 4`). Values of one character are only masked in URLs
 * (masking every `1` of an XML document would hide nothing and break everything).
 */
export function maskText(text: string, secrets: readonly string[]): string {
  if (secrets.length === 0) return text;
  let masked = text.replace(/([?&;]v\.[A-Za-z][A-Za-z0-9_]*=)([^&"'<\s]*)/g, (whole, key: string, value: string) =>
    secrets.includes(decodeURIComponent(value)) ? `${key}${encodeURIComponent(MASK)}` : whole,
  );
  const forms = secrets.filter((s) => s.length > 1).flatMap((s) => [[...s].join(' '), s]);
  for (const form of forms.sort((a, b) => b.length - a.length)) masked = masked.split(form).join(MASK);
  return masked;
}
