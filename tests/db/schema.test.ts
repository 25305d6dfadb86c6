/** The schema on a real PostgreSQL: migrations, partitions, the append-only audit log. */
import { sql } from 'kysely';
import { ensurePartitions, migrateToLatest, type Db } from '../../src/db';
import { freshDb } from '../helpers/postgres';

let db: Db;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ db, close } = await freshDb());
});
afterAll(() => close());

test('the template is migrated; migrating again is a no-op', async () => {
  expect(await migrateToLatest(db)).toEqual([]);
  const tables = await sql<{ t: string }>`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'`.execute(db);
  expect(tables.rows.map((r) => r.t)).toEqual(expect.arrayContaining(['comment_keys', 'review_items', 'webhook_deliveries', 'site_lexicon_terms']));
});

test('comments and audit_log have a partition per month, made ahead', async () => {
  await ensurePartitions(db, new Date('2031-05-17T00:00:00Z'), 1);
  const parts = await sql<{ t: string }>`SELECT c.relname AS t FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'comments'::regclass`.execute(db);
  expect(parts.rows.map((r) => r.t)).toEqual(expect.arrayContaining(['comments_2031_04', 'comments_2031_05', 'comments_2031_06', 'comments_default']));
  await db.insertInto('comments').values({
    id: 'c1', accepted_at: '2031-05-20T10:00:00Z', thread_id: 't', section: null, author_id: 'u', author_name: null, parent_id: null,
    created_at: '2031-05-20T10:00:00Z', text: 'x', metadata: null, status: 'queued', verdict: null, result: null, scored_at: null, review: null,
  }).execute();
  const where = await sql<{ t: string }>`SELECT tableoid::regclass::text AS t FROM comments WHERE id = 'c1'`.execute(db);
  expect(where.rows[0]!.t).toBe('comments_2031_05');
});

test('the audit log refuses UPDATE and DELETE', async () => {
  await db.insertInto('audit_log').values({ at: new Date(), item_id: 'i', actor: 'a', role: 'r', action: 'create', from_state: null, to_state: 'pending', reason: null, note: null }).execute();
  await expect(db.updateTable('audit_log').set({ note: 'x' }).execute()).rejects.toThrow(/append-only/);
  await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
});
