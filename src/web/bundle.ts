/**
 * The page's script: src/web/browser/main.ts and the emulator it runs, bundled by esbuild when
 * the page first asks for it and kept in memory. No build step: `npm start` serves it.
 */
import { resolve } from 'node:path';
import { build } from 'esbuild';

const bundles = new Map<string, Promise<string>>();

/** The browser bundle (ES module text). Built once; a failed build is retried on the next call. */
export function browserBundle(): Promise<string> {
  return pageBundle('main');
}

/** The bundle of one page script, src/web/browser/<name>.ts (`main`: the page at /, `dashboard`: the call dashboard). */
export function pageBundle(name: 'main' | 'dashboard'): Promise<string> {
  let bundled = bundles.get(name);
  if (bundled === undefined) {
    bundled = buildBundle(resolve(import.meta.dirname, `browser/${name}.ts`)).catch((error: unknown) => {
      bundles.delete(name);
      throw error;
    });
    bundles.set(name, bundled);
  }
  return bundled;
}

async function buildBundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
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
