/** The shape of Plivo's element rules and the value checks more than one element uses. */

/** Returns null when the value is acceptable, else what is wrong with it. */
export type ValueCheck = (value: string) => string | null;

export interface ElementRule {
  /** Attribute name (case-sensitive) → check of its value. */
  readonly attributes: Readonly<Record<string, ValueCheck>>;
  /** Attributes the element cannot do without. */
  readonly required?: readonly string[];
  /** Elements allowed as children. */
  readonly children: readonly string[];
  /** 'none': no text allowed; 'optional': any text; a check: text required and checked. */
  readonly text: 'none' | 'optional' | ValueCheck;
}

export const absoluteUrl: ValueCheck = (v) =>
  /^https?:\/\/[^\s/?#]+[^\s]*$/i.test(v.trim()) ? null : `must be an absolute http(s) URL, got "${v}"`;
