/**
 * Finding and taking over in the workspace, in a real browser (Debian's chromium through playwright-core) against a
 * whole Sieve: real Redis and PostgreSQL, the API, a scoring worker with the lexicon scorer; comments seeded
 * through the ingest API, so the search key is the one the worker stored.
 *
 *  - search by text finds a comment by a disguised spelling of a word in it, and the other way round; the more
 *    filters (section, author, dates) narrow it; the results are a queue decided in bulk;
 *  - an admin takes over a colleague's claim, after a confirmation.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { KEYS, eventually, startSieve, type TestSieve } from '../helpers/sieve';
import { accessibilityViolations, closeAll, describeBrowserFor, launchChromium, signedInPage as signIn, submit } from './browser';

const describeBrowser = describeBrowserFor('tests/ui/search.test.ts');

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
/** SIEVE_DOC_SCREENSHOTS=1 also writes the README's screenshot of search results (docs/screenshots/). */
const DOC_SHOTS = process.env.SIEVE_DOC_SCREENSHOTS === '1' ? join(__dirname, '..', '..', 'docs', 'screenshots') : null;

let sieve: TestSieve;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

const COMMENTS = [
  { id: 'find-1', author: { id: 'ann', name: 'Ann Lee' }, text: 'fuck you, you total 1d10t', metadata: { section: 'politics' } },
  { id: 'find-2', author: { id: 'ben', name: 'Ben Ode' }, text: 'fuck you, idiot', metadata: { section: 'sports' } },
  { id: 'find-3', author: { id: 'ann', name: 'Ann Lee' }, text: 'fuck you and your article', metadata: { section: 'sports' } },
  { id: 'find-4', author: { id: 'cy', name: 'Cy Moss' }, text: 'fuck you, mods', metadata: { section: 'politics' } },
];

const signedInPage = (key: string) => signIn(browser, sieve, key, contexts, pageErrors);

const rowIds = (page: Page) => page.locator('#queue-list li.row').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.id).sort());
/** Waits until the queue shows exactly these ids (any order). */
const showsExactly = (page: Page, ids: string[]) => page.waitForFunction(
  (want) => Array.from(document.querySelectorAll('#queue-list li.row')).map((r) => r.getAttribute('data-id')).sort().join() === want,
  [...ids].sort().join(),
);

