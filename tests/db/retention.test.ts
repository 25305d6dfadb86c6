/**
 * Retention by partition (migration 0002, `npm run retention -- --drop-before YYYY-MM`): dropping a month drops
 * that month's comments partition and their idempotency keys; the audit trail of those comments stays, and
 * later months are untouched.
 */
import { sql } from 'kysely';
import { freshDb } from '../helpers/postgres';
import { dropCommentsBefore, parseMonth, partitionsBefore } from '../../src/cli/retention';
import type { Db } from '../../src/db';

let h: Awaited<ReturnType<typeof freshDb>>;
beforeAll(async () => { h = await freshDb(); });
afterAll(async () => { await h.close(); });

async function seed(db: Db, id: string, acceptedAt: string): Promise<void> {
  await db.insertInto('comment_keys').values({ id, accepted_at: acceptedAt, content_hash: 'h' }).execute();
  await db.insertInto('comments').values({
    id, accepted_at: acceptedAt, thread_id: 't', section: null, author_id: 'a', author_name: null, parent_id: null,
    created_at: acceptedAt, text: `text of ${id}`, metadata: null, status: 'scored', verdict: 'reject', result: null, scored_at: acceptedAt, review: null,
  }).execute();
  await db.insertInto('audit_log').values({ at: acceptedAt, item_id: id, actor: 'alice', role: 'moderator', action: 'reject', from_state: 'pending', to_state: 'rejected', reason: 'spam', note: null }).execute();
}

test('parseMonth takes YYYY-MM only', () => {
  expect(parseMonth('2026-06').toISOString()).toBe('2026-06-01T00:00:00.000Z');
  expect(() => parseMonth('2026-13')).toThrow(/YYYY-MM/);
  expect(() => parseMonth('June')).toThrow(/YYYY-MM/);
});

test('dropping the months before a cutoff drops their comment partitions and keys; the audit trail stays', async () => {
  const { db } = h;
  for (const m of ['2025-01-01', '2025-02-01', '2025-03-01']) await sql`SELECT sieve_ensure_month_partition('comments', ${m}::timestamptz)`.execute(db);
  await seed(db, 'jan-1', '2025-01-10T12:00:00Z');
  await seed(db, 'jan-2', '2025-01-31T23:59:59Z');
  await seed(db, 'feb-1', '2025-02-01T00:00:00Z');
  await seed(db, 'mar-1', '2025-03-15T00:00:00Z');

  expect(await partitionsBefore(db, parseMonth('2025-02'))).toEqual(['comments_2025_01']);
  expect(await dropCommentsBefore(db, parseMonth('2025-02'))).toEqual(['comments_2025_01']);

  const left = await db.selectFrom('comments').select('id').orderBy('id').execute();
  expect(left.map((r) => r.id)).toEqual(['feb-1', 'mar-1']);
  const keys = await db.selectFrom('comment_keys').select('id').orderBy('id').execute();
  expect(keys.map((r) => r.id)).toEqual(['feb-1', 'mar-1']);
  const trail = await db.selectFrom('audit_log').select(['item_id', 'action']).orderBy('item_id').execute();
  expect(trail.map((r) => r.item_id)).toEqual(['feb-1', 'jan-1', 'jan-2', 'mar-1']);
  expect((await sql<{ t: string | null }>`SELECT to_regclass('comments_2025_01')::text AS t`.execute(db)).rows[0]!.t).toBeNull();
  // Idempotent: nothing more to drop.
  expect(await dropCommentsBefore(db, parseMonth('2025-02'))).toEqual([]);
  // Rows of old months the DEFAULT partition caught are deleted too.
  await db.insertInto('comment_keys').values({ id: 'old-default', accepted_at: '2020-05-05T00:00:00Z', content_hash: 'h' }).execute();
  await sql`INSERT INTO comments (id, accepted_at, thread_id, author_id, created_at, text) VALUES ('old-default', '2020-05-05T00:00:00Z', 't', 'a', '2020-05-05T00:00:00Z', 'x')`.execute(db);
  expect(await dropCommentsBefore(db, parseMonth('2021-01'))).toEqual([]);
  expect(await db.selectFrom('comments').select('id').where('id', '=', 'old-default').execute()).toEqual([]);
});
