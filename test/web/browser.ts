/** Real headless Chromium (Debian's package) driven by playwright-core, for the page tests. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestContext } from 'node:test';
import { chromium, type Page } from 'playwright-core';
import { startLocalServer, type LocalServer } from '../../src/http/server.js';
import { ROOT } from '../helpers/app.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../src/chromium.js';

/** What the helpers need of a test: somewhere to register clean-up. */
export type Cleanup = Pick<TestContext, 'after'>;


/** Why the browser tests cannot run here, or undefined. In CI a missing browser is a failure, not a skip. */
export function browserMissing(): string | undefined {
  if (existsSync(CHROMIUM_PATH) || process.env['CI'] !== undefined) return undefined;
  return `no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
}

/**
 * The real app serving `flowFile` on loopback, closed when the test ends. No Plivo credentials
 * unless `env` has them: signature checking is off, so the browser phone can call the webhooks.
 */
export async function servePage(t: Cleanup, flowFile = 'ivr.yaml', env: Record<string, string> = {}): Promise<LocalServer> {
  const server = await startLocalServer({ flowFile: resolve(ROOT, flowFile), env });
  t.after(() => server.close());
  return server;
}

/** The page at `/` in a fresh browser, once its diagram is drawn. */
export async function openPage(t: Cleanup, url: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const page = await launchPage(t, url, viewport);
  await page.locator('#diagram svg').waitFor();
  return page;
}

/** A fresh browser profile and page at `url`; closed (and the profile removed) when the test ends; a script error on the page fails the test. */
export async function launchPage(t: Cleanup, url: string, viewport: { width: number; height: number }): Promise<Page> {
  const profile = mkdtempSync(join(tmpdir(), 'ivr-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport,
    timeout: 20_000,
    args: [...CHROMIUM_ARGS],
  });
  t.after(async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  });
  context.setDefaultTimeout(10_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  t.after(() => {
    if (errors.length > 0) throw new Error(`the page threw: ${errors.join('; ')}`);
  });
  await page.goto(url);
  return page;
}

/** The transcript's lines as shown. */
export async function transcript(page: Page): Promise<string[]> {
  return page.locator('#transcript li').allInnerTexts();
}

/** Waits until a transcript line contains `text`. */
export async function waitForLine(page: Page, text: string): Promise<void> {
  await page.locator('#transcript li', { hasText: text }).first().waitFor();
}
