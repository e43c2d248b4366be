/**
 * The README's screenshots: `node --import tsx test/web/screenshot.ts [docs/]`. Serves ivr.yaml,
 * calls it from the page at desktop (1280×800) and phone (390×844) sizes, presses 2 then 2, and
 * shoots what the screen shows while the transfer to the associate waits for an outcome:
 * docs/screenshot.png and docs/screenshot-phone.png.
 */
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from '../helpers/app.js';
import { openPage, servePage, waitForLine, type Cleanup } from './browser.js';

const dir = resolve(process.argv[2] ?? resolve(ROOT, 'docs'));
const SIZES = [
  { file: 'screenshot.png', viewport: { width: 1280, height: 800 } },
  { file: 'screenshot-phone.png', viewport: { width: 390, height: 844 } },
];

/** Call, choose Spanish, ask for the associate: the page mid-call, waiting for the transfer's outcome. */
export async function transferWaiting(page: Page): Promise<void> {
  await page.click('#call-button');
  await page.click('.keypad button[data-key="2"]');
  await waitForLine(page, 'Oprima 1 para escuchar un mensaje');
  await page.click('.keypad button[data-key="2"]');
  await page.locator('#dial-panel').waitFor({ state: 'visible' });
  await page.waitForFunction(() => document.querySelector('#flow-node-connecting')?.classList.contains('current'));
  await page.mouse.move(0, 0);
}

if (import.meta.filename === resolve(process.argv[1] ?? '')) {
  const cleanups: Array<() => unknown> = [];
  const t: Cleanup = { after: (fn) => void cleanups.push(fn as () => unknown) };
  try {
    const server = await servePage(t);
    for (const { file, viewport } of SIZES) {
      const page = await openPage(t, `${server.url}/`, viewport);
      await transferWaiting(page);
      const out = resolve(dir, file);
      await page.screenshot({ path: out });
      process.stdout.write(`wrote ${out}\n`);
    }
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}
