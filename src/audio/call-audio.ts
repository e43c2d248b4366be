import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import type { GatherPrompt, Transcript } from '../emulator/index.js';
import { DTMF_HZ, espeakVoice, HANGUP_TONE, KEY_GAP_SECONDS, KEY_SECONDS, RECORD_BEEP, RINGBACK, THINKING_SECONDS } from './tones.js';

const run = promisify(execFile);
/** The caller speaks in the voice the prompts do not use. */
const CALLER_VOICE = 'MAN';
const RATE = 16000;

/** One stretch of the call's audio: what it is, and where it sits in the file. */
export interface AudioCue {
  kind: 'speak' | 'play' | 'key' | 'caller' | 'silence' | 'ringback' | 'beep' | 'recording' | 'hangup';
  startMs: number;
  durationMs: number;
  /** The text spoken, the audio URL, the key pressed, or a note. */
  label: string;
  /** Plivo's language code, for speech. */
  language?: string;
  /** Index of the transcript event this stretch renders. */
  event: number;
}

export interface CallAudioOptions {
  /** Output file: .wav, or .mp3 (through lame). */
  out: string;
  /** The GetDigits tries in the order the caller saw them (their timeouts give the silences). */
  gathers: readonly GatherPrompt[];
  /** Fetches a Play URL's bytes (the server must still be up). */
  fetchAudio(url: string): Promise<Uint8Array>;
}

/** Thrown when espeak-ng, sox or lame is missing, saying how to install them. */
export class AudioToolsMissing extends Error {
  override name = 'AudioToolsMissing';
}

/**
 * What the caller would hear, as one audio file: each Speak through espeak-ng in its language
 * and voice, each Play decoded, the DTMF tones of the keys pressed, silence for timeouts and
 * waits, ringback while a Dial rings, a beep and silence for a recording, and a hang-up tone.
 * Returns the cue list: where each transcript event sits in the file.
 */
