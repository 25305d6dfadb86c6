/**
 * 0005: moderator search (issue #12, Find) — review items by their text's search key, section and date.
 *
 *  - `review_items.search_text`: the comment's search key (src/scoring/search-text.ts: normalised, leetspeak and
 *    repeated letters folded), written with the item; the query is folded the same way and each of its words must
 *    occur in the key. A pg_trgm GIN index answers those `LIKE '%word%'` tests without reading every item (words
 *    of three characters or more; shorter ones are checked on the rows the rest selects). No tsvector: the key is
 *    already folded past any language's words, so stemming has nothing to work on, and substrings ("idio") find
 *    what a dictionary would not.
 *  - `review_items.section`: the comment's section (metadata.section), for the section filter.
 *  - `review_items_written`: the date range filter on when the comment was written.
 *
 * pg_trgm is in PostgreSQL's contrib (Debian's postgresql packages, the postgres:15 image) and a trusted extension
 * since PostgreSQL 13: a database owner may create it without superuser.
 *
 * Items made before this migration get their section from their comment and, as their key, the comment's text in
 * lower case (the scoring fold lives above the database layer): they are found by their plain spelling.
 */
import { sql, type Kysely } from 'kysely';

const UP = [
  'CREATE EXTENSION IF NOT EXISTS pg_trgm',
  "ALTER TABLE review_items ADD COLUMN search_text text NOT NULL DEFAULT ''",
  'ALTER TABLE review_items ADD COLUMN section text',
  `UPDATE review_items r SET search_text = lower(c.text), section = c.section
   FROM comment_keys k JOIN comments c ON c.id = k.id AND c.accepted_at = k.accepted_at
   WHERE k.id = r.id`,
  'CREATE INDEX review_items_search ON review_items USING gin (search_text gin_trgm_ops)',
  'CREATE INDEX review_items_section ON review_items (section, position) WHERE section IS NOT NULL',
  'CREATE INDEX review_items_written ON review_items (comment_created_at)',
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const i of ['review_items_written', 'review_items_section', 'review_items_search']) await sql.raw(`DROP INDEX IF EXISTS ${i}`).execute(db);
  await sql.raw('ALTER TABLE review_items DROP COLUMN IF EXISTS section, DROP COLUMN IF EXISTS search_text').execute(db);
}
