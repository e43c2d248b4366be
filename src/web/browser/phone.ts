/**
 * The person at the browser, as the emulator's `Caller`: GetDigits waits for the keypad (or
 * silence), GetInput also for words (typed in the Say box, or spoken to the browser's own speech
 * recognition where it has one), a Dial asks which way the transfer went, a Record takes a few
 * seconds.
 */
import type { Caller, CallerAct, DialOutcome, DialRequest, GatherPrompt, ListenPrompt, RecordRequest, RecordResult } from '../../emulator/index.js';
import { after, all, byId } from './dom.js';
import { recognizer, type Recognition } from './recognition.js';

/** Input ends this long after the last key, like a caller who stops typing. */
const PAUSE_MS = 1500;
/** How long the simulated caller speaks at a Record. */
const RECORD_MS = 3000;

/** Thrown into the emulator when the user hangs up; the call stops at its next question. */
export class HungUp extends Error {
  override name = 'HungUp';
  constructor() {
    super('the caller hung up');
  }
}

/** Words typed in the Say box are heard with this confidence. */
const TYPED_CONFIDENCE = 0.9;

/** A GetInput that listens for speech: its language, and where the words go. */
interface Ears {
  language: string;
  heard(act: CallerAct): void;
}

type Waiting =
  | { kind: 'gather'; prompt: GatherPrompt; keys: string; ears?: Ears; done(keys: string | null): void; fail(error: Error): void }
  | { kind: 'dial'; done(outcome: DialOutcome): void; fail(error: Error): void }
  | { kind: 'record'; done(result: RecordResult): void; fail(error: Error): void };

export interface BrowserCallerHooks {
  /** Resolves when what was queued to be heard has been heard: the GetDigits timeout starts then. */
  heard(): Promise<void>;
  /** The caller pressed a key while a prompt was playing: Plivo stops the prompt (barge-in). */
  interrupt(): void;
}

/** The phone's controls and screen; one call at a time. */
export class BrowserCaller implements Caller {
  private waiting: Waiting | undefined;
  private hungUp = false;
  private timers: Array<() => void> = [];
  private readonly state = byId('phone-state', HTMLElement);
  private readonly typed = byId('phone-typed', HTMLElement);
  private readonly countdown = byId('phone-countdown', HTMLElement);
  private readonly keys = all(document, '.keypad button', HTMLButtonElement);
  private readonly silent = byId('silent-button', HTMLButtonElement);
  private readonly dialPanel = byId('dial-panel', HTMLElement);
  private readonly dialNumber = byId('dial-number', HTMLElement);
  private readonly outcomes = all(document, '#dial-panel button', HTMLButtonElement);
  private readonly sayText = byId('say-text', HTMLInputElement);
  private readonly sayButton = byId('say-button', HTMLButtonElement);
  private readonly micButton = byId('mic-button', HTMLButtonElement);
  private recognition: Recognition | undefined;

  constructor(private readonly hooks: BrowserCallerHooks) {
    this.enableKeys(false);
    this.enableSay(undefined);
    this.micButton.hidden = recognizer() === undefined;
    this.dialPanel.hidden = true;
  }

  gather(prompt: GatherPrompt, ears?: Ears): Promise<string | null> {
    return this.ask<string | null>((done, fail) => {
      const waiting: Waiting = { kind: 'gather', prompt, keys: '', done, fail, ...(ears === undefined ? {} : { ears }) };
      this.waiting = waiting;
      const keys = prompt.numDigits === 1 ? 'press a key' : `type up to ${prompt.numDigits} digits${prompt.finishOnKey === '' ? '' : `, then ${prompt.finishOnKey}`}`;
      const what = ears === undefined ? keys : prompt.numDigits === 0 ? 'say it' : `say it or ${keys}`;
      this.setState(`Your turn: ${what}${prompt.tries > 1 ? ` (try ${prompt.attempt} of ${prompt.tries})` : ''}`);
      this.typed.textContent = '';
      this.enableKeys(prompt.numDigits > 0);
      this.enableSay(ears);
      // Plivo starts the timeout once the prompt has been heard.
      void this.hooks.heard().then(() => {
        if (this.waiting === waiting && waiting.keys === '') this.tick(waiting, prompt.timeoutSeconds);
      });
    });
  }

  /**
   * A GetInput: the keypad when it listens for keys, the Say box (and the microphone) when it
   * listens for speech; one answer, or silence when the countdown runs out.
   */
  async listen(prompt: ListenPrompt): Promise<readonly CallerAct[]> {
    let said: CallerAct | undefined;
    const keys = await this.gather(
      {
        attempt: 1,
        tries: 1,
        numDigits: prompt.inputType === 'speech' ? 0 : prompt.numDigits,
        validDigits: '1234567890*#',
        finishOnKey: prompt.finishOnKey,
        timeoutSeconds: prompt.executionTimeoutSeconds,
        digitTimeoutSeconds: prompt.digitEndTimeoutSeconds,
        prompt: prompt.prompt,
      },
      prompt.inputType === 'dtmf' ? undefined : { language: prompt.language, heard: (act) => (said = act) },
    );
    if (said !== undefined) return [said];
    return keys === null ? [] : [{ type: 'dtmf', keys }];
  }

  /** Words from the Say box or the microphone; ignored unless a GetInput listens for speech. */
  say(text: string, confidence = TYPED_CONFIDENCE): void {
    const waiting = this.waiting;
    if (waiting?.kind !== 'gather' || waiting.ears === undefined || text.trim() === '') return;
    const ears = waiting.ears;
    this.hooks.interrupt();
    this.typed.textContent = `“${text.trim()}”`;
    this.finish(waiting, () => {
      ears.heard({ type: 'speech', text: text.trim(), confidence });
      waiting.done(null);
    });
  }

