/**
 * The review store against a real PostgreSQL (and Redis for live events): queue order, claim leases and their expiry, refusals in every wrong
 * state, escalation, and an audit entry for every transition.
 */
import IORedis, { type Redis } from 'ioredis';
import { redisKeys, type RedisKeys } from '../../src/redis/keys';
import { ReviewStore } from '../../src/review/store';
import type { Db } from '../../src/db';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis';
import { freshDb } from '../helpers/postgres';
import { alice, bob, commentReview, makeComment, makeResult, manualClock, root, seedComment } from './fixtures';

let server: PrivateRedis;
let redis: Redis;
let keys: RedisKeys;
let clock: ReturnType<typeof manualClock>;
let store: ReviewStore;
let db: Db;
let closeDb: () => Promise<void>;
let n = 0;

beforeAll(async () => {
  server = await startPrivateRedis();
  redis = new IORedis(server.url);
});
afterAll(async () => {
  await redis.quit();
  await server.destroy();
});
beforeEach(async () => {
  keys = redisKeys(`store${++n}`);
  clock = manualClock();
  ({ db, close: closeDb } = await freshDb());
  store = new ReviewStore({ db, redis, keys, leaseSeconds: 60, clock });
});
afterEach(() => closeDb());

async function flagged(over: Parameters<typeof makeComment>[0] = {}, result = makeResult()) {
  const c = makeComment(over);
  await seedComment(db, c, result);
  expect(await store.ingest(c, result)).toBe('created');
  return c;
}

describe('review items', () => {
  it('are created only for review/reject/unscored verdicts, once (a retried job changes nothing)', async () => {
    const c = makeComment();
    expect(await store.ingest(c, makeResult({ verdict: 'publish' }))).toBe('not_flagged');
    expect(await store.ingest(c, makeResult({ verdict: 'reject' }))).toBe('created');
    expect(await store.ingest(c, makeResult({ verdict: 'reject' }))).toBe('exists');
    const u = makeComment();
    expect(await store.ingest(u, makeResult({ verdict: 'publish', unscored: true }))).toBe('created');
    expect((await store.counts()).pending).toBe(2);
    expect(await store.history(c.id)).toHaveLength(1);
  });

  it('queue in priority order, then oldest comment first, across cursor pages', async () => {
    const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
    const specs: [string, number, number][] = [['low-old', 10, 1], ['high-new', 90, 9], ['mid', 50, 5], ['high-old', 90, 2], ['low-new', 10, 8]];
    for (const [id, priority, s] of specs) {
      const c = makeComment({ id, createdAt: t(s) });
      await store.ingest(c, makeResult({ priority }));
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.list({ state: 'pending', limit: 2, cursor });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['high-old', 'high-new', 'mid', 'low-old', 'low-new']);
  });

  it('list filters by label, slur category, thread and author (alone and together)', async () => {
    await flagged({ id: 'a', threadId: 'T1', authorId: 'A' }, makeResult({ label: 'insult' }));
    await flagged({ id: 'b', threadId: 'T1', authorId: 'B' }, makeResult({ slur: 'racial_ethnic' }));
    await flagged({ id: 'c', threadId: 'T2', authorId: 'A' }, makeResult({ label: 'threat', slur: 'racial_ethnic' }));
    const ids = async (q: object) => (await store.list({ state: 'pending', ...q })).items.map((i) => i.id).sort();
    expect(await ids({ label: 'insult' })).toEqual(['a']);
    expect(await ids({ slur: 'racial_ethnic' })).toEqual(['b', 'c']);
    expect(await ids({ thread: 'T1' })).toEqual(['a', 'b']);
    expect(await ids({ author: 'A' })).toEqual(['a', 'c']);
    expect(await ids({ author: 'A', slur: 'racial_ethnic' })).toEqual(['c']);
    expect(await ids({ author: 'nobody' })).toEqual([]);
  });
});

