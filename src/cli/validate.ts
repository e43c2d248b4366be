/**
 * `npm run validate [-- FILE]`: checks a flow file and prints `ok …` or every problem, like a
 * compiler. Exit code 0 when the file is valid (warnings allowed), 1 otherwise.
 */
import { formatProblems, summarizeFlow } from '../flow/format.js';
import { loadFlowFile } from '../flow/load.js';
import { readArgs, runCli } from './args.js';

const USAGE = `usage: npm run validate [-- FILE]

  FILE        the flow to check (default: $IVR_CONFIG or ivr.yaml)
  -h, --help  this text

Prints "ok: …" and exits 0, or every problem as file:line:column and exits 1.`;

async function main(): Promise<number> {
  const { positionals } = readArgs(USAGE, {}, { maxPositionals: 1 });
  const file = positionals[0] ?? process.env['IVR_CONFIG'] ?? 'ivr.yaml';
  const result = loadFlowFile(file, process.env);
  if (!result.ok) {
    process.stderr.write(`${formatProblems(result.problems)}\n${result.problems.length} problem(s) in ${file}\n`);
    return 1;
  }
  if (result.warnings.length > 0) process.stdout.write(`${formatProblems(result.warnings)}\n`);
  process.stdout.write(`${summarizeFlow(result.flow)}\n`);
  return 0;
}

runCli('validate', USAGE, main);
