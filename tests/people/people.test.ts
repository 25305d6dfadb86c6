/**
 * Moderating people against the real stores (private PostgreSQL and Redis) and a real scoring worker:
 * reopen and overturn with audit and webhook; pre-moderation, suspension and ban applied to the next comment
 * through the worker; automatic pre-moderation after a rejection streak; a 40-comment raid with small edits
 * becomes one group and one decision; section-limited moderator keys refused outside their sections.
 */
import { Queue } from 'bullmq';
import { QUEUE_NAMES, redisKeys } from '../../src/redis/keys';
import { API_KEYS_ENV, KEYS, eventually, startSieve, type TestSieve } from '../helpers/sieve';
import { raid } from './raid';

const DESK = 'politics-desk-mod-0123456789';
let sieve: TestSieve;
let hooks: Queue;

beforeAll(async () => {
  sieve = await startSieve({
    API_KEYS: `${API_KEYS_ENV},${DESK}:moderator:desk:politics`,
    WEBHOOK_URL: 'http://127.0.0.1:9/never-delivered', WEBHOOK_SECRET: 'people-test-secret-0123456789',
    REVIEW_REASON_CODES: 'spam,harassment,hate_speech',
  }, { workers: 1 });
  hooks = new Queue(QUEUE_NAMES.webhooks, { connection: { url: sieve.redis.url, maxRetriesPerRequest: null }, prefix: redisKeys(sieve.config.REDIS_PREFIX).bullPrefix });
});
afterAll(async () => {
  await hooks.close();
  await sieve.close();
});

const mod = (method: string, path: string, body?: unknown, key = KEYS.moderator) => sieve.request(method, `/v1/review${path}`, { key, body });
let n = 0;
/** Submits a comment and waits for its verdict; returns the comment record. */
async function post(text: string, extra: { author?: string; section?: string; thread?: string } = {}) {
  const id = `p${++n}`;
  const body = { id, threadId: extra.thread ?? 't-people', author: { id: extra.author ?? 'someone' }, text, ...(extra.section ? { section: extra.section } : {}) };
  const r = await sieve.request('POST', '/v1/comments', { key: KEYS.ingest, body });
  expect(r.status).toBe(202);
  return eventually(async () => {
    const c = await sieve.request('GET', `/v1/comments/${id}`, { key: KEYS.ingest });
    return c.body.verdict ? c.body : undefined;
  }, 30_000, `verdict of ${id}`);
}
const HELD = 'shut up you stupid cunt'; // held by the lexicon: swearing aimed at someone (insult_term)
const CLEAN = 'Thanks for the article, the budget figures were useful.';

