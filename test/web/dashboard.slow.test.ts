/** The call dashboard in Chromium: two calls at once, followed live, then found and counted. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { browserMissing } from './browser.js';
import { callWith, servePinFlow } from '../events/helpers.js';
import { openDashboard, SteeredCaller } from './dashboard.js';


describe('the call dashboard in Chromium', { skip: browserMissing() }, () => {
  it('follows two simultaneous calls live, each on its own diagram with its steps and XML', async (t) => {
    const server = await servePinFlow(t);
    const page = await openDashboard(t, `${server.url}/dashboard`);
    const alice = new SteeredCaller();
    const bob = new SteeredCaller();
    const aliceCall = callWith(server, alice, '+14155550101');
    const bobCall = callWith(server, bob, '+14155550202');
    await Promise.all([alice.waitingForKeys(), bob.waitingForKeys()]);
    bob.press('1');
    await page.locator('article.call', { hasText: '14155550202' }).locator('.state', { hasText: 'at pin' }).waitFor();
    await page.locator('article.call', { hasText: '14155550101' }).locator('.state', { hasText: 'at main' }).waitFor();
    assert.equal(await page.locator('#live-calls article.call').count(), 2);
    assert.match(await page.locator('#live-count').innerText(), /2 in progress/);

    const aliceCard = page.locator('article.call', { hasText: '14155550101' });
    const bobCard = page.locator('article.call', { hasText: '14155550202' });
    // Each card's own diagram: where the caller is now, and the way they came.
    assert.equal(await aliceCard.locator('#flow-node-main.here').count(), 1);
    assert.equal(await aliceCard.locator('#flow-node-pin.lit').count(), 0);
    assert.equal(await bobCard.locator('#flow-node-pin.here').count(), 1);
    assert.equal(await bobCard.locator('g.edge.lit').count(), 2, 'answer → main, main → pin');
    // The steps, with the XML Plivo was told.
    assert.deepEqual(await bobCard.locator('ol.steps > li').evaluateAll((items) => items.map((i) => i.firstChild?.nextSibling?.textContent?.replace(/\s*\(.*\)$/, '').trim())), ['main: arrived', 'main: pressed 1 → pin']);
    await bobCard.locator('ol.steps > li').nth(1).locator('summary').click();
    assert.match(await bobCard.locator('ol.steps > li').nth(1).locator('pre').innerText(), /<GetDigits[^>]*action="[^"]*\/node\/pin/);

    bob.press('55667788#');
    alice.press('2', 'no-answer');
    await Promise.all([aliceCall, bobCall]);
    await page.locator('#live-calls article.call.ended').nth(1).waitFor();
    assert.match(await page.locator('#live-count').innerText(), /0 in progress/);
    assert.equal(await aliceCard.locator('#flow-node-agent.lit').count(), 1);
    assert.equal(await aliceCard.locator('#flow-node-bye.lit').count(), 1);
    const steps = await aliceCard.locator('ol.steps > li').allInnerTexts();
    assert.match(steps.join('\n'), /agent: transfer: no-answer → bye/);
    assert.match(steps.at(-1) ?? '', /Call ended/);
    // The PIN Bob typed is masked on the page, in his steps and in the XML that spoke it back.
    const html = await page.content();
    assert.ok(!html.includes('55667788') && !html.includes('5 5 6 6 7 7 8 8'));
    assert.match(await bobCard.innerText(), /pressed ••• → confirm/);

    // The story of one call, found by number; the drop-off drawn on the diagram.
    await page.fill('#find-id', '+14155550202');
    await page.click('#find-form button');
    await page.locator('#found-calls article.call').waitFor();
    assert.match(await page.locator('#found-calls').innerText(), /pressed ••• → confirm/);
    await page.click('#dropoff-form button');
    await page.locator('#dropoff-summary', { hasText: '2 calls' }).waitFor();
    const arrows = Object.fromEntries(await page.locator('#dropoff-diagram g.edge').evaluateAll((edges) =>
      edges.filter((g) => g.querySelector('text.count') !== null).map((g) => [g.querySelector('title')?.textContent ?? '', g.querySelector('text.count')?.textContent ?? ''])));
    assert.deepEqual(arrows, { 'start->n:main': '×2', 'n:main->n:pin': '×1', 'n:main->n:agent': '×1', 'n:pin->n:confirm': '×1', 'n:confirm->n:bye': '×1', 'n:agent->n:bye': '×1', 'n:bye->end': '×2' });
    assert.match(await page.locator('#dropoff-diagram #flow-node-main text.reach').textContent() ?? '', /2 reached/);
    const mainRow = await page.locator('#dropoff-table tbody tr', { hasText: 'main' }).first().innerText();
    assert.match(mainRow, /^main\t2\tagent 1, pin 1/);
  });
});
