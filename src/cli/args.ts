/**
 * What every command-line tool here shares: one argument parser (node:util parseArgs, strict),
 * `-h`/`--help` printing the usage and exiting 0, and one exit-code rule: 0 done, 1 the work
 * failed (a broken flow, a refused call), 2 the command was used wrongly (with the usage).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
const HELP = { help: { type: 'boolean', short: 'h', default: false } } as const;

/** The command was used wrongly: its message, then the usage, and exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Parses `args` (default: the process's) against `options`, plus `-h`/`--help`, which prints
 * `usage` to stdout and exits 0. Unknown options, a missing value, or more than `maxPositionals`
 * positional arguments throw UsageError.
 */
export function readArgs<const O extends Options>(usage: string, options: O, settings: { maxPositionals?: number; args?: string[] } = {}) {
  const config = { args: settings.args ?? process.argv.slice(2), options: { ...options, ...HELP }, allowPositionals: true, strict: true } as const;
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: O & typeof HELP; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    // parseArgs' messages name the option; drop its advice about '--' (ours is the usage).
    throw new UsageError((error instanceof Error ? error.message : String(error)).split('. To specify')[0] ?? 'bad arguments');
  }
  if ((parsed.values as { help?: boolean }).help === true) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const max = settings.maxPositionals;
  if (max !== undefined && parsed.positionals.length > max) {
    const extra = parsed.positionals.slice(max);
    throw new UsageError(`unexpected argument${extra.length > 1 ? 's' : ''}: ${extra.join(' ')}`);
  }
  return parsed;
}

/**
 * Runs a tool's `main` and exits with its code. A UsageError prints its message and `usage`
 * (exit 2); `explain` turns the tool's own known errors into a message (exit 1); anything else
 * is printed as "<name> failed: …" (exit 2, a bug or an environment problem).
 */
export function runCli(name: string, usage: string, main: () => Promise<number>, explain: (error: unknown) => string | undefined = () => undefined): void {
  // `npm run simulate | head`: the reader left; stop quietly instead of with a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof UsageError) {
        process.stderr.write(`${error.message}\n\n${usage}\n`);
        process.exit(2);
      }
      const known = explain(error);
      if (known !== undefined) {
        process.stderr.write(`${known}\n`);
        process.exit(1);
      }
      process.stderr.write(`${name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}