async function webhooksFor(commentId: string): Promise<{ type: string; data: any }[]> {
  const jobs = await hooks.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed', 'prioritized']);
  return jobs.map((j) => JSON.parse(j.data.body)).filter((p) => p.data?.comment?.id === commentId).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

describe('reversible decisions', () => {
  test('reopen returns a decided item to the queue; overturn flips approve ↔ reject; audit, record and webhooks follow', async () => {
    const c = await post(HELD);
    expect(c.verdict).toBe('review');
    expect((await mod('POST', `/items/${c.id}/claim`)).status).toBe(200);
    expect((await mod('POST', `/items/${c.id}/decision`, { action: 'approve' })).body.item.state).toBe('approved');

    // Someone else may not undo alice's decision; the admin may.
    const bob = await mod('POST', `/items/${c.id}/reopen`, { reason: 'mistake' }, KEYS.moderator2);
    expect(bob.status).toBe(403);
    expect(bob.body.error.code).toBe('not_decider');
    expect((await mod('POST', `/items/${c.id}/reopen`, {})).body.error).toMatchObject({ code: 'invalid_reason', field: 'reason' });

    const reopened = await mod('POST', `/items/${c.id}/reopen`, { reason: 'approved a slur by accident' });
    expect(reopened.status).toBe(200);
    expect(reopened.body.item).toMatchObject({ state: 'pending', decision: null });
    expect((await sieve.request('GET', `/v1/comments/${c.id}`, { key: KEYS.ingest })).body.review.state).toBe('pending');
    expect((await mod('POST', `/items/${c.id}/reopen`, { reason: 'again' })).body.error.code).toBe('not_decided');

    await mod('POST', `/items/${c.id}/claim`);
    await mod('POST', `/items/${c.id}/decision`, { action: 'approve' });
    expect((await mod('POST', `/items/${c.id}/overturn`, { why: 'it is abuse' })).body.error).toMatchObject({ code: 'invalid_reason' });
    const over = await mod('POST', `/items/${c.id}/overturn`, { why: 'it is abuse', reason: 'harassment' }, KEYS.admin);
    expect(over.status).toBe(200);
    expect(over.body.item).toMatchObject({ state: 'rejected', decision: { by: 'root', action: 'reject', reason: 'harassment' } });
    const record = (await sieve.request('GET', `/v1/comments/${c.id}`, { key: KEYS.ingest })).body;
    expect(record).toMatchObject({ visibility: 'hidden', review: { state: 'rejected', action: 'reject', reason: 'harassment' } });

    const history = (await mod('GET', `/items/${c.id}/history`)).body.entries.map((e: any) => `${e.action}:${e.from ?? ''}>${e.to}:${e.actor}`);
    expect(history).toEqual([
      'create:>pending:sieve', 'claim:pending>claimed:alice', 'approve:claimed>approved:alice', 'reopen:approved>pending:alice',
      'claim:pending>claimed:alice', 'approve:claimed>approved:alice', 'overturn:approved>rejected:root',
    ]);
    const reviewed = (await webhooksFor(c.id)).filter((h) => h.type === 'comment.reviewed').map((h) => h.data.review.state);
    expect(reviewed).toEqual(['approved', 'pending', 'approved', 'rejected']);
    // The rejection carries the statement of reasons the site shows the author.
    const last = (await webhooksFor(c.id)).filter((h) => h.type === 'comment.reviewed').pop()!;
    expect(last.data.statement).toMatchObject({ reason: 'harassment', automated: false, appealable: true });
    expect(last.data.statement.text).toMatch(/attacks or insults another person/);
  });
});

describe('authors', () => {
  test('pre-moderation, suspension and ban apply to the next comment through the worker; lift ends them; all audited', async () => {
    const author = 'troll-1';
    expect((await post(CLEAN, { author })).verdict).toBe('publish');

    expect((await mod('POST', `/authors/${author}/actions`, { action: 'premoderate', note: 'watch' })).body.rule).toMatchObject({ kind: 'premoderate', by: 'alice' });
    const pre = await post(CLEAN, { author });
    expect(pre.verdict).toBe('review');
    expect(pre.reasons[0]).toMatchObject({ code: 'author_premoderated' });
    expect((await mod('GET', `/items/${pre.id}`)).body.item).toMatchObject({ state: 'pending', priority: 5 });

    const until = new Date(Date.now() + 86_400_000).toISOString();
    expect((await mod('POST', `/authors/${author}/actions`, { action: 'suspend' })).body.error).toMatchObject({ code: 'invalid_value', field: 'until' });
    await mod('POST', `/authors/${author}/actions`, { action: 'suspend', until });
    const suspended = await post(CLEAN, { author });
    expect(suspended).toMatchObject({ verdict: 'reject', visibility: 'hidden' });
    expect(suspended.reasons[0].code).toBe('author_suspended');
    // The worker queues the webhook just after its transaction commits, so the verdict can be read a moment before.
    const scored = await eventually(async () => (await webhooksFor(suspended.id)).find((h) => h.type === 'comment.scored'), 10_000, 'comment.scored webhook');
    expect(scored.data.statement).toMatchObject({ reason: 'author_suspended', automated: true });
    expect(scored.data.statement.text).toContain(`until ${until}`);
    // Decided by the moderator's rule: no review item for it.
    expect((await mod('GET', `/items/${suspended.id}`)).status).toBe(404);

    await mod('POST', `/authors/${author}/actions`, { action: 'ban', note: 'third strike' });
    expect((await post(CLEAN, { author })).reasons[0].code).toBe('author_banned');

    await mod('POST', `/authors/${author}/actions`, { action: 'lift' });
    expect((await mod('POST', `/authors/${author}/actions`, { action: 'lift' })).body.error.code).toBe('no_rule');
    const record = (await mod('GET', `/authors/${author}`)).body;
    expect(record.rule).toBeNull();
    expect(record.actions.map((a: any) => a.action)).toEqual(['lift', 'ban', 'suspend', 'premoderate']);
    expect(record.notes.map((x: any) => x.note)).toEqual(['third strike', 'watch']);
    // What the workspace offers: no lift without a rule; not the rule already in force.
    expect(record.offered).toEqual(['note', 'premoderate', 'suspend', 'ban']);
    await mod('POST', `/authors/${author}/actions`, { action: 'ban' });
    expect((await mod('GET', `/authors/${author}`)).body.offered).toEqual(['note', 'premoderate', 'suspend', 'lift']);
    await mod('POST', `/authors/${author}/actions`, { action: 'lift' });
  });

  test('author search (who) finds an author by the start of the id or of a word of the display name', async () => {
    const body = (id: string, author: { id: string; name?: string }) => ({ id, threadId: 't-who', author, text: HELD });
    for (const [id, author] of [['who-1', { id: 'jo-77', name: 'Maple Leaf' }], ['who-2', { id: 'x-9', name: 'Jo Park' }], ['who-3', { id: 'john', name: 'Sam Lee' }], ['who-4', { id: 'ajo' }]] as const) {
      expect((await sieve.request('POST', '/v1/comments', { key: KEYS.ingest, body: body(id, author) })).status).toBe(202);
    }
    const found = (who: string) => eventually(async () => {
      // All four first: a search made before the last one landed would miss it.
      const all = (await mod('GET', '/items?state=pending&thread=t-who')).body.items;
      const r = await mod('GET', `/items?state=pending&thread=t-who&who=${encodeURIComponent(who)}`);
      return all.length === 4 ? r.body.items.map((i: any) => i.id).sort() : undefined;
    }, 30_000, `who=${who}`);
    expect(await found('jo')).toEqual(['who-1', 'who-2', 'who-3']);
    expect(await found('PARK')).toEqual(['who-2']);
    expect(await found('jo-')).toEqual(['who-1']);
    expect(await found('%')).toEqual([]);
    expect((await mod('GET', '/items?author=jo')).body.items).toEqual([]);
    expect((await mod('GET', '/items?who=')).body.error).toMatchObject({ code: 'invalid_value', field: 'who' });
    expect((await mod('GET', `/items?who=${'x'.repeat(129)}`)).status).toBe(400);
  });

  test('automatic pre-moderation after a rejection streak', async () => {
    const author = 'streaker';
    for (let i = 0; i < 3; i++) {
      const c = await post(HELD, { author });
      await mod('POST', `/items/${c.id}/claim`);
      await mod('POST', `/items/${c.id}/decision`, { action: 'reject', reason: 'harassment' });
    }
    const next = await post(CLEAN, { author });
    expect(next.verdict).toBe('review');
    expect(next.reasons[0].code).toBe('author_history');
    expect(next.reasons[0].message).toMatch(/^3 of the author's 3 decided comments in the last 7 days were rejected/);
    expect((await mod('GET', `/authors/${author}`)).body).toMatchObject({ rule: null, held: true, recent: { rejected: 3 } });
  });

  test('decide all pending by this author, each item audited', async () => {
    const author = 'spree';
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await post(`${HELD} number ${i}`, { author })).id);
    const r = await mod('POST', `/authors/${author}/decisions`, { action: 'reject', reason: 'spam' });
    expect(r.body.summary).toEqual({ ok: 3, failed: 0 });
    for (const id of ids) expect((await mod('GET', `/items/${id}/history`)).body.entries.map((e: any) => e.action)).toEqual(['create', 'reject']);
  });
});

