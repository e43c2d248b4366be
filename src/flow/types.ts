/**
 * The vocabulary of a flow: what `ivr.yaml` says once it is validated and resolved. The
 * nodes' own shapes are in their kinds' modules (`src/nodes/`); the raw shapes (`Raw*`)
 * mirror `schema/ivr.schema.json`, which is generated from the same modules.
 */
import type { Vocabulary } from '../data/expression.js';
import type { FlowNode, RawNode } from '../nodes/index.js';
import type { ParamInfo, RawDeclaration, VariableInfo } from './variables.js';

export type { FlowNode, RawNode };

export type NodeId = string;
export type LanguageId = string;

// ---- raw: as written in ivr.yaml, after schema validation ----

export interface RawLocalSegment { say?: string; play?: string }
export type RawContent = string | RawLocalSegment | Array<string | RawLocalSegment>;
export interface RawSegment { say?: string; play?: string; language?: LanguageId }
export type RawLocalized = Record<LanguageId, RawContent>;
export type RawMessage = string | RawSegment | RawLocalized;
export type RawPrompt = RawMessage | RawMessage[];
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
  /** IANA time zone for hours, `hour`, `weekday`, spoken dates (default UTC). */
  timezone?: string;
  /** What a call is placed with (POST /calls `params`, npm run call --param). */
  params?: Record<string, RawDeclaration>;
  /** Types and sensitivity of variables nodes set. */
  variables?: Record<string, RawDeclaration>;
  /** Keys every menu and input answers unless it says otherwise: `"0": operator`, `"*": back`. */
  keys?: Record<string, RawKeyAction>;
  /** What an answering machine gets on a campaign call: a node (a short voicemail message), or `hangup`. Default: the flow runs on. */
  onMachine?: NodeId | 'hangup';
}

export type RawKeyAction = NodeId | 'back' | null;
/** What a shared key does: go to a node, or back to the menu the caller came from. */
export type KeyAction = { goto: NodeId } | { back: true };

/** The data side of a flow: its variables, params, time zone and shared keys. */
export interface FlowData {
  timezone: string;
  variables: ReadonlyMap<string, VariableInfo>;
  params: ReadonlyMap<string, ParamInfo>;
  /** Every variable's CEL type, built-ins included: what expressions are checked against. */
  vocabulary: Vocabulary;
  keys: ReadonlyMap<string, KeyAction>;
  /** Whether any key of the flow goes `back`: only then does a call carry the menus it came through. */
  usesBack: boolean;
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

export interface Flow {
  entry: NodeId;
  languages: ReadonlyMap<LanguageId, Language>;
  defaultLanguage: LanguageId;
  nodes: ReadonlyMap<NodeId, FlowNode>;
  /** Said before taking a caller whose URL names an unknown node back to the entry. */
  apology: Prompt;
  /** sha256 of the file text, first 12 hex digits: tells which version of the file is serving. */
  version: string;
  data: FlowData;
  /** Where a campaign call answered by a machine is transferred: a node, or `hangup`; undefined: the flow runs on. */
  onMachine?: NodeId | 'hangup';
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
