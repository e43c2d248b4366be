/**
 * Which flows a campaign can run and where Plivo finds them: "default" (IVR_CONFIG, served at
 * /node/<id>) and every named flow (FLOWS_DIR, FLOWS), served at /flows/<name>/node/<id>.
 */
import type { FlowSource } from '../flow/source.js';
import type { Flow } from '../flow/types.js';
import { nodeUrl } from '../call/url.js';
import { flowBaseUrl, type NamedFlow } from '../flow/catalog.js';

export const DEFAULT_FLOW = 'default';

export interface CampaignFlows {
  names(): readonly string[];
  flow(name: string): Flow | undefined;
  /** The URL a call of flow `name` starts at, carrying the recipient's values. */
  answerUrlFor(name: string, params: Readonly<Record<string, string>>): string;
  /** The URL of node `nodeId` of flow `name` (where `onMachine` sends a machine). */
  nodeUrlFor(name: string, nodeId: string, params: Readonly<Record<string, string>>): string;
}

export function campaignFlows(publicUrl: string, source: FlowSource, named: ReadonlyMap<string, NamedFlow> = new Map()): CampaignFlows {
  // A Map lookup: a campaign naming `constructor` finds no flow.
  const flow = (name: string): Flow | undefined => (name === DEFAULT_FLOW ? source.current() : named.get(name)?.source.current());
  const nodeUrlFor = (name: string, nodeId: string, params: Readonly<Record<string, string>>): string =>
    nodeUrl(flowBaseUrl(publicUrl, name === DEFAULT_FLOW ? undefined : name), nodeId, { language: undefined, attempt: 1, ...(Object.keys(params).length > 0 ? { values: params } : {}) });
  return {
    names: () => [DEFAULT_FLOW, ...named.keys()],
    flow,
    answerUrlFor: (name, params) => nodeUrlFor(name, flow(name)?.entry ?? source.current().entry, params),
    nodeUrlFor,
  };
}
