/**
 * Debian's Chromium driven by playwright-core (a dev dependency), set up to film the page: a
 * speech synthesiser that holds each prompt until the demo has taken its picture, and helpers
 * that show the transcript as it stood at a given event.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.js';


/**
 * Runs in the page before its own script. Headless Chromium has no voices, so the page would
 * race through its prompts; this synthesiser has one voice and ends an utterance only when
 * `__demo.finishSpeech()` is called, so the page waits on each prompt like a caller listening.
 * It also counts the recorded audio the page starts playing.
 */
const INIT_SCRIPT = `(() => {
  const demo = { started: 0, text: null, end: null, plays: 0 };
  demo.finishSpeech = () => { const end = demo.end; demo.end = null; demo.text = null; if (end) end(); };
  const voice = { name: 'demo', lang: 'zz-ZZ', default: true, localService: true, voiceURI: 'demo' };
  const synth = {
    speaking: false, pending: false, paused: false, onvoiceschanged: null,
    getVoices: () => [voice],
    speak: (utterance) => {
      demo.finishSpeech();
      demo.started += 1;
      demo.text = utterance.text;
      demo.end = () => { if (typeof utterance.onend === 'function') utterance.onend(new Event('end')); };
    },
    cancel: () => demo.finishSpeech(),
    pause: () => undefined, resume: () => undefined,
    addEventListener: () => undefined, removeEventListener: () => undefined, dispatchEvent: () => true,
  };
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function () { demo.plays += 1; return play.call(this); };
  window.__demo = demo;
})();`;

export interface DemoBrowser {
  context: BrowserContext;
  /** The page at `/`. */
  page: Page;
  /** A second tab for the title cards. */
  cards: Page;
  close(): Promise<void>;
}

/** Launches Chromium with a fresh profile at `size`, the page at `url` with its diagram drawn. */
export async function openDemoBrowser(url: string, size: { width: number; height: number }): Promise<DemoBrowser> {
  const { chromium } = await import('playwright-core').catch((error: unknown) => {
    throw new Error(`npm run demo needs the dev dependencies (playwright-core): run npm install first (${error instanceof Error ? error.message : String(error)})`);
  });
  const profile = await mkdtemp(join(tmpdir(), 'ivr-demo-chromium-'));
  let context: BrowserContext | undefined;
  const close = async (): Promise<void> => {
    await context?.close().catch(() => undefined);
    await rm(profile, { recursive: true, force: true });
  };
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      viewport: size,
      timeout: 30_000,
      args: [...CHROMIUM_ARGS],
    });
    context.setDefaultTimeout(20_000);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.addInitScript(INIT_SCRIPT);
    page.on('pageerror', (error) => process.stderr.write(`the page threw: ${error.message}\n`));
    await page.goto(`${url}/`);
    await page.locator('#diagram svg').waitFor();
    const cards = await context.newPage();
    await page.bringToFront();
    return { context, page, cards, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Reloads the page for a new call: empty transcript, fresh diagram, no leftover answers. */
export async function freshPage(page: Page): Promise<void> {
  await page.reload();
  await page.locator('#diagram svg').waitFor();
  await page.locator('#call-button:not([disabled])').waitFor();
}

/**
 * A screenshot of the page with only the first `visible` transcript lines shown (the page
 * writes lines as soon as the emulator has them, ahead of what the caller has heard).
 */
export async function shoot(page: Page, file: string, visible: number | null): Promise<string> {
  await page.evaluate((count) => {
    let style = document.getElementById('demo-mask');
    if (style === null) {
      style = document.createElement('style');
      style.id = 'demo-mask';
      document.head.append(style);
    }
    style.textContent = count === null ? '' : `#transcript li:nth-child(n+${count + 1}) { display: none; }`;
    const list = document.getElementById('transcript');
    if (list !== null) list.scrollTop = list.scrollHeight;
  }, visible);
  await page.screenshot({ path: file });
  return file;
}
