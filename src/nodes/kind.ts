/**
 * The one interface every node kind implements. A kind is one module in this folder (its
 * JSON-schema fragment, how it compiles, what it checks, where it leads, what it decides, how
 * it renders) and one line in `index.ts`; everything else (the schema file, the loader's
 * checks, the loop proof, the diagram, /api/flow, the interpreter) reads that index.
 */
import type { CallEvent } from '../call/event.js';
import type { CallMemory } from '../call/memory.js';
import type { UrlEvent } from '../call/url.js';
import type { Flow, FlowData, LanguageId, NodeId, Prompt, RawPrompt } from '../flow/types.js';
import type { Value } from '../data/expression.js';
import type { VariableSet } from '../flow/variables.js';
import type { Effect } from '../ivr/effects.js';
import type { XmlContainer, XmlResponse } from '../ivr/plivo-xml.js';

/** A path inside the YAML document (or, in a node's check, inside the node): `['choices', '3']`. */
export type Path = readonly (string | number)[];

/** A JSON-schema object, as written in `schema/ivr.schema.json`. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** What every raw node has, whatever its kind. */
export interface RawNodeBase { type: string; description?: string }

export interface NodeKind<Raw extends RawNodeBase, Node extends { type: Raw['type']; id: NodeId }> {
  /** The `type:` that selects this kind in ivr.yaml. */
  readonly type: Raw['type'];
  /** Its JSON-schema fragment: `definitions.<type>Node` of `schema/ivr.schema.json`. */
  readonly schema: JsonSchema;
  /** A schema-valid raw node → what the interpreter runs (defaults filled in, prompts resolved). Pure, total: runs on flows that have errors too, so the checks can use `exits`. */
  compile(raw: Raw, context: CompileContext): Node;
  /** The checks a schema cannot express: prompts, languages, audio, numbers, what it requires. Targets are checked from `exits`. */
  check(raw: Raw, context: CheckContext): void;
  /** Where the node leads, labelled: the one graph of the flow (target checks, loop and dead-end proofs, diagram, /api/flow). */
  exits(node: Node): Exit[];
  /** The names of the values it keeps in the call's memory (spoken back as `{{name}}`). */
  collects(node: Node): readonly string[];
  /** What happens when `event` reaches the node. Pure; answers every event (`arrive` for those it does not expect). */
  transition(node: Node, event: CallEvent, memory: CallMemory): Outcome;
  /** The node's Plivo XML, after `context.before`. Pure. */
  render(xml: XmlResponse, node: Node, context: RenderContext): void;
  /** The variables it sets and their types (a fixed type, or an expression's): read before compiling, so expressions can be type-checked. */
  sets?(raw: Raw, id: NodeId): VariableSet[];
  /** The variables it reads outside prompts (expressions, lookup URLs), located in the node: what the used-before-set check follows. */
  reads?(raw: Raw, context: CheckContext): Read[];
  /** It answers no XML of its own: on arrival it decides at once (a condition, a `set`), so the interpreter goes straight on. */
  readonly instant?: true;
  /** How the diagram draws it: a Graphviz shape and fill colour. */
  readonly look: Look;
  /** For the diagram: the short facts after its kind (` · 5 s · 3 tries`) and what a caller in `language` hears first. */
  describe(node: Node, language: LanguageId): { facts: string; hears: string };
}

/** A variable read at `path` of the node, `offset` characters into that text. */
export interface Read { name: string; path: Path; offset: number }

/** A Graphviz shape, its fill, and whether its corners are rounded. */
export interface Look { shape: string; fill: string; rounded?: true }

// ---- compile ----

export interface CompileContext {
  id: NodeId;
  entry: NodeId;
  /** The flow's languages, in the order declared. */
  languages: readonly LanguageId[];
  /** A prompt resolved for every language. */
  prompt(raw: RawPrompt): Prompt;
  /** The flow's defaults, with the built-in ones filled in. */
  defaults: { timeout: number; attempts: number; invalid: Prompt; noInput: Prompt; goodbye: Prompt };
  /** The flow's variables, time zone and shared keys. */
  data: FlowData;
}

// ---- check ----

