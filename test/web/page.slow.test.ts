import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { demoFlow, flowFromText, startApp } from '../helpers/app.js';
import { browserMissing, openPage, servePage } from './browser.js';
import { transferWaiting } from './screenshot.js';
import { mutableSource, problem } from './source.js';

const skip = browserMissing();
const TEST = { timeout: 45_000, ...(skip === undefined ? {} : { skip }) };

describe('the page (headless Chromium)', () => {
  it('shows why a call was not placed when the number is bad', TEST, async (t) => {
    const server = await servePage(t);
    const page = await openPage(t, `${server.url}/`);
    await page.fill('#call-to', '555-0100');
    await page.click('#call-submit');
    const result = page.locator('#call-result');
    await result.locator('p', { hasText: 'Check the number.' }).waitFor();
    assert.match(await result.innerText(), /to must be an E\.164 phone number with country code, e\.g\. \+14155550100/);
    assert.match((await result.getAttribute('class')) ?? '', /\bbad\b/);
  });

  it('says which variables to set when Plivo is not configured', TEST, async (t) => {
    const server = await servePage(t);
    const page = await openPage(t, `${server.url}/`);
    await page.locator('#plivo-missing', { hasText: 'set PLIVO_AUTH_ID, PLIVO_AUTH_TOKEN, PLIVO_FROM_NUMBER' }).waitFor();
    await page.fill('#call-to', '+14155550100');
    await page.click('#call-submit');
    await page.locator('#call-result p', { hasText: 'Plivo is not configured on this server.' }).waitFor();
    const said = await page.locator('#call-result').innerText();
    assert.match(said, /Set PLIVO_AUTH_ID, PLIVO_AUTH_TOKEN, PLIVO_FROM_NUMBER on the server and restart it\./);
    // Issue 18: this form has no "from" field; never suggest one.
    assert.doesNotMatch(said, /from" in the request/);
  });

  it('turns the phone off, and says how to turn it on, when webhooks need Plivo signatures', TEST, async (t) => {
    const server = await servePage(t, 'ivr.yaml', { PLIVO_AUTH_ID: 'MAPAGETESTID00000000', PLIVO_AUTH_TOKEN: 'page-test-auth-token' });
    const page = await openPage(t, `${server.url}/`);
    await page.locator('#phone-off', { hasText: 'Set PLIVO_VERIFY_SIGNATURES=false for local testing' }).waitFor();
    assert.equal(await page.locator('#call-button').isDisabled(), true);
    assert.doesNotMatch(await page.content(), /page-test-auth-token/);
  });

  it('follows the flow being served: a reload redraws it, a broken file shows its problems', TEST, async (t) => {
    const source = mutableSource(demoFlow());
    const app = await startApp(t, { flows: source });
    const page = await openPage(t, `${app.url}/`);
    await page.locator('#flow-summary', { hasText: demoFlow().version }).waitFor();
    assert.equal(await page.locator('#problems').isHidden(), true);

    const next = flowFromText(`entry: hello
languages: { en: { speak: en-US } }
nodes:
  hello: { type: say, prompt: { en: Hello. }, next: bye }
  bye: { type: hangup }
`);
    source.set(next, [problem(7, 5, 'nodes.hello.nxt', 'unknown field `nxt` in node `hello` (did you mean "next"?)')]);
    await page.locator('#flow-summary', { hasText: next.version }).waitFor();
    await page.locator('#flow-node-hello').waitFor();
    assert.equal(await page.locator('#flow-node-connecting').count(), 0);
    await page.locator('#problems').waitFor({ state: 'visible' });
    assert.match(await page.locator('#problem-list').innerText(), /^ivr\.yaml:7:5 error nodes\.hello\.nxt: unknown field `nxt`/);
  });

  // Issue 18: the page never scrolls the phone away mid-call, and on a phone the diagram is there, readable.
  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    it(`keeps the phone's screen and the lit node in view mid-call at ${viewport.width}×${viewport.height}`, TEST, async (t) => {
      const server = await servePage(t);
      const page = await openPage(t, `${server.url}/`, viewport);
      await transferWaiting(page);
      assert.equal(await page.evaluate(() => window.scrollY), 0, 'the page has not scrolled');
      const lines = await page.locator('#transcript li').count();
      assert.ok(lines > 10, `${lines} transcript lines`);
      const inView = async (selector: string): Promise<boolean> => {
        const box = await page.locator(selector).boundingBox();
        return box !== null && box.y >= 0 && box.x >= 0 && box.y + box.height <= viewport.height && box.x + box.width <= viewport.width;
      };
      assert.ok(await inView('.screen'), 'the phone screen is in view');
      assert.ok(await inView('#dial-panel'), 'the transfer question is in view');
      assert.ok(await inView('#flow-node-connecting'), 'the lit node is in view');
      const textPx = await page.locator('#flow-node-connecting text').first().evaluate((text) => text.getBoundingClientRect().height);
      assert.ok(textPx >= 7, `the diagram's text is ${textPx.toFixed(1)} px high`);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scrollWidth <= viewport.width, `the page scrolls sideways (${scrollWidth}px)`);
    });
  }
});
