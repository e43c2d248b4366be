/**
 * The README's dashboard screenshots: `npm run screenshots:dashboard` (Chromium needed).
 * Serves ivr.yaml, runs a dozen emulated calls for the drop-off view, keeps two calls in
 * progress, and shoots docs/live-calls.png and docs/dropoff.png.
 */
import { resolve } from 'node:path';
import { runCall, scriptedCaller, type DialOutcome } from '../../src/emulator/index.js';
import { startLocalServer } from '../../src/http/server.js';
import { ROOT } from '../helpers/app.js';
import type { Cleanup } from './browser.js';
import { callWith } from '../events/helpers.js';
import { openDashboard, SteeredCaller } from './dashboard.js';

const cleanups: Array<() => unknown> = [];
const t: Cleanup = { after: (fn) => void cleanups.push(fn as () => unknown) };
try {
  const server = await startLocalServer({ flowFile: resolve(ROOT, 'ivr.yaml'), env: {} });
  t.after(() => server.close());
  const scripted = (keys: string[], dials: DialOutcome[] = [], from = '+14155550111'): Promise<unknown> =>
    runCall({ answerUrl: server.answerUrl, hangupUrl: `${server.url}/hangup`, from, to: '+14155550122', caller: scriptedCaller(keys, dials) });
  await Promise.all([
    scripted(['1', '1']), scripted(['1', '1']), scripted(['2', '1']), scripted(['1', '2'], ['answered']), scripted(['1', '2'], ['no-answer', 'answered'], '+14155550133'),
    scripted(['2', '2'], ['busy']), scripted(['9', '1', '7', '-', '-']), scripted(['-', '-', '-']), scripted(['1', '5', '1']),
    callWith(server, { gather: async () => { throw new Error('hung up'); }, dial: async () => 'answered' }),
  ]);
  const page = await openDashboard(t, `${server.url}/dashboard`, { width: 1280, height: 1000 });
  const alice = new SteeredCaller();
  const bob = new SteeredCaller();
  void callWith(server, alice, '+14155550101').catch(() => undefined);
  void callWith(server, bob, '+14155550202').catch(() => undefined);
  await Promise.all([alice.waitingForKeys(), bob.waitingForKeys()]);
  alice.press('1');
  bob.press('2');
  await alice.waitingForKeys();
  await page.locator('article.call', { hasText: '14155550101' }).locator('.state', { hasText: 'at main' }).waitFor();
  await page.locator('article.call', { hasText: '14155550202' }).locator('.state', { hasText: 'at main' }).waitFor();
  // Only the calls in progress: the ended ones leave the list after a minute, not in time for the picture.
  await page.evaluate(() => { for (const card of Array.from(document.querySelectorAll('#live-calls article.call.ended'))) card.remove(); });
  await page.locator('#live-calls article.call').nth(1).locator('details summary').first().click();
  const live = resolve(ROOT, 'docs/live-calls.png');
  await page.locator('#live-title').locator('..').screenshot({ path: live });
  await page.click('#dropoff-form button');
  await page.locator('#dropoff-summary', { hasText: '12 calls' }).waitFor();
  const dropoff = resolve(ROOT, 'docs/dropoff.png');
  await page.locator('#dropoff-title').locator('..').screenshot({ path: dropoff });
  alice.hangUp();
  bob.hangUp();
  process.stdout.write(`wrote ${live}\nwrote ${dropoff}\n`);
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
}
