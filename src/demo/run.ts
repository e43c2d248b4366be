/**
 * The walkthrough, recorded (`npm run demo`, src/cli/demo.ts). Serves ivr.yaml on
 * loopback with Plivo's API intercepted, places call 1 through POST /calls, runs each call in
 * Node (transcript, sound) and in the browser page (pictures), and writes DIR (default demo/):
 * transcript.md, demo.wav + call-<n>.wav, demo.mp4, still.png and frames/. The default DIR,
 * demo/, is ignored by git: a run never changes a committed file.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import type { TranscriptEvent } from '../emulator/index.js';
import { startLocalServer } from '../http/server.js';
import { assemble, callFrames, type Segment } from './assemble.js';
import { CHROMIUM_PATH } from '../chromium.js';
import { freshPage, openDemoBrowser, type DemoBrowser } from './browser.js';
import { filmCall, type FilmedCall, type Shot } from './browser-call.js';
import { narrate, shootCard, silence, type Card } from './cards.js';
import { runHeardCall, type HeardCall } from './node-call.js';
import { placeCallFromPage } from './place-call.js';
import { DEMO_ACCOUNT, interceptPlivo } from './plivo-intercept.js';
import { clock, findSteps, transcriptMarkdown, type RecordedCall, type Trigger } from './transcript-md.js';
import { CALLEE, FAST, FULL, type DemoCall, type Walkthrough } from './walkthrough.js';
import { nodeViews } from '../web/flow-view.js';
import { narrator } from '../web/narrate.js';

const run = promisify(execFile);

/** The page is filmed whole: at this size the phone, the transcript, the diagram and the call form all fit. */
const VIEWPORT = { width: 1280, height: 1344 };

export interface DemoOptions {
  /** One short call instead of the whole walkthrough. */
  fast: boolean;
  /** Where to write (created if needed). */
  outDir: string;
}

