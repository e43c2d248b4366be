/** Speak, Play and Wait: what the caller hears, with virtual durations (speech estimated, audio read from the file). */
import type { CallState } from './call-state.js';
import { intAttr, stringAttr } from './attributes.js';
import { fetchAudio } from './webhook.js';
import { textContent, type PlivoElement } from './xml.js';

/** Speech at about 150 words a minute. */
const MS_PER_WORD = 400;
const MIN_SPEECH_MS = 600;
/** Length assumed when the file is neither MP3 nor WAV (its real length cannot be read). */
const UNKNOWN_AUDIO_MS = 3000;

/** `loop="0"` means "until something interrupts"; the emulator plays it once. */
const times = (loop: number): number => Math.max(1, loop);

/** Run one Speak/Play/Wait; returns a short description of what was heard (for GatherPrompt). */
export async function runMedia(call: CallState, element: PlivoElement, doc: string): Promise<string> {
  switch (element.name) {
    case 'Speak':
      return speak(call, element, doc);
    case 'Play':
      return play(call, element.text, intAttr(element, 'loop', 1), doc);
    default:
      return wait(call, element, doc);
  }
}

function speak(call: CallState, element: PlivoElement, doc: string): string {
  const text = textContent(element);
  const loop = intAttr(element, 'loop', 1);
  call.emit({
    type: 'speak',
    doc,
    text,
    language: stringAttr(element, 'language', 'en-US'),
    voice: stringAttr(element, 'voice', 'WOMAN'),
    loop,
  });
  const words = text.split(/\s+/).filter(Boolean).length;
  call.advance(times(loop) * Math.max(MIN_SPEECH_MS, words * MS_PER_WORD));
  return text;
}

/**
 * Plivo fetches the file before playing it; a URL that does not answer 2xx with an audio type
 * is skipped (an `error` event here) and the call goes on.
 */
export async function play(call: CallState, url: string, loop: number, doc: string): Promise<string> {
  const audio = await fetchAudio(call, url);
  call.emit({ type: 'play', doc, url, ok: audio.ok, status: audio.status, contentType: audio.contentType, loop });
  if (!audio.ok) {
    const got = audio.status === null ? 'no answer' : `${audio.status} ${audio.contentType ?? 'without content type'}`;
    call.emit({ type: 'error', doc, url, message: `cannot play ${url}: ${got} (Plivo skips it)` });
    return url;
  }
  call.advance(times(loop) * (audio.lengthMs ?? UNKNOWN_AUDIO_MS));
  return url;
}

function wait(call: CallState, element: PlivoElement, doc: string): string {
  const seconds = intAttr(element, 'length', 1);
  call.emit({ type: 'wait', doc, seconds });
  call.advance(seconds * 1000);
  return `(${seconds}s silence)`;
}
