import { descendants, parsePlivoXml, type Element } from './xml.js';

/** Plivo's answer to one webhook request, parsed. */
export interface Answer { status: number; contentType: string; xml: string; doc: Element }

/** Calls a webhook the way Plivo does: form-encoded POST (or GET with a query). */
export async function webhook(url: string, params: Record<string, string> = {}, method: 'GET' | 'POST' = 'POST'): Promise<Answer> {
  const body = new URLSearchParams({ CallUUID: 'test-call', ...params });
  const response =
    method === 'POST'
      ? await fetch(url, { method, body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
      : await fetch(`${url}${url.includes('?') ? '&' : '?'}${body.toString()}`);
  const xml = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', xml, doc: parsePlivoXml(xml) };
}

/** Every Speak in order: what the caller hears, in which Plivo language. */
export function spoken(doc: Element): { text: string; language: string }[] {
  return descendants(doc).filter((e) => e.name === 'Speak').map((e) => ({ text: e.text, language: e.attributes['language'] ?? '' }));
}

export function played(doc: Element): string[] {
  return descendants(doc).filter((e) => e.name === 'Play').map((e) => e.text);
}

/** The menu's input element: GetDigits (keys only) or GetInput (a menu that listens). */
export function gatherOf(doc: Element): Element | undefined {
  return doc.children.find((e) => e.name === 'GetDigits' || e.name === 'GetInput');
}

export function redirectOf(doc: Element): string | undefined {
  return doc.children.find((e) => e.name === 'Redirect')?.text;
}

export function dialOf(doc: Element): { attributes: Record<string, string>; numbers: string[] } | undefined {
  const dial = doc.children.find((e) => e.name === 'Dial');
  return dial && { attributes: dial.attributes, numbers: dial.children.filter((c) => c.name === 'Number').map((c) => c.text) };
}

export function hangsUp(doc: Element): boolean {
  return doc.children.at(-1)?.name === 'Hangup';
}

/** The caller presses `digits` at the menu in `answer`: Plivo posts them to the GetDigits (or GetInput) action. */
export async function press(answer: Answer, digits: string): Promise<Answer> {
  const gather = gatherOf(answer.doc);
  const action = gather?.attributes['action'];
  if (gather === undefined || action === undefined) throw new Error(`no menu to press ${digits} in: ${answer.xml}`);
  return webhook(action, gather.name === 'GetInput' ? { InputType: 'dtmf', Digits: digits, Speech: '' } : { Digits: digits });
}

/** The caller says `words` at a menu that listens: Plivo posts the recognised speech to the GetInput action. */
export async function say(answer: Answer, words: string, confidence = 0.9): Promise<Answer> {
  const gather = gatherOf(answer.doc);
  const action = gather?.attributes['action'];
  if (gather?.name !== 'GetInput' || action === undefined) throw new Error(`no menu that listens to say "${words}" in: ${answer.xml}`);
  return webhook(action, { InputType: 'speech', Digits: '', Speech: words, SpeechConfidenceScore: String(confidence) });
}

/** The caller stays silent: Plivo falls through the GetDigits to the Redirect after it. */
export async function staySilent(answer: Answer): Promise<Answer> {
  if (gatherOf(answer.doc) === undefined) throw new Error(`not at a menu: ${answer.xml}`);
  return follow(answer);
}

/** Plivo follows the document's Redirect. */
export async function follow(answer: Answer, params: Record<string, string> = {}): Promise<Answer> {
  const url = redirectOf(answer.doc);
  if (url === undefined) throw new Error(`nothing to follow in: ${answer.xml}`);
  return webhook(url, { Event: 'Redirect', ...params });
}