/** Records the walkthrough into `options.outDir`, printing what it wrote. */
export async function runDemo(options: DemoOptions): Promise<void> {
  const values = { fast: options.fast };
  const started = Date.now();
  const walkthrough = values.fast ? FAST : FULL;
  const outDir = resolve(options.outDir);
  const frames = join(outDir, 'frames');
  await requireTools();
  await rm(frames, { recursive: true, force: true });
  await mkdir(frames, { recursive: true });
  const work = await mkdtemp(join(tmpdir(), 'ivr-demo-'));
  const flowFile = 'ivr.yaml';

  const intercept = await interceptPlivo();
  const logLines: string[] = [];
  const logStream = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      logLines.push(...String(chunk).split('\n').filter((line) => line.trim() !== ''));
      done();
    },
  });
  let server: Awaited<ReturnType<typeof startLocalServer>> | undefined;
  let browser: DemoBrowser | undefined;
  try {
    server = await startLocalServer({
      flowFile: resolve(flowFile),
      logStream,
      env: {
        ...process.env,
        PLIVO_AUTH_ID: DEMO_ACCOUNT.authId,
        PLIVO_AUTH_TOKEN: DEMO_ACCOUNT.authToken,
        PLIVO_FROM_NUMBER: DEMO_ACCOUNT.fromNumber,
        // The browser phone calls the webhooks itself, and must never hold the auth token.
        PLIVO_VERIFY_SIGNATURES: 'false',
        CALLS_API_TOKEN: '',
        ALLOWED_DESTINATIONS: '',
        LOG_LEVEL: 'info',
      },
    });
    browser = await openDemoBrowser(server.url, VIEWPORT);
    // Transcript lines as the page writes them: key presses told against the flow.
    const describe = narrator({ nodes: nodeViews(server.flows.current()) });
    const recorded = await record(walkthrough, { server, browser, intercept, logLines, frames, work, outDir, describe });

    const placed = await assemble(recorded.segments, {
      wav: join(outDir, 'demo.wav'),
      mp4: join(outDir, 'demo.mp4'),
      list: join(work, 'frames.txt'),
      ...(values.fast ? { width: 640 } : {}),
    });
    const videoMs = placed.reduce((sum, segment) => sum + segment.durationMs, 0);
    const calls: RecordedCall[] = recorded.calls.map((c) => ({
      call: c.call,
      heard: c.heard,
      trigger: c.trigger,
      cardMs: placed[c.card]?.startMs ?? 0,
      callMs: placed[c.segment]?.startMs ?? 0,
      endMs: (placed[c.end]?.startMs ?? 0) + (placed[c.end]?.durationMs ?? 0),
    }));
    const still = await makeStill(recorded.calls, join(outDir, 'still.png'));
    const markdown = transcriptMarkdown({
      flowFile,
      flowVersion: server.flows.current().version,
      madeAt: new Date(),
      videoMs,
      fast: values.fast,
      calls,
      origin: server.url,
      describe,
      still: 'still.png',
    });
    if (markdown.includes(DEMO_ACCOUNT.authToken)) throw new Error('the transcript would show the auth token');
    await writeFile(join(outDir, 'transcript.md'), markdown);

    const size = async (file: string): Promise<string> => `${((await stat(file)).size / 1024 / 1024).toFixed(1)} MB`;
    const show = (file: string): string => relative(process.cwd(), file) || file;
    process.stdout.write(
      [
        `${show(join(outDir, 'demo.mp4'))}  ${clock(videoMs)}  ${await size(join(outDir, 'demo.mp4'))}`,
        `${show(join(outDir, 'demo.wav'))}  ${await size(join(outDir, 'demo.wav'))}`,
        `${show(join(outDir, 'transcript.md'))}`,
        `${show(still)}  ${((await stat(still)).size / 1024).toFixed(0)} KB`,
        `${recorded.calls.length} call(s), ${placed.reduce((n, s) => n + s.frames.length, 0)} pictures, made in ${((Date.now() - started) / 1000).toFixed(0)} s`,
      ].join('\n') + '\n',
    );
  } finally {
    await browser?.close();
    await server?.close();
    intercept.stop();
    await rm(work, { recursive: true, force: true });
  }
}

interface RecordContext {
  server: Awaited<ReturnType<typeof startLocalServer>>;
  browser: DemoBrowser;
  intercept: Awaited<ReturnType<typeof interceptPlivo>>;
  logLines: readonly string[];
  frames: string;
  work: string;
  outDir: string;
  describe: (event: TranscriptEvent) => string;
}

interface Recorded {
  segments: Segment[];
  /** Per call: what was heard and filmed, and the indexes of its card, call and last segments. */
  calls: Array<{ call: DemoCall; heard: HeardCall; filmed: FilmedCall; trigger: Trigger | undefined; card: number; segment: number; end: number }>;
}

