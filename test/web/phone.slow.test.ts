import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { browserMissing, openPage, servePage, transcript, waitForLine } from './browser.js';

const skip = browserMissing();
const TEST = { timeout: 45_000, ...(skip === undefined ? {} : { skip }) };

describe('the browser phone (headless Chromium)', () => {
  it('plays the English message after the caller presses 1 then 1', TEST, async (t) => {
    const server = await servePage(t);
    const page = await openPage(t, `${server.url}/`);
    await page.click('#call-button');
    await page.click('.keypad button[data-key="1"]');
    await waitForLine(page, 'Press 1 to hear a message');
    await page.keyboard.press('1'); // keyboard digits work too
    await page.locator('#phone-saying', { hasText: '♪ /audio/english.mp3' }).waitFor();
    await page.waitForFunction(() => {
      const audio = document.querySelector('#player');
      return audio instanceof HTMLAudioElement && !audio.paused && audio.currentTime > 0;
    });
    assert.match(await page.locator('#player').getAttribute('src') ?? '', /\/audio\/english\.mp3$/);
    assert.equal(await page.locator('#transcript li[lang="en-US"]', { hasText: 'Press 1 to hear a message' }).count(), 1);
    assert.match(await page.locator('#flow-node-message').getAttribute('class') ?? '', /visited/);
    // Issue 18: the transcript follows what the caller hears. While the 10 s message plays, the
    // goodbye and the end of the call are not shown yet; they come once it has been heard.
    await page.waitForTimeout(1500);
    assert.equal(await page.evaluate(() => (document.querySelector('#player') as HTMLAudioElement).paused), false, 'the message still plays');
    const whilePlaying = await transcript(page);
    assert.ok(!whilePlaying.some((l) => l.includes('Goodbye') || l.includes('call ended')), whilePlaying.join('\n'));
    await page.locator('#transcript li', { hasText: 'call ended: hangup' }).waitFor({ timeout: 20_000 });
    assert.equal(await page.evaluate(() => (document.querySelector('#player') as HTMLAudioElement).ended), true, 'call ended is shown once the message has played out');
    const lines = await transcript(page);
    assert.ok(lines.some((l) => l.includes('[en-US] "Thank you for calling. Goodbye."')), lines.join('\n'));
    assert.ok(!lines.some((l) => l.includes('✖')), lines.join('\n'));
  });

  it('shows the transfer to the associate after 2 then 2, and goes on with the outcome chosen', TEST, async (t) => {
    const server = await servePage(t, 'ivr.yaml', { ASSOCIATE_NUMBER: '+14155550177' });
    const page = await openPage(t, `${server.url}/`);
    await page.click('#call-button');
    await page.click('.keypad button[data-key="2"]');
    await waitForLine(page, 'Oprima 1 para escuchar un mensaje');
    await page.click('.keypad button[data-key="2"]');
    await page.locator('#dial-panel').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#dial-number').innerText(), '+14155550177');
    await page.waitForFunction(() => document.querySelector('#flow-node-connecting')?.classList.contains('current'));
    await page.click('#dial-panel button[data-outcome="no-answer"]');
    await waitForLine(page, '→ dial 14155550177  (no-answer)');
    await page.locator('#transcript li[lang="es-US"]', { hasText: 'todos nuestros asociados están ocupados' }).waitFor();
    // Back at the menu, in Spanish: the keypad listens again.
    await page.locator('.keypad button[data-key="1"]:not([disabled])').waitFor();
    assert.equal(await page.locator('#transcript li', { hasText: 'Oprima 1 para escuchar un mensaje' }).count(), 2);
    await page.click('#hangup-button');
    await waitForLine(page, 'call ended');
    await page.locator('#phone-state', { hasText: 'You hung up' }).waitFor();
    assert.equal(await page.locator('#call-button').isEnabled(), true);
  });

  it('says it did not hear a choice when the caller stays silent, then goodbye', TEST, async (t) => {
    const server = await servePage(t);
    const page = await openPage(t, `${server.url}/`);
    await page.click('#call-button');
    await page.locator('#phone-countdown', { hasText: /^[0-9] s left to answer$/ }).waitFor();
    await page.click('#silent-button');
    await waitForLine(page, 'Sorry, I did not hear a choice.');
    await page.click('#silent-button');
    await page.click('#silent-button');
    await waitForLine(page, 'call ended: hangup');
    const spoken = (await transcript(page)).filter((l) => l.includes('"')).map((l) => l.replace(/^\S+\s*/, ''));
    assert.equal(spoken.filter((l) => l.includes('did not hear')).length, 3, spoken.join('\n'));
    assert.ok(spoken.at(-2)?.includes('Thank you for calling. Goodbye.'), spoken.join('\n'));
    assert.ok(spoken.at(-1)?.includes('Gracias por llamar. Adiós.'), spoken.join('\n'));
    await page.waitForFunction(() => document.querySelector('#flow-end')?.classList.contains('current'));
  });

  it('counts the GetDigits timeout down and treats it as silence', TEST, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'ivr-flow-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'quick.yaml'), `entry: menu
languages: { en: { speak: en-US } }
nodes:
  menu:
    type: menu
    prompt: { en: Press 1. }
    timeout: 2
    attempts: 2
    choices: { "1": bye }
  bye: { type: hangup, prompt: { en: Bye. } }
`);
    const server = await servePage(t, join(dir, 'quick.yaml'));
    const page = await openPage(t, `${server.url}/`);
    await page.click('#call-button');
    await page.locator('#phone-countdown', { hasText: '2 s left to answer' }).waitFor();
    await page.locator('#phone-countdown', { hasText: '1 s left to answer' }).waitFor();
    await waitForLine(page, '☎ silence  (menu `menu`, attempt 1 of 2)');
    await page.click('.keypad button[data-key="1"]');
    await waitForLine(page, '"Bye."');
  });
});
