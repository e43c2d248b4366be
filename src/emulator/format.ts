/** A transcript as readable plain-text lines (no colours: the CLI or UI adds them). */
import type { Transcript, TranscriptEvent } from './types.js';

/** `mm:ss.d` of virtual call time, e.g. `00:03.2`. */
export function formatTime(ms: number): string {
  const tenths = Math.floor(ms / 100);
  const minutes = Math.floor(tenths / 600);
  const seconds = (tenths % 600) / 10;
  return `${String(minutes).padStart(2, '0')}:${seconds.toFixed(1).padStart(4, '0')}`;
}

/** One line per event, each prefixed with its virtual time. Pure. */
export function formatTranscript(transcript: Transcript): string[] {
  return transcript.events.map((event) => `${formatTime(event.at)}  ${describe(event)}`);
}

/** The text of one event, without its timestamp. */
export function describe(event: TranscriptEvent): string {
  switch (event.type) {
    case 'request':
      return `⇄ ${event.method} ${event.url} → ${event.status ?? 'no answer'}  (${event.purpose})`;
    case 'speak': {
      const voice = event.voice === 'WOMAN' ? '' : ` ${event.voice}`;
      const loop = event.loop === 1 ? '' : ` ×${event.loop === 0 ? '∞' : event.loop}`;
      return `[${event.language}${voice}] "${event.text}"${loop}`;
    }
    case 'play': {
      if (event.ok) return `♪ play ${event.url}`;
      const got = [event.status ?? 'no answer', event.contentType].filter((part) => part !== null).join(' ');
      return `♪ play ${event.url}  (failed: ${got})`;
    }
    case 'wait':
      return `… wait ${event.seconds}s`;
    case 'gather':
      return `☎ ${event.pressed === null ? 'silence' : `press ${event.pressed}`}${gatherNote(event)}`;
    case 'speech': {
      const heard = event.speech === null ? 'not listened for' : event.speech === event.said ? 'heard' : `heard "${event.speech}"`;
      return `🗣 say "${event.said}"  (${event.language}, confidence ${event.confidence.toFixed(2)}: ${heard})`;
    }
    case 'dial':
      return `→ dial ${event.numbers.join(', ')}  (${event.outcome})`;
    case 'record':
      return `● record ${(event.durationMs / 1000).toFixed(1)}s → ${event.recordUrl}`;
    case 'redirect':
      return `↪ ${event.by} → ${event.method} ${event.url}`;
    case 'hangup':
      return `✆ hangup: ${event.reason} (${event.cause})`;
    case 'error':
      return `✖ error ${event.message}`;
    case 'end':
      return `■ call ended: ${event.outcome}, ${formatTime(event.durationMs)}, ${event.requestCount} requests`;
  }
}

/**
 * What Plivo made of a GetDigits try, in its own terms: which try when there are several, and
 * keys it would not send. (What the keys mean to the IVR is for whoever knows the flow to say.)
 */
function gatherNote(event: Extract<TranscriptEvent, { type: 'gather' }>): string {
  const notes = [
    ...(event.tries > 1 ? [`GetDigits try ${event.attempt} of ${event.tries}`] : []),
    ...(event.outcome === 'invalid' ? [`not in validDigits: ${event.digits} not sent`] : []),
  ];
  return notes.length === 0 ? '' : `  (${notes.join('; ')})`;
}
