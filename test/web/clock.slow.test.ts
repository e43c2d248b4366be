import { describe, it } from 'node:test';
import { browserMissing, openPage, servePage, waitForLine } from './browser.js';

const skip = browserMissing();
const TEST = { timeout: 45_000, ...(skip === undefined ? {} : { skip }) };

describe('the page\'s clock control (headless Chromium)', () => {
  it('calls examples/after-hours.yaml on Christmas morning: the holiday message, in the flow\'s time zone', TEST, async (t) => {
    const server = await servePage(t, 'examples/after-hours.yaml');
    const page = await openPage(t, `${server.url}/`);
    await page.locator('#clock-zone', { hasText: 'America/New_York' }).waitFor();
    await page.fill('#clock', '2026-12-25T10:00');
    await page.click('#call-button');
    await waitForLine(page, 'We are closed today for the holiday.');
  });
});