/** Types a search into the search box (reached with /) and runs it with Enter. */
async function search(page: Page, text: string): Promise<void> {
  await page.locator('#queue-list li.row button.open').first().focus();
  await page.keyboard.press('/');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('filter-q');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

describeBrowser('finding and taking over in the workspace (Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    if (DOC_SHOTS) mkdirSync(DOC_SHOTS, { recursive: true });
    sieve = await startSieve({}, { workers: 1 });
    const now = Date.now();
    const comments = COMMENTS.map((c, i) => ({ ...c, createdAt: new Date(now - (i + 1) * 3_600_000).toISOString() }));
    expect((await submit(sieve, '/v1/threads/find-thread/comments', { comments })).status).toBe(202);
    await eventually(async () => {
      const items = (await sieve.request('GET', '/v1/review/items?state=pending', { key: KEYS.moderator })).body.items ?? [];
      return items.length === COMMENTS.length ? true : undefined;
    }, 30_000, 'every seeded comment held for review');
    browser = await launchChromium();
  }, 120_000);

  afterAll(() => closeAll(contexts, browser, sieve));

  test('search finds a comment by a disguised spelling of a word in it, and the disguised one by the plain word; filters narrow it; the results are decided in bulk', async () => {
    const alice = await signedInPage(KEYS.moderator);
    expect(await rowIds(alice)).toEqual(COMMENTS.map((c) => c.id).sort());

    // "1d10t" is in find-1, "idiot" in find-2: each spelling finds both.
    await search(alice, 'i d i o t');
    await showsExactly(alice, ['find-1', 'find-2']);
    await alice.locator('#filter-q').fill('');
    await search(alice, 'IDIOOOT');
    await showsExactly(alice, ['find-1', 'find-2']);
    await alice.locator('#filter-q').fill('');
    await search(alice, '1d10t');
    await showsExactly(alice, ['find-1', 'find-2']);
    await alice.locator('#announcer', { hasText: '2 items found for “1d10t”' }).waitFor();

    // The less used filters fold out; the section narrows the search to one.
    await alice.locator('#more-filters-toggle').click();
    await alice.locator('#filter-section').fill('politics');
    await alice.keyboard.press('Enter');
    await showsExactly(alice, ['find-1']);
    await alice.locator('#filter-section').fill('');
    await alice.locator('#filter-author').fill('ben');
    await alice.keyboard.press('Enter');
    await showsExactly(alice, ['find-2']);
    await alice.locator('#filter-author').fill('');
    await alice.keyboard.press('Enter');
    await showsExactly(alice, ['find-1', 'find-2']);
    // Written tomorrow or later: nothing; the empty queue says why.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await alice.locator('#filter-from').fill(tomorrow);
    await alice.locator('#queue-empty', { hasText: 'Nothing here matches' }).waitFor();
    await alice.locator('#filter-from').fill('');
    await alice.locator('#filter-from').dispatchEvent('change');
    await showsExactly(alice, ['find-1', 'find-2']);
    await alice.locator('#more-filters-toggle').click();

    await alice.locator('#queue-list li.row button.open').first().click();
    await alice.locator('#item-view article:not([aria-busy])').waitFor();
    await alice.mouse.move(0, 0);
    const shot = (dir: string) => alice.screenshot({ path: join(dir, 'search-results.png') });
    await shot(ARTIFACTS);
    if (DOC_SHOTS) await shot(DOC_SHOTS);
    expect(await accessibilityViolations(alice)).toEqual([]);

    // The results are a queue: select all shown (Shift+X) and approve them (Shift+A).
    await alice.locator('#queue-list li.row button.open').first().focus();
    await alice.keyboard.press('Shift+X');
    await alice.locator('#selected-count', { hasText: '2 selected' }).waitFor();
    await alice.keyboard.press('Shift+A');
    await alice.locator('#queue-empty', { hasText: 'Nothing here matches' }).waitFor();
    const approved = (await sieve.request('GET', '/v1/review/items?state=approved&q=idiot', { key: KEYS.moderator })).body.items;
    expect(approved.map((i: { id: string }) => i.id).sort()).toEqual(['find-1', 'find-2']);
    // Clearing the search shows the rest of the queue again.
    await alice.locator('#filter-clear').click();
    await showsExactly(alice, ['find-3', 'find-4']);
    expect(pageErrors).toEqual([]);
  });

  test('an admin takes over a colleague\'s claim after confirming; the audit names the former holder', async () => {
    expect((await sieve.request('POST', '/v1/review/items/find-4/claim', { key: KEYS.moderator2 })).status).toBe(200);
    const root = await signedInPage(KEYS.admin);
    await search(root, 'mods');
    await showsExactly(root, ['find-4']);
    await root.locator('#queue-list li.row button.open').first().click();
    await root.locator('#item-view article[data-id="find-4"]:not([aria-busy])').waitFor();
    expect(await root.locator('#claim-status').textContent()).toContain('Claimed by bob');
    const button = root.locator('#item-view button[data-action="takeover"]');
    expect(await button.isEnabled()).toBe(true);

    // Shift+T asks first; Cancel leaves bob's claim alone.
    await root.locator('#queue-list li.row button.open').first().focus();
    await root.keyboard.press('Shift+T');
    await root.locator('#takeover-dialog[open]').waitFor();
    expect(await root.locator('#takeover-text').textContent()).toContain('bob holds find-4');
    await root.locator('#takeover-cancel').click();
    expect((await sieve.request('GET', '/v1/review/items/find-4', { key: KEYS.admin })).body.item.claim.by).toBe('bob');

    // Confirmed: the claim is root's now.
    await button.click();
    await root.locator('#takeover-dialog[open]').waitFor();
    await root.locator('#takeover-confirm').click();
    await root.locator('#claim-status', { hasText: 'Claimed by you' }).waitFor();
    expect(await root.locator('#item-view button[data-action="takeover"]').count()).toBe(0);
    const history = (await sieve.request('GET', '/v1/review/items/find-4/history', { key: KEYS.admin })).body.entries;
    expect(history.at(-1)).toMatchObject({ action: 'takeover', actor: 'root', from: 'claimed', to: 'claimed', reason: 'bob' });
    await root.locator('#item-view .history', { hasText: 'takeover' }).waitFor();
    // Bob can no longer decide it.
    const refused = await sieve.request('POST', '/v1/review/items/find-4/decision', { key: KEYS.moderator2, body: { action: 'approve' } });
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'claimed_by_other', claimedBy: 'root' } } });
    expect(await accessibilityViolations(root)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
