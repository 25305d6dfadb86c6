/**
 * The moderator workspace in a real browser (Debian's chromium through playwright-core) against a whole Sieve:
 * real Redis, the API, a scoring worker with the lexicon scorer, comments seeded through the ingest API.
 *
 * One browser for the file; alice and bob are two browser contexts (two moderators, two cookie jars).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { VOCABULARY } from '../../src/api/routes/ui';
import { LABEL_INFO } from '../../src/domain/labels';
import { CATEGORY_NAMES } from '../../src/domain/slurs';
import { loadSeed } from '../../src/cli/seed';
import { KEYS, eventually, startSieve, type TestSieve } from '../helpers/sieve';
import { accessibilityViolations, closeAll, describeBrowserFor, launchChromium, submit } from './browser';

const describeBrowser = describeBrowserFor('tests/ui/workspace.test.ts');

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
/** SIEVE_DOC_SCREENSHOTS=1 also writes the README's screenshots (docs/screenshots/). */
const DOC_SHOTS = process.env.SIEVE_DOC_SCREENSHOTS === '1' ? join(__dirname, '..', '..', 'docs', 'screenshots') : null;
const DOC_NAMES = new Set(['queue-compact', 'queue-comfortable', 'reject-no-reason', 'statistics']);
/** The page as it is now (or one element of it) into test-artifacts/, and into docs/screenshots/ when asked. */
async function screenshot(page: Page, name: string, element?: Locator): Promise<void> {
  for (const dir of [ARTIFACTS, DOC_NAMES.has(name) ? DOC_SHOTS : null]) {
    if (!dir) continue;
    const path = join(dir, `${name}.png`);
    await (element ? element.screenshot({ path }) : page.screenshot({ path }));
  }
}
const HOSTILE_TEXT = 'hey <script>window.__pwned=1</script> you f4ggot <img src=x onerror="window.__pwned=1"> bye';
const HOSTILE_AUTHOR = '<b onmouseover="window.__pwned=1">Troll</b>';

let sieve: TestSieve;
let browser: Browser;
let alice: Page;
let bob: Page;
const contexts: BrowserContext[] = [];
const dialogs: string[] = [];
const pageErrors: string[] = [];
/** Ids the policy held for review, in the order the API lists them. */
let flagged: string[] = [];

async function newModeratorPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  const page = await context.newPage();
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return page;
}

async function signIn(page: Page, key: string): Promise<void> {
  await page.goto(`${sieve.api.url}/moderate`);
  await page.locator('#sign-in-key').fill(key);
  await page.keyboard.press('Enter');
  await page.locator('#live-status[data-live="on"]').waitFor();
  await page.locator('li.row').first().waitFor();
}

const rowIds = (page: Page) => page.locator('#queue-list li.row').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.id));
const current = (page: Page) => page.locator('#item-view article').getAttribute('data-id');

/** Moves through the queue with j / k until the item panel shows `id`. */
async function goTo(page: Page, id: string): Promise<void> {
  const ids = await rowIds(page);
  expect(ids).toContain(id);
  const cursor = () => page.evaluate(() => document.querySelector('#queue-list li.current')?.getAttribute('data-id') ?? null);
  for (let step = 0; step <= ids.length; step++) {
    const at = await cursor();
    if (at === id) break;
    await page.keyboard.press(at !== null && ids.indexOf(at) > ids.indexOf(id) ? 'k' : 'j');
    await page.waitForFunction((prev) => document.querySelector('#queue-list li.current')?.getAttribute('data-id') !== prev, at);
  }
  // The item shows at once from the queue's copy (aria-busy) and is complete once its thread, author and history are read.
  await page.locator(`#item-view article[data-id="${id}"]:not([aria-busy])`).waitFor();
}

/** Rows wholly inside the queue panel and the window: what the moderator sees without scrolling. */
const rowsInView = (page: Page) => page.evaluate(() => {
  const box = document.querySelector('#queue')!.getBoundingClientRect();
  const bottom = Math.min(box.bottom, window.innerHeight);
  return Array.from(document.querySelectorAll('#queue-list li.row')).filter((r) => {
    const b = r.getBoundingClientRect();
    return b.top >= box.top && b.bottom <= bottom && b.height > 0;
  }).length;
});