describe('raids', () => {
  test('a 40-comment raid with small edits from 40 accounts is one group, shown once, and one decision rejects all', async () => {
    const texts = raid().map((t) => `${t} Shut up you stupid cunt.`);
    const ids: string[] = [];
    for (const [i, t] of texts.entries()) ids.push((await post(t, { author: `raider-${i}`, thread: `t-raid-${i % 3}` })).id);
    // (The other tests post the same clean sentence several times: those form a group of their own.)
    const groups = (await mod('GET', '/groups')).body.groups.filter((g: any) => ids.includes(g.id));
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ size: 40, pending: 40, authors: { count: 40 }, threads: { count: 3 } });
    // One group's page: the group and its pending items, in queue order.
    const one = await mod('GET', `/groups/${groups[0].id}`);
    expect(one.status).toBe(200);
    expect(one.body.group).toEqual(groups[0]);
    expect(one.body.items.map((i: any) => i.id).sort()).toEqual([...ids].sort());
    expect(one.body.items[0]).toMatchObject({ groupId: groups[0].id, state: 'pending', comment: { text: expect.any(String) } });
    expect((await mod('GET', `/groups/${groups[0].id}`, undefined, DESK)).status).toBe(404);
    const decided = await mod('POST', `/groups/${groups[0].id}/decision`, { action: 'reject', reason: 'spam' });
    expect(decided.body.summary).toEqual({ ok: 40, failed: 0 });
    for (const id of ids.slice(0, 5)) expect((await mod('GET', `/items/${id}/history`)).body.entries.map((e: any) => e.action)).toEqual(['create', 'reject']);
    expect((await mod('GET', '/groups')).body.groups.filter((g: any) => ids.includes(g.id))).toEqual([]);
    const gone = await mod('GET', `/groups/${groups[0].id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('not_found');
  });
});

describe('reader reports', () => {
  const report = (id: string, reporterId: string, reason: string) => sieve.request('POST', `/v1/comments/${id}/reports`, { key: KEYS.ingest, body: { reporterId, reason } });

  test('a published comment enters the queue as `reported` at the threshold, counting each reporter once', async () => {
    const c = await post('The mayor should resign, her budget is a disaster.');
    expect(c.verdict).toBe('publish');
    expect((await report(c.id, 'r1', 'abuse')).status).toBe(201);
    const again = await report(c.id, 'r1', 'abuse');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true, counts: { abuse: 1 }, queued: false });
    expect((await report(c.id, 'r2', 'spam')).body.queued).toBe(false);
    const third = await report(c.id, 'r3', 'abuse');
    expect(third.status).toBe(201);
    expect(third.body).toMatchObject({ counts: { abuse: 2, spam: 1 }, queued: true });
    const item = (await mod('GET', `/items/${c.id}`)).body.item;
    expect(item).toMatchObject({ state: 'pending', origin: 'reported', reports: 3 });
    expect((await mod('GET', `/items/${c.id}/history`)).body.entries[0]).toMatchObject({ action: 'create', reason: 'reported' });
    expect((await report(c.id, 'r4', 'rude')).status).toBe(400);
    expect((await report('no-such-comment', 'r4', 'spam')).status).toBe(404);

    // The item's reports for moderators: counts over all, newest first, page by page.
    const listed = await mod('GET', `/items/${c.id}/reports`);
    expect(listed.status).toBe(200);
    expect(listed.body.counts).toEqual({ abuse: 2, spam: 1 });
    expect(listed.body.reports.map((r: any) => r.reporterId)).toEqual(['r3', 'r2', 'r1']);
    expect(listed.body.reports[0]).toMatchObject({ reason: 'abuse', note: null, at: expect.any(String) });
    const first = await mod('GET', `/items/${c.id}/reports?limit=2`);
    expect(first.body.reports.map((r: any) => r.reporterId)).toEqual(['r3', 'r2']);
    const rest = await mod('GET', `/items/${c.id}/reports?limit=2&cursor=${first.body.nextCursor}`);
    expect(rest.body).toMatchObject({ counts: { abuse: 2, spam: 1 }, nextCursor: null });
    expect(rest.body.reports.map((r: any) => r.reporterId)).toEqual(['r1']);
    // Refusals: stable codes.
    expect((await mod('GET', '/items/no-such-item/reports')).body.error.code).toBe('not_found');
    expect((await mod('GET', '/items/no-such-item/reports')).status).toBe(404);
    expect((await mod('GET', `/items/${c.id}/reports?cursor=bogus`)).body.error).toMatchObject({ code: 'invalid_cursor', field: 'cursor' });
    expect((await mod('GET', `/items/${c.id}/reports?limit=0`)).body.error).toMatchObject({ code: 'invalid_value', field: 'limit' });
    expect((await mod('GET', `/items/${c.id}/reports?state=x`)).body.error.code).toBe('unknown_field');
    expect((await mod('GET', `/items/${c.id}/reports`, undefined, DESK)).status).toBe(404);
    expect((await sieve.request('GET', `/v1/review/items/${c.id}/reports`, { key: KEYS.ingest })).status).toBe(403);
  });

  test('reports on a held comment raise its priority, capped', async () => {
    const c = await post(HELD);
    const before = (await mod('GET', `/items/${c.id}`)).body.item.priority;
    await report(c.id, 'r1', 'abuse');
    expect((await mod('GET', `/items/${c.id}`)).body.item.priority).toBe(before + 5);
    for (let i = 2; i <= 6; i++) await report(c.id, `r${i}`, 'abuse');
    expect((await mod('GET', `/items/${c.id}`)).body.item).toMatchObject({ priority: before + 15, reports: 6, origin: 'verdict' });
  });
});

describe('appeals', () => {
  test('an appeal is decided by a second moderator only, and the outcome reaches the site by webhook', async () => {
    const c = await post(HELD);
    await mod('POST', `/items/${c.id}/claim`);
    await mod('POST', `/items/${c.id}/decision`, { action: 'reject', reason: 'harassment' });
    const appeal = (text: string) => sieve.request('POST', `/v1/comments/${c.id}/appeals`, { key: KEYS.ingest, body: { text } });
    const first = await appeal('I was quoting him, not insulting anyone.');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ state: 'pending', originalDecider: 'alice' });
    expect((await appeal('again')).status).toBe(200);
    expect((await mod('GET', '/appeals')).body.appeals.map((a: any) => a.id)).toContain(c.id);
    // The item view asks for its own comment's appeal, in any state.
    expect((await mod('GET', `/appeals?comment=${c.id}`)).body.appeals).toEqual([first.body]);
    expect((await mod('GET', `/appeals?comment=${c.id}&state=upheld`)).body.appeals).toEqual([]);
    expect((await mod('GET', '/appeals?comment=')).body.error).toMatchObject({ code: 'invalid_value', field: 'comment' });
    // Items say they are appealed, and the queue lists the appealed removals.
    expect((await mod('GET', `/items/${c.id}`)).body.item.appeal).toEqual({ state: 'pending', createdAt: first.body.createdAt });
    expect((await mod('GET', '/items?state=rejected&appeal=pending')).body.items.map((i: any) => i.id)).toEqual([c.id]);
    expect((await mod('GET', '/items?state=rejected&appeal=open')).body.error).toMatchObject({ code: 'invalid_value', field: 'appeal' });

    const same = await mod('POST', `/appeals/${c.id}/decision`, { outcome: 'overturn' });
    expect(same.status).toBe(403);
    expect(same.body.error.code).toBe('same_decider');
    const bob = await mod('POST', `/appeals/${c.id}/decision`, { outcome: 'overturn', message: 'You are right, sorry.' }, KEYS.moderator2);
    expect(bob.status).toBe(200);
    expect(bob.body).toMatchObject({ state: 'overturned', decidedBy: 'bob' });
    expect((await sieve.request('GET', `/v1/comments/${c.id}`, { key: KEYS.ingest })).body).toMatchObject({ visibility: 'visible', review: { state: 'approved' } });
    expect((await mod('POST', `/appeals/${c.id}/decision`, { outcome: 'uphold' }, KEYS.admin)).body.error.code).toBe('appeal_decided');
    const hook = (await webhooksFor(c.id)).find((h) => h.type === 'comment.appeal_decided');
    expect(hook?.data).toMatchObject({ appeal: { state: 'overturned', message: 'You are right, sorry.' }, review: { state: 'approved' } });
    expect((await mod('GET', `/items/${c.id}/history`)).body.entries.map((e: any) => e.action)).toEqual(['create', 'claim', 'reject', 'appeal', 'appeal_overturned']);
    expect((await mod('GET', `/appeals?comment=${c.id}`)).body.appeals.map((a: any) => a.state)).toEqual(['overturned']);
    expect((await mod('GET', `/items/${c.id}`)).body.item.appeal.state).toBe('overturned');
    expect((await mod('GET', '/items?state=rejected&appeal=pending')).body.items).toEqual([]);

    const published = await post(CLEAN);
    const refused = await sieve.request('POST', `/v1/comments/${published.id}/appeals`, { key: KEYS.ingest, body: { text: 'why?' } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('not_removed');
  });
});

describe('sections', () => {
  test('a section-limited moderator sees and acts only on its sections', async () => {
    const politics = await post(HELD, { section: 'politics' });
    const sport = await post(HELD, { section: 'sport' });
    const listed = (await mod('GET', '/items?state=pending&limit=200', undefined, DESK)).body.items.map((i: any) => i.id);
    expect(listed).toContain(politics.id);
    expect(listed).not.toContain(sport.id);
    expect((await mod('GET', `/items/${sport.id}`, undefined, DESK)).status).toBe(404);
    expect((await mod('POST', `/items/${sport.id}/claim`, undefined, DESK)).status).toBe(404);
    expect((await mod('POST', `/items/${politics.id}/claim`, undefined, DESK)).status).toBe(200);
    expect((await mod('GET', '/items?section=sport')).body.items.map((i: any) => i.id)).toEqual([sport.id]);
    const bulk = await mod('POST', '/decisions', { ids: [sport.id], action: 'approve' }, DESK);
    expect(bulk.body.results[0]).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
