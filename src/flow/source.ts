import type { Flow, Problem } from './types.js';

/** What is being served, and how the last attempt to load the file went. */
export interface FlowStatus {
  flow: Flow;
  /** The flow file (as reported in problems); '' for a flow that did not come from a file. */
  file: string;
  /** When `flow` was loaded. */
  loadedAt: Date;
  /** Warnings of the flow being served. */
  warnings: readonly Problem[];
  /** Problems of the newest file on disk when it failed to load (the last good flow keeps serving); empty when the file on disk is the one serving. */
  problems: readonly Problem[];
}

/** Where the app gets the flow to serve; a store can swap it (hot reload) between requests. */
export interface FlowSource {
  /** The flow to serve this request with; a request holds on to the flow it got. */
  current(): Flow;
  /** The flow being served and the outcome of the newest load. */
  status(): FlowStatus;
  /** Calls `listener` after every reload attempt (good or bad); returns the unsubscribe function. */
  onChange?(listener: (status: FlowStatus) => void): () => void;
}

/** A source that always serves the same flow. */
export function fixedFlow(flow: Flow): FlowSource {
  const status: FlowStatus = Object.freeze({ flow, file: '', loadedAt: new Date(), warnings: [], problems: [] });
  return { current: () => flow, status: () => status };
}