describe('claims', () => {
  it('a claim moves the item to claimed; another moderator is refused; the holder may extend', async () => {
    const c = await flagged();
    const claimed = await store.claim(c.id, alice);
    expect(claimed).toMatchObject({ ok: true, item: { state: 'claimed', claim: { by: 'alice' } } });
    expect(await store.claim(c.id, bob)).toMatchObject({ ok: false, code: 'claimed_by_other' });
    expect(await store.extend(c.id, bob)).toMatchObject({ ok: false, code: 'claimed_by_other' });
    clock.advance(30_000);
    const extended = await store.extend(c.id, alice);
    expect(extended.ok).toBe(true);
    expect(Date.parse(extended.item!.claim!.until)).toBe(clock() + 60_000);
    expect(await store.counts()).toMatchObject({ pending: 0, claimed: 1 });
  });

  it('an expired claim returns the item to pending: lazily on read, and by the sweeper', async () => {
    const c1 = await flagged();
    const c2 = await flagged();
    await store.claim(c1.id, alice);
    await store.claim(c2.id, alice);
    clock.advance(60_001);
    // Lazy: reading the item notices the lease ran out.
    expect((await store.get(c1.id))?.state).toBe('pending');
    // Sweeper: everything due goes back.
    expect(await store.expireDueClaims()).toBe(1);
    expect(await store.counts()).toMatchObject({ pending: 2, claimed: 0 });
    expect(await store.extend(c2.id, alice)).toMatchObject({ ok: false, code: 'not_claimed' });
    // Anyone may take it now.
    expect(await store.claim(c2.id, bob)).toMatchObject({ ok: true, item: { claim: { by: 'bob' } } });
    const actions = (await store.history(c1.id)).map((e) => e.action);
    expect(actions).toEqual(['create', 'claim', 'expire']);
  });

  it('the holder whose lease ran out is told so (lease_expired), and the decision is not taken', async () => {
    const c = await flagged();
    await store.claim(c.id, alice);
    clock.advance(60_000);
    expect(await store.decide(c.id, alice, { action: 'approve' })).toMatchObject({ ok: false, code: 'lease_expired' });
    expect((await store.get(c.id))?.state).toBe('pending');
  });

  it('release hands the item back; admins may release anyone\'s claim', async () => {
    const c = await flagged();
    await store.claim(c.id, alice);
    expect(await store.release(c.id, bob)).toMatchObject({ ok: false, code: 'claimed_by_other' });
    expect(await store.release(c.id, alice)).toMatchObject({ ok: true, item: { state: 'pending', claim: null } });
    expect(await store.release(c.id, alice)).toMatchObject({ ok: false, code: 'not_claimed' });
    await store.claim(c.id, bob);
    expect(await store.release(c.id, root, 'stuck')).toMatchObject({ ok: true, item: { state: 'pending' } });
  });
});

