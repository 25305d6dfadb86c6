/** Migration 0005_search on a real PostgreSQL: pg_trgm is there, and items made before it get a key and a section. */
import { sql } from 'kysely';
import { migrateToLatest, migrator, type Db } from '../../src/db';
import { freshDb } from '../helpers/postgres';

let db: Db;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ db, close } = await freshDb());
});
afterAll(() => close());

test('pg_trgm is created by the migration (no superuser needed: a trusted extension)', async () => {
  const ext = await sql<{ n: string }>`SELECT extname AS n FROM pg_extension WHERE extname = 'pg_trgm'`.execute(db);
  expect(ext.rows).toHaveLength(1);
  const trusted = await sql<{ trusted: boolean }>`SELECT bool_and(trusted) AS trusted FROM pg_available_extension_versions WHERE name = 'pg_trgm'`.execute(db);
  expect(trusted.rows[0]!.trusted).toBe(true);
});

test('an item made before 0005 is searchable by its lower-cased text and has its section; down and up again work', async () => {
  const { error } = await migrator(db).migrateTo('0001_record');
  expect(error).toBeUndefined();
  const at = '2026-03-01T10:00:00Z';
  await sql`INSERT INTO comment_keys (id, accepted_at, content_hash) VALUES ('old-1', ${at}, 'h')`.execute(db);
  await sql`INSERT INTO comments (id, accepted_at, thread_id, section, author_id, created_at, text)
    VALUES ('old-1', ${at}, 't', 'politics', 'u', ${at}, 'What an IDIOT')`.execute(db);
  await sql`INSERT INTO review_items (id, state, priority, position, verdict, thread_id, author_id, created_at, comment_created_at)
    VALUES ('old-1', 'pending', 50, 1, 'review', 't', 'u', ${at}, ${at})`.execute(db);
  expect(await migrateToLatest(db)).toContain('0005_search');
  const row = await db.selectFrom('review_items').select(['search_text', 'section']).where('id', '=', 'old-1').executeTakeFirstOrThrow();
  expect(row).toEqual({ search_text: 'what an idiot', section: 'politics' });
});