  /** Listen through the browser's speech recognition, in the language Plivo listens in. */
  speakIntoMicrophone(): void {
    const waiting = this.waiting;
    const make = recognizer();
    if (waiting?.kind !== 'gather' || waiting.ears === undefined || make === undefined) return;
    this.recognition?.abort();
    const recognition = make(waiting.ears.language, (text, confidence) => this.say(text, confidence));
    this.recognition = recognition;
    this.micButton.classList.add('listening');
    recognition.onend = () => this.micButton.classList.remove('listening');
    recognition.start();
  }

  dial(request: DialRequest): Promise<DialOutcome> {
    return this.ask<DialOutcome>((done, fail) => {
      this.waiting = { kind: 'dial', done, fail };
      const numbers = request.numbers.map((n) => (/^\d+$/.test(n) ? `+${n}` : n)).join(', ');
      this.dialNumber.textContent = numbers;
      this.setState(`Transferring to ${numbers}${request.timeoutSeconds === null ? '' : ` (rings up to ${request.timeoutSeconds} s)`}: how does it go?`);
      this.dialPanel.hidden = false;
      this.outcomes[0]?.focus();
    });
  }

  record(request: RecordRequest): Promise<RecordResult> {
    return this.ask<RecordResult>((done, fail) => {
      const waiting: Waiting = { kind: 'record', done, fail };
      this.waiting = waiting;
      const ms = Math.min(RECORD_MS, request.maxLengthSeconds * 1000);
      this.setState(`Recording your message${request.playBeep ? ' after the beep' : ''}… (a simulated ${ms / 1000} s)`);
      void this.hooks.heard().then(() => {
        if (this.waiting !== waiting) return;
        this.timers.push(after(ms, () => this.finish(waiting, () => done({ durationMs: ms }))));
      });
    });
  }

  /** A key from the keypad or the keyboard; ignored unless a GetDigits is listening. */
  press(key: string): void {
    const waiting = this.waiting;
    if (waiting?.kind !== 'gather') return;
    if (waiting.keys === '') this.hooks.interrupt();
    waiting.keys += key;
    this.typed.textContent = waiting.keys;
    this.clearTimers();
    this.countdown.textContent = '';
    const { finishOnKey, numDigits } = waiting.prompt;
    const digits = waiting.keys.split('').filter((k) => k !== finishOnKey).length;
    if ((finishOnKey !== '' && key === finishOnKey) || digits >= numDigits) this.finish(waiting, () => waiting.done(waiting.keys));
    else this.timers.push(after(PAUSE_MS, () => this.finish(waiting, () => waiting.done(waiting.keys))));
  }

  /** "Stay silent": this try ends now, with what was typed so far (nothing: a timeout). */
  staySilent(): void {
    const waiting = this.waiting;
    if (waiting?.kind === 'gather') this.finish(waiting, () => waiting.done(waiting.keys === '' ? null : waiting.keys));
  }

  /** The user's answer to "how does the transfer go?". */
  dialOutcome(outcome: DialOutcome): void {
    const waiting = this.waiting;
    if (waiting?.kind === 'dial') this.finish(waiting, () => waiting.done(outcome));
  }

  /** Ends the call from the caller's side: whatever the emulator waits for fails with HungUp. */
  hangUp(): void {
    this.hungUp = true;
    const waiting = this.waiting;
    if (waiting !== undefined) this.finish(waiting, () => waiting.fail(new HungUp()));
  }

  setState(text: string): void {
    this.state.textContent = text;
  }

  private ask<T>(start: (done: (value: T) => void, fail: (error: Error) => void) => void): Promise<T> {
    if (this.hungUp) return Promise.reject(new HungUp());
    return new Promise<T>(start);
  }

  /** The GetDigits timeout, counted down on screen; at zero the try ends in silence. */
  private tick(waiting: Waiting & { kind: 'gather' }, seconds: number): void {
    this.countdown.textContent = `${seconds} s left to answer`;
    if (seconds <= 0) {
      this.finish(waiting, () => waiting.done(null));
      return;
    }
    this.timers.push(after(1000, () => this.tick(waiting, seconds - 1)));
  }

  private finish(waiting: Waiting, settle: () => void): void {
    if (this.waiting !== waiting) return;
    this.waiting = undefined;
    this.clearTimers();
    this.countdown.textContent = '';
    this.enableKeys(false);
    this.enableSay(undefined);
    this.recognition?.abort();
    this.recognition = undefined;
    this.dialPanel.hidden = true;
    this.setState(this.hungUp ? 'You hung up' : 'Listening…');
    settle();
  }

  private clearTimers(): void {
    for (const cancel of this.timers) cancel();
    this.timers = [];
  }

  private enableKeys(on: boolean): void {
    for (const key of this.keys) key.disabled = !on;
    this.silent.disabled = !on;
  }

  /** The Say box and the microphone work while a GetInput listens for speech. */
  private enableSay(ears: Ears | undefined): void {
    this.sayText.disabled = ears === undefined;
    this.sayButton.disabled = ears === undefined;
    this.micButton.disabled = ears === undefined;
    if (ears !== undefined) {
      this.sayText.lang = ears.language;
      this.sayText.value = '';
      this.silent.disabled = false;
    }
  }
}
