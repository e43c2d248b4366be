/** What the page is told about the server: the flow it serves, its problems, and what works. */
import { flowBaseUrl } from '../flow/catalog.js';
import { formatProblems } from '../flow/format.js';
import type { FlowSource, FlowStatus } from '../flow/source.js';
import type { Flow, FlowNode } from '../flow/types.js';
import { kindOf } from '../nodes/index.js';
import type { Settings } from '../settings.js';

/**
 * A node and where it leads, so the page can follow a call: `routes` maps a menu key, `input`
 * (digits typed at an input node), a dial outcome (`answered`, `no-answer`, `busy`, `failed`) or
 * `recorded` to the next node, null when the call ends there.
 */
export interface NodeView {
  id: string;
  type: FlowNode['type'];
  routes: Record<string, string | null>;
  /** How many times a menu or an input is offered before the call moves on. */
  attempts?: number;
  /** What a node that listens hears (see SpeechView). */
  speech?: SpeechView;
}

/**
 * What a node that listens hears, so the page can follow a spoken turn as it follows a key:
 * phrases per menu key (the route is the key) or keywords per intent (the route is
 * `intent:<name>`, else `otherwise`), and the confidence below which words are asked again.
 */
export interface SpeechView {
  match: 'phrases' | 'intents' | 'digits';
  minConfidence: number;
  options: { on: string; say: Readonly<Record<string, readonly string[]>> }[];
}

/** JSON for GET /api/flow. */
export interface FlowView {
  /** The named flow shown (`/api/flow?flow=<name>`), null for the default flow. */
  flow: string | null;
  /** The named flows this server serves besides the default one. */
  flows: string[];
  version: string;
  file: string;
  loadedAt: string;
  entry: string;
  defaultLanguage: string;
  languages: { id: string; speak: string; voice: string }[];
  nodes: NodeView[];
  /** `file:line:column severity path: message`, one a problem, as `npm run validate` prints them. */
  problems: string[];
  warnings: string[];
  /** Where the answer URL lives, relative to this server: `/node/<entry>` or `/flows/<name>/node/<entry>`. */
  answerPath: string;
  /** The flow's time zone: the page's clock is read in it. */
  timezone: string;
  /** The params a placed call carries (names and types; the page's phone calls without them). */
  params: { name: string; type: string; required: boolean }[];
  /** The URL the server writes into its XML; the browser phone maps it back to its own origin. */
  publicUrl: string;
  /** Webhooks need Plivo's signature: the browser (which never gets the token) cannot call them. */
  verifySignatures: boolean;
  /** Whether POST /calls can place a call, and if not which variables are missing. */
  plivoConfigured: boolean;
  plivoMissing: string[];
  /** POST /calls wants `Authorization: Bearer <CALLS_API_TOKEN>`; without it only this machine may call. */
  callsTokenRequired: boolean;
}

/** The source's status, with `file` named when the source does not know it (a fixed flow). */
export function statusOf(flows: FlowSource, file: string): FlowStatus {
  const status = flows.status();
  return status.file === '' ? { ...status, file } : status;
}

/** The page's view of the server. Pure; never includes a secret. */
export function flowView(status: FlowStatus, settings: Settings, name?: string, names: readonly string[] = []): FlowView {
  const { flow } = status;
  const plivoMissing = [
    ...(settings.plivo === undefined ? ['PLIVO_AUTH_ID', 'PLIVO_AUTH_TOKEN'] : []),
    ...(settings.fromNumber === undefined ? ['PLIVO_FROM_NUMBER'] : []),
  ];
  return {
    flow: name ?? null,
    flows: [...names],
    version: flow.version,
    file: status.file,
    loadedAt: status.loadedAt.toISOString(),
    entry: flow.entry,
    defaultLanguage: flow.defaultLanguage,
    languages: [...flow.languages.values()].map(({ id, speak, voice }) => ({ id, speak, voice })),
    nodes: nodeViews(flow),
    problems: status.problems.length === 0 ? [] : formatProblems(status.problems).split('\n'),
    warnings: status.warnings.length === 0 ? [] : formatProblems(status.warnings).split('\n'),
    answerPath: `${flowBaseUrl('', name)}/node/${encodeURIComponent(flow.entry)}`,
    timezone: flow.data.timezone,
    params: [...flow.data.params.values()].map(({ name, type, required }) => ({ name, type, required })),
    publicUrl: settings.publicUrl,
    verifySignatures: settings.verifySignatures,
    plivoConfigured: plivoMissing.length === 0,
    plivoMissing,
    callsTokenRequired: settings.callsApiToken !== undefined,
  };
}

/** Every node of `flow`, as the page sees it. Pure. */
export function nodeViews(flow: Flow): NodeView[] {
  return [...flow.nodes.values()].map((node) => {
    const speech = speechOf(node);
    return {
      id: node.id,
      type: node.type,
      routes: routesOf(node),
      ...(node.type === 'menu' || node.type === 'input' || node.type === 'listen' ? { attempts: node.attempts } : {}),
      ...(speech === undefined ? {} : { speech }),
    };
  });
}

function speechOf(node: FlowNode): SpeechView | undefined {
  switch (node.type) {
    case 'menu':
      if (node.listening === undefined) return undefined;
      return {
        match: 'phrases',
        minConfidence: node.listening.minConfidence,
        options: [...node.choices].flatMap(([key, choice]) => (choice.say === undefined ? [] : [{ on: key, say: choice.say }])),
      };
    case 'listen':
      return { match: 'intents', minConfidence: node.listening.minConfidence, options: [...node.intents].map(([name, intent]) => ({ on: `intent:${name}`, say: intent.say })) };
    case 'input':
      return node.listening === undefined ? undefined : { match: 'digits', minConfidence: node.listening.minConfidence, options: [] };
    default:
      return undefined;
  }
}

/** Where a node's answers lead (see NodeView): its exits that a caller's action takes. */
function routesOf(node: FlowNode): Record<string, string | null> {
  const routes: Record<string, string | null> = {};
  for (const exit of kindOf(node.type).exits(node)) if (exit.on !== undefined) routes[exit.on] = exit.to ?? null;
  return routes;
}
