/**
 * The vocabulary of a flow: what `ivr.yaml` says once it is validated and resolved.
 * The raw shapes (`Raw*`) mirror `schema/ivr.schema.json`; a test keeps the two in step.
 */

export type NodeId = string;
export type LanguageId = string;

// ---- raw: as written in ivr.yaml, after schema validation ----

export interface RawLocalSegment { say?: string; play?: string }
export type RawContent = string | RawLocalSegment | Array<string | RawLocalSegment>;
export interface RawSegment { say?: string; play?: string; language?: LanguageId }
export type RawLocalized = Record<LanguageId, RawContent>;
export type RawMessage = string | RawSegment | RawLocalized;
export type RawPrompt = RawMessage | RawMessage[];
export type RawChoice = NodeId | { goto: NodeId; language?: LanguageId };

interface RawNodeBase { description?: string }
export interface RawMenuNode extends RawNodeBase {
  type: 'menu';
  prompt: RawPrompt;
  choices: Record<string, RawChoice>;
  timeout?: number;
  attempts?: number;
  invalid?: RawPrompt;
  noInput?: RawPrompt;
  goodbye?: RawPrompt;
  onExhausted?: NodeId;
}
export interface RawSayNode extends RawNodeBase { type: 'say'; prompt: RawPrompt; next?: NodeId }
export interface RawPlayNode extends RawNodeBase { type: 'play'; audio: string | Record<LanguageId, string>; next?: NodeId }
export interface RawDialNode extends RawNodeBase {
  type: 'dial';
  number: string;
  prompt?: RawPrompt;
  timeout?: number;
  timeLimit?: number;
  callerId?: string;
  onNoAnswer?: NodeId;
  onBusy?: NodeId;
  onFailed?: NodeId;
  next?: NodeId;
}
export interface RawHangupNode extends RawNodeBase { type: 'hangup'; prompt?: RawPrompt }
export interface RawInputNode extends RawNodeBase {
  type: 'input';
  prompt: RawPrompt;
  name?: string;
  minDigits?: number;
  maxDigits?: number;
  finishOnKey?: '#' | '*';
  timeout?: number;
  digitTimeout?: number;
  attempts?: number;
  invalid?: RawPrompt;
  noInput?: RawPrompt;
  goodbye?: RawPrompt;
  onExhausted?: NodeId;
  /** The digits are a secret: masked in events, logs, the dashboard and exports. */
  sensitive?: boolean;
  next: NodeId;
}
export interface RawRecordNode extends RawNodeBase {
  type: 'record';
  prompt?: RawPrompt;
  maxLength?: number;
  silence?: number;
  finishOnKey?: '#' | '*';
  beep?: boolean;
  next: NodeId;
}
export type RawNode = RawMenuNode | RawInputNode | RawSayNode | RawPlayNode | RawDialNode | RawRecordNode | RawHangupNode;

export interface RawFlow {
  entry: NodeId;
  languages: Record<LanguageId, { speak: string; voice?: string }>;
  defaultLanguage?: LanguageId;
  defaults?: {
    timeout?: number;
    attempts?: number;
    invalid?: RawPrompt;
    noInput?: RawPrompt;
    goodbye?: RawPrompt;
  };
  nodes: Record<NodeId, RawNode>;
}

// ---- resolved: what the interpreter runs ----

/** How Plivo speaks one language: the `language` and `voice` attributes of `<Speak>`. */
export interface Language { id: LanguageId; speak: string; voice: string }

/** One thing the caller hears. `say` always knows its language, so `<Speak>` always carries one. */
export type Utterance =
  | { kind: 'say'; text: string; language: LanguageId }
  | { kind: 'play'; audio: string };

/** A prompt resolved for every language of the flow: what a caller in that language hears. */
export type Prompt = ReadonlyMap<LanguageId, readonly Utterance[]>;

export interface Choice { goto: NodeId; language?: LanguageId }

export interface MenuNode extends Retries {
  type: 'menu';
  id: NodeId;
  prompt: Prompt;
  choices: ReadonlyMap<string, Choice>;
}
/** What a menu and an input share: the attempt rules. */
export interface Retries {
  timeout: number;
  attempts: number;
  invalid: Prompt;
  noInput: Prompt;
  /** Where to go when attempts run out; undefined: say `goodbye` and hang up. */
  onExhausted: NodeId | undefined;
  goodbye: Prompt;
}
export interface InputNode extends Retries {
  type: 'input';
  id: NodeId;
  prompt: Prompt;
  /** The call value the digits are kept under, spoken back as {{name}}. */
  name: string;
  minDigits: number;
  maxDigits: number;
  finishOnKey: '#' | '*';
  digitTimeout: number;
  /** The digits are a secret (PIN, card number): call events and logs show them masked. */
  sensitive: boolean;
  next: NodeId;
}
export interface RecordNode {
  type: 'record';
  id: NodeId;
  prompt: Prompt | undefined;
  maxLength: number;
  silence: number;
  finishOnKey: '#' | '*';
  beep: boolean;
  next: NodeId;
}
export interface SayNode { type: 'say'; id: NodeId; prompt: Prompt; next: NodeId }
export interface PlayNode { type: 'play'; id: NodeId; audio: ReadonlyMap<LanguageId, string>; next: NodeId }
export interface DialNode {
  type: 'dial';
  id: NodeId;
  /** E.164 with the leading +. */
  number: string;
  prompt: Prompt | undefined;
  timeout: number;
  timeLimit: number | undefined;
  callerId: string | undefined;
  onNoAnswer: NodeId;
  onBusy: NodeId;
  onFailed: NodeId;
  /** After a completed conversation; undefined: hang up. */
  next: NodeId | undefined;
}
export interface HangupNode { type: 'hangup'; id: NodeId; prompt: Prompt | undefined }
export type FlowNode = MenuNode | InputNode | SayNode | PlayNode | DialNode | RecordNode | HangupNode;

export interface Flow {
  entry: NodeId;
  languages: ReadonlyMap<LanguageId, Language>;
  defaultLanguage: LanguageId;
  nodes: ReadonlyMap<NodeId, FlowNode>;
  /** Said before taking a caller whose URL names an unknown node back to the entry. */
  apology: Prompt;
  /** sha256 of the file text, first 12 hex digits: tells which version of the file is serving. */
  version: string;
}

/** One thing wrong (or doubtful) in a flow file, located like a compiler error. */
export interface Problem {
  severity: 'error' | 'warning';
  file: string;
  line: number;
  column: number;
  /** Dotted path into the document, e.g. `nodes.main.choices.3`. */
  path: string;
  message: string;
}
