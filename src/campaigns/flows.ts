/**
 * Which flows a campaign can run and where Plivo finds them. One flow today ("default", served
 * at /node/<id>); when the server serves several, only these two functions change.
 */
import type { FlowSource } from '../flow/source.js';
import type { Flow } from '../flow/types.js';
import { nodeUrl } from '../call/url.js';

export const DEFAULT_FLOW = 'default';

export interface CampaignFlows {
  names(): readonly string[];
  flow(name: string): Flow | undefined;
  /** The URL a call of flow `name` starts at, carrying the recipient's values. */
  answerUrlFor(name: string, params: Readonly<Record<string, string>>): string;
  /** The URL of node `nodeId` of flow `name` (where `onMachine` sends a machine). */
  nodeUrlFor(name: string, nodeId: string, params: Readonly<Record<string, string>>): string;
}

export function campaignFlows(publicUrl: string, source: FlowSource): CampaignFlows {
  const flow = (name: string): Flow | undefined => (name === DEFAULT_FLOW ? source.current() : undefined);
  const nodeUrlFor = (_name: string, nodeId: string, params: Readonly<Record<string, string>>): string =>
    nodeUrl(publicUrl, nodeId, { language: undefined, attempt: 1, ...(Object.keys(params).length > 0 ? { values: params } : {}) });
  return {
    names: () => [DEFAULT_FLOW],
    flow,
    answerUrlFor: (name, params) => nodeUrlFor(name, flow(name)?.entry ?? source.current().entry, params),
    nodeUrlFor,
  };
}
