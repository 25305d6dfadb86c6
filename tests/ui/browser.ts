/**
 * What the workspace's browser tests share: Debian's Chromium through playwright-core (skipped, with a warning,
 * where it is missing), and axe-core's WCAG 2.1 A/AA check of the page as it is now.
 */
import { existsSync } from 'node:fs';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { type TestSieve } from '../helpers/sieve';
export { submit } from '../helpers/sieve';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);

/** `describe` when Chromium is installed, else `describe.skip` with a warning naming the test file. */
export function describeBrowserFor(file: string): jest.Describe {
  if (!haveChromium) {
    // eslint-disable-next-line no-console
    console.warn(`${file} skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  }
  return haveChromium ? describe : describe.skip;
}

/** One headless Chromium; launch() gives every run a fresh temporary profile and deletes it on close. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** WCAG 2.1 A/AA problems axe-core finds on the page as it is now (contrast, names, roles, structure). */
export async function accessibilityViolations(page: Page) {
  // Evaluated through DevTools, so the page's Content-Security-Policy (own scripts only) does not block it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  return page.evaluate(async () => {
    const run = (window as unknown as { axe: typeof axe }).axe.run;
    const result = await run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    // A run that checked nothing would pass vacuously: it must have passed rules such as colour contrast.
    if (!result.passes.some((p) => p.id === 'color-contrast')) return [{ rule: 'axe checked no colour contrast', nodes: [] }];
    return result.violations.map((v) => ({ rule: v.id, nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`) }));
  });
}

/**
 * A moderator's page at 1280×800 in its own browser context (own cookie jar), signed in with `key`, once the live
 * stream is on and the queue shows. Its context goes into `contexts` (closed by closeAll), its errors into `errors`.
 */
export async function signedInPage(browser: Browser, sieve: TestSieve, key: string, contexts: BrowserContext[], errors: string[]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${sieve.api.url}/moderate`);
  await page.locator('#sign-in-key').fill(key);
  await page.keyboard.press('Enter');
  await page.locator('#live-status[data-live="on"]').waitFor();
  await page.locator('li.row').first().waitFor();
  return page;
}

/** The browsers first (their event streams must be gone before the API closes), then the review side and Sieve. */
export async function closeAll(contexts: BrowserContext[], browser: Browser | undefined, sieve: TestSieve | undefined): Promise<void> {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  // The API's review side subscribed to live events for the pages; startApi's close does not stop it (yet).
  await (sieve?.api.app.locals.ownedReview as { close(): Promise<void> } | null)?.close();
  await sieve?.close();
}

