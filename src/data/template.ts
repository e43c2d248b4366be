/**
 * `{{name}}` in a prompt: a call variable spoken into the text, optionally in a format that
 * sounds natural on the phone: `{{account | digits}}`, `{{time | datetime}}`,
 * `{{balance | amount:EUR}}`. With a Polly voice a format becomes SSML `<say-as>`; with Plivo's
 * basic voices (no SSML) it becomes words the voice reads well. Values are only ever text: a
 * value holding `<` cannot become markup.
 */
import type { SsmlNode } from './ssml.js';
import type { Value } from './expression.js';

export const FORMATS = ['text', 'digits', 'number', 'ordinal', 'telephone', 'spell', 'date', 'time', 'datetime', 'amount'] as const;
export type Format = (typeof FORMATS)[number];

export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'value'; name: string; format: Format | undefined; argument: string | undefined; offset: number };

export interface TemplateError { offset: number; message: string }

const PLACEHOLDER = /\{\{\s*([^}|\s]*)\s*(?:\|\s*([a-z]*)\s*(?::\s*([A-Za-z]{3})\s*)?)?\}\}/g;
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;

/** Splits a text into words and placeholders. Pure; never throws. */
export function parseTemplate(text: string): { parts: TemplatePart[]; errors: TemplateError[] } {
  const parts: TemplatePart[] = [];
  const errors: TemplateError[] = [];
  let last = 0;
  const addText = (words: string, at: number): void => {
    const stray = words.indexOf('{{');
    if (stray !== -1) errors.push({ offset: at + stray, message: '`{{` without a matching `}}`' });
    parts.push({ kind: 'text', text: words });
  };
  for (const match of text.matchAll(PLACEHOLDER)) {
    const offset = match.index;
    if (offset > last) addText(text.slice(last, offset), last);
    last = offset + match[0].length;
    const [, name = '', format, argument] = match;
    if (!NAME.test(name)) {
      errors.push({ offset, message: `\`${match[0]}\`: a variable name is a letter then letters, digits or _` });
      continue;
    }
    if (format !== undefined && !isFormat(format)) {
      errors.push({ offset, message: `\`${match[0]}\`: unknown format \`${format}\`; formats are ${FORMATS.join(', ')}` });
      continue;
    }
    if (argument !== undefined && format !== 'amount') {
      errors.push({ offset, message: `\`${match[0]}\`: only \`amount\` takes an argument (a currency, amount:USD)` });
      continue;
    }
    parts.push({ kind: 'value', name, format, argument: argument?.toUpperCase(), offset });
  }
  if (last < text.length) addText(text.slice(last), last);
  return { parts, errors };
}

function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

/** How the prompt is spoken: the language (`en-US`), whether the voice takes SSML, the flow's time zone. */
export interface SpeakingOptions { locale: string; ssml: boolean; timeZone: string }

/**
 * Fills the placeholders of a text with the call's values, as SSML nodes (text, and `<say-as>`
 * when the voice takes SSML). A value not set speaks as nothing; `defaultFormat` names how a
 * variable without an explicit format is spoken (digits for what an `input` collected). Pure.
 */
export function fillTemplate(
  parts: readonly TemplatePart[],
  values: Readonly<Record<string, Value | undefined>>,
  options: SpeakingOptions,
  defaultFormat: (name: string) => Format = () => 'text',
): SsmlNode[] {
  const out: SsmlNode[] = [];
  const text = (words: string): void => {
    const previous = out[out.length - 1];
    if (previous?.kind === 'text') out[out.length - 1] = { ...previous, text: previous.text + words };
    else if (words !== '') out.push({ kind: 'text', text: words, offset: 0 });
  };
  for (const part of parts) {
    if (part.kind === 'text') {
      text(part.text);
      continue;
    }
    // Own values only: `{{constructor}}` must not read Object.prototype.
    const value = Object.hasOwn(values, part.name) ? values[part.name] : undefined;
    if (value === undefined || value === '') continue;
    const spoken = speakValue(String(value), part.format ?? defaultFormat(part.name), part.argument, options);
    if (typeof spoken === 'string') text(spoken);
    else out.push(spoken);
  }
  return out;
}

