/** Helpers for the dashboard's browser tests and screenshots: callers the test steers, the page in Chromium. */
import type { Page } from 'playwright-core';
import type { Caller, DialOutcome } from '../../src/emulator/index.js';
import { launchPage, type Cleanup } from './browser.js';

/** A caller whose every answer waits until the test gives it (`press`, `silence`, `dial`, `hangUp`). */
export class SteeredCaller implements Caller {
  private waiting: { resolve: (keys: string | null) => void; reject: (error: Error) => void } | undefined;
  private readonly queued: (string | null | Error)[] = [];
  private readonly dials: DialOutcome[] = [];
  /** Resolves when the call is waiting for a key. */
  private asked: (() => void) | undefined;

  gather(): Promise<string | null> {
    const next = this.queued.shift();
    this.asked?.();
    if (next instanceof Error) return Promise.reject(next);
    if (next !== undefined) return Promise.resolve(next);
    return new Promise((resolve, reject) => { this.waiting = { resolve, reject }; });
  }

  async dial(): Promise<DialOutcome> {
    return this.dials.shift() ?? 'answered';
  }

  /** Resolves once the call has asked for keys (a menu or an input is playing). */
  waitingForKeys(): Promise<void> {
    if (this.waiting !== undefined) return Promise.resolve();
    return new Promise((done) => { this.asked = () => { this.asked = undefined; done(); }; });
  }

  press(keys: string | null, dial?: DialOutcome): void {
    if (dial !== undefined) this.dials.push(dial);
    this.give(keys);
  }

  hangUp(): void {
    this.give(new Error('the caller hung up'));
  }

  private give(answer: string | null | Error): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting === undefined) this.queued.push(answer);
    else if (answer instanceof Error) waiting.reject(answer);
    else waiting.resolve(answer);
  }
}

/** The dashboard at `url` in a fresh headless Chromium; closed when the test ends. */
export async function openDashboard(t: Cleanup, url: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const page = await launchPage(t, url, viewport);
  await page.locator('#stream-state', { hasText: 'Live' }).waitFor();
  return page;
}