/** Places, runs and films every call, and shoots and narrates the cards: the video's segments, in order. */
async function record(walkthrough: Walkthrough, ctx: RecordContext): Promise<Recorded> {
  const segments: Segment[] = [];
  const card = async (name: string, content: Card, narration: string): Promise<number> => {
    const picture = await shootCard(ctx.browser.cards, content, join(ctx.frames, `${name}.png`));
    segments.push({ wav: await narrate(narration, join(ctx.work, `${name}.wav`)), frames: [{ file: picture, ms: 1 }] });
    return segments.length - 1;
  };
  const kicker = 'plivo-yaml-ivr · npm run demo';
  if (walkthrough.intro !== undefined) await card('intro', { kicker, title: walkthrough.intro.title, lines: walkthrough.intro.lines }, walkthrough.intro.narration);

  const calls: Recorded['calls'] = [];
  for (const [i, call] of walkthrough.calls.entries()) {
    const n = i + 1;
    const page = ctx.browser.page;
    await freshPage(page);
    const placed = call.trigger ? await placeCallFromPage(page, CALLEE, { intercept: ctx.intercept, logLines: ctx.logLines, frames: ctx.frames, prefix: `call-${n}` }) : undefined;
    const cardIndex = await card(
      `call-${n}-card`,
      { kicker: `Call ${n} of ${walkthrough.calls.length}`, title: call.title, lines: [call.plan], ...(placed === undefined ? {} : { request: placed.trigger.sent }) },
      call.narration,
    );
    if (placed !== undefined) {
      const wav = join(ctx.work, `call-${n}-placed.wav`);
      await (walkthrough.triggerNarration === undefined ? silence(2, wav) : narrate(walkthrough.triggerNarration, wav));
      segments.push({ wav, frames: [{ file: placed.shots.form, ms: 35 }, { file: placed.shots.placed, ms: 65 }] });
    }
    const body = placed?.trigger.sent.body;
    const heard = await runHeardCall(call, {
      answerUrl: typeof body?.['answer_url'] === 'string' ? body['answer_url'] : ctx.server.answerUrl,
      hangupUrl: typeof body?.['hangup_url'] === 'string' ? body['hangup_url'] : `${ctx.server.url}/hangup`,
      from: typeof body?.['from'] === 'string' ? body['from'] : DEMO_ACCOUNT.fromNumber,
      to: typeof body?.['to'] === 'string' ? body['to'] : CALLEE,
      wav: join(ctx.outDir, `call-${n}.wav`),
    });
    findSteps(call, heard.transcript.events);
    const filmed = await filmCall(page, heard, { frames: ctx.frames, prefix: `call-${n}`, origin: ctx.server.url, describe: ctx.describe });
    segments.push({ wav: await silence(1, join(ctx.work, `call-${n}-ready.wav`)), frames: [{ file: filmed.ready, ms: 1 }] });
    const segment = segments.length;
    segments.push({ wav: heard.wav, frames: callFrames(heard.cues, heard.durationMs, filmed) });
    segments.push({ wav: await silence(1.5, join(ctx.work, `call-${n}-ended.wav`)), frames: [{ file: filmed.final, ms: 1 }] });
    calls.push({ call, heard, filmed, trigger: placed?.trigger, card: cardIndex, segment, end: segments.length - 1 });
  }
  if (walkthrough.outro !== undefined) await card('outro', { kicker, title: walkthrough.outro.title, lines: walkthrough.outro.lines }, walkthrough.outro.narration);
  return { segments, calls };
}

/** A small picture for the README: a transfer waiting for its outcome if a call has one, else the message playing. */
async function makeStill(calls: ReadonlyArray<{ heard: HeardCall; filmed: FilmedCall }>, out: string): Promise<string> {
  const of = (type: TranscriptEvent['type'], phase: Shot['phase']): Shot | undefined =>
    calls.flatMap((c) => c.filmed.shots.filter((s) => s.phase === phase && c.heard.transcript.events[s.event]?.type === type))[0];
  const source = (of('dial', 'before') ?? of('play', 'main') ?? calls[0]?.filmed.shots[0])?.file;
  if (source === undefined) throw new Error('no picture for the still');
  await run('ffmpeg', ['-y', '-v', 'error', '-i', source, '-vf', 'scale=720:-2:flags=lanczos', '-frames:v', '1', out]);
  return out;
}

async function requireTools(): Promise<void> {
  const missing: string[] = [];
  for (const tool of ['espeak-ng', 'sox', 'soxi', 'ffmpeg']) {
    await run('sh', ['-c', `command -v ${tool}`]).catch(() => missing.push(tool));
  }
  if (!existsSync(CHROMIUM_PATH)) missing.push(`chromium (${CHROMIUM_PATH}; or set CHROMIUM_PATH)`);
  if (missing.length > 0) throw new DemoToolsMissing(`${missing.join(', ')} not found: apt-get install -y espeak-ng sox ffmpeg chromium`);
}

/** A tool the demo needs is not installed; the message says how to install it. */
export class DemoToolsMissing extends Error {
  override name = 'DemoToolsMissing';
}
