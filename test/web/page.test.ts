import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { demoFlow, flowFromText, startApp } from '../helpers/app.js';
import { browserMissing, openPage, servePage } from './browser.js';
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
    assert.match(await page.locator('#call-result').innerText(), /PLIVO_FROM_NUMBER/);
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

  it('stacks the phone above the diagram on a narrow screen', TEST, async (t) => {
    const server = await servePage(t);
    const page = await openPage(t, `${server.url}/`, { width: 390, height: 844 });
    const phone = await page.locator('.phone-card').boundingBox();
    const diagram = await page.locator('.diagram-card').boundingBox();
    assert.ok(phone !== null && diagram !== null);
    assert.ok(diagram.y >= phone.y + phone.height, `diagram at y=${diagram.y}, phone ends at ${phone.y + phone.height}`);
    assert.ok(phone.width <= 390, `phone card is ${phone.width}px wide`);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scrollWidth <= 390, `the page scrolls sideways (${scrollWidth}px)`);
  });
});
