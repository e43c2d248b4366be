import type { Flow, Problem } from './types.js';

/** `ivr.yaml:14:9 error nodes.main.choices.3: …`, one line a problem, like a compiler. Pure. */
export function formatProblems(problems: readonly Problem[]): string {
  return problems
    .map((p) => `${p.file}:${p.line}:${p.column} ${p.severity}${p.path === '' ? '' : ` ${p.path}`}: ${p.message}`)
    .join('\n');
}

/** One line for a valid flow: `ok: 9 nodes, languages en, es, entry language (version 1a2b…)`. Pure. */
export function summarizeFlow(flow: Flow): string {
  return `ok: ${flow.nodes.size} nodes, languages ${[...flow.languages.keys()].join(', ')}, entry ${flow.entry} (version ${flow.version})`;
}
