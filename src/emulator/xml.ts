/**
 * Plivo XML → a typed element tree, and the checks Plivo makes before running a document.
 * DOM-free (fast-xml-parser), so it runs unchanged in Node and in a browser.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ELEMENT_RULES } from './xml-rules.js';

/** One element of a Plivo document, in document order. */
export interface PlivoElement {
  readonly name: string;
  /** Attributes exactly as written (names are case-sensitive, values are raw strings). */
  readonly attributes: Readonly<Record<string, string>>;
  /** The element's own text, trimmed (text of children not included). */
  readonly text: string;
  /** All text of the element and its descendants, in document order (a Speak with SSML is read in order). */
  readonly allText: string;
  readonly children: readonly PlivoElement[];
  /** Where the element sits, e.g. `Response/GetDigits[2]/Speak[1]` (1-based positions). */
  readonly path: string;
}

/** Something Plivo would reject in a document. */
export interface XmlProblem {
  /** Path of the offending element (`''` when the document is not even well-formed XML). */
  readonly path: string;
  readonly message: string;
}

export type XmlReadResult =
  | { readonly ok: true; readonly response: PlivoElement }
  | { readonly ok: false; readonly problems: readonly XmlProblem[] };

type OrderedNode = Record<string, unknown>;

const ATTRIBUTE_PREFIX = '@_';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: ATTRIBUTE_PREFIX,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/**
 * Parse a Plivo XML document and check it: malformed XML, a root other than `<Response>`,
 * unknown elements, attributes an element does not take, wrong nesting, bad attribute values,
 * missing or relative URLs. Pure; never throws; returns every problem found.
 */
export function readPlivoXml(text: string): XmlReadResult {
  const parsed = parseXml(text);
  if (!parsed.ok) return parsed;
  const problems = validatePlivoXml(parsed.response);
  return problems.length === 0 ? parsed : { ok: false, problems };
}

/** Well-formedness and the root element only; see {@link readPlivoXml} for the full checks. */
export function parseXml(text: string): XmlReadResult {
  if (text.trim() === '') return { ok: false, problems: [{ path: '', message: 'empty document' }] };
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    return { ok: false, problems: [{ path: '', message: `malformed XML at ${line}:${col}: ${msg}` }] };
  }
  const roots = (parser.parse(text) as OrderedNode[]).filter((node) => elementName(node) !== null);
  const root = roots[0];
  if (roots.length !== 1 || root === undefined) {
    return { ok: false, problems: [{ path: '', message: 'a document must have exactly one root element' }] };
  }
  const response = toElement(root, '');
  if (response.name !== 'Response') {
    return { ok: false, problems: [{ path: response.name, message: `root element must be <Response>, got <${response.name}>` }] };
  }
  return { ok: true, response };
}

/** Check a parsed tree against Plivo's rules. Pure; returns problems in document order. */
export function validatePlivoXml(response: PlivoElement): XmlProblem[] {
  const problems: XmlProblem[] = [];
  visit(response, null, problems);
  return problems;
}

/** All text of an element and its descendants (e.g. Speak with SSML children), space-joined. */
export function textContent(element: PlivoElement): string {
  return element.allText;
}

function visit(element: PlivoElement, parent: PlivoElement | null, problems: XmlProblem[]): void {
  const report = (message: string): void => {
    problems.push({ path: element.path, message: `<${element.name}>: ${message}` });
  };
  const rule = ELEMENT_RULES[element.name];
  if (rule === undefined) {
    report(`unknown element${suggest(element.name, Object.keys(ELEMENT_RULES))}`);
    return;
  }
  const parentRule = parent === null ? undefined : ELEMENT_RULES[parent.name];
  if (parent !== null && parentRule !== undefined && !parentRule.children.includes(element.name)) {
    const allowed = parentRule.children.length === 0 ? 'nothing' : parentRule.children.join(', ');
    report(`not allowed inside <${parent.name}> (it may contain ${allowed})`);
  }
  for (const name of rule.required ?? []) {
    if (element.attributes[name] === undefined) report(`attribute "${name}" is required`);
  }
  for (const [name, value] of Object.entries(element.attributes)) {
    const check = rule.attributes[name];
    if (check === undefined) {
      const known = Object.keys(rule.attributes);
      const takes = known.length === 0 ? 'takes no attributes' : `takes ${known.join(', ')}`;
      report(`attribute "${name}" is not allowed${suggest(name, known)}; ${element.name} ${takes}`);
      continue;
    }
    const wrong = check(value);
    if (wrong !== null) report(`attribute "${name}" ${wrong}`);
  }
  if (rule.text === 'none' && element.text !== '') {
    report(`takes no text, got "${element.text}"`);
  } else if (typeof rule.text === 'function') {
    if (element.text === '' && element.children.length === 0) report('text is required');
    else if (element.text !== '') {
      const wrong = rule.text(element.text);
      if (wrong !== null) report(`text ${wrong}`);
    }
  }
  for (const child of element.children) visit(child, element, problems);
}

/** " (did you mean "x"?)" when a known name differs only by case, else "". */
function suggest(name: string, known: readonly string[]): string {
  const match = known.find((k) => k.toLowerCase() === name.toLowerCase());
  return match === undefined ? '' : ` (did you mean "${match}"?)`;
}

function elementName(node: OrderedNode): string | null {
  const name = Object.keys(node).find((key) => key !== ':@');
  return name === undefined || name === '#text' ? null : name;
}

function toElement(node: OrderedNode, parentPath: string, position = 1): PlivoElement {
  const name = elementName(node) ?? '';
  const path = parentPath === '' ? name : `${parentPath}/${name}[${position}]`;
  const rawAttributes = (node[':@'] ?? {}) as Record<string, unknown>;
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(rawAttributes)) {
    attributes[key.slice(ATTRIBUTE_PREFIX.length)] = String(value);
  }
  const content = (node[name] ?? []) as OrderedNode[];
  const texts: string[] = [];
  const inOrder: string[] = [];
  const children: PlivoElement[] = [];
  for (const child of content) {
    const childName = elementName(child);
    if (childName === null) {
      const text = child['#text'];
      if (text !== undefined && String(text) !== '') {
        texts.push(String(text));
        inOrder.push(String(text));
      }
    } else {
      const element = toElement(child, path, children.length + 1);
      children.push(element);
      if (element.allText !== '') inOrder.push(element.allText);
    }
  }
  return { name, attributes, text: texts.join(' '), allText: inOrder.join(' '), children, path };
}
