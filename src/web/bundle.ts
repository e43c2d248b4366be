/**
 * The page's script: src/web/browser/main.ts and the emulator it runs, bundled by esbuild when
 * the page first asks for it and kept in memory. No build step: `npm start` serves it.
 */
import { resolve } from 'node:path';
import { build } from 'esbuild';

const ENTRY = resolve(import.meta.dirname, 'browser/main.ts');
let bundled: Promise<string> | undefined;

/** The browser bundle (ES module text). Built once; a failed build is retried on the next call. */
export function browserBundle(): Promise<string> {
  bundled ??= buildBundle().catch((error: unknown) => {
    bundled = undefined;
    throw error;
  });
  return bundled;
}

async function buildBundle(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error('esbuild produced no output for the page script');
  return output.text;
}
