import { kindOf, type RawNode } from '../nodes/index.js';
import type { CompileContext } from '../nodes/kind.js';
import { BUILTIN_MESSAGES, builtinText, type BuiltinMessage } from './builtin-messages.js';
import type { Flow, FlowData, FlowNode, KeyAction, Language, LanguageId, NodeId, Prompt, RawContent, RawFlow, RawMessage, RawPrompt, Utterance } from './types.js';
import { variableTable, type VariableSet } from './variables.js';

const DEFAULT_TIMEOUT_SECONDS = 5;
const DEFAULT_ATTEMPTS = 3;

/**
 * Resolves a schema-valid flow into what the interpreter runs: nodes in a Map, defaults
 * filled in, every prompt resolved for every language; each node by its kind's `compile`.
 * Pure and total: it also runs on a flow with errors, so that the checks can walk its exits
 * (such a flow is never served).
 */
export function compileFlow(raw: RawFlow, version: string): Flow {
  const languages = new Map<LanguageId, Language>(
    Object.entries(raw.languages).map(([id, l]) => [id, { id, speak: l.speak, voice: l.voice ?? 'WOMAN' }]),
  );
  const languageIds = [...languages.keys()];
  const defaultLanguage = raw.defaultLanguage ?? languageIds[0] ?? 'en';
  const prompt = (value: RawPrompt): Prompt => resolvePrompt(value, languageIds);
  const fallback = (value: RawPrompt | undefined, message: BuiltinMessage): Prompt =>
    value !== undefined ? prompt(value) : builtinPrompt(message, languageIds);
  const defaults: CompileContext['defaults'] = {
    timeout: raw.defaults?.timeout ?? DEFAULT_TIMEOUT_SECONDS,
    attempts: raw.defaults?.attempts ?? DEFAULT_ATTEMPTS,
    invalid: fallback(raw.defaults?.invalid, 'invalid'),
    noInput: fallback(raw.defaults?.noInput, 'noInput'),
    goodbye: fallback(raw.defaults?.goodbye, 'goodbye'),
  };
  const data = compileData(raw);
  const compileNode = (id: NodeId, node: RawNode): FlowNode =>
    kindOf(node.type).compile(node, { id, entry: raw.entry, languages: languageIds, prompt, defaults, data });

  return {
    entry: raw.entry,
    languages,
    defaultLanguage,
    nodes: new Map(Object.entries(raw.nodes).map(([id, node]) => [id, compileNode(id, node)])),
    apology: builtinPrompt('apology', languageIds),
    version,
    data,
    ...(raw.onMachine === undefined ? {} : { onMachine: raw.onMachine }),
  };
}

/** The flow's variables (declared, and set by its nodes), its time zone and its shared keys. */
export function compileData(raw: RawFlow): FlowData {
  const sets = Object.entries(raw.nodes).flatMap(([id, node]) => (kindOf(node.type).sets?.(node, id) ?? []).map((set: VariableSet) => ({ node: id, set })));
  const table = variableTable(raw.params, raw.variables, sets);
  const keys = new Map<string, KeyAction>();
  for (const [key, action] of Object.entries(raw.keys ?? {})) {
    if (action === null) continue;
    keys.set(key, action === 'back' ? { back: true } : { goto: action });
  }
  const usesBack = [raw.keys, ...Object.values(raw.nodes).map((node) => ('keys' in node ? node.keys : undefined))].some((keys) => Object.values(keys ?? {}).includes('back'));
  return { timezone: raw.timezone ?? 'UTC', variables: table.variables, params: table.params, vocabulary: table.vocabulary, keys, usesBack };
}

/** What a caller in each language hears; fixed-language segments keep their own language. */
function resolvePrompt(prompt: RawPrompt, languages: readonly LanguageId[]): Prompt {
  const messages = Array.isArray(prompt) ? prompt : [prompt];
  return new Map(languages.map((language) => [language, messages.flatMap((m) => utterances(m, language))]));
}

function utterances(message: RawMessage, language: LanguageId): Utterance[] {
  if (typeof message === 'string') return [{ kind: 'say', text: message, language }];
  if ('say' in message || 'play' in message) {
    const fixed = typeof message.language === 'string' ? message.language : language;
    if (typeof message.play === 'string') return [{ kind: 'play', audio: message.play }];
    return typeof message.say === 'string' ? [{ kind: 'say', text: message.say, language: fixed }] : [];
  }
  const content = Object.hasOwn(message, language) ? (message as Record<string, RawContent>)[language] : undefined;
  if (content === undefined) return [];
  const items = Array.isArray(content) ? content : [content];
  return items.map((item): Utterance => {
    if (typeof item === 'string') return { kind: 'say', text: item, language };
    return item.play !== undefined ? { kind: 'play', audio: item.play } : { kind: 'say', text: item.say ?? '', language };
  });
}

function builtinPrompt(message: BuiltinMessage, languages: readonly LanguageId[]): Prompt {
  return new Map(
    languages.map((language) => {
      const own = builtinText(message, language);
      // Only the apology can reach a language without a built-in text (the checker demands the rest); English then.
      const text = own ?? BUILTIN_MESSAGES[message].en;
      return [language, [{ kind: 'say', text, language: own !== undefined ? language : 'en' }]];
    }),
  );
}
