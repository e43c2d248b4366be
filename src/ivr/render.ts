import type { DialNode, Flow, FlowNode, HangupNode, InputNode, MenuNode, NodeId, PlayNode, Prompt, RecordNode, SayNode } from '../flow/types.js';
import { newResponse, type XmlContainer, type XmlResponse } from './plivo-xml.js';
import { audioUrl, nodeUrl, onwards, type CallState } from './urls.js';

/** What a renderer needs besides the node: the flow (for languages) and where we are served. */
export interface RenderContext { flow: Flow; baseUrl: string }

/** Adds a node's elements; `before` is a message that must come first (e.g. "that is not an option"). */
type Renderer<N extends FlowNode> = (xml: XmlResponse, node: N, state: CallState, context: RenderContext, before: Prompt | undefined) => void;

const FALLBACK_SPEAK = { language: 'en-US', voice: 'WOMAN' };

/** Adds a prompt's Speak and Play elements, in the call's language (the default one until chosen). */
export function addPrompt(into: XmlContainer, prompt: Prompt | undefined, state: CallState, context: RenderContext): void {
  if (prompt === undefined) return;
  const { flow, baseUrl } = context;
  for (const utterance of prompt.get(state.language ?? flow.defaultLanguage) ?? []) {
    if (utterance.kind === 'play') {
      into.addPlay(audioUrl(baseUrl, utterance.audio));
    } else {
      const language = flow.languages.get(utterance.language);
      into.addSpeak(fillValues(utterance.text, state), language ? { language: language.speak, voice: language.voice } : FALLBACK_SPEAK);
    }
  }
}

/** `{{order}}` → the digits collected under that name, spaced so they are read one by one. */
function fillValues(text: string, state: CallState): string {
  if (!text.includes('{{')) return text;
  return text.replace(/\{\{\s*([^}\s]*)\s*\}\}/g, (_whole, name: string) => {
    // Own values only: `{{constructor}}` must not read Object.prototype.
    const value = state.values !== undefined && Object.hasOwn(state.values, name) ? state.values[name] : undefined;
    return [...(value ?? '')].join(' ');
  });
}

function redirectTo(xml: XmlResponse, target: NodeId, state: CallState, context: RenderContext): void {
  xml.addRedirect(nodeUrl(context.baseUrl, target, onwards(state)), { method: 'POST' });
}

const renderMenu: Renderer<MenuNode> = (xml, node, state, context, before) => {
  const longestKey = Math.max(...[...node.choices.keys()].map((key) => key.length));
  const gather = xml.addGetDigits({
    action: nodeUrl(context.baseUrl, node.id, state),
    method: 'POST',
    timeout: node.timeout,
    numDigits: longestKey,
    // One try per GetDigits: the server counts attempts, so it can answer a wrong key or a
    // silence in the caller's language. For the same reason validDigits stays open (Plivo
    // would otherwise swallow a wrong key and play only a fixed invalidDigitsSound).
    retries: 1,
    redirect: true,
    // '#' is Plivo's default finish key, which would hide a '#' choice.
    ...(node.choices.has('#') ? { finishOnKey: '' } : {}),
  });
  // The message goes inside the GetDigits too, so an impatient caller can already press a key.
  addPrompt(gather, before, state, context);
  addPrompt(gather, node.prompt, state, context);
  // Plivo carries on here only when the caller pressed nothing: say so in the URL.
  xml.addRedirect(nodeUrl(context.baseUrl, node.id, state, 'no-input'), { method: 'POST' });
};

const renderInput: Renderer<InputNode> = (xml, node, state, context, before) => {
  const gather = xml.addGetDigits({
    action: nodeUrl(context.baseUrl, node.id, state),
    method: 'POST',
    timeout: node.timeout,
    digitTimeout: node.digitTimeout,
    numDigits: node.maxDigits,
    finishOnKey: node.finishOnKey,
    // As for menus: one try, and every key reaches the server, which judges the length.
    retries: 1,
    redirect: true,
  });
  addPrompt(gather, before, state, context);
  addPrompt(gather, node.prompt, state, context);
  xml.addRedirect(nodeUrl(context.baseUrl, node.id, state, 'no-input'), { method: 'POST' });
};

const renderRecord: Renderer<RecordNode> = (xml, node, state, context, before) => {
  addPrompt(xml, before, state, context);
  addPrompt(xml, node.prompt, state, context);
  xml.addRecord({
    action: nodeUrl(context.baseUrl, node.id, state),
    method: 'POST',
    maxLength: node.maxLength,
    timeout: node.silence,
    finishOnKey: node.finishOnKey,
    playBeep: node.beep,
    fileFormat: 'mp3',
    redirect: true,
  });
  // Plivo goes on past <Record> when nothing was recorded: the caller still moves on.
  redirectTo(xml, node.next, state, context);
};

const renderSay: Renderer<SayNode> = (xml, node, state, context, before) => {
  addPrompt(xml, before, state, context);
  addPrompt(xml, node.prompt, state, context);
  redirectTo(xml, node.next, state, context);
};

const renderPlay: Renderer<PlayNode> = (xml, node, state, context, before) => {
  addPrompt(xml, before, state, context);
  const audio = node.audio.get(state.language ?? context.flow.defaultLanguage);
  if (audio !== undefined) xml.addPlay(audioUrl(context.baseUrl, audio));
  redirectTo(xml, node.next, state, context);
};

const renderDial: Renderer<DialNode> = (xml, node, state, context, before) => {
  addPrompt(xml, before, state, context);
  addPrompt(xml, node.prompt, state, context);
  // With an action, Plivo reports how the transfer ended (DialStatus) and runs what we answer,
  // so a busy or silent associate leads to onNoAnswer instead of a hang-up.
  const dial = xml.addDial({
    action: nodeUrl(context.baseUrl, node.id, state),
    method: 'POST',
    redirect: true,
    timeout: node.timeout,
    ...(node.timeLimit !== undefined ? { timeLimit: node.timeLimit } : {}),
    ...(node.callerId !== undefined ? { callerId: node.callerId.replace(/^\+/, '') } : {}),
  });
  dial.addNumber(node.number.replace(/^\+/, ''));
};

const renderHangup: Renderer<HangupNode> = (xml, node, state, context, before) => {
  addPrompt(xml, before, state, context);
  addPrompt(xml, node.prompt, state, context);
  xml.addHangup();
};

const RENDERERS = {
  menu: renderMenu,
  input: renderInput,
  record: renderRecord,
  say: renderSay,
  play: renderPlay,
  dial: renderDial,
  hangup: renderHangup,
} satisfies { [K in FlowNode['type']]: Renderer<Extract<FlowNode, { type: K }>> };

/** The node as a complete document, optionally after a message. Pure; throws only on a bug (the SDK refusing our XML). */
export function renderNode(node: FlowNode, state: CallState, context: RenderContext, before?: Prompt): string {
  const xml = newResponse();
  (RENDERERS[node.type] as Renderer<FlowNode>)(xml, node, state, context, before);
  return xml.toXML();
}
