/**
 * `npm run migrate:from-redis` on a Redis seeded the old way: the keys are written directly in the layout of a
 * Redis-only deployment (`git show 0a2199b:src/redis/keys.ts`, the old comment/review stores and the audit Lua),
 * a fixture of a real old deployment's record. Counts and checksums must match; a second run copies nothing more.
 */
import IORedis from 'ioredis';
import { migrateFromRedis } from '../../src/cli/migrate-from-redis';
import { CommentStore } from '../../src/store/comments';
import { SuggestionStore } from '../../src/store/suggestions';
import { freshDb } from '../helpers/postgres';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis';

let redis: PrivateRedis;
let client: IORedis;
let h: Awaited<ReturnType<typeof freshDb>>;
beforeAll(async () => {
  redis = await startPrivateRedis();
  client = new IORedis(redis.url);
  h = await freshDb();
});
afterAll(async () => { client.disconnect(); await redis.destroy(); await h.close(); });

const P = 'old';
const result = { verdict: 'review', score: 0.8, priority: 70, labels: { insult: 0.8 }, slurs: [], reasons: ['insult'], scorers: ['lexicon'] };

async function seedOld(): Promise<void> {
  const c1 = { id: 'c1', threadId: 't1', author: { id: 'u1', name: 'Una' }, text: 'you are an idiot', createdAt: '2026-03-01T10:00:00.000Z', metadata: { section: 'news' } };
  const c2 = { id: 'c2', threadId: 't1', author: { id: 'u2' }, text: 'nice piece', parentId: 'c1', createdAt: '2026-03-01T10:05:00.000Z' };
  const c3 = { id: 'c3', threadId: 't2', author: { id: 'u1' }, text: 'still waiting', createdAt: '2026-11-29T10:00:00.000Z' };
  await client.hset(`${P}:comment:c1`, { data: JSON.stringify(c1), status: 'held', acceptedAt: '2026-03-01T10:00:01.000Z', scoredAt: '2026-03-01T10:00:02.000Z', result: JSON.stringify(result), review: JSON.stringify({ state: 'rejected' }) });
  await client.hset(`${P}:comment:c2`, { data: JSON.stringify(c2), status: 'scored', acceptedAt: '2026-03-01T10:05:01.000Z', scoredAt: '2026-03-01T10:05:02.000Z', result: JSON.stringify({ ...result, verdict: 'publish', priority: 0 }) });
  await client.hset(`${P}:comment:c3`, { data: JSON.stringify(c3), status: 'queued', acceptedAt: '2026-11-29T10:00:01.000Z' });
  await client.zadd(`${P}:thread:t1`, Date.parse(c1.createdAt), 'c1', Date.parse(c2.createdAt), 'c2');
  const t0 = Date.parse('2026-03-01T10:00:02.000Z');
  await client.hset(`${P}:review:item:c1`, {
    id: 'c1', state: 'rejected', baseState: 'pending', priority: '70', verdict: 'review', unscored: '0', threadId: 't1', authorId: 'u1',
    labels: JSON.stringify(['insult']), slurCategories: '[]', createdAt: String(t0), commentCreatedAt: String(Date.parse(c1.createdAt)),
    decidedBy: 'alice', decidedRole: 'moderator', decidedAt: String(t0 + 60_000), action: 'reject', reason: 'insult', version: '3',
  });
  await client.xadd(`${P}:audit`, `${t0}-0`, 'itemId', 'c1', 'at', String(t0), 'actor', 'system', 'role', 'system', 'action', 'create', 'to', 'pending');
  await client.xadd(`${P}:audit`, `${t0 + 30_000}-0`, 'itemId', 'c1', 'at', String(t0 + 30_000), 'actor', 'alice', 'role', 'moderator', 'action', 'claim', 'from', 'pending', 'to', 'claimed');
  await client.xadd(`${P}:audit`, `${t0 + 60_000}-0`, 'itemId', 'c1', 'at', String(t0 + 60_000), 'actor', 'alice', 'role', 'moderator', 'action', 'reject', 'from', 'claimed', 'to', 'rejected', 'reason', 'insult');
  await client.hset(`${P}:lexicon:site`, 'frobnicate', JSON.stringify({ term: 'frobnicate', category: 'insult', severity: 2 }));
  // Perspective score suggestions, as the Redis stream kept them (text absent under doNotStore).
  await client.xadd(`${P}:perspective:suggestions`, '*', 'at', '2026-03-02T08:00:00.000Z', 'by', 'site', 'attribute', 'INSULT', 'value', '0.9', 'text', 'suggested text', 'communityId', 'forum-1', 'languages', 'en,de');
  await client.xadd(`${P}:perspective:suggestions`, '*', 'at', '2026-03-02T08:00:01.000Z', 'by', 'site', 'attribute', 'TOXICITY', 'spans', JSON.stringify([{ begin: 0, end: 4, value: 0.2 }]));
  // Not the record: sessions, quotas and queue keys are left behind.
  await client.set(`${P}:session:abc`, '{}');
}

