/**
 * 0006: moderating people (issue #11) — author rules and the log of actions on authors, near-duplicate (raid)
 * groups, and on review items their section, group and how they entered the queue.
 *
 *  - `authors`: the rule in force on an author (pre-moderate, suspend until, ban), one row per author acted on.
 *  - `author_actions`: every action on an author (note, premoderate, suspend, ban, lift), append-only like
 *    `audit_log` (the same trigger refuses UPDATE and DELETE).
 *  - `near_duplicates`: each signed comment's group and MinHash; `near_duplicate_bands`: its LSH band keys, indexed
 *    by (band, at) so "comments in the window sharing a band" is one index range per band. Maintenance deletes
 *    band rows older than the window (they can no longer match).
 *  - `appeals`: an author's appeal of a removed comment, one per comment.
 *  - `reports`: reader reports, one per reporter per comment (the primary key).
 *  - `review_items.group_id` / `origin` / `reports` (the section column is 0005's): the group shown once, `reported`
 *    items, report counts.
 */
import { sql, type Kysely } from 'kysely';

const UP = [
  `CREATE TABLE authors (
     author_id text PRIMARY KEY,
     rule text CHECK (rule IN ('premoderate', 'suspend', 'ban')),
     rule_by text,
     rule_at timestamptz,
     rule_until timestamptz,
     CHECK ((rule = 'suspend') = (rule_until IS NOT NULL))
   )`,
  `CREATE TABLE author_actions (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     author_id text NOT NULL,
     at timestamptz NOT NULL,
     actor text NOT NULL,
     role text NOT NULL,
     action text NOT NULL,
     until timestamptz,
     note text
   )`,
  'CREATE INDEX author_actions_author ON author_actions (author_id, id DESC)',
  `CREATE TRIGGER author_actions_append_only BEFORE UPDATE OR DELETE ON author_actions
   FOR EACH ROW EXECUTE FUNCTION sieve_audit_append_only()`,

  `CREATE TABLE near_duplicates (
     comment_id text PRIMARY KEY,
     group_id text NOT NULL,
     at timestamptz NOT NULL,
     scheme text NOT NULL,
     minhash text NOT NULL
   )`,
  'CREATE INDEX near_duplicates_group ON near_duplicates (group_id)',
  `CREATE TABLE near_duplicate_bands (
     band text NOT NULL,
     at timestamptz NOT NULL,
     comment_id text NOT NULL,
     PRIMARY KEY (band, at, comment_id)
   )`,
  'CREATE INDEX near_duplicate_bands_at ON near_duplicate_bands (at)',

  // One report per reader per comment: the primary key is the rule.
  `CREATE TABLE reports (
     comment_id text NOT NULL,
     reporter_id text NOT NULL,
     reason text NOT NULL,
     note text,
     at timestamptz NOT NULL,
     PRIMARY KEY (comment_id, reporter_id)
   )`,

  // Appeals: one per comment (its id); decided by someone other than the decision appealed.
  `CREATE TABLE appeals (
     comment_id text PRIMARY KEY,
     text text NOT NULL,
     state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'upheld', 'overturned')),
     created_at timestamptz NOT NULL,
     original_decider text,
     section text,
     decided_by text,
     decided_at timestamptz,
     message text,
     note text
   )`,
  'CREATE INDEX appeals_queue ON appeals (state, created_at)',

  "ALTER TABLE review_items ADD COLUMN origin text NOT NULL DEFAULT 'verdict'",
  'ALTER TABLE review_items ADD COLUMN group_id text',
  'ALTER TABLE review_items ADD COLUMN reports integer NOT NULL DEFAULT 0',
  'CREATE INDEX review_items_group ON review_items (group_id, state)',
];

const DOWN = [
  'DROP INDEX review_items_group',
  'ALTER TABLE review_items DROP COLUMN reports', 'ALTER TABLE review_items DROP COLUMN group_id',
  'ALTER TABLE review_items DROP COLUMN origin',
  'DROP TABLE appeals', 'DROP TABLE reports', 'DROP TABLE near_duplicate_bands', 'DROP TABLE near_duplicates', 'DROP TABLE author_actions', 'DROP TABLE authors',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
