/**
 * The same call, run by the page's own emulator in Chromium: the demo presses the page's keys
 * and answers its transfer panel as the Node transcript says, and takes a picture at each step.
 * The page's transcript must match the Node one line for line, or the demo fails.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { TranscriptEvent } from '../emulator/index.js';
import { shoot } from './browser.js';
import type { HeardCall } from './node-call.js';

/** A picture of the page during event `event`: before the caller acts, after, or a countdown second. */
export interface Shot {
  file: string;
  event: number;
  phase: 'main' | 'before' | 'after' | 'tick';
  /** For `tick`: the seconds the page's countdown showed. */
  secondsLeft?: number;
}

export interface FilmedCall {
  /** The page before Call is pressed. */
  ready: string;
  shots: Shot[];
  /** The page once the call has ended. */
  final: string;
}

/** Thrown when the page's call and the Node call disagree. */
export class TranscriptMismatch extends Error {
  override name = 'TranscriptMismatch';
}

/**
 * Presses Call on `page` (already fresh) and walks the Node call's events in order, making the
 * page do the same; `origin` is the server's URL (removed from texts, as the page does);
 * `describe` writes a transcript line as the page does (narrated against the flow).
 */
export async function filmCall(page: Page, heard: HeardCall, options: { frames: string; prefix: string; origin: string; describe: (event: TranscriptEvent) => string }): Promise<FilmedCall> {
  const events = heard.transcript.events;
  let count = 0;
  const file = (): string => join(options.frames, `${options.prefix}-${String(count++).padStart(3, '0')}.png`);
  const shots: Shot[] = [];
  const take = async (event: number, phase: Shot['phase'], visible: number, secondsLeft?: number): Promise<void> => {
    shots.push({ file: await shoot(page, file(), visible), event, phase, ...(secondsLeft === undefined ? {} : { secondsLeft }) });
  };
  const lines = async (n: number, event: TranscriptEvent): Promise<void> => {
    await page
      .waitForFunction((want) => document.querySelectorAll('#transcript li').length >= want, n, { timeout: 20_000 })
      .catch(async () => {
        const shown = await pageLines(page);
        throw new TranscriptMismatch(`the page's call stopped at line ${shown.length}; the Node call went on with: ${options.describe(event)}\npage:\n  ${shown.map((l) => l.text).join('\n  ')}`);
      });
  };

  const ready = await shoot(page, file(), null);
  await page.click('#call-button');
  let speeches = 0;
  let plays = 0;
  for (const [k, event] of events.entries()) {
    switch (event.type) {
      case 'speak':
        speeches += 1;
        await page.waitForFunction((n) => (window as unknown as DemoWindow).__demo.started >= n, speeches);
        await lines(k + 1, event);
        await take(k, 'main', k + 1);
        await page.evaluate(() => (window as unknown as DemoWindow).__demo.finishSpeech());
        break;
      case 'play':
        await lines(k + 1, event);
        if (!event.ok) break;
        plays += 1;
        await page.waitForFunction((n) => (window as unknown as DemoWindow).__demo.plays >= n, plays);
        await take(k, 'main', k + 1);
        await page.evaluate(() => document.querySelector<HTMLAudioElement>('#player')?.pause());
        break;
      case 'gather':
        await page.locator('#silent-button:not([disabled])').waitFor();
        await page.locator('#phone-countdown', { hasText: /left to answer/ }).waitFor();
        if (event.pressed === null) {
          await filmSilence(page, k, (seconds) => take(k, 'tick', k, seconds));
          await lines(k + 1, event);
        } else {
          await take(k, 'before', k);
          for (const key of event.pressed) await page.click(`.keypad button[data-key="${key}"]`);
          await page.mouse.move(0, 0); // no hover highlight left on the key in the pictures
          await lines(k + 1, event);
          await take(k, 'after', k + 1);
        }
        break;
      case 'dial':
        await page.locator('#dial-panel').waitFor({ state: 'visible' });
        await take(k, 'before', k);
        await page.click(`#dial-panel button[data-outcome="${event.outcome}"]`);
        await page.mouse.move(0, 0);
        await lines(k + 1, event);
        await take(k, 'after', k + 1);
        break;
      case 'hangup':
        await lines(k + 1, event);
        await page.waitForFunction(() => document.querySelector('#flow-end')?.classList.contains('current') === true);
        await take(k, 'main', k + 1);
        break;
      default:
        await lines(k + 1, event);
        if (heard.cues.some((cue) => cue.event === k)) await take(k, 'main', k + 1);
    }
  }
  await page.locator('#phone-state', { hasText: 'Call ended' }).waitFor();
  const final = await shoot(page, file(), null);
  await checkSameCall(page, events, options.origin, options.describe);
  return { ready, shots, final };
}

interface DemoWindow {
  __demo: { started: number; plays: number; finishSpeech(): void };
}

/** Waits out the page's own GetDigits countdown, with a picture for each second it shows. */
async function filmSilence(page: Page, event: number, take: (secondsLeft: number) => Promise<void>): Promise<void> {
  const seen = new Set<number>();
  for (;;) {
    const text = await page.locator('#phone-countdown').innerText();
    const seconds = Number(/^(\d+) s left/.exec(text)?.[1] ?? NaN);
    if (Number.isNaN(seconds)) {
      const shown = await page.locator('#transcript li').count();
      if (shown > event) return;
    } else if (!seen.has(seconds) && seconds > 0) {
      seen.add(seconds);
      await take(seconds);
    }
    await page.waitForTimeout(100);
  }
}

interface PageLine { type: string; text: string }

async function pageLines(page: Page): Promise<PageLine[]> {
  return page.locator('#transcript li').evaluateAll((items) => items.map((item) => ({ type: item.className, text: item.lastChild?.textContent ?? '' })));
}

/** The page's transcript, line for line, is the Node call's: same event types, same texts. */
async function checkSameCall(page: Page, events: readonly TranscriptEvent[], origin: string, describe: (event: TranscriptEvent) => string): Promise<void> {
  const shown = await pageLines(page);
  const expected = events.map((event) => ({ type: event.type, text: describe(event).split(origin).join('') }));
  const problems: string[] = [];
  for (let i = 0; i < Math.max(shown.length, expected.length); i++) {
    const a = expected[i];
    const b = shown[i];
    if (a?.type !== b?.type || a?.text !== b?.text) problems.push(`line ${i + 1}: Node ${a === undefined ? '(none)' : `${a.type} ${a.text}`} | page ${b === undefined ? '(none)' : `${b.type} ${b.text}`}`);
  }
  if (problems.length > 0) throw new TranscriptMismatch(`the page's call differs from the Node call (the video would not match its sound):\n  ${problems.join('\n  ')}`);
}
