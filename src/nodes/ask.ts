import type { Prompt } from '../flow/types.js';
import type { XmlContainer, XmlResponse } from '../ivr/plivo-xml.js';
import type { RenderContext } from './kind.js';

/**
 * A question's prompt inside its input element (GetDigits or GetInput), then the Redirect Plivo
 * reaches only when the caller gave nothing. The retry message goes inside too, so an impatient
 * caller can already answer; the Redirect's URL says `no-input`, so the server answers the
 * silence itself, in the caller's language.
 */
export function ask(xml: XmlResponse, gather: XmlContainer, context: RenderContext, prompt: Prompt): void {
  for (const message of context.before) context.say(gather, message);
  context.say(gather, prompt);
  xml.addRedirect(context.here('no-input'), { method: 'POST' });
}
