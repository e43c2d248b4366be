/** Reading attribute values of a validated element, with Plivo's defaults. */
import type { HttpMethod } from './signature.js';
import type { PlivoElement } from './xml.js';

export function stringAttr(element: PlivoElement, name: string, fallback: string): string {
  return element.attributes[name] ?? fallback;
}

export function intAttr(element: PlivoElement, name: string, fallback: number): number {
  const raw = element.attributes[name];
  return raw === undefined ? fallback : Number.parseInt(raw, 10);
}

export function boolAttr(element: PlivoElement, name: string, fallback: boolean): boolean {
  const raw = element.attributes[name];
  return raw === undefined ? fallback : raw === 'true';
}

export function methodAttr(element: PlivoElement, name = 'method'): HttpMethod {
  return element.attributes[name] === 'GET' ? 'GET' : 'POST';
}

/** An optional attribute: its value, or null when absent or empty. */
export function optionalAttr(element: PlivoElement, name: string): string | null {
  const raw = element.attributes[name];
  return raw === undefined || raw === '' ? null : raw;
}
