/**
 * SSML in prompts. Plivo's `<Speak>` takes a subset of SSML with its Amazon Polly voices; the
 * plivo SDK has a builder method for each tag. A prompt's text is parsed here into a tree, checked
 * against exactly what Plivo accepts (tag, attribute, attribute value, nesting), and rendered
 * through the SDK's builders, so a tag is never escaped into words the caller hears, and a value
 * spoken into a prompt (`{{name}}`) is only ever text.
 */

export interface SsmlText { kind: 'text'; text: string; offset: number }
export interface SsmlElement {
  kind: 'element';
  name: SsmlTag;
  attributes: Readonly<Record<string, string>>;
  children: readonly SsmlNode[];
  offset: number;
}
export type SsmlNode = SsmlText | SsmlElement;

export interface SsmlError { offset: number; message: string }

export type SsmlTag = 'break' | 'emphasis' | 'lang' | 'p' | 'phoneme' | 'prosody' | 's' | 'say-as' | 'sub' | 'w';

type AttributeRule = { required?: true; valid: (value: string) => boolean; expected: string };
interface TagRule { attributes: Readonly<Record<string, AttributeRule>>; children: readonly SsmlTag[]; empty?: true }

const oneOf = (...values: string[]): Omit<AttributeRule, 'required'> => ({ valid: (value) => values.includes(value), expected: values.join(', ') });
const pattern = (regex: RegExp, expected: string): Omit<AttributeRule, 'required'> => ({ valid: (value) => regex.test(value), expected });
const required = (rule: Omit<AttributeRule, 'required'>): AttributeRule => ({ ...rule, required: true });
const any = (expected: string): Omit<AttributeRule, 'required'> => ({ valid: (value) => value.trim() !== '', expected });

const INLINE: readonly SsmlTag[] = ['break', 'emphasis', 'lang', 'phoneme', 'prosody', 'say-as', 'sub', 'w'];

/** What Plivo's Speak takes (its docs and the SDK's `nestables` and `valid_attributes`). */
const TAGS: Readonly<Record<SsmlTag, TagRule>> = {
  break: {
    attributes: {
      strength: oneOf('none', 'x-weak', 'weak', 'medium', 'strong', 'x-strong'),
      time: pattern(/^(\d{1,4}ms|\d{1,2}(\.\d+)?s)$/, 'a duration such as 500ms or 2s (at most 10s)'),
    },
    children: [],
    empty: true,
  },
  emphasis: { attributes: { level: oneOf('strong', 'moderate', 'reduced') }, children: INLINE },
  lang: { attributes: { 'xml:lang': required(pattern(/^[a-z]{2,3}-[A-Z]{2}$/, 'a language such as es-US')) }, children: [...INLINE, 'p', 's'] },
  p: { attributes: {}, children: ['break', 'emphasis', 'lang', 'prosody', 's', 'say-as', 'sub', 'w'] },
  phoneme: { attributes: { alphabet: oneOf('ipa', 'x-sampa'), ph: required(any('the pronunciation')) }, children: [] },
  prosody: {
    attributes: {
      rate: pattern(/^(x-slow|slow|medium|fast|x-fast|\d{1,3}%)$/, 'x-slow, slow, medium, fast, x-fast or a percentage such as 90%'),
      pitch: pattern(/^(x-low|low|medium|high|x-high|default|[+-]\d{1,3}%)$/, 'x-low, low, medium, high, x-high, default or a change such as +10%'),
      volume: pattern(/^(silent|x-soft|soft|medium|loud|x-loud|default|[+-]\d{1,2}(\.\d+)?dB)$/, 'silent, x-soft, soft, medium, loud, x-loud, default or a change such as +6dB'),
    },
    children: [...INLINE, 'p', 's'],
  },
  s: { attributes: {}, children: INLINE },
  'say-as': {
    attributes: {
      'interpret-as': required(oneOf('characters', 'spell-out', 'cardinal', 'number', 'ordinal', 'digits', 'fraction', 'unit', 'date', 'time', 'address', 'expletive', 'telephone')),
      format: oneOf('mdy', 'dmy', 'ymd', 'md', 'dm', 'ym', 'my', 'd', 'm', 'y'),
    },
    children: [],
  },
  sub: { attributes: { alias: required(any('what to say instead')) }, children: [] },
  w: { attributes: { role: oneOf('amazon:VB', 'amazon:VBD', 'amazon:NN', 'amazon:SENSE_1', 'amazon:DT', 'amazon:IN') }, children: ['break', 'emphasis', 'phoneme', 'prosody', 'say-as', 'sub'] },
};
const TAG_NAMES = Object.keys(TAGS) as SsmlTag[];
const isTag = (name: string): name is SsmlTag => name in TAGS;

