/** A walkthrough call run in Node with the emulator, and rendered to what the caller hears. */
import { renderCallAudio, type AudioCue } from '../audio/call-audio.js';
import { noteGatherTries, runCall, scriptedCaller, type GatherPrompt, type Transcript } from '../emulator/index.js';
import type { DemoCall } from './walkthrough.js';

export interface HeardCall {
  transcript: Transcript;
  /** The call's audio file (16 kHz mono WAV). */
  wav: string;
  durationMs: number;
  /** Where each transcript event sits in the audio. */
  cues: AudioCue[];
}

export interface NodeCallOptions {
  answerUrl: string;
  hangupUrl: string;
  from: string;
  to: string;
  /** Where the WAV goes. */
  wav: string;
}

/**
 * Runs `call` against the server with a scripted caller, then renders its audio. Throws when
 * the call does not end with a hang-up: a demo of a broken flow is no demo.
 */
export async function runHeardCall(call: DemoCall, options: NodeCallOptions): Promise<HeardCall> {
  const gathers: GatherPrompt[] = [];
  const transcript = await runCall({
    answerUrl: options.answerUrl,
    hangupUrl: options.hangupUrl,
    from: options.from,
    to: options.to,
    caller: noteGatherTries(scriptedCaller(call.keys, call.dials), gathers),
  });
  if (transcript.outcome !== 'hangup') {
    const errors = transcript.events.filter((e) => e.type === 'error').map((e) => (e.type === 'error' ? e.message : ''));
    throw new Error(`${call.title}: the call ended with "${transcript.outcome}" instead of a hang-up${errors.length > 0 ? `: ${errors.join('; ')}` : ''}`);
  }
  const audio = await renderCallAudio(transcript, {
    out: options.wav,
    gathers,
    fetchAudio: async (url) => new Uint8Array(await (await fetch(url)).arrayBuffer()),
  });
  return { transcript, wav: options.wav, durationMs: audio.durationMs, cues: audio.cues };
}