const SAY_AS: Partial<Record<Format, string>> = { digits: 'digits', number: 'cardinal', ordinal: 'ordinal', telephone: 'telephone', spell: 'characters' };

/** One value in a format: words, or a `<say-as>` for an SSML voice. */
export function speakValue(value: string, format: Format, argument: string | undefined, options: SpeakingOptions): string | SsmlNode {
  const interpretAs = SAY_AS[format];
  if (options.ssml && interpretAs !== undefined) {
    return { kind: 'element', name: 'say-as', attributes: { 'interpret-as': interpretAs }, children: [{ kind: 'text', text: value, offset: 0 }], offset: 0 };
  }
  switch (format) {
    case 'text': return value;
    case 'digits': case 'spell': case 'telephone': return [...value.replace(/^\+/, '')].join(' ');
    case 'number': return numberWords(value, options.locale);
    case 'ordinal': return ordinal(value, options.locale);
    case 'date': case 'time': case 'datetime': return dateWords(value, format, options);
    case 'amount': return amountWords(value, argument ?? 'USD', options.locale);
  }
}

function numberWords(value: string, locale: string): string {
  const number = Number(value);
  return Number.isFinite(number) ? new Intl.NumberFormat(locale).format(number) : value;
}

function ordinal(value: string, locale: string): string {
  const number = Number(value);
  if (!Number.isInteger(number)) return value;
  const language = locale.slice(0, 2);
  if (language === 'en') {
    const suffix = { one: 'st', two: 'nd', few: 'rd', other: 'th', zero: 'th', many: 'th' }[new Intl.PluralRules('en-US', { type: 'ordinal' }).select(number)];
    return `${number}${suffix}`;
  }
  if (language === 'fr') return number === 1 ? '1er' : `${number}e`;
  if (language === 'es' || language === 'pt' || language === 'it') return `${number}º`;
  return `${number}.`;
}

function amountWords(value: string, currency: string, locale: string): string {
  const number = Number(value);
  if (!Number.isFinite(number)) return value;
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(number);
  } catch {
    return `${new Intl.NumberFormat(locale).format(number)} ${currency}`;
  }
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const NAIVE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A date or time as a person says it, in the caller's language: "Tuesday, December 1 at 3:30 PM".
 * A value with a zone (`…Z`, `…+01:00`) is an instant, spoken in the flow's time zone; one
 * without (`2026-12-01T15:30`) is a wall-clock time, spoken as written.
 */
function dateWords(value: string, format: 'date' | 'time' | 'datetime', options: SpeakingOptions): string {
  let instant: Date;
  let timeZone = options.timeZone;
  const dateOnly = DATE_ONLY.exec(value);
  const naive = NAIVE.exec(value);
  if (dateOnly !== null) {
    instant = new Date(Date.UTC(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3]), 12));
    timeZone = 'UTC';
  } else if (naive !== null) {
    instant = new Date(Date.UTC(Number(naive[1]), Number(naive[2]) - 1, Number(naive[3]), Number(naive[4]), Number(naive[5]), Number(naive[6] ?? 0)));
    timeZone = 'UTC';
  } else {
    instant = new Date(value);
  }
  if (Number.isNaN(instant.getTime())) return value;
  const date: Intl.DateTimeFormatOptions = { weekday: 'long', month: 'long', day: 'numeric' };
  const time: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };
  const chosen = format === 'date' ? date : format === 'time' ? time : { ...date, ...time };
  return new Intl.DateTimeFormat(options.locale, { ...chosen, timeZone }).format(instant);
}

/** Fills the placeholders in the text of a parsed SSML tree, keeping its markup. Pure. */
export function fillSsml(
  nodes: readonly SsmlNode[],
  values: Readonly<Record<string, Value | undefined>>,
  options: SpeakingOptions,
  defaultFormat?: (name: string) => Format,
): SsmlNode[] {
  return nodes.flatMap((node): SsmlNode[] => {
    if (node.kind === 'element') return [{ ...node, children: fillSsml(node.children, values, options, defaultFormat) }];
    if (!node.text.includes('{{')) return [node];
    // A say-as cannot go inside another say-as, sub or phoneme: there the value is plain words.
    return fillTemplate(parseTemplate(node.text).parts, values, options, defaultFormat);
  });
}
