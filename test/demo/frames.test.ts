import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AudioCue } from '../../src/audio/call-audio.js';
import { callFrames } from '../../src/demo/assemble.js';
import type { FilmedCall } from '../../src/demo/browser-call.js';

const cue = (event: number, kind: AudioCue['kind'], label: string, startMs: number, durationMs: number): AudioCue => ({ event, kind, label, startMs, durationMs });

describe('the pictures of a filmed call, against its sound', () => {
  it('shows each prompt while it is heard, the keypad before and after the keys, and the countdown through a silence', () => {
    const filmed: FilmedCall = {
      ready: 'ready.png',
      final: 'final.png',
      shots: [
        { file: 'welcome.png', event: 1, phase: 'main' },
        { file: 'your-turn.png', event: 2, phase: 'before' },
        { file: 'pressed.png', event: 2, phase: 'after' },
        { file: 'six.png', event: 3, phase: 'tick', secondsLeft: 6 },
        { file: 'three.png', event: 3, phase: 'tick', secondsLeft: 3 },
        { file: 'hangup.png', event: 5, phase: 'main' },
      ],
    };
    const cues = [
      cue(1, 'speak', 'Welcome.', 0, 2000),
      cue(2, 'silence', 'caller thinks', 2000, 1000),
      cue(2, 'key', '1', 3000, 150),
      cue(2, 'silence', 'between keys', 3150, 100),
      cue(3, 'silence', 'no key for 6s', 3250, 6000),
      cue(5, 'hangup', 'Hangup', 9250, 1500),
    ];
    assert.deepEqual(callFrames(cues, 10_750, filmed), [
      { file: 'welcome.png', ms: 2000 },
      { file: 'your-turn.png', ms: 1000 },
      { file: 'pressed.png', ms: 150 },
      { file: 'pressed.png', ms: 100 },
      { file: 'six.png', ms: 3000 },
      { file: 'three.png', ms: 3000 },
      { file: 'hangup.png', ms: 1500 },
    ]);
  });

  it('shows the transfer panel while the line rings, and what came before when an event has no picture', () => {
    const filmed: FilmedCall = { ready: 'ready.png', final: 'final.png', shots: [{ file: 'panel.png', event: 4, phase: 'before' }, { file: 'answered.png', event: 4, phase: 'after' }] };
    const cues = [cue(2, 'speak', 'Hold on.', 0, 1000), cue(4, 'ringback', 'ring 1', 1000, 2000), cue(4, 'silence', 'between rings', 3000, 2000), cue(4, 'silence', 'connected', 5000, 1000)];
    assert.deepEqual(callFrames(cues, 6000, filmed), [
      { file: 'ready.png', ms: 1000 },
      { file: 'panel.png', ms: 2000 },
      { file: 'panel.png', ms: 2000 },
      { file: 'answered.png', ms: 1000 },
    ]);
  });
});
