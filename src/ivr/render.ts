/**
 * A step as Plivo XML. Pure. What each node kind puts in the document is in its own module
 * (`render` in `src/nodes/<kind>.ts`); this adds what every answer shares: the prompts in the
 * call's language, the URLs carrying the call's memory, a redirect or a hang-up.
 */
import { nextMemory, type CallMemory } from '../call/memory.js';
import { audioUrl, nodeUrl } from '../call/url.js';
import type { Flow, FlowNode, Prompt } from '../flow/types.js';
import { kindOf } from '../nodes/index.js';
import type { RenderContext } from '../nodes/kind.js';
import { unreachable } from '../util/unreachable.js';
import { newResponse, type XmlContainer } from './plivo-xml.js';
import { callValues } from '../call/values.js';
import type { Value } from '../data/expression.js';
import { hasMarkup, parseSsml, plainText, renderSsml, voiceTakesSsml, type SpeakBuilder, type SsmlNode } from '../data/ssml.js';
import { fillSsml } from '../data/template.js';
import type { Step } from './transition.js';

const FALLBACK_SPEAK = { language: 'en-US', voice: 'WOMAN' };

/** The XML answering `step`; throws only on a bug (the SDK refusing our XML) or a step still waiting for its effects. */
export function renderStep(flow: Flow, step: Step, baseUrl: string): string {
  const { next, memory } = step;
  switch (next.kind) {
    case 'enter':
      return renderNode(flow, next.node, memory, baseUrl, step.say);
    case 'redirect': {
      const xml = newResponse();
      for (const prompt of step.say) addPrompt(xml, prompt, flow, memory, baseUrl);
      xml.addRedirect(nodeUrl(baseUrl, next.node, memory), { method: 'POST' });
      return xml.toXML();
    }
    case 'hangup': {
      const xml = newResponse();
      for (const prompt of step.say) addPrompt(xml, prompt, flow, memory, baseUrl);
      xml.addHangup();
      return xml.toXML();
    }
    case 'wait':
      throw new Error(`node ${next.node.id} is waiting for the results of its effects: run them, then transition again`);
    default:
      return unreachable(next);
  }
}

/** The node's own document, after `before`. */
export function renderNode(flow: Flow, node: FlowNode, memory: CallMemory, baseUrl: string, before: readonly Prompt[] = []): string {
  const xml = newResponse();
  const context: RenderContext = {
    flow,
    memory,
    language: memory.language ?? flow.defaultLanguage,
    before,
    say: (into, prompt) => addPrompt(into, prompt, flow, memory, baseUrl),
    here: (event) => nodeUrl(baseUrl, node.id, memory, event),
    onwards: (target) => nodeUrl(baseUrl, target, nextMemory(memory, { kind: 'onwards' })),
    audioUrl: (audio) => audioUrl(baseUrl, audio),
  };
  kindOf(node.type).render(xml, node, context);
  return xml.toXML();
}

/**
 * Adds a prompt's Speak and Play elements, in the call's language (the default one until
 * chosen). A text with SSML is built with the SDK's SSML builders for a Polly voice; its
 * `{{placeholders}}` are filled with the call's values, as text (never markup).
 */
function addPrompt(into: XmlContainer, prompt: Prompt | undefined, flow: Flow, memory: CallMemory, baseUrl: string): void {
  if (prompt === undefined) return;
  let values: Record<string, Value> | undefined;
  for (const utterance of prompt.get(memory.language ?? flow.defaultLanguage) ?? []) {
    if (utterance.kind === 'play') {
      into.addPlay(audioUrl(baseUrl, utterance.audio));
      continue;
    }
    const language = flow.languages.get(utterance.language);
    const attributes = language ? { language: language.speak, voice: language.voice } : FALLBACK_SPEAK;
    const { text } = utterance;
    if (!text.includes('{{') && !hasMarkup(text)) {
      into.addSpeak(text, attributes);
      continue;
    }
    values ??= callValues(flow.data, memory);
    const ssml = voiceTakesSsml(attributes.voice);
    const nodes = fillSsml(parsedPrompt(text), values, { locale: attributes.language, ssml, timeZone: flow.data.timezone }, (name) => flow.data.variables.get(name)?.format ?? 'text');
    if (ssml) renderSsml(into.addSpeak('', attributes) as unknown as SpeakBuilder, nodes);
    else into.addSpeak(plainText(nodes), attributes);
  }
}

const parsedPrompts = new Map<string, SsmlNode[]>();
const MAX_PARSED = 2000;

/** A prompt's text as an SSML tree (plain text: one text node), parsed once. The loader has checked it. */
function parsedPrompt(text: string): SsmlNode[] {
  let nodes = parsedPrompts.get(text);
  if (nodes === undefined) {
    const parsed = hasMarkup(text) ? parseSsml(text) : { nodes: [{ kind: 'text' as const, text, offset: 0 }] };
    nodes = 'nodes' in parsed ? parsed.nodes : [{ kind: 'text', text, offset: 0 }];
    if (parsedPrompts.size >= MAX_PARSED) parsedPrompts.clear();
    parsedPrompts.set(text, nodes);
  }
  return nodes;
}
