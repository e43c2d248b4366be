/**
 * The vocabulary of a flow: what `ivr.yaml` says once it is validated and resolved. The
 * nodes' own shapes are in their kinds' modules (`src/nodes/`); the raw shapes (`Raw*`)
 * mirror `schema/ivr.schema.json`, which is generated from the same modules.
 */
import type { FlowNode, RawNode } from '../nodes/index.js';

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
