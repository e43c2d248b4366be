/** Call 1's trigger: the page's "Place a real call" form → POST /calls → the plivo SDK → (intercepted) Plivo. */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { shoot } from './browser.js';
import type { PlivoIntercept } from './plivo-intercept.js';
import type { Trigger } from './transcript-md.js';

export interface PlacedCall {
  trigger: Trigger;
  /** The form filled in, and the page showing Plivo's answer. */
  shots: { form: string; placed: string };
}

/**
 * Types `to` into the page's form and submits it; returns what went over the wire at each hop.
 * Throws unless the SDK sent exactly one call request and the server answered 201.
 */
export async function placeCallFromPage(page: Page, to: string, options: { intercept: PlivoIntercept; logLines: readonly string[]; frames: string; prefix: string }): Promise<PlacedCall> {
  const before = options.intercept.sent.length;
  await page.fill('#call-to', to);
  const form = await shoot(page, join(options.frames, `${options.prefix}-form.png`), null);
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/calls' && r.request().method() === 'POST'),
    page.click('#call-submit'),
  ]);
  const answer = { status: response.status(), body: (await response.json()) as unknown };
  if (answer.status !== 201) throw new Error(`POST /calls answered ${answer.status} ${JSON.stringify(answer.body)}; expected 201`);
  await page.locator('#call-result.ok').waitFor();
  await page.mouse.move(0, 0);
  const placed = await shoot(page, join(options.frames, `${options.prefix}-placed.png`), null);
  const sent = options.intercept.sent.slice(before);
  if (sent.length !== 1 || sent[0] === undefined) throw new Error(`the plivo SDK sent ${sent.length} call requests to Plivo; expected 1`);
  if (options.intercept.unmatched.length > 0) throw new Error(`unexpected requests to Plivo: ${options.intercept.unmatched.join(', ')}`);
  const logLine = options.logLines.find((line) => line.includes('"message":"call placed"'));
  return {
    trigger: {
      callsRequest: { method: 'POST', path: '/calls', body: response.request().postData() ?? '' },
      callsAnswer: answer,
      sent: sent[0],
      logLine: logLine === undefined ? undefined : withoutTimestamp(logLine),
    },
    shots: { form, placed },
  };
}

function withoutTimestamp(line: string): string {
  const { timestamp: _timestamp, ...rest } = JSON.parse(line) as Record<string, unknown>;
  return JSON.stringify(rest);
}