describe('decisions', () => {
  it('approve and reject are final; the comment record shows the human decision', async () => {
    const c1 = await flagged();
    const c2 = await flagged();
    await store.claim(c1.id, alice);
    await store.claim(c2.id, alice);
    clock.advance(1000);
    const ok = await store.decide(c1.id, alice, { action: 'approve', note: 'satire' });
    expect(ok).toMatchObject({ ok: true, item: { state: 'approved', claim: null, decision: { by: 'alice', action: 'approve', note: 'satire' } } });
    await store.decide(c2.id, alice, { action: 'reject', reason: 'harassment' });
    const review = (await commentReview(db, c2.id) as any);
    expect(review).toEqual({ state: 'rejected', decidedBy: 'alice', decidedAt: new Date(clock()).toISOString(), action: 'reject', reason: 'harassment' });
    expect(await store.counts()).toMatchObject({ pending: 0, claimed: 0, approved: 1, rejected: 1 });
  });

  it('refuses each wrong state with its own code', async () => {
    const c = await flagged();
    expect(await store.decide('nope', alice, { action: 'approve' })).toMatchObject({ ok: false, code: 'not_found' });
    expect(await store.decide(c.id, alice, { action: 'approve' })).toMatchObject({ ok: false, code: 'not_claimed' });
    await store.claim(c.id, alice);
    expect(await store.decide(c.id, bob, { action: 'approve' })).toMatchObject({ ok: false, code: 'claimed_by_other' });
    expect(await store.decide(c.id, bob, { action: 'approve' }, { autoClaim: true })).toMatchObject({ ok: false, code: 'claimed_by_other' });
    expect(await store.decide(c.id, alice, { action: 'delete' as 'approve' })).toMatchObject({ ok: false, code: 'invalid_action' });
    expect((await store.decide(c.id, alice, { action: 'reject', reason: 'spam' })).ok).toBe(true);
    for (const attempt of [
      () => store.decide(c.id, alice, { action: 'approve' }),
      () => store.claim(c.id, bob),
      () => store.extend(c.id, alice),
      () => store.release(c.id, alice),
    ]) {
      expect(await attempt()).toMatchObject({ ok: false, code: 'already_decided' });
    }
  });

  it('escalation hands the item to admins: moderators may not claim or decide it; an admin decides', async () => {
    const c = await flagged();
    await store.claim(c.id, alice);
    expect(await store.decide(c.id, alice, { action: 'escalate', note: 'legal threat?' })).toMatchObject({
      ok: true, item: { state: 'escalated', baseState: 'escalated', claim: null, escalation: { by: 'alice', note: 'legal threat?' } },
    });
    expect((await commentReview(db, c.id) as any)).toMatchObject({ state: 'escalated', action: 'escalate' });
    expect(await store.claim(c.id, bob)).toMatchObject({ ok: false, code: 'escalated_admin_only' });
    expect(await store.decide(c.id, bob, { action: 'approve' }, { autoClaim: true })).toMatchObject({ ok: false, code: 'escalated_admin_only' });
    expect(await store.claim(c.id, root)).toMatchObject({ ok: true, item: { state: 'claimed', baseState: 'escalated' } });
    expect(await store.decide(c.id, root, { action: 'escalate' })).toMatchObject({ ok: false, code: 'already_escalated' });
    // An admin's expired claim returns the item to the escalated queue, not to pending.
    clock.advance(61_000);
    expect(await store.expireDueClaims()).toBe(1);
    expect(await store.counts()).toMatchObject({ escalated: 1, pending: 0, claimed: 0 });
    await store.claim(c.id, root);
    expect(await store.decide(c.id, root, { action: 'reject', reason: 'threat' })).toMatchObject({ ok: true, item: { state: 'rejected' } });
  });

  it('writes one audit entry per transition, with who, what, when, previous and new state, reason', async () => {
    const c = await flagged();
    await store.claim(c.id, alice);
    await store.extend(c.id, alice);
    await store.release(c.id, alice);
    await store.claim(c.id, bob);
    await store.decide(c.id, bob, { action: 'escalate' });
    await store.claim(c.id, root);
    await store.decide(c.id, root, { action: 'reject', reason: 'hate_speech', note: 'slur' });
    const history = await store.history(c.id);
    expect(history.map((e) => [e.action, e.actor, e.from, e.to])).toEqual([
      ['create', 'sieve', null, 'pending'],
      ['claim', 'alice', 'pending', 'claimed'],
      ['extend', 'alice', 'claimed', 'claimed'],
      ['release', 'alice', 'claimed', 'pending'],
      ['claim', 'bob', 'pending', 'claimed'],
      ['escalate', 'bob', 'claimed', 'escalated'],
      ['claim', 'root', 'escalated', 'claimed'],
      ['reject', 'root', 'claimed', 'rejected'],
    ]);
    expect(history[7]).toMatchObject({ reason: 'hate_speech', note: 'slur', role: 'admin', at: new Date(clock()).toISOString() });
    // The audit log holds the same entries, newest first, paginated.
    const page1 = await store.audit({ limit: 5 });
    const page2 = await store.audit({ limit: 5, cursor: page1.nextCursor! });
    expect(page2.nextCursor).toBeNull();
    expect([...page1.entries, ...page2.entries].reverse()).toEqual(history);
  });
});

describe('author history', () => {
  it('pages through an author\'s comments newest first, including many accepted in the same millisecond', async () => {
    const same = new Date(Date.UTC(2026, 1, 1)).toISOString();
    const older = makeComment({ authorId: 'spree', createdAt: new Date(Date.UTC(2026, 0, 1)).toISOString() });
    const batch = Array.from({ length: 7 }, () => makeComment({ authorId: 'spree', createdAt: same }));
    for (const c of [older, ...batch]) await seedComment(db, c, makeResult());
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.authorCommentIds('spree', { limit: 3, cursor });
      expect(page.total).toBe(8);
      seen.push(...page.ids);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
    expect(seen[7]).toBe(older.id);
  });
});

