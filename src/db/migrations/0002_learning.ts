/**
 * 0002: learning from moderators (issue #13) — decisions kept as labelled examples, the audit queue, shadow
 * scores, and the threshold changes admins accept.
 *
 *  - `decision_examples`: one row per human decision (review, audit, Perspective suggestion, appeal) with what the
 *    quality figures need — the model's scores, the lexicon matches, Sieve's verdict, the outcome, the reason, the
 *    time, the section — and NO text: the text is the comment's, read through a join while retention keeps it,
 *    so an example outlives its comment's text (and its comment's partition). The exception is a Perspective
 *    score suggestion (`comments:suggestscore`): it names no stored comment, so it carries its own text (unless
 *    the caller said doNotStore, when it is not kept at all) and Sieve's verdict is null.
 *  - `review_items.queue`: `review` (held by Sieve) or `audit` (published, drawn by AUDIT_SAMPLE_RATE).
 *  - `shadow_scores`: one row per comment a shadow configuration scored (SHADOW_*), with the live verdict beside it.
 *  - `policy_changes`: append-only; each accepted threshold and each revert is a row, so the log is the audit
 *    trail and the latest row per label is the threshold in force (over POLICY_FILE's).
 */
import { sql, type Kysely } from 'kysely';

const UP = [
  `CREATE TABLE decision_examples (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     comment_id text NOT NULL,
     source text NOT NULL,
     section text,
     verdict text,
     unscored boolean NOT NULL DEFAULT false,
     model_scores jsonb NOT NULL,
     matches jsonb NOT NULL,
     outcome text NOT NULL CHECK (outcome IN ('approved', 'rejected')),
     reason text,
     decided_by text,
     decided_at timestamptz NOT NULL,
     weight double precision NOT NULL CHECK (weight >= 0),
     human_labels jsonb,
     text text,
     UNIQUE (comment_id, source, decided_at)
   )`,
  'CREATE INDEX decision_examples_time ON decision_examples (decided_at)',
  'CREATE INDEX decision_examples_section ON decision_examples (section, decided_at)',

  "ALTER TABLE review_items ADD COLUMN queue text NOT NULL DEFAULT 'review'",

  `CREATE TABLE shadow_scores (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     comment_id text NOT NULL,
     scored_at timestamptz NOT NULL,
     shadow text NOT NULL,
     description jsonb NOT NULL,
     live_verdict text NOT NULL,
     shadow_verdict text NOT NULL,
     live_scores jsonb NOT NULL,
     shadow_scores jsonb NOT NULL,
     shadow_matches jsonb NOT NULL,
     UNIQUE (comment_id, shadow)
   )`,
  'CREATE INDEX shadow_scores_time ON shadow_scores (scored_at)',

  `CREATE TABLE policy_changes (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     at timestamptz NOT NULL,
     actor text NOT NULL,
     role text NOT NULL,
     kind text NOT NULL CHECK (kind IN ('apply', 'revert')),
     label text NOT NULL,
     review double precision,
     reject double precision,
     previous jsonb NOT NULL,
     reverts bigint REFERENCES policy_changes (id),
     note text
   )`,
  'CREATE INDEX policy_changes_label ON policy_changes (label, id)',
  `CREATE FUNCTION sieve_policy_changes_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN RAISE EXCEPTION 'policy_changes is append-only'; END $$`,
  `CREATE TRIGGER policy_changes_append_only BEFORE UPDATE OR DELETE ON policy_changes
   FOR EACH ROW EXECUTE FUNCTION sieve_policy_changes_append_only()`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['policy_changes', 'shadow_scores', 'decision_examples']) await sql.raw(`DROP TABLE IF EXISTS ${t} CASCADE`).execute(db);
  await sql.raw('DROP FUNCTION IF EXISTS sieve_policy_changes_append_only()').execute(db);
  await sql.raw('ALTER TABLE review_items DROP COLUMN IF EXISTS queue').execute(db);
}