test('copies comments, review items, the audit stream and site terms; counts and checksums match; re-running copies nothing twice', async () => {
  await seedOld();
  const report = await migrateFromRedis(client, h.db, P);
  expect(report.ok).toBe(true);
  expect([report.comments.postgres, report.reviewItems.postgres, report.audit.postgres, report.siteTerms.postgres, report.suggestions.postgres]).toEqual([3, 1, 3, 1, 2]);

  const store = new CommentStore(h.db);
  const [c1, c2, c3] = await store.getMany(['c1', 'c2', 'c3']);
  expect(c1).toMatchObject({ id: 'c1', text: 'you are an idiot', status: 'held', acceptedAt: '2026-03-01T10:00:01.000Z', metadata: { section: 'news' }, review: { state: 'rejected' } });
  expect(c1!.result).toEqual(result);
  expect(c2).toMatchObject({ parentId: 'c1', status: 'scored', author: { id: 'u2' } });
  expect(c3).toMatchObject({ status: 'queued' });
  expect((await store.thread('t1')).map((c) => c.id)).toEqual(['c1', 'c2']);
  const item = await h.db.selectFrom('review_items').selectAll().where('id', '=', 'c1').executeTakeFirstOrThrow();
  expect(item).toMatchObject({ state: 'rejected', decided_by: 'alice', action: 'reject', reason: 'insult', labels: ['insult'], version: 3 });
  const audit = await h.db.selectFrom('audit_log').select(['action', 'from_state', 'to_state', 'reason']).orderBy('id').execute();
  expect(audit.map((a) => a.action)).toEqual(['create', 'claim', 'reject']);
  const term = await h.db.selectFrom('site_lexicon_terms').select('entry').where('term', '=', 'frobnicate').executeTakeFirstOrThrow();
  expect(term.entry).toEqual({ term: 'frobnicate', category: 'insult', severity: 2 });
  expect((await new SuggestionStore(h.db).latest(10)).reverse()).toEqual([
    { at: '2026-03-02T08:00:00.000Z', by: 'site', attribute: 'INSULT', value: 0.9, text: 'suggested text', communityId: 'forum-1', languages: ['en', 'de'] },
    { at: '2026-03-02T08:00:01.000Z', by: 'site', attribute: 'TOXICITY', spans: [{ begin: 0, end: 4, value: 0.2 }] },
  ]);

  const again = await migrateFromRedis(client, h.db, P);
  expect(again.ok).toBe(true);
  expect(await h.db.selectFrom('audit_log').select('id').execute()).toHaveLength(3);
  expect(await h.db.selectFrom('perspective_suggestions').select('id').execute()).toHaveLength(2);
  expect(await h.db.selectFrom('comments').select('id').execute()).toHaveLength(3);
});

test('a difference between Redis and PostgreSQL is reported, not hidden', async () => {
  await h.db.updateTable('comments').set({ text: 'tampered' }).where('id', '=', 'c2').execute();
  const report = await migrateFromRedis(client, h.db, P);
  expect(report.comments.ok).toBe(false);
  expect(report.ok).toBe(false);
});
