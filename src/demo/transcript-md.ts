/** demo/transcript.md: the walkthrough in words, readable without the video. */
import { formatTime, type TranscriptEvent } from '../emulator/index.js';
import { requestText } from './cards.js';
import type { HeardCall } from './node-call.js';
import type { SentRequest } from './plivo-intercept.js';
import type { DemoCall } from './walkthrough.js';

/** How a call was placed: the page's POST /calls, the SDK's request to Plivo, the server's log line. */
export interface Trigger {
  callsRequest: { method: string; path: string; body: string };
  callsAnswer: { status: number; body: unknown };
  sent: SentRequest;
  logLine: string | undefined;
}

/** One call as recorded: where it sits in the video, and where each event sits. */
export interface RecordedCall {
  call: DemoCall;
  heard: HeardCall;
  trigger: Trigger | undefined;
  /** Video time of the title card, of the call's first sound, and of the segment's end. */
  cardMs: number;
  callMs: number;
  endMs: number;
}

export interface DemoRecord {
  flowFile: string;
  flowVersion: string;
  madeAt: Date;
  videoMs: number;
  fast: boolean;
  calls: readonly RecordedCall[];
  /** The server's URL, removed from the texts. */
  origin: string;
  /** A transcript line, as the page writes it. */
  describe: (event: TranscriptEvent) => string;
  still: string | undefined;
}

/** Video time of event `index`: where its first sound starts (or the next sound, for silent events). */
export function eventVideoMs(recorded: RecordedCall, index: number): number {
  const cue = recorded.heard.cues.find((c) => c.event >= index);
  return recorded.callMs + (cue?.startMs ?? recorded.heard.durationMs);
}

/** The first event of each step, or an error naming the steps the call did not show. */
export function findSteps(call: DemoCall, events: readonly TranscriptEvent[]): Array<{ label: string; index: number }> {
  const found = call.steps.map((step) => ({ label: step.label, index: events.findIndex((event) => step.is(event)) }));
  const missing = found.filter((s) => s.index < 0).map((s) => s.label);
  if (missing.length > 0) throw new Error(`${call.title}: the call did not show ${missing.map((m) => `"${m}"`).join(', ')} (did ivr.yaml change?)`);
  return found;
}

/** Video time as `m:ss` (whole seconds, rounded down). */
export function clock(ms: number): string {
  return `${Math.floor(ms / 60000)}:${String(Math.floor((ms % 60000) / 1000)).padStart(2, '0')}`;
}

/** The Markdown of `record`: what the video shows and when, how call 1 was placed, every call line by line. */
export function transcriptMarkdown(record: DemoRecord): string {
  const out: string[] = [];
  const strip = (text: string): string => text.split(record.origin).join('');
  out.push(
    '# The demo, recorded',
    '',
    `\`npm run demo${record.fast ? ' -- --fast' : ''}\` made this from \`${record.flowFile}\` (flow version \`${record.flowVersion}\`) on ${record.madeAt.toISOString().slice(0, 10)}:`,
    `the video \`demo.mp4\` (${clock(record.videoMs)}, the page in headless Chromium with the call audio as its sound track; not committed, run the command to make it),`,
    'the sound alone (`demo.wav`, and `call-<n>.wav` per call), and this transcript.',
    '',
    'Every call ran twice against the real server: in Node with the local Plivo emulator (this transcript and the sound:',
    'espeak-ng speaks each prompt in its language, the recorded messages are the real files, keys are real DTMF tones) and in',
    'the browser page, whose emulator the demo drove key by key (the pictures). The two transcripts matched line for line.',
    '',
  );
  if (record.still !== undefined) out.push(`![A frame of the video: the browser phone, the transcript, and the flow with the current node lit](${record.still})`, '');
  out.push('## What the video shows', '', '| video | call | step |', '|---|---|---|');
  for (const [n, recorded] of record.calls.entries()) {
    if (recorded.trigger !== undefined) out.push(`| ${clock(recorded.cardMs)} | ${n + 1} | Call placed through \`POST /calls\`: the plivo SDK's request to Plivo shown |`);
    for (const step of findSteps(recorded.call, recorded.heard.transcript.events)) out.push(`| ${clock(eventVideoMs(recorded, step.index))} | ${n + 1} | ${step.label} |`);
  }
  out.push('');
  for (const recorded of record.calls) {
    const { call, heard, trigger } = recorded;
    out.push(`## ${call.title}`, '', `Video ${clock(recorded.cardMs)}–${clock(recorded.endMs)}. ${call.plan}`, '');
    if (trigger !== undefined) {
      out.push(
        '### How the call was placed',
        '',
        `The page's *Place a real call* form sent \`${trigger.callsRequest.method} ${trigger.callsRequest.path}\` with \`${trigger.callsRequest.body}\`;`,
        `the server answered \`${trigger.callsAnswer.status}\` \`${JSON.stringify(trigger.callsAnswer.body)}\`.`,
        '',
        "On the way, the server's plivo SDK sent this request to Plivo's Voice API (intercepted with nock in the demo's process; the credentials are fake and the auth token is never shown):",
        '',
        '```http',
        requestText(trigger.sent),
        '```',
        '',
        `Plivo's answer: \`${trigger.sent.status}\` \`${JSON.stringify(trigger.sent.reply)}\`.`,
        '',
      );
      if (trigger.logLine !== undefined) out.push("The server's log line:", '', '```json', trigger.logLine, '```', '');
      out.push(`When the callee answers, Plivo requests the \`answer_url\`; the emulator does that below, as Plivo would.`, '');
    }
    out.push('### The call', '', '| video | call time | what happens |', '|---|---|---|');
    for (const [index, event] of heard.transcript.events.entries()) {
      out.push(`| ${clock(eventVideoMs(recorded, index))} | ${formatTime(event.at)} | \`${strip(record.describe(event)).replace(/\|/g, '\\|')}\` |`);
    }
    out.push('', `Outcome: ${heard.transcript.outcome} (${heard.transcript.hangupCause}) after ${formatTime(heard.transcript.durationMs)} of call time, ${heard.transcript.requestCount} webhook requests.`, '');
  }
  return `${out.join('\n')}\n`;
}
