/** Runs one of src/cli/*.ts as `npm run <tool>` would, with its own environment and stdin. */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { ROOT } from '../helpers/app.js';

export interface CliRun { status: number | null; stdout: string; stderr: string }

/**
 * `node --import tsx src/cli/<tool>.ts …args` in the repository, with only PATH and `env` in its
 * environment (no Plivo credentials leak in from the shell), `input` piped to its stdin (closed
 * at once when there is none), and `preload` modules imported first.
 */
export function runTool(tool: string, args: string[], options: { env?: Record<string, string>; input?: string; preload?: string[] } = {}): Promise<CliRun> {
  const argv = ['--import', 'tsx', ...(options.preload ?? []).flatMap((file) => ['--import', resolve(ROOT, file)]), resolve(ROOT, `src/cli/${tool}.ts`), ...args];
  return new Promise((done) => {
    const child = execFile(process.execPath, argv, { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', ...options.env }, timeout: 60_000 }, (error, stdout, stderr) => {
      done({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
    child.stdin?.end(options.input ?? '');
  });
}