/** The tags a prompt at the top of `<Speak>` may use. */
const TOP: readonly SsmlTag[] = TAG_NAMES;

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Whether a prompt's text is SSML (has markup) rather than plain words. */
export function hasMarkup(text: string): boolean {
  return /<[A-Za-z/!?]/.test(text);
}

/**
 * Parses and checks a prompt. Returns the tree, or every problem with its offset into the text.
 * Pure; never throws.
 */
export function parseSsml(text: string): { nodes: SsmlNode[] } | { errors: SsmlError[] } {
  const errors: SsmlError[] = [];
  const root: { name: SsmlTag | undefined; children: SsmlNode[]; offset: number; attributes: Record<string, string> } = { name: undefined, children: [], offset: 0, attributes: {} };
  const stack = [root];
  let i = 0;
  let textStart = 0;
  let buffer = '';
  const flush = (): void => {
    if (buffer !== '') stack[stack.length - 1]!.children.push({ kind: 'text', text: buffer, offset: textStart });
    buffer = '';
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '&') {
      const match = /^&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[a-z]+);/.exec(text.slice(i, i + 12));
      const name = match?.[1];
      const decoded = name === undefined ? undefined : name.startsWith('#x') ? safeCodePoint(parseInt(name.slice(2), 16)) : name.startsWith('#') ? safeCodePoint(Number(name.slice(1))) : ENTITIES[name];
      if (match === null || decoded === undefined) {
        errors.push({ offset: i, message: 'a bare `&`: write `&amp;` (or use "and")' });
        i += 1;
        continue;
      }
      if (buffer === '') textStart = i;
      buffer += decoded;
      i += match[0].length;
      continue;
    }
    if (ch !== '<') {
      if (buffer === '') textStart = i;
      buffer += ch;
      i += 1;
      continue;
    }
    flush();
    const close = text.indexOf('>', i);
    if (close === -1) {
      errors.push({ offset: i, message: 'a `<` that opens no tag: write `&lt;` for the character' });
      break;
    }
    const inside = text.slice(i + 1, close);
    if (inside.startsWith('!--') || inside.startsWith('?') || inside.startsWith('!')) {
      errors.push({ offset: i, message: 'comments, declarations and processing instructions are not allowed in a prompt' });
      i = close + 1;
      continue;
    }
    if (inside.startsWith('/')) {
      const name = inside.slice(1).trim();
      const open = stack[stack.length - 1]!;
      if (open.name === undefined) errors.push({ offset: i, message: `\`</${name}>\` closes nothing` });
      else if (open.name !== name) errors.push({ offset: i, message: `\`</${name}>\` where \`</${open.name}>\` was expected` });
      else {
        stack.pop();
        const parent = stack[stack.length - 1]!;
        parent.children.push({ kind: 'element', name: open.name, attributes: open.attributes, children: open.children, offset: open.offset });
      }
      i = close + 1;
      continue;
    }
    const selfClosing = inside.endsWith('/');
    const tag = parseTag(selfClosing ? inside.slice(0, -1) : inside, i + 1, errors);
    i = close + 1;
    if (tag === undefined) continue;
    const parent = stack[stack.length - 1]!;
    const allowed: readonly SsmlTag[] = parent.name === undefined ? TOP : TAGS[parent.name].children;
    if (!isTag(tag.name)) {
      errors.push({ offset: tag.offset, message: `unknown tag \`<${tag.name}>\`: Plivo's Speak takes ${TAG_NAMES.map((name) => `<${name}>`).join(', ')}` });
      if (!selfClosing) stack.push({ name: undefined, children: [], offset: tag.offset, attributes: {} });
      continue;
    }
    if (!allowed.includes(tag.name)) errors.push({ offset: tag.offset, message: `\`<${tag.name}>\` cannot be inside \`<${parent.name}>\`` });
    checkAttributes(tag.name, tag.attributes, tag.offset, errors);
    const rule: TagRule = TAGS[tag.name];
    if (selfClosing || rule.empty === true) {
      parent.children.push({ kind: 'element', name: tag.name, attributes: tag.attributes, children: [], offset: tag.offset });
    } else {
      stack.push({ name: tag.name, children: [], offset: tag.offset, attributes: tag.attributes });
    }
  }
  flush();
  for (const open of stack.slice(1).reverse()) errors.push({ offset: open.offset, message: `\`<${open.name ?? '?'}>\` is never closed` });
  return errors.length > 0 ? { errors } : { nodes: root.children };
}

