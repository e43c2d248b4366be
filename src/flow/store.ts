import type { Flow } from './types.js';

/** Where the app gets the flow to serve; a store can swap it (hot reload) between requests. */
export interface FlowSource {
  /** The flow to serve this request with. */
  current(): Flow;
}

/** A source that always serves the same flow. */
export function fixedFlow(flow: Flow): FlowSource {
  return { current: () => flow };
}
