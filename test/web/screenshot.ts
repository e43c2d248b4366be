/**
 * The README's screenshot: `node --import tsx test/web/screenshot.ts [docs/screenshot.png]`.
 * Serves ivr.yaml, calls it from the page, presses 2 then 2 and shoots the page while the
 * transfer to the associate waits for an outcome.
 */
import { resolve } from 'node:path';
import { ROOT } from '../helpers/app.js';
import { openPage, servePage, waitForLine, type Cleanup } from './browser.js';

const out = resolve(process.argv[2] ?? resolve(ROOT, 'docs/screenshot.png'));
const cleanups: Array<() => unknown> = [];
const t: Cleanup = { after: (fn) => void cleanups.push(fn as () => unknown) };
try {
  const server = await servePage(t);
  const page = await openPage(t, `${server.url}/`, { width: 1280, height: 960 });
  await page.click('#call-button');
  await page.click('.keypad button[data-key="2"]');
  await waitForLine(page, 'Oprima 1 para escuchar un mensaje');
  await page.click('.keypad button[data-key="2"]');
  await page.locator('#dial-panel').waitFor({ state: 'visible' });
  await page.waitForFunction(() => document.querySelector('#flow-node-connecting')?.classList.contains('current'));
  await page.locator('#transcript').evaluate((list) => list.scrollTo(0, 0));
  await page.screenshot({ path: out, fullPage: true });
  process.stdout.write(`wrote ${out}\n`);
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
}