function parseTag(inside: string, offset: number, errors: SsmlError[]): { name: string; attributes: Record<string, string>; offset: number } | undefined {
  const name = /^[A-Za-z][\w:.-]*/.exec(inside)?.[0];
  if (name === undefined) {
    errors.push({ offset: offset - 1, message: 'a `<` that opens no tag: write `&lt;` for the character' });
    return undefined;
  }
  const attributes: Record<string, string> = {};
  const attribute = /\s+([A-Za-z][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
  let at = name.length;
  while (at < inside.length) {
    attribute.lastIndex = at;
    const match = attribute.exec(inside);
    if (match === null) {
      if (inside.slice(at).trim() === '') break;
      errors.push({ offset: offset + at, message: `\`<${name}>\`: attributes are written name="value"` });
      return undefined;
    }
    attributes[match[1]!] = match[2] ?? match[3] ?? '';
    at = attribute.lastIndex;
  }
  return { name, attributes, offset: offset - 1 };
}

function checkAttributes(name: SsmlTag, attributes: Readonly<Record<string, string>>, offset: number, errors: SsmlError[]): void {
  const rules: Readonly<Record<string, AttributeRule>> = TAGS[name].attributes;
  const allowed = Object.keys(rules);
  for (const [attribute, value] of Object.entries(attributes)) {
    const rule = rules[attribute];
    if (rule === undefined) {
      errors.push({ offset, message: `\`<${name}>\` has no attribute \`${attribute}\`${allowed.length > 0 ? `; it takes ${allowed.join(', ')}` : ''}` });
    } else if (!rule.valid(value)) {
      errors.push({ offset, message: `\`<${name} ${attribute}="${value}">\`: expected ${rule.expected}` });
    }
  }
  for (const [attribute, rule] of Object.entries(rules)) {
    if (rule.required === true && !(attribute in attributes)) errors.push({ offset, message: `\`<${name}>\` needs \`${attribute}\` (${rule.expected})` });
  }
}

function safeCodePoint(code: number): string | undefined {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

// ---- rendering through the SDK's builders ----

type Attributes = Readonly<Record<string, string>>;
/** The SDK's Speak element and its SSML children (typed here: the SDK's typings return `object`). */
export interface SpeakBuilder {
  addText(text: string): unknown;
  addBreak(attributes: Attributes): SpeakBuilder;
  addEmphasis(body: string, attributes: Attributes): SpeakBuilder;
  addLang(body: string, attributes: Attributes): SpeakBuilder;
  addP(body: string): SpeakBuilder;
  addPhoneme(body: string, attributes: Attributes): SpeakBuilder;
  addProsody(body: string, attributes: Attributes): SpeakBuilder;
  addS(body: string): SpeakBuilder;
  addSayAs(body: string, attributes: Attributes): SpeakBuilder;
  addSub(body: string, attributes: Attributes): SpeakBuilder;
  addW(body: string, attributes: Attributes): SpeakBuilder;
}

/** Adds a parsed tree to a Speak element: text through `addText` (escaped), each tag through its builder. */
export function renderSsml(into: SpeakBuilder, nodes: readonly SsmlNode[]): void {
  for (const node of nodes) {
    if (node.kind === 'text') {
      if (node.text !== '') into.addText(node.text);
      continue;
    }
    const only = node.children.length === 1 && node.children[0]!.kind === 'text' ? node.children[0]!.text : undefined;
    const body = only ?? '';
    const child = addElement(into, node.name, body, node.attributes);
    if (only === undefined) renderSsml(child, node.children);
  }
}

function addElement(into: SpeakBuilder, name: SsmlTag, body: string, attributes: Attributes): SpeakBuilder {
  switch (name) {
    case 'break': return into.addBreak(attributes);
    case 'emphasis': return into.addEmphasis(body, attributes);
    case 'lang': return into.addLang(body, attributes);
    case 'p': return into.addP(body);
    case 'phoneme': return into.addPhoneme(body, attributes);
    case 'prosody': return into.addProsody(body, attributes);
    case 's': return into.addS(body);
    case 'say-as': return into.addSayAs(body, attributes);
    case 'sub': return into.addSub(body, attributes);
    case 'w': return into.addW(body, attributes);
    default: return unreachable(name);
  }
}

function unreachable(value: never): never {
  throw new Error(`unexpected ${String(value)}`);
}

/** The words of a tree without its markup: what a voice without SSML (Plivo's WOMAN/MAN) is given, and what logs and transcripts show. */
export function plainText(nodes: readonly SsmlNode[]): string {
  return nodes.map((node) => (node.kind === 'text' ? node.text : node.name === 'sub' ? (node.attributes['alias'] ?? '') : plainText(node.children))).join('');
}

/** Whether Plivo speaks SSML with this voice: only its Amazon Polly voices do (`Polly.Joanna`, `Polly.Joanna-Neural`). */
export function voiceTakesSsml(voice: string): boolean {
  return /^Polly\.[A-Z][A-Za-z]+(-Neural)?$/.test(voice);
}

/** Offset into a text → 1-based line and column within it. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}
