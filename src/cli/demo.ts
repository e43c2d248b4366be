/**
 * `npm run demo [-- --fast] [--out DIR]`: the walkthrough, recorded (src/demo/run.ts) into DIR,
 * by default demo/, which git ignores: a run never changes a committed file.
 */
import { DemoToolsMissing, runDemo } from '../demo/run.js';
import { FlowError } from '../http/server.js';
import { readArgs, runCli } from './args.js';

const USAGE = `usage: npm run demo [-- --fast] [--out DIR]

  --fast      one short call (about half a minute of video), for tests
  --out DIR   where to write (default demo/, ignored by git): transcript.md, demo.mp4, demo.wav,
              call-<n>.wav, still.png, frames/
  -h, --help  this text

Needs the dev dependencies (npm install) and apt-get install -y chromium ffmpeg sox espeak-ng.`;

runCli('demo', USAGE, async () => {
  const { values } = readArgs(USAGE, { fast: { type: 'boolean', default: false }, out: { type: 'string', default: 'demo' } }, { maxPositionals: 0 });
  await runDemo({ fast: values.fast, outDir: values.out });
  return 0;
}, (error) => {
  if (error instanceof FlowError) return `${error.message}\nthe flow does not load: no demo.`;
  if (error instanceof DemoToolsMissing) return error.message;
  return undefined;
});