export async function renderCallAudio(transcript: Transcript, options: CallAudioOptions): Promise<{ durationMs: number; cues: AudioCue[] }> {
  await requireTools(extname(options.out).toLowerCase() === '.mp3');
  const dir = await mkdtemp(join(tmpdir(), 'ivr-audio-'));
  try {
    const parts: string[] = [];
    const cues: AudioCue[] = [];
    let at = 0;
    let gatherIndex = 0;
    const add = async (file: string, cue: Omit<AudioCue, 'startMs' | 'durationMs'>): Promise<void> => {
      const seconds = Number((await run('soxi', ['-D', file])).stdout.trim());
      cues.push({ ...cue, startMs: Math.round(at), durationMs: Math.round(seconds * 1000) });
      parts.push(file);
      at += seconds * 1000;
    };
    const file = (): string => join(dir, `${String(parts.length).padStart(4, '0')}.wav`);

    for (const [index, event] of transcript.events.entries()) {
      switch (event.type) {
        case 'speak': {
          const out = file();
          await run('espeak-ng', ['-v', espeakVoice(event.language, event.voice), '-s', '155', '-w', `${out}.raw.wav`, event.text]);
          await run('sox', [`${out}.raw.wav`, '-r', String(RATE), '-c', '1', '-b', '16', out]);
          await add(out, { kind: 'speak', label: event.text, language: event.language, event: index });
          break;
        }
        case 'play': {
          if (!event.ok) break;
          const source = join(dir, `play-${index}${extname(new URL(event.url).pathname) || '.mp3'}`);
          await writeFile(source, await options.fetchAudio(event.url));
          const out = file();
          await run('sox', [source, '-r', String(RATE), '-c', '1', '-b', '16', out]);
          await add(out, { kind: 'play', label: event.url, event: index });
          break;
        }
        case 'speech': {
          // The caller's own words, in a second voice (a man's, lower and a little faster) so
          // they stand apart from the prompts.
          const out = file();
          await add(await silence(file(), THINKING_SECONDS), { kind: 'silence', label: 'caller thinks', event: index });
          await run('espeak-ng', ['-v', espeakVoice(event.language, CALLER_VOICE), '-p', '35', '-s', '170', '-w', `${out}.raw.wav`, event.said]);
          await run('sox', [`${out}.raw.wav`, '-r', String(RATE), '-c', '1', '-b', '16', out]);
          await add(out, { kind: 'caller', label: event.said, language: event.language, event: index });
          break;
        }
        case 'wait':
          await add(await silence(file(), event.seconds), { kind: 'silence', label: `wait ${event.seconds}s`, event: index });
          break;
        case 'gather': {
          const prompt = options.gathers[gatherIndex++];
          if (event.pressed === null) {
            const seconds = event.timeoutSeconds ?? prompt?.timeoutSeconds ?? 5;
            await add(await silence(file(), seconds), { kind: 'silence', label: `no key for ${seconds}s`, event: index });
            break;
          }
          await add(await silence(file(), THINKING_SECONDS), { kind: 'silence', label: 'caller thinks', event: index });
          for (const key of event.pressed) {
            const hz = DTMF_HZ[key];
            if (hz === undefined) continue;
            await add(await tone(file(), hz, KEY_SECONDS), { kind: 'key', label: key, event: index });
            await add(await silence(file(), KEY_GAP_SECONDS), { kind: 'silence', label: 'between keys', event: index });
          }
          break;
        }
        case 'dial': {
          // Two rings before an answer; a whole ring timeout would only be silence on a recording.
          const rings = event.outcome === 'answered' ? 2 : event.outcome === 'busy' ? 0 : 3;
          for (let ring = 0; ring < rings; ring++) {
            await add(await tone(file(), RINGBACK.hz, RINGBACK.onSeconds), { kind: 'ringback', label: `ring ${ring + 1}: ${event.numbers.join(', ')}`, event: index });
            await add(await silence(file(), RINGBACK.offSeconds / 2), { kind: 'silence', label: 'between rings', event: index });
          }
          if (event.outcome === 'busy') await add(await hangupTone(file()), { kind: 'hangup', label: 'busy', event: index });
          if (event.outcome === 'answered') await add(await silence(file(), 1), { kind: 'silence', label: 'connected', event: index });
          break;
        }
        case 'record':
          await add(await tone(file(), [RECORD_BEEP.hz], RECORD_BEEP.seconds), { kind: 'beep', label: 'record beep', event: index });
          await add(await silence(file(), event.durationMs / 1000), { kind: 'recording', label: 'caller leaves a message', event: index });
          break;
        case 'hangup':
          await add(await hangupTone(file()), { kind: 'hangup', label: event.reason, event: index });
          break;
        default:
          break;
      }
    }
    if (parts.length === 0) await add(await silence(file(), 0.5), { kind: 'silence', label: 'nothing was heard', event: 0 });
    await concatenate(parts, options.out, dir);
    return { durationMs: Math.round(at), cues };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function silence(out: string, seconds: number): Promise<string> {
  await run('sox', ['-n', '-r', String(RATE), '-c', '1', '-b', '16', out, 'trim', '0', String(Math.max(0.01, seconds))]);
  return out;
}

async function tone(out: string, hz: readonly number[], seconds: number): Promise<string> {
  const generators = hz.flatMap((f) => ['sine', String(f)]);
  await run('sox', ['-n', '-r', String(RATE), '-b', '16', out, 'synth', String(seconds), ...generators, 'channels', '1', 'gain', '-6']);
  return out;
}

async function hangupTone(out: string): Promise<string> {
  const on = `${out}.on.wav`;
  const off = `${out}.off.wav`;
  await tone(on, HANGUP_TONE.hz, HANGUP_TONE.onSeconds);
  await silence(off, HANGUP_TONE.offSeconds);
  const pattern = Array.from({ length: HANGUP_TONE.times }, () => [on, off]).flat();
  await run('sox', [...pattern, out]);
  return out;
}

async function concatenate(parts: readonly string[], out: string, dir: string): Promise<void> {
  const wav = extname(out).toLowerCase() === '.mp3' ? join(dir, 'call.wav') : out;
  // sox takes the parts on its command line; a long call is joined in batches to stay under ARG_MAX.
  let joined = parts;
  for (let round = 0; joined.length > 500; round++) {
    const batches: string[] = [];
    for (let i = 0; i < joined.length; i += 500) {
      const batch = join(dir, `batch-${round}-${i}.wav`);
      await run('sox', [...joined.slice(i, i + 500), batch]);
      batches.push(batch);
    }
    joined = batches;
  }
  await run('sox', [...joined, wav]);
  if (wav !== out) await run('lame', ['--quiet', '-m', 'm', '-b', '48', wav, out]);
}

async function requireTools(mp3: boolean): Promise<void> {
  const tools = ['espeak-ng', 'sox', 'soxi', ...(mp3 ? ['lame'] : [])];
  const missing: string[] = [];
  for (const tool of tools) {
    await run('sh', ['-c', `command -v ${tool}`]).catch(() => missing.push(tool));
  }
  if (missing.length > 0) {
    throw new AudioToolsMissing(`${missing.join(', ')} not found: install them with  apt-get install -y espeak-ng sox${mp3 ? ' lame' : ''}`);
  }
}
