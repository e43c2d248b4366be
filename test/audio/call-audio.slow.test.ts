import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { renderCallAudio, type AudioCue } from '../../src/audio/call-audio.js';
import { DTMF_HZ } from '../../src/audio/tones.js';
import { runCall, scriptedCaller, type GatherPrompt } from '../../src/emulator/index.js';
import { E2E_AUTH_TOKEN, serveFlow } from '../helpers/emulate.js';

/** 16-bit mono PCM samples of a WAV file, scaled to -1…1, and its rate. */
function readWav(file: string): { rate: number; samples: Float32Array } {
  const bytes = readFileSync(file);
  const rate = bytes.readUInt32LE(24);
  let offset = 12;
  while (bytes.toString('ascii', offset, offset + 4) !== 'data') offset += 8 + bytes.readUInt32LE(offset + 4);
  const length = bytes.readUInt32LE(offset + 4) / 2;
  const samples = new Float32Array(length);
  for (let i = 0; i < length; i++) samples[i] = bytes.readInt16LE(offset + 8 + i * 2) / 32768;
  return { rate, samples };
}

/** Goertzel: the power of one frequency in a window. */
function power(samples: Float32Array, rate: number, hz: number): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * hz) / rate);
  let previous = 0;
  let beforePrevious = 0;
  for (const sample of samples) {
    const current = sample + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = current;
  }
  return previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
}

/** The DTMF key whose row and column tones are strongest in a window. */
function detectKey(window: Float32Array, rate: number): string | undefined {
  const strongest = (candidates: number[]) => candidates.reduce((a, b) => (power(window, rate, a) >= power(window, rate, b) ? a : b));
  const row = strongest([697, 770, 852, 941]);
  const column = strongest([1209, 1336, 1477]);
  return Object.entries(DTMF_HZ).find(([, [r, c]]) => r === row && c === column)?.[0];
}

const rms = (window: Float32Array): number => Math.sqrt(window.reduce((sum, s) => sum + s * s, 0) / Math.max(1, window.length));
const slice = (wav: { rate: number; samples: Float32Array }, cue: AudioCue) =>
  wav.samples.subarray(Math.floor((cue.startMs / 1000) * wav.rate), Math.floor(((cue.startMs + cue.durationMs) / 1000) * wav.rate));

describe('what the caller hears, rendered to audio', () => {
  it('a Spanish call with a wrong key: speech in both languages, the DTMF tones at the key presses, a clear end', async (t) => {
    const server = await serveFlow(t);
    const gathers: GatherPrompt[] = [];
    const scripted = scriptedCaller(['2', '7', '1']);
    const transcript = await runCall({
      answerUrl: server.answerUrl,
      fetch: server.fetch,
      authToken: E2E_AUTH_TOKEN,
      from: '+14155550111',
      to: '+14155550122',
      caller: { ...scripted, gather: (prompt) => (gathers.push(prompt), scripted.gather(prompt)) },
    });
    const dir = mkdtempSync(join(tmpdir(), 'call-audio-test-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const out = join(dir, 'call.wav');
    const { durationMs, cues } = await renderCallAudio(transcript, { out, gathers, fetchAudio: async (url) => new Uint8Array(await (await server.fetch(url)).arrayBuffer()) });

    const measured = Number(execFileSync('soxi', ['-D', out], { encoding: 'utf8' }));
    assert.ok(Math.abs(measured * 1000 - durationMs) < 100, `soxi says ${measured}s, cues say ${durationMs}ms`);
    assert.ok(measured > 15 && measured < 60, `${measured}s is not the length of a short call`);

    const wav = readWav(out);
    assert.ok(rms(wav.samples) > 0.02, 'the call is silent');
    const keys = cues.filter((c) => c.kind === 'key');
    assert.deepEqual(keys.map((c) => c.label), ['2', '7', '1']);
    assert.deepEqual(keys.map((c) => detectKey(slice(wav, c), wav.rate)), ['2', '7', '1']);

    const speech = cues.filter((c) => c.kind === 'speak');
    for (const language of ['en-US', 'es-US']) {
      const spoken = speech.filter((c) => c.language === language);
      assert.ok(spoken.length > 0, `no ${language} speech`);
      assert.ok(spoken.every((c) => rms(slice(wav, c)) > 0.01), `a ${language} segment is silent`);
    }
    assert.ok(speech.some((c) => c.label === 'Lo siento, esa no es una de las opciones.'), 'the invalid-key message in Spanish');
    const music = cues.find((c) => c.kind === 'play');
    assert.ok(music && rms(slice(wav, music)) > 0.01, 'spanish.mp3 is mixed in');
    assert.equal(cues.at(-1)?.kind, 'hangup');
    const silence = cues.find((c) => c.label === 'caller thinks');
    assert.ok(silence && rms(slice(wav, silence)) < 0.001, 'silence is silent');
  });
});
