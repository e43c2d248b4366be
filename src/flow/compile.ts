import { BUILTIN_MESSAGES, builtinText, type BuiltinMessage } from './builtin-messages.js';
import { toE164 } from './phone.js';
import type {
  Flow, FlowNode, Language, LanguageId, Prompt, RawContent, RawFlow, RawInputNode, RawMenuNode, RawMessage, RawNode, RawPrompt,
  Retries, Utterance,
} from './types.js';

const DEFAULT_TIMEOUT_SECONDS = 5;
const DEFAULT_ATTEMPTS = 3;
const DEFAULT_DIAL_TIMEOUT_SECONDS = 20;
const DEFAULT_MAX_DIGITS = 20;
const DEFAULT_DIGIT_TIMEOUT_SECONDS = 3;
const DEFAULT_RECORDING_SECONDS = 120;
const DEFAULT_RECORDING_SILENCE_SECONDS = 5;

/**
 * Resolves a schema-valid, checked flow into what the interpreter runs: nodes in a Map,
 * defaults filled in, every prompt resolved for every language. Pure; expects `checkFlow`
 * to have found no errors (it does not re-validate).
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

  const goodbye = fallback(raw.defaults?.goodbye, 'goodbye');
  const invalid = fallback(raw.defaults?.invalid, 'invalid');
  const noInput = fallback(raw.defaults?.noInput, 'noInput');

  const retries = (node: RawMenuNode | RawInputNode): Retries => ({
    timeout: node.timeout ?? raw.defaults?.timeout ?? DEFAULT_TIMEOUT_SECONDS,
    attempts: node.attempts ?? raw.defaults?.attempts ?? DEFAULT_ATTEMPTS,
    invalid: node.invalid !== undefined ? prompt(node.invalid) : invalid,
    noInput: node.noInput !== undefined ? prompt(node.noInput) : noInput,
    onExhausted: node.onExhausted,
    goodbye: node.goodbye !== undefined ? prompt(node.goodbye) : goodbye,
  });

  const compileNode = (id: string, node: RawNode): FlowNode => {
    switch (node.type) {
      case 'menu':
        return {
          type: 'menu',
          id,
          prompt: prompt(node.prompt),
          choices: new Map(
            Object.entries(node.choices).map(([key, choice]) => [key, typeof choice === 'string' ? { goto: choice } : choice]),
          ),
          ...retries(node),
        };
      case 'input':
        return {
          type: 'input',
          id,
          prompt: prompt(node.prompt),
          name: node.name ?? id,
          minDigits: node.minDigits ?? 1,
          maxDigits: node.maxDigits ?? DEFAULT_MAX_DIGITS,
          finishOnKey: node.finishOnKey ?? '#',
          digitTimeout: node.digitTimeout ?? DEFAULT_DIGIT_TIMEOUT_SECONDS,
          sensitive: node.sensitive ?? false,
          next: node.next,
          ...retries(node),
        };
      case 'record':
        return {
          type: 'record',
          id,
          prompt: node.prompt !== undefined ? prompt(node.prompt) : undefined,
          maxLength: node.maxLength ?? DEFAULT_RECORDING_SECONDS,
          silence: node.silence ?? DEFAULT_RECORDING_SILENCE_SECONDS,
          finishOnKey: node.finishOnKey ?? '#',
          beep: node.beep ?? true,
          next: node.next,
        };
      case 'say':
        return { type: 'say', id, prompt: prompt(node.prompt), next: node.next ?? raw.entry };
      case 'play': {
        const audio = node.audio;
        return {
          type: 'play',
          id,
          audio: new Map(languageIds.map((l) => [l, typeof audio === 'string' ? audio : (audio[l] ?? '')])),
          next: node.next ?? raw.entry,
        };
      }
      case 'dial': {
        const onNoAnswer = node.onNoAnswer ?? raw.entry;
        return {
          type: 'dial',
          id,
          number: toE164(node.number) ?? node.number,
          prompt: node.prompt !== undefined ? prompt(node.prompt) : undefined,
          timeout: node.timeout ?? DEFAULT_DIAL_TIMEOUT_SECONDS,
          timeLimit: node.timeLimit,
          callerId: node.callerId !== undefined ? (toE164(node.callerId) ?? node.callerId) : undefined,
          onNoAnswer,
          onBusy: node.onBusy ?? onNoAnswer,
          onFailed: node.onFailed ?? onNoAnswer,
          next: node.next,
        };
      }
      case 'hangup':
        return { type: 'hangup', id, prompt: node.prompt !== undefined ? prompt(node.prompt) : undefined };
    }
  };

  return {
    entry: raw.entry,
    languages,
    defaultLanguage,
    nodes: new Map(Object.entries(raw.nodes).map(([id, node]) => [id, compileNode(id, node)])),
    apology: builtinPrompt('apology', languageIds),
    version,
  };
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
