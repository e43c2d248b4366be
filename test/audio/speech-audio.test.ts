import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { renderCallAudio, type AudioCue } from '../../src/audio/call-audio.js';
import { noteGatherTries, runCall, scriptedCaller, type GatherPrompt } from '../../src/emulator/index.js';
import { E2E_AUTH_TOKEN, serveFlow } from '../helpers/emulate.js';

function samplesOf(file: string): { rate: number; samples: Int16Array } {
  const bytes = readFileSync(file);
  let offset = 12;
  while (bytes.toString('ascii', offset, offset + 4) !== 'data') offset += 8 + bytes.readUInt32LE(offset + 4);
  const length = bytes.readUInt32LE(offset + 4) / 2;
  return { rate: bytes.readUInt32LE(24), samples: new Int16Array(bytes.buffer.slice(bytes.byteOffset + offset + 8, bytes.byteOffset + offset + 8 + length * 2)) };
}

const rms = (wav: ReturnType<typeof samplesOf>, cue: AudioCue): number => {
  const part = wav.samples.subarray(Math.floor((cue.startMs / 1000) * wav.rate), Math.floor(((cue.startMs + cue.durationMs) / 1000) * wav.rate));
  return Math.sqrt(part.reduce((sum, s) => sum + (s / 32768) ** 2, 0) / Math.max(1, part.length));
};

describe('a spoken call, rendered to audio', () => {
  it('speaks the caller’s words, in the caller’s language, where they were said', async (t) => {
    const server = await serveFlow(t);
    const gathers: GatherPrompt[] = [];
    const transcript = await runCall({
      answerUrl: server.answerUrl,
      authToken: E2E_AUTH_TOKEN,
      from: '+14155550111',
      to: '+14155550122',
      caller: noteGatherTries(scriptedCaller(['say:Spanish', 'say:mensaje']), gathers),
      fetch: server.fetch,
    });
    const dir = mkdtempSync(join(tmpdir(), 'speech-audio-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const out = join(dir, 'call.wav');
    const { cues } = await renderCallAudio(transcript, { out, gathers, fetchAudio: async (url) => new Uint8Array(await (await server.fetch(url)).arrayBuffer()) });
    const wav = samplesOf(out);
    const caller = cues.filter((c) => c.kind === 'caller');
    assert.deepEqual(caller.map((c) => [c.label, c.language]), [['Spanish', 'en-US'], ['mensaje', 'es-US']]);
    assert.ok(caller.every((c) => rms(wav, c) > 0.01 && c.durationMs > 200), 'the caller’s words are audible');
    // In order: the Spanish menu prompt comes after the caller said "Spanish", and before "mensaje".
    const menu = cues.find((c) => c.kind === 'speak' && c.label.startsWith('Oprima 1'));
    assert.ok(menu && caller[0] && caller[1] && caller[0].startMs < menu.startMs && menu.startMs < caller[1].startMs);
  });
});
