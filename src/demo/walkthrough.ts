/** What the recorded demo shows: the calls, in order, and what is said over their title cards. */
import type { DialOutcome, TranscriptEvent } from '../emulator/index.js';

/** A step of the walkthrough the call must show, and how to find it in the call's transcript. */
export interface Step {
  label: string;
  /** The first event that shows the step; the demo fails when there is none. */
  is(event: TranscriptEvent): boolean;
}

const says = (label: string, text: string): Step => ({ label, is: (e) => e.type === 'speak' && e.text.includes(text) });
const presses = (label: string, keys: string | null): Step => ({ label, is: (e) => e.type === 'gather' && e.pressed === keys });

/** One call of the walkthrough: how it is placed, and what the caller does. */
export interface DemoCall {
  /** "Call 2 — Spanish, forwarded to an associate". */
  title: string;
  /** One line under the title: what the caller does. */
  plan: string;
  /** Spoken over the title card (English, espeak-ng). */
  narration: string;
  /** One entry per menu try: keys, or '-' for silence (as `npm run simulate`). */
  keys: readonly string[];
  /** How each transfer goes, in order. */
  dials: readonly DialOutcome[];
  /** Placed through the page's "Place a real call" form (POST /calls → the plivo SDK → Plivo). */
  trigger: boolean;
  /** What the call shows, in the words of the issue (texts of the shipped ivr.yaml). */
  steps: readonly Step[];
}

export interface Walkthrough {
  /** The opening card, or none. */
  intro: { title: string; lines: readonly string[]; narration: string } | undefined;
  calls: readonly DemoCall[];
  /** Spoken over the page as call 1 is placed; none: a short pause. */
  triggerNarration: string | undefined;
  /** The closing card, or none. */
  outro: { title: string; lines: readonly string[]; narration: string } | undefined;
}

/** The number the demo calls, and the one the browser phone calls from (the page's own). */
export const CALLEE = '+14155550122';

const FIRST_CALL: DemoCall = {
  title: 'Call 1 — English, the recorded message',
  plan: 'Placed through POST /calls. The caller presses 1 for English, then 1 to hear the message.',
  narration:
    'Call one. The call is placed the way a real one is: the page posts the number to slash calls, and the server asks Plivo to call it, through the Plivo SDK. Plivo is intercepted here; this is the request it received. Then the caller chooses English, and hears the recorded message.',
  keys: ['1', '1'],
  dials: [],
  trigger: true,
  steps: [
    says('Level 1: the language menu, in English and Spanish', 'For English, press 1.'),
    presses('English chosen (key 1)', '1'),
    says('Level 2 in English: message or associate', 'Press 1 to hear a message.'),
    { label: 'The recorded message played (audio/english.mp3)', is: (e) => e.type === 'play' && e.ok && e.url.endsWith('/audio/english.mp3') },
    says('Goodbye, then hang-up', 'Thank you for calling. Goodbye.'),
  ],
};

/** The full walkthrough: three calls, three to five minutes of video. */
export const FULL: Walkthrough = {
  intro: {
    title: 'A phone menu written in YAML, served to Plivo',
    lines: [
      'Three calls through the real server, with a local stand-in for Plivo',
      'Left: the browser phone and the call’s transcript',
      'Right: the flow from ivr.yaml, the current step lit in yellow',
      'The sound is what the caller hears',
    ],
    narration:
      'This is the phone menu from i v r dot yaml, served by the real server. No phone network reaches this machine, so a local stand-in for Plivo makes the calls, and a browser page shows each one: the phone, the transcript, and the flow, with the current step lit. What you hear is what the caller hears.',
  },
  triggerNarration: 'On the page: the number goes to slash calls, and Plivo answers, call fired. The phone rings, and the callee answers.',
  calls: [
    FIRST_CALL,
    {
      title: 'Call 2 — Spanish, forwarded to an associate',
      plan: 'The caller presses 2 for Spanish, then 2 to talk to an associate; the associate answers.',
      narration: 'Call two. This caller presses 2 for Spanish, and 2 again to talk to a person. The menu answers in Spanish, and forwards the call to the associate, who answers.',
      keys: ['2', '2'],
      dials: ['answered'],
      trigger: false,
      steps: [
        presses('Spanish chosen (key 2)', '2'),
        says('Level 2 in Spanish: message or associate', 'Oprima 1 para escuchar un mensaje.'),
        says('Asked to hold, in Spanish', 'Por favor espere'),
        { label: 'Forwarded to the associate, who answers', is: (e) => e.type === 'dial' && e.outcome === 'answered' },
      ],
    },
    {
      title: 'Call 3 — A wrong key and silence, then a polite goodbye',
      plan: 'The caller presses 7 (not an option), stays silent, picks English, presses 9, then stays silent twice.',
      narration:
        'Call three. This caller presses a key that is not an option, then says nothing. Each time, the menu says what went wrong and asks again. At the second level, after a wrong key and two silences, it says goodbye and hangs up, so nobody is left waiting.',
      keys: ['7', '-', '1', '9', '-', '-'],
      dials: [],
      trigger: false,
      steps: [
        presses('Invalid key 7 at level 1', '7'),
        says('Wrong key answered: “not one of the options”, menu offered again', 'Sorry, that is not one of the options.'),
        presses('No input (silence) until the timeout', null),
        says('Silence answered: “I did not hear a choice”, menu offered again', 'Sorry, I did not hear a choice.'),
        presses('Invalid key 9 at level 2', '9'),
        says('Tries used up: polite goodbye, then hang-up', 'Thank you for calling. Goodbye.'),
      ],
    },
  ],
  outro: {
    title: 'Every path ends politely',
    lines: ['English, the recorded message', 'Spanish, forwarded to an associate', 'Wrong keys and silence: asked again, then goodbye', 'npm run demo made this video from ivr.yaml'],
    narration: 'That is the demo: a menu in two languages, a recorded message, a transfer to a person, and wrong keys and silence handled politely. The command npm run demo made this video from the flow file.',
  },
};

/**
 * `--fast`: one call in about half a minute, for the tests: placed through POST /calls, English,
 * the message. (A wrong key or a silence would add ten seconds each; the full demo has them.)
 */
export const FAST: Walkthrough = {
  intro: undefined,
  triggerNarration: undefined,
  calls: [{ ...FIRST_CALL, narration: 'Call one, placed through slash calls.' }],
  outro: undefined,
};
