/** A flow source the test can change, as a hot reload would. */
import type { FlowSource, FlowStatus } from '../../src/flow/source.js';
import type { Flow, Problem } from '../../src/flow/types.js';

export interface MutableSource extends FlowSource {
  /** Serve `flow` from now on, with `problems` of a newer file that did not load. */
  set(flow: Flow, problems?: Problem[]): void;
}

export function mutableSource(flow: Flow, file = 'ivr.yaml'): MutableSource {
  let status: FlowStatus = { flow, file, loadedAt: new Date(), warnings: [], problems: [] };
  return {
    current: () => status.flow,
    status: () => status,
    set: (next, problems = []) => {
      status = { flow: next, file, loadedAt: new Date(), warnings: [], problems };
    },
  };
}

/** A problem as the loader reports one. */
export function problem(line: number, column: number, path: string, message: string): Problem {
  return { severity: 'error', file: 'ivr.yaml', line, column, path, message };
}
