/**
 * What the browser caller hears, in order: prompts spoken with the browser's speech synthesis
 * (in the language Plivo would speak them) and audio played in the page's <audio> element.
 * The emulator runs on a virtual clock and races ahead; this queue plays it back in real time.
 */

type Step = () => Promise<void> | void;

/** Longest a Play may hold the queue; the file keeps playing after that. */
const MAX_PLAY_MS = 60_000;

export class MediaQueue {
  private tail: Promise<void> = Promise.resolve();
  /** Bumped by stop(): steps queued before it are skipped. */
  private generation = 0;
  /** Interruptions not yet played through: while > 0, queued speech and audio are skipped. */
  private interruptions = 0;

  constructor(
    private readonly audio: HTMLAudioElement,
    private readonly speakAloud: () => boolean,
  ) {}

  /** Runs `step` once everything queued before it has been heard. */
  add(step: Step): void {
    const generation = this.generation;
    this.tail = this.tail
      .then(async () => {
        if (generation === this.generation) await step();
      })
      .catch(() => undefined);
  }

  /** Resolves when everything queued so far has been heard (or skipped). */
  drained(): Promise<void> {
    return this.tail;
  }

  /** Say `text` aloud in `lang` (a BCP 47 tag such as es-US); resolves when it is said. */
  speak(text: string, lang: string): Promise<void> {
    const synth = globalThis.speechSynthesis as SpeechSynthesis | undefined;
    // No synthesis or no voice at all (headless browsers): the text is shown, not spoken.
    if (this.interruptions > 0 || !this.speakAloud() || synth === undefined || synth.getVoices().length === 0) return Promise.resolve();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = lang;
    const voices = synth.getVoices();
    const voice = voices.find((v) => v.lang === lang) ?? voices.find((v) => v.lang.startsWith(lang.slice(0, 2)));
    if (voice !== undefined) utterance.voice = voice;
    // Some engines never report the end: wait no longer than the text could plausibly take.
    const longest = 2000 + text.split(/\s+/).length * 600;
    return new Promise((done) => {
      const timer = setTimeout(done, longest);
      utterance.onend = utterance.onerror = () => {
        clearTimeout(timer);
        done();
      };
      synth.speak(utterance);
    });
  }

  /** Play `url` in the audio element; resolves when it ends, fails, is paused, or cannot start. */
  async play(url: string): Promise<void> {
    if (this.interruptions > 0) return;
    const audio = this.audio;
    audio.src = url;
    const ended = new Promise<void>((done) => {
      const timer = setTimeout(finish, MAX_PLAY_MS);
      function finish(): void {
        clearTimeout(timer);
        for (const type of ['ended', 'error', 'pause'] as const) audio.removeEventListener(type, finish);
        done();
      }
      for (const type of ['ended', 'error', 'pause'] as const) audio.addEventListener(type, finish);
    });
    try {
      await audio.play();
    } catch {
      // Autoplay refused or the file failed: the element stays visible with its controls.
      return;
    }
    await ended;
  }

  /**
   * Cut what is being heard and skip the speech and audio queued so far, but still run the
   * other steps (screen, diagram): a key pressed during a prompt stops it, as on Plivo.
   */
  interrupt(): void {
    this.interruptions += 1;
    (globalThis.speechSynthesis as SpeechSynthesis | undefined)?.cancel();
    this.audio.pause();
    // Steps queued later are chained after this point, so they play again.
    void this.tail.then(() => {
      this.interruptions -= 1;
    });
  }

  /** Silence now: stop speech and audio and forget what is queued. */
  stop(): void {
    this.generation += 1;
    this.interruptions = 0;
    this.tail = Promise.resolve();
    (globalThis.speechSynthesis as SpeechSynthesis | undefined)?.cancel();
    this.audio.pause();
  }
}
