/**
 * `npm run validate [file]`: checks a flow file and prints `ok …` or every problem, like a
 * compiler. Exit code 0 when the file is valid (warnings allowed), 1 otherwise.
 */
import { formatProblems, summarizeFlow } from './flow/format.js';
import { loadFlowFile } from './flow/load.js';

const file = process.argv[2] ?? process.env['IVR_CONFIG'] ?? 'ivr.yaml';
const result = loadFlowFile(file, process.env);
if (result.ok) {
  if (result.warnings.length > 0) process.stdout.write(`${formatProblems(result.warnings)}\n`);
  process.stdout.write(`${summarizeFlow(result.flow)}\n`);
} else {
  process.stderr.write(`${formatProblems(result.problems)}\n${result.problems.length} problem(s) in ${file}\n`);
  process.exitCode = 1;
}