/** Paths are relative to the node: `[]` is the node itself, `['prompt']` its prompt. */
export interface CheckContext {
  id: NodeId;
  /** The flow's languages, in the order declared. */
  languages: readonly LanguageId[];
  error(path: Path, message: string, key?: string): void;
  /** An error `offset` characters into the text at `path` (an expression, an opening_hours value). */
  errorAt(path: Path, offset: number, message: string): void;
  warningAt(path: Path, offset: number, message: string): void;
  /** The flow's variables, time zone and shared keys. */
  data: FlowData;
  /** Every text has each language, fixed languages are declared, audio exists, `{{name}}` is collected. */
  prompt(path: Path, prompt: RawPrompt | undefined): void;
  language(path: Path, language: string, key?: string): void;
  audio(path: Path, audio: string): void;
  /** Whether `defaults` gives this message (so a node without its own does not fall back to the built-in one). */
  hasDefault(message: 'invalid' | 'noInput' | 'goodbye'): boolean;
}

// ---- exits ----

/** One way out of a node. */
export interface Exit {
  /** The node it leads to; undefined: the call ends (a goodbye, a hang-up, a finished transfer). */
  to: NodeId | undefined;
  /** What the caller does to take it, as the page follows a call: a menu key, `input`, `answered`, `no-answer`, `busy`, `failed`, `recorded`. Undefined for the ways a node goes on by itself. */
  on?: string;
  /** The arrow's label in the diagram. */
  label: string;
  /** Dashed in the diagram: the way out when something goes wrong (silence, a wrong key, nobody answers). */
  dashed: boolean;
  /** The caller got what they called for (a transfer to a person): the loop proof counts the exit as a way out even when the call goes on to `to`. */
  goal?: true;
  /** Where the target is written in the node, and how a problem names it (`choice \`3\``); absent when the target is implied. */
  field?: { path: Path; name: string };
  /** The variables set when the call takes this exit (an input's value on success, a lookup's fields): what the used-before-set check follows. */
  sets?: readonly string[];
}

// ---- transition ----

/** Why a node is offered again: silence, a wrong key (or words that pick nothing), or words heard too faintly to trust. */
export type RetryReason = 'no-input' | 'invalid' | 'unclear';

/** What a node decided, as data: logged with every webhook, and what the tests table. */
export type Decision =
  /** The node is offered (again from the start). */
  | { kind: 'enter' }
  /** On to `target`, with the language the call speaks there and a value it collected. */
  | { kind: 'goto'; target: NodeId; language: LanguageId | undefined; value?: { name: string; digits: string }; values?: Readonly<Record<string, Value>>; back?: true }
  /** The same node again, this being its `attempt`th try. */
  | { kind: 'retry'; reason: RetryReason; attempt: number }
  /** Out of tries: to `target`, or (undefined) goodbye and hang up. */
  | { kind: 'give-up'; reason: RetryReason; target: NodeId | undefined }
  /** The call ends. */
  | { kind: 'end' }
  /** Nothing to answer until the effects' results come back (a `results` event). */
  | { kind: 'wait' };

/** A node's answer to an event: the decision, what to say first, and the effects to run. */
export interface Outcome {
  decision: Decision;
  /** Said before anything else (a retry's "that is not an option"), in the call's language. */
  say: readonly Prompt[];
  effects: readonly Effect[];
}

export const enter = (): Outcome => ({ decision: { kind: 'enter' }, say: [], effects: [] });
export const end = (): Outcome => ({ decision: { kind: 'end' }, say: [], effects: [] });
/** On to `target` in the call's language (or the one given), keeping `value`. */
export const goto = (target: NodeId, language: LanguageId | undefined, value?: { name: string; digits: string }): Outcome => ({
  decision: value === undefined ? { kind: 'goto', target, language } : { kind: 'goto', target, language, value },
  say: [],
  effects: [],
});

// ---- render ----

export interface RenderContext {
  flow: Flow;
  /** The call's memory at this node. */
  memory: CallMemory;
  /** The language the call speaks: its own, or the flow's default until one is chosen. */
  language: LanguageId;
  /** What must be said first (a retry's message); a menu says it inside its GetDigits, so a key can cut it short. */
  before: readonly Prompt[];
  /** Adds a prompt's Speak and Play elements, in the call's language. */
  say(into: XmlContainer, prompt: Prompt | undefined): void;
  /** This node's own URL: the action of its GetDigits, Dial or Record; `no-input` marks the Redirect Plivo reaches after a silent GetDigits. */
  here(event?: UrlEvent): string;
  /** The URL of `target`, carrying the memory the call takes there. */
  onwards(target: NodeId): string;
  /** The absolute URL of an audio file of the flow. */
  audioUrl(audio: string): string;
}
