import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { browserMissing, openPage, servePage, transcript, waitForLine } from './browser.js';

const skip = browserMissing();
const TEST = { timeout: 45_000, ...(skip === undefined ? {} : { skip }) };

describe('the browser phone, spoken to (headless Chromium)', () => {
  it('takes words typed in the Say box at a menu that listens, and follows them on the diagram', TEST, async (t) => {
    const server = await servePage(t);
    const page = await openPage(t, `${server.url}/`);
    assert.equal(await page.locator('#say-text').isDisabled(), true);
    await page.click('#call-button');
    await page.locator('#say-text:not([disabled])').waitFor();
    await page.fill('#say-text', 'Spanish, please');
    await page.click('#say-button');
    await waitForLine(page, 'Oprima 1 para escuchar un mensaje');
    await page.waitForFunction(() => document.querySelector('#flow-node-main')?.classList.contains('current'));
    // Now it listens in Spanish.
    await page.locator('#say-text[lang="es-US"]:not([disabled])').waitFor();
    await page.fill('#say-text', 'mensaje');
    await page.press('#say-text', 'Enter');
    await page.locator('#phone-saying', { hasText: '♪ /audio/spanish.mp3' }).waitFor();
    await page.waitForFunction(() => document.querySelector('#flow-node-message')?.classList.contains('visited'));
    // The transcript follows what the caller hears: the call ends once the message has played out.
    await page.locator('#transcript li', { hasText: 'call ended: hangup' }).first().waitFor({ timeout: 30_000 });
    const lines = await transcript(page);
    assert.ok(lines.some((l) => /🗣 say "Spanish, please"\s+\(en-US, confidence 0\.90: heard\)/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /🗣 say "mensaje"\s+\(es-US/.test(l)), lines.join('\n'));
    assert.equal(await page.locator('#transcript li.speech[lang="es-US"]').count(), 1);
  });

  it('keeps the Say box off at a keypad-only menu', TEST, async (t) => {
    const server = await servePage(t, 'examples/support.yaml');
    const page = await openPage(t, `${server.url}/`);
    await page.click('#call-button');
    await page.locator('.keypad button[data-key="1"]:not([disabled])').waitFor();
    assert.equal(await page.locator('#say-text').isDisabled(), true);
    assert.equal(await page.locator('#say-button').isDisabled(), true);
    await page.click('#hangup-button');
  });
});