describeBrowser('moderator workspace in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const policyDir = mkdtempSync(join(tmpdir(), 'sieve-ui-'));
    writeFileSync(join(policyDir, 'policy.json'), JSON.stringify({ categories: { disability: { reject: 2 } } }));
    sieve = await startSieve({ POLICY_FILE: join(policyDir, 'policy.json') }, { workers: 1 });
    if (DOC_SHOTS) mkdirSync(DOC_SHOTS, { recursive: true });
    const seed = loadSeed();
    const thread = await submit(sieve, `/v1/threads/${seed.threadId}/comments`, { comments: seed.comments });
    expect(thread.status).toBe(202);
    const hostile = await submit(sieve, '/v1/comments', { id: 'hostile-1', threadId: 'side-thread', author: { id: 'troll', name: HOSTILE_AUTHOR }, text: HOSTILE_TEXT });
    expect(hostile.status).toBe(202);
    // A shift's worth of queue: a dozen more held comments in another thread, written over the last two days, from
    // several authors; the site's policy hides ableist slurs at once (reject), so some rows are `hidden`.
    const hour = 3_600_000;
    const busyTexts = [
      'fuck you and your article', 'you are a fucking retard', 'fuck you, nobody asked', 'what a retard take',
      'fuck you, the editor is a clown', 'only a retard would write this', 'fuck you all', 'fuck you for this headline',
      'retard logic as usual', 'fuck you, mods', 'fuck you, read the report', 'go away retard',
    ];
    const busy = busyTexts.map((text, i) => ({
      id: `busy-${i + 1}`, author: { id: `reader-${i % 5}`, name: ['Maple Leaf', 'Jo Park', 'Ana Ruiz', 'T. Okafor', 'Sam Lee'][i % 5] }, text,
      createdAt: new Date(Date.now() - (i * 3.7 + 0.2) * hour).toISOString(),
    }));
    const busyRes = await submit(sieve, '/v1/threads/busy-thread/comments', { comments: busy });
    expect(busyRes.status).toBe(202);
    const total = seed.comments.length + 1 + busy.length;
    await eventually(async () => {
      const c = (await sieve.request('GET', '/v1/review/counts', { key: KEYS.moderator })).body.counts;
      const scored = [seed.threadId, 'side-thread', 'busy-thread'].map(async (t) => (await sieve.request('GET', `/v1/threads/${t}`, { key: KEYS.moderator })).body.comments ?? []);
      const all = (await Promise.all(scored)).flat() as { status: string }[];
      return all.length === total && all.every((x) => x.status !== 'queued') && c.pending > 0 ? true : undefined;
    }, 30_000, 'all seeded comments scored');
    flagged = (await sieve.request('GET', '/v1/review/items?state=pending', { key: KEYS.moderator })).body.items.map((i: { id: string }) => i.id);
    expect(flagged).toEqual(expect.arrayContaining(['seed-c1', 'seed-c3', 'seed-c5', 'hostile-1', ...busy.map((b) => b.id)]));

    browser = await launchChromium();
    alice = await newModeratorPage();
    bob = await newModeratorPage();
  }, 120_000);

  afterAll(() => closeAll(contexts, browser, sieve));

  test('a moderator signs in and sees the flagged comments, worst first, every slur span highlighted exactly', async () => {
    await alice.goto(`${sieve.api.url}/moderate`);
    await expect(alice.locator('#sign-in-form').isVisible()).resolves.toBe(true);
    await alice.locator('#sign-in-key').fill('not-a-key-0123456789');
    await alice.keyboard.press('Enter');
    await alice.locator('#sign-in-error', { hasText: 'not valid' }).waitFor();
    await signIn(alice, KEYS.moderator);
    expect(await alice.locator('#who').textContent()).toBe('alice (moderator)');
    // The queue is the open work, in the API's order (priority, then oldest).
    expect(await rowIds(alice)).toEqual(flagged);
    expect(await alice.locator('#counts dd[data-state="pending"]').textContent()).toBe(String(flagged.length));

    // Filters narrow the queue the way the API does; clearing them brings it all back.
    await alice.locator('#filter-slur').selectOption('sexual_orientation_gender');
    await alice.waitForFunction(() => Array.from(document.querySelectorAll('#queue-list li.row')).map((r) => r.getAttribute('data-id')).join() === 'hostile-1');
    await alice.locator('#filter-slur').selectOption('');
    await alice.locator('#filter-thread').fill('side-thread');
    await alice.keyboard.press('Enter');
    await alice.waitForFunction(() => Array.from(document.querySelectorAll('#queue-list li.row')).map((r) => r.getAttribute('data-id')).join() === 'hostile-1');
    await alice.locator('#filter-clear').click();
    await alice.waitForFunction((n) => document.querySelectorAll('#queue-list li.row').length === n, flagged.length);
    expect(await rowIds(alice)).toEqual(flagged);

    await goTo(alice, 'seed-c1');
    const record = (await sieve.request('GET', '/v1/comments/seed-c1', { key: KEYS.moderator })).body;
    // The text is the original, character for character; every span is a <mark> at exactly its UTF-16 offsets.
    expect(await alice.locator('#comment-text').textContent()).toBe(record.text);
    const marks = await alice.locator('#comment-text mark.slur').evaluateAll((els) => els.map((m) => ({
      start: Number((m as HTMLElement).dataset.start), end: Number((m as HTMLElement).dataset.end), text: m.textContent,
    })));
    expect(record.slurs.length).toBeGreaterThanOrEqual(2);
    expect(marks).toEqual(record.slurs.map((s: { start: number; end: number }) => ({ start: s.start, end: s.end, text: record.text.slice(s.start, s.end) })));
    // The emoji before the spans is two UTF-16 units: offsets counted any other way would be visibly off.
    expect(record.text.slice(0, record.slurs[0].start)).toMatch(/\u{1F917}/u);

    // Hover shows term, category, severity; so does keyboard focus (for those who do not use a mouse).
    await alice.locator('#comment-text mark.slur').first().hover();
    const tip = alice.locator('#slur-tip');
    await tip.waitFor();
    const first = record.slurs[0];
    expect(await tip.textContent()).toContain(`“${first.term}”`);
    expect(await tip.textContent()).toContain(CATEGORY_NAMES[first.category as keyof typeof CATEGORY_NAMES]);
    expect(await tip.textContent()).toContain(`severity ${first.severity}`);
    // Score bars mark the policy's thresholds.
    const policy = (await sieve.request('GET', '/v1/review/policy', { key: KEYS.moderator })).body.policy;
    const bar = alice.locator('.score', { has: alice.locator('.fill') }).first();
    const label = await bar.getAttribute('data-label');
    expect(await bar.locator('.score-thresholds').textContent()).toContain(`review ≥ ${policy.labels[label!].review}`);
    await screenshot(alice, 'queue-compact');
    expect(await alice.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    expect(await accessibilityViolations(alice)).toEqual([]);
  });

  test('compact rows: a dozen and more in view at 1280×800, each saying where the comment is, its priority, top reason, author and age with the date', async () => {
    expect(await alice.evaluate(() => document.body.dataset.density)).toBe('compact');
    expect(await alice.locator('#density-toggle').getAttribute('aria-pressed')).toBe('true');
    const inView = await rowsInView(alice);
    expect(inView).toBeGreaterThanOrEqual(12);

    const items = (await sieve.request('GET', '/v1/review/items?state=pending&limit=100', { key: KEYS.moderator })).body.items as {
      id: string; priority: number; verdict: string; commentCreatedAt: string; comment: { author: { name: string }; reasons: { message: string }[] };
    }[];
    const row = async (id: string) => {
      const li = alice.locator(`li.row[data-id="${id}"]`);
      return {
        status: await li.locator('.status').first().textContent(),
        prio: await li.locator('.prio').textContent(),
        reason: await li.locator('.row-reason').textContent(),
        author: await li.locator('.row-author').textContent(),
        age: await li.locator('time.age').evaluate((t) => ({ datetime: t.getAttribute('datetime'), title: t.getAttribute('title'), text: t.textContent })),
      };
    };
    // The policy's review holds a comment back (waiting); its reject hides it until a moderator looks (hidden).
    for (const [id, status, ago] of [['busy-1', 'waiting', /^1\d min ago$/], ['busy-2', 'hidden', /^4 h ago$/], ['busy-12', 'hidden', /^2 days ago$/]] as const) {
      const item = items.find((i) => i.id === id)!;
      expect(item.verdict).toBe(status === 'hidden' ? 'reject' : 'review');
      const r = await row(id);
      expect(r.status).toBe(status);
      expect(r.prio).toBe(`priority ${item.priority}`);
      expect(r.reason).toBe(item.comment.reasons[0]!.message);
      expect(r.author).toBe(item.comment.author.name);
      expect(r.age.datetime).toBe(item.commentCreatedAt);
      expect(r.age.text).toMatch(ago);
      // The date and time in full on hover: weekday, day, year and the time to the second.
      expect(r.age.title).toContain(String(new Date(item.commentCreatedAt).getFullYear()));
      expect(r.age.title).toMatch(/\d{1,2}:\d{2}:\d{2}/);
    }

    // Labels and categories in plain words, from the label table the server serves — not re-spelled by the page.
    const vocabulary = (await sieve.request('GET', '/v1/review/vocabulary', { key: KEYS.moderator })).body;
    expect(vocabulary).toEqual(JSON.parse(JSON.stringify(VOCABULARY)));
    expect(vocabulary.labels.identity_attack.name).toBe(LABEL_INFO.identity_attack.name);
    expect((await sieve.request('GET', '/v1/review/vocabulary', { key: KEYS.ingest })).status).toBe(403);
    const options = await alice.locator('#filter-slur option, #filter-label option').allTextContents();
    expect(options).toEqual(expect.arrayContaining(['racial/ethnic', 'sexual orientation/gender', 'identity attack', 'sexually explicit']));
    expect(options.filter((o) => o.includes('_'))).toEqual([]);

    // Comfortable rows: the text's second line and its chips, each named from the table; remembered after a reload.
    await alice.locator('#density-toggle').click();
    expect(await alice.locator('#density-toggle').getAttribute('aria-pressed')).toBe('false');
    await alice.locator('li.row .row-tags').first().waitFor();
    const chips = await alice.locator('li.row .tag').evaluateAll((els) => els.map((e) => ({
      category: (e as HTMLElement).dataset.category ?? null, label: (e as HTMLElement).dataset.label ?? null, text: e.textContent,
    })));
    expect(chips.some((c) => c.category === 'racial_ethnic' || c.category === 'national_origin')).toBe(true);
    for (const c of chips) expect(c.text).toBe(c.category ? CATEGORY_NAMES[c.category as keyof typeof CATEGORY_NAMES] : LABEL_INFO[c.label as keyof typeof LABEL_INFO].name);
    expect(await rowsInView(alice)).toBeLessThan(inView);
    await screenshot(alice, 'queue-comfortable');
    await alice.reload();
    await alice.locator('li.row .row-tags').first().waitFor();
    expect(await alice.evaluate(() => document.body.dataset.density)).toBe('comfortable');
    expect(await accessibilityViolations(alice)).toEqual([]);
    await alice.locator('#density-toggle').click();
    await alice.waitForFunction(() => document.body.dataset.density === 'compact' && !document.querySelector('li.row .row-tags'));
    expect(await rowsInView(alice)).toBeGreaterThanOrEqual(12);

    // An item whole, with its author's other comments: the item panel at a taller window.
    await goTo(alice, 'busy-2');
    expect(await alice.locator('#item-view .author-panel .author-comments li').count()).toBeGreaterThan(0);
    await alice.setViewportSize({ width: 1280, height: 1100 });
    await alice.mouse.move(0, 0);
    await screenshot(alice, 'item-whole', alice.locator('#item'));
    await alice.setViewportSize({ width: 1280, height: 800 });

    // From the author panel, the queue narrows to the author's items (the list API's author filter), and back.
    const all = await rowIds(alice);
    await alice.locator('#item-view .author-panel button[data-filter-author]').click();
    await alice.waitForFunction(() => Array.from(document.querySelectorAll('#queue-list li.row')).map((r) => r.getAttribute('data-id')).sort().join() === 'busy-12,busy-2,busy-7');
    expect(await alice.locator('#author-filter').textContent()).toContain('Jo Park');
    await alice.locator('#author-filter-clear').click();
    await alice.waitForFunction((n) => document.querySelectorAll('#queue-list li.row').length === n, all.length);
    expect(await alice.locator('#author-filter').isHidden()).toBe(true);
  });

  test('a comment with <script> and <img onerror> shows as text and runs nothing; the disguise undone is shown', async () => {
    await alice.locator('li.row[data-id="hostile-1"] button.open').click();
    await alice.locator('#item-view article[data-id="hostile-1"]:not([aria-busy])').waitFor();
    expect(await alice.locator('#comment-text').textContent()).toBe(HOSTILE_TEXT);
    expect(await alice.locator('li.row[data-id="hostile-1"] .snippet').textContent()).toBe(HOSTILE_TEXT);
    expect(await alice.locator('li.row[data-id="hostile-1"] .row-author').textContent()).toBe(HOSTILE_AUTHOR);
    // Nothing from the comment became an element, anywhere on the page.
    expect(await alice.locator('#workspace script, #workspace img, #workspace b').count()).toBe(0);
    await alice.locator('li.row[data-id="hostile-1"] .row-author').hover();
    await alice.locator('#comment-text mark.slur').first().focus();
    expect(await alice.locator('#slur-tip').textContent()).toMatch(/“faggot”.*disguise undone: leet/);
    expect(await alice.locator('#comment-text mark.slur').first().textContent()).toBe('f4ggot');
    expect(await alice.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    await screenshot(alice, 'item');
  });

  test('spans are cut exactly: overlapping matches share a piece, surrogate pairs stay whole, impossible offsets are ignored', async () => {
    // The page's own module, in the page (a string, so the test's compiler leaves the dynamic import alone).
    const pieces = await alice.evaluate(`import('/moderate/assets/highlight.js').then(({ segments }) => segments('a\u{1F600}bcd', [
      { term: 'x', category: 'insult', severity: 2, start: 1, end: 4 },
      { term: 'y', category: 'insult', severity: 3, start: 3, end: 5 },
      { term: 'z', category: 'insult', severity: 1, start: 4, end: 99 },
    ]).map((s) => [s.text, s.matches.map((m) => m.term).join('')]))`);
    expect(pieces).toEqual([['a', ''], ['\u{1F600}', 'x'], ['b', 'xy'], ['c', 'y'], ['d', '']]);
  });

  test('your claim warns in its last minute and says when it ran out; a colleague\'s says whose it is', async () => {
    const lines = await alice.evaluate(`import('/moderate/assets/item.js').then(({ claimText }) => {
      const now = Date.parse('2026-01-01T10:00:00Z');
      const item = (by, inMs) => ({ state: 'claimed', claim: { by, until: new Date(now + inMs).toISOString() } });
      const me = { name: 'alice', role: 'moderator' };
      return [claimText(item('alice', 240000), me, now), claimText(item('alice', 30000), me, now), claimText(item('alice', -1), me, now), claimText(item('bob', 30000), me, now)];
    })`) as string[];
    expect(lines[0]).toMatch(/^Claimed by you until \S+/);
    expect(lines[0]).not.toContain('minute');
    expect(lines[1]).toContain('less than a minute left (c renews)');
    expect(lines[2]).toBe('Your claim has run out: press c to claim it again');
    expect(lines[3]).toMatch(/^Claimed by bob until /);
  });

  test('a row says where the comment is from what the API gives; reports and appeals show once the item carries them', async () => {
    const words = await alice.evaluate(`import('/moderate/assets/queue.js').then(({ rowStatus }) => [
      { state: 'pending', verdict: 'review' }, { state: 'claimed', verdict: 'reject' }, { state: 'rejected', verdict: 'review' },
      { state: 'pending', verdict: 'review', origin: 'report', reports: 3 }, { state: 'pending', verdict: 'reject', appeal: { state: 'pending' } }, { state: 'rejected', verdict: 'review', appeal: { state: 'upheld' } },
    ].map((item) => rowStatus(item)))`) as { key: string; title: string }[];
    expect(words.map((w) => w.key)).toEqual(['waiting', 'hidden', 'rejected', 'reported', 'appeal', 'rejected']);
    expect(words[3]!.title).toBe('published, then reported by readers (3 reports)');
  });

  test('reopen and take-over show only when the server offers them; take-over asks first', async () => {
    // The item panel renders what the server offers: today's server offers neither, so nothing shows.
    await goTo(alice, 'seed-c3');
    expect(await alice.locator('#item-view button[data-action="takeover"], #item-view button[data-action="reopen"]').count()).toBe(0);
    await alice.keyboard.press('Shift+T');
    await alice.locator('#toast', { hasText: 'not claimed' }).waitFor();
    expect(await alice.locator('#takeover-dialog[open]').count()).toBe(0);
    // Once the server offers them (issue #11), the same renderer shows them, with their keys.
    const shown = await alice.evaluate(`import('/moderate/assets/item.js').then(({ renderItem }) => {
      const me = { name: 'root', role: 'admin' };
      const item = { id: 'x', state: 'claimed', priority: 50, verdict: 'review', threadId: 't', authorId: 'a', labels: [], slurCategories: [],
        claim: { by: 'bob', role: 'moderator', at: new Date().toISOString(), until: new Date(Date.now() + 60000).toISOString() }, actions: ['takeover', 'reopen'] };
      const el = renderItem({ item, comment: null, thread: null, author: null, history: null, me, policy: null });
      return Array.from(el.querySelectorAll('button[data-action]')).filter((b) => !b.disabled).map((b) => [b.dataset.action, b.getAttribute('aria-keyshortcuts')]);
    })`);
    expect(shown).toEqual([['reopen', null], ['takeover', 'Shift+T']]);
  });

  test('a claim shows live to a colleague, who cannot decide the item; the holder rejects it with the keyboard and it leaves the queue into the audit trail', async () => {
    await signIn(bob, KEYS.moderator2);
    await goTo(bob, 'seed-c1');
    expect(await bob.locator('#claim-status').textContent()).toBe('Not claimed');

    await goTo(alice, 'seed-c1');
    await alice.keyboard.press('c');
    await alice.locator('#claim-status', { hasText: 'Claimed by you' }).waitFor();

    // Bob's page learns of it without a reload: the row and the open item both say who holds it.
    await bob.locator('li.row[data-id="seed-c1"] .row-claim', { hasText: 'claimed by alice' }).waitFor();
    await bob.locator('#claim-status', { hasText: 'Claimed by alice' }).waitFor();
    // ...and a screen reader hears it (aria-live).
    await bob.locator('#announcer', { hasText: 'alice claimed seed-c1' }).waitFor({ state: 'attached' });
    expect(await bob.locator('#item-view button[data-action="reject"]').isDisabled()).toBe(true);
    // The keyboard still asks the server, which refuses: the page shows the API's own refusal.
    await bob.keyboard.press('a');
    await bob.locator('#toast', { hasText: 'claimed by alice' }).waitFor();
    const held = (await sieve.request('GET', '/v1/review/items/seed-c1', { key: KEYS.moderator })).body.item;
    expect(held).toMatchObject({ state: 'claimed', claim: { by: 'alice' }, decision: null });

    // Alice rejects: r, and no reason is chosen for her: Enter (or the button) without one does nothing but say so.
    await alice.keyboard.press('r');
    await alice.locator('#reject-dialog[open]').waitFor();
    expect(await alice.locator('#reject-reasons input[name="reason"]').count()).toBeGreaterThanOrEqual(2);
    expect(await alice.locator('#reject-reasons input:checked').count()).toBe(0);
    await alice.keyboard.press('Enter');
    await alice.locator('#reject-error[role="alert"]', { hasText: 'Choose a reason first' }).waitFor();
    await alice.locator('#reject-dialog button[type="submit"]').click();
    expect(await alice.locator('#reject-dialog[open]').count()).toBe(1);
    expect(await alice.evaluate(() => document.activeElement?.id)).toBe('reject-reasons');
    expect((await sieve.request('GET', '/v1/review/items/seed-c1', { key: KEYS.moderator })).body.item.state).toBe('claimed');
    await screenshot(alice, 'reject-no-reason', alice.locator('#reject-dialog'));
    expect(await accessibilityViolations(alice)).toEqual([]);
    // Reason 2 (harassment) with its number key, a note, Ctrl+Enter.
    await alice.keyboard.press('2');
    expect(await alice.locator('#reject-reasons input:checked').getAttribute('value')).toBe('harassment');
    expect(await alice.locator('#reject-error').textContent()).toBe('');
    await alice.locator('#reject-note').focus();
    await alice.keyboard.type('slur against a national group');
    // Moving on is instant: the next item opens before the server has answered. The decision request is held
    // (a slow server cannot be made slow on demand) until the next item shows; the time is from the key press.
    let answer!: () => void;
    const holding = new Promise<void>((resolve) => { answer = resolve; });
    await alice.route('**/v1/review/items/seed-c1/decision', async (route) => { await holding; await route.continue(); });
    await alice.evaluate(() => { (window as unknown as { t0: number }).t0 = performance.now(); });
    await alice.keyboard.press('Control+Enter');
    const nextMs = await alice.evaluate(() => new Promise<number>((done) => {
      const t0 = (window as unknown as { t0: number }).t0;
      const check = () => (document.querySelector('#item-view article')?.getAttribute('data-id') !== 'seed-c1' ? done(performance.now() - t0) : requestAnimationFrame(check));
      check();
    }));
    expect((await sieve.request('GET', '/v1/review/items/seed-c1', { key: KEYS.moderator })).body.item.state).toBe('claimed');
    const answered = alice.waitForResponse('**/v1/review/items/seed-c1/decision');
    answer();
    const answeredAt = Date.now();
    expect((await answered).status()).toBe(200);
    await alice.unroute('**/v1/review/items/seed-c1/decision');
    writeFileSync(join(ARTIFACTS, 'next-item-ms.txt'), `${nextMs.toFixed(1)}\n`);
    expect(nextMs).toBeLessThan(1000);
    await alice.waitForFunction(() => !document.querySelector('#queue-list li.row[data-id="seed-c1"]'));
    await bob.waitForFunction(() => !document.querySelector('#queue-list li.row[data-id="seed-c1"]'));
    // The next item opens by itself.
    await alice.waitForFunction(() => document.querySelector('#item-view article')?.getAttribute('data-id') !== 'seed-c1');
    await alice.locator('#undo-bar', { hasText: 'Rejected seed-c1' }).waitFor();
    // u undoes through the reopen route (issue #11): the item is back in the queue, the audit keeps both steps.
    expect(await alice.locator('#undo-button').isHidden()).toBe(false);
    // u works for UNDO_MS (10 s) from the answer; the waits above (bob's page hears of it live) take part of that,
    // more on a loaded machine: a failure here says how long they took rather than timing out on the announcement.
    expect({ undoBarShown: await alice.locator('#undo-bar').isVisible(), msSinceDecision: Date.now() - answeredAt }).toMatchObject({ undoBarShown: true });
    await alice.keyboard.press('u');
    await alice.locator('#announcer', { hasText: 'Reopened seed-c1' }).waitFor({ state: 'attached' });
    const reopened = (await sieve.request('GET', '/v1/review/items/seed-c1/history', { key: KEYS.moderator })).body;
    expect(reopened.state).toBe('pending');
    expect(reopened.entries.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['reject', 'reopen']));
    // Decided again (through the API), for the audit view below.
    expect((await sieve.request('POST', '/v1/review/items/seed-c1/claim', { key: KEYS.moderator })).status).toBe(200);
    expect((await sieve.request('POST', '/v1/review/items/seed-c1/decision', { key: KEYS.moderator, body: { action: 'reject', reason: 'harassment', note: 'slur against a national group' } })).status).toBe(200);

    const decided = (await sieve.request('GET', '/v1/review/items/seed-c1', { key: KEYS.moderator })).body.item;
    expect(decided).toMatchObject({ state: 'rejected', decision: { by: 'alice', action: 'reject', reason: 'harassment', note: 'slur against a national group' } });

    // The audit trail: the rejected queue holds it, with its history.
    await alice.locator('#filter-state').selectOption('rejected');
    await alice.locator('li.row[data-id="seed-c1"] button.open').click();
    // The item panel may still show seed-c1 as it was after the undo (four entries) until the opened item renders:
    // wait for the sixth entry, not for one the stale view already has.
    await alice.locator('#audit-trail li').nth(5).waitFor();
    const entry = alice.locator('#audit-trail li[data-action="reject"]').first();
    await entry.waitFor();
    expect(await entry.textContent()).toMatch(/alice reject · claimed → rejected · reason harassment · note: slur against a national group/);
    expect(await alice.locator('#audit-trail li').evaluateAll((lis) => lis.map((l) => (l as HTMLElement).dataset.action))).toEqual(['create', 'claim', 'reject', 'reopen', 'claim', 'reject']);
    await alice.locator('#filter-state').selectOption('open');
  });

  test('bulk: select with x or Shift+X, decide the selection with Shift+A / Shift+R; shortcuts are on the page; usable at tablet width', async () => {
    // All of it at tablet width (768px): the keyboard flow and the layout must hold there too.
    await bob.setViewportSize({ width: 768, height: 1024 });
    const before = await rowIds(bob);
    const [first, second] = before;
    await goTo(bob, first!);
    await bob.keyboard.press('x');
    // Shortcuts keep working when a checkbox has focus (it was clicked); only text fields swallow them.
    await bob.locator(`li.row[data-id="${first}"] input.select`).focus();
    await goTo(bob, second!);
    await bob.keyboard.press('x');
    expect(await bob.locator('#selected-count').textContent()).toBe('2 selected');
    expect(await bob.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    await screenshot(bob, 'tablet');
    expect(await accessibilityViolations(bob)).toEqual([]);
    await bob.keyboard.press('Shift+A');
    await bob.waitForFunction((ids) => ids.every((id) => !document.querySelector(`#queue-list li.row[data-id="${id}"]`)), [first, second]);
    for (const id of [first, second]) {
      expect((await sieve.request('GET', `/v1/review/items/${id}`, { key: KEYS.moderator })).body.item).toMatchObject({ state: 'approved', decision: { by: 'bob' } });
    }

    // The rest: Shift+X selects all shown, Shift+R rejects them with one reason.
    const rest = await rowIds(bob);
    expect(rest.length).toBeGreaterThan(0);
    await bob.keyboard.press('Shift+X');
    expect(await bob.locator('#selected-count').textContent()).toBe(`${rest.length} selected`);
    await bob.keyboard.press('Shift+R');
    await bob.locator('#reject-dialog[open]').waitFor();
    expect(await bob.locator('#reject-title').textContent()).toBe(rest.length === 1 ? `Reject comment ${rest[0]}` : `Reject ${rest.length} selected comments`);
    await bob.keyboard.press('1');
    await bob.keyboard.press('Enter');
    await bob.locator('#queue-empty').waitFor();
    for (const id of rest) {
      expect((await sieve.request('GET', `/v1/review/items/${id}`, { key: KEYS.moderator })).body.item).toMatchObject({ state: 'rejected', decision: { by: 'bob', reason: 'spam' } });
    }

    await bob.keyboard.press('?');
    await bob.locator('#help-dialog[open]').waitFor();
    expect(await bob.locator('#help-dialog').textContent()).toMatch(/claim[\s\S]*approve[\s\S]*reject[\s\S]*escalate[\s\S]*select/);
    await bob.keyboard.press('Escape');
    await bob.waitForFunction(() => !document.querySelector('#help-dialog[open]'));

    // Every form control has a name a screen reader can read.
    const unlabelled = await bob.locator('input, select, textarea').evaluateAll((els) => els
      .filter((e) => !(e as HTMLInputElement).labels?.length && !e.getAttribute('aria-label')).map((e) => e.id || e.outerHTML));
    expect(unlabelled).toEqual([]);

    expect(pageErrors).toEqual([]);
  });

  test('an admin sees per moderator and day what was decided and how long it took, read from the audit log', async () => {
    // The API: admins only, a bounded period.
    expect((await sieve.request('GET', '/v1/review/stats', { key: KEYS.moderator })).status).toBe(403);
    expect((await sieve.request('GET', '/v1/review/stats?days=0', { key: KEYS.admin })).status).toBe(400);
    const stats = (await sieve.request('GET', '/v1/review/stats?days=7', { key: KEYS.admin })).body;
    const today = new Date().toISOString().slice(0, 10);
    const row = (actor: string) => stats.days.find((d: { actor: string; day: string }) => d.actor === actor && d.day === today);
    // Alice claimed seed-c1 and rejected it, undid that with u (her own reopen is no overturn) and rejected it again; bob decided the rest in bulk (no claim: counted, not timed).
    expect(row('alice')).toMatchObject({ decided: 2, rejected: 2, timed: 2, overturned: 0, overturnRate: 0 });
    expect(row('alice').medianSecondsToDecision).toBeGreaterThan(0);
    expect(row('bob')).toMatchObject({ decided: flagged.length - 1, timed: 0, medianSecondsToDecision: null });

    // The page: a moderator has no Statistics button; an admin opens the table.
    expect(await alice.locator('#stats-button').isHidden()).toBe(true);
    const root = await newModeratorPage();
    await root.goto(`${sieve.api.url}/moderate`);
    await root.locator('#sign-in-key').fill(KEYS.admin);
    await root.keyboard.press('Enter');
    await root.locator('#live-status[data-live="on"]').waitFor();
    await root.locator('#stats-button').click();
    await root.locator('#stats-table tr[data-actor="alice"]').waitFor();
    const cells = await root.locator(`#stats-table tr[data-actor="alice"][data-day="${today}"] td`).allTextContents();
    expect(cells.slice(0, 5)).toEqual([today, '2', '0', '2', '0']);
    expect(cells[5]).toMatch(/^\d+ s$|min/);
    expect(cells[6]).toBe('0 (0 %)'); // overturns are tracked now (reopen, overturn, appeals): alice's own undo is none
    await screenshot(root, 'statistics', root.locator('#stats-dialog'));
    expect(await accessibilityViolations(root)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});