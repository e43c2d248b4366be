/**
 * The video: pictures held for as long as their sound lasts. Each segment is one WAV (a
 * narration, a call, a pause) and the pictures shown over it; sox joins the sound, ffmpeg's
 * concat demuxer shows each picture for its duration, and the two are muxed as H.264 + AAC.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { AudioCue } from '../audio/call-audio.js';
import type { FilmedCall, Shot } from './browser-call.js';
import { lengthMs } from './cards.js';

const run = promisify(execFile);

/** A picture and how long it is shown. */
export interface Frame { file: string; ms: number }

/** A stretch of the video: one sound file, the pictures over it (fitted to its length). */
export interface Segment { wav: string; frames: Frame[] }

/** Where a segment starts in the video, once assembled. */
export interface Placed extends Segment { startMs: number; durationMs: number }

/**
 * The pictures of a filmed call against its audio cues: each cue shows the picture taken at
 * its event (before the keys for the caller's pause, after them for the tones, one picture
 * per countdown second for a silence).
 */
export function callFrames(cues: readonly AudioCue[], durationMs: number, filmed: FilmedCall): Frame[] {
  const frames: Frame[] = [];
  let last = filmed.ready;
  const shotsOf = (event: number): Shot[] => filmed.shots.filter((shot) => shot.event === event);
  for (const [i, cue] of cues.entries()) {
    const start = cue.startMs;
    const end = cues[i + 1]?.startMs ?? durationMs;
    const shots = shotsOf(cue.event);
    const pick = (...phases: Array<Shot['phase']>): string => {
      for (const phase of phases) {
        const found = shots.find((shot) => shot.phase === phase);
        if (found !== undefined) return found.file;
      }
      return last;
    };
    const ticks = shots.filter((shot) => shot.phase === 'tick').sort((a, b) => (b.secondsLeft ?? 0) - (a.secondsLeft ?? 0));
    if (cue.kind === 'silence' && ticks.length > 0) {
      const each = (end - start) / ticks.length;
      for (const tick of ticks) frames.push({ file: tick.file, ms: each });
      last = ticks.at(-1)?.file ?? last;
      continue;
    }
    const waiting = cue.kind === 'ringback' || cue.label === 'caller thinks' || cue.label === 'between rings';
    last = waiting ? pick('before', 'main') : pick('main', 'after', 'before');
    frames.push({ file: last, ms: end - start });
  }
  if (frames.length === 0) frames.push({ file: filmed.final, ms: durationMs });
  return frames;
}

/**
 * Joins the segments into `wav` (sox) and `mp4` (ffmpeg: H.264, yuv420p, AAC), each picture
 * held for its share of its segment's sound. `width` scales the video (default: the pictures' size).
 */
export async function assemble(segments: readonly Segment[], out: { wav: string; mp4: string; list: string; width?: number }): Promise<Placed[]> {
  const placed: Placed[] = [];
  let at = 0;
  for (const segment of segments) {
    const durationMs = await lengthMs(segment.wav);
    placed.push({ ...fit(segment, durationMs), startMs: at, durationMs });
    at += durationMs;
  }
  await run('sox', [...segments.map((s) => s.wav), out.wav]);
  const frames = merged(placed.flatMap((segment) => segment.frames));
  const quote = (file: string): string => `'${file.replace(/'/g, "'\\''")}'`;
  const lines = ['ffconcat version 1.0', ...frames.flatMap((f) => [`file ${quote(f.file)}`, `duration ${(f.ms / 1000).toFixed(3)}`])];
  // The concat demuxer ignores the last entry's duration unless the file is listed once more.
  const lastFrame = frames.at(-1);
  if (lastFrame !== undefined) lines.push(`file ${quote(lastFrame.file)}`);
  await writeFile(out.list, `${lines.join('\n')}\n`);
  const scale = out.width === undefined ? 'scale=trunc(iw/2)*2:trunc(ih/2)*2' : `scale=${out.width}:-2:flags=lanczos`;
  await run('ffmpeg', [
    '-y', '-v', 'error',
    '-f', 'concat', '-safe', '0', '-i', out.list,
    '-i', out.wav,
    '-vf', `${scale},fps=10,format=yuv420p`,
    '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'stillimage', '-crf', '24',
    '-c:a', 'aac', '-b:a', '96k', '-ar', '44100',
    '-movflags', '+faststart', '-shortest',
    out.mp4,
  ], { maxBuffer: 16 * 1024 * 1024 });
  return placed;
}

/** The segment's frames stretched or cut so they last exactly as long as its sound. */
function fit(segment: Segment, durationMs: number): Segment {
  const frames = segment.frames.filter((f) => f.ms > 0);
  const shown = frames.reduce((sum, f) => sum + f.ms, 0);
  if (frames.length === 0 || shown <= 0) throw new Error(`no picture for ${segment.wav}`);
  const ratio = durationMs / shown;
  return { wav: segment.wav, frames: frames.map((f) => ({ file: f.file, ms: f.ms * ratio })) };
}

/** Adjacent entries of the same picture as one. */
function merged(frames: readonly Frame[]): Frame[] {
  const out: Frame[] = [];
  for (const frame of frames) {
    const previous = out.at(-1);
    if (previous?.file === frame.file) previous.ms += frame.ms;
    else out.push({ ...frame });
  }
  return out;
}
