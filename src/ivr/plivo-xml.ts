import plivo from 'plivo';

type Attributes = Readonly<Record<string, string | number | boolean>>;

/**
 * The slice of the plivo SDK's XML builder we use, typed: its own typings return `object`
 * from every `add…`, which would leave nested elements untyped. The builder escapes text and
 * throws on an attribute or a nesting Plivo does not accept. Each `add…` returns the new
 * child element (not the parent), so call `toXML()` on the response itself.
 */
export interface XmlContainer {
  addSpeak(text: string, attributes: Attributes): XmlContainer;
  addPlay(url: string, attributes?: Attributes): XmlContainer;
  addWait(attributes: Attributes): XmlContainer;
}
export interface XmlDial { addNumber(number: string, attributes?: Attributes): XmlDial }
export interface XmlResponse extends XmlContainer {
  addGetDigits(attributes: Attributes): XmlContainer;
  addGetInput(attributes: Attributes): XmlContainer;
  addRedirect(url: string, attributes: Attributes): unknown;
  addDial(attributes: Attributes): XmlDial;
  addRecord(attributes: Attributes): unknown;
  addHangup(attributes?: Attributes): unknown;
  toXML(): string;
}

/** A new, empty `<Response>` from the SDK's builder. */
export function newResponse(): XmlResponse {
  const Response = plivo.Response as unknown as new () => XmlResponse;
  return new Response();
}
