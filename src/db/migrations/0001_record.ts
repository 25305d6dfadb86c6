/**
 * 0001: the durable record — comments, review items, the audit log, webhook deliveries, site lexicon terms,
 * Perspective suggestions.
 *
 * Partitioning: `comments` and `audit_log` are range-partitioned by month (`accepted_at`, `at`), so retention drops
 * a month with `DROP TABLE` instead of deleting rows. PostgreSQL requires a partitioned table's primary key to
 * contain the partition key, so a comment's id alone cannot be unique there; `comment_keys` (unpartitioned, small:
 * id, accepted_at, content hash) holds the id as primary key — `INSERT … ON CONFLICT DO NOTHING` on it is the
 * idempotency check (same id, same content hash → already accepted; different hash → 409) and it tells which
 * partition a comment's row is in. Monthly partitions are made ahead by `sieve_ensure_month_partition` (called at
 * migration and by maintenance); a DEFAULT partition catches anything outside them so an insert never fails.
 *
 * Review item history is the audit log filtered by item (one row per transition, written in the transition's own
 * transaction), so there is no second copy.
 */
import { sql, type Kysely } from 'kysely';

const UP = [
  `CREATE TABLE comment_keys (
     id text PRIMARY KEY,
     accepted_at timestamptz NOT NULL,
     content_hash text NOT NULL
   )`,
  `CREATE TABLE comments (
     id text NOT NULL,
     accepted_at timestamptz NOT NULL,
     thread_id text NOT NULL,
     section text,
     author_id text NOT NULL,
     author_name text,
     parent_id text,
     created_at timestamptz NOT NULL,
     text text NOT NULL,
     metadata jsonb,
     status text NOT NULL DEFAULT 'queued',
     verdict text,
     result jsonb,
     scored_at timestamptz,
     review jsonb,
     text_redacted boolean NOT NULL DEFAULT false,
     PRIMARY KEY (id, accepted_at)
   ) PARTITION BY RANGE (accepted_at)`,
  // Thread view (thread order = created-at, then id), author history (newest first), the reconciler's
  // "accepted but no verdict yet" sweep (partial: only queued rows are indexed).
  'CREATE INDEX comments_thread ON comments (thread_id, created_at, id)',
  'CREATE INDEX comments_author ON comments (author_id, created_at DESC, id DESC)',
  "CREATE INDEX comments_unscored ON comments (accepted_at) WHERE status = 'queued'",
  'CREATE TABLE comments_default PARTITION OF comments DEFAULT',

  `CREATE TABLE review_items (
     id text PRIMARY KEY,
     state text NOT NULL,
     base_state text NOT NULL DEFAULT 'pending',
     priority integer NOT NULL,
     position bigint NOT NULL,
     verdict text NOT NULL,
     unscored boolean NOT NULL DEFAULT false,
     thread_id text NOT NULL,
     author_id text NOT NULL,
     labels text[] NOT NULL DEFAULT '{}',
     slur_categories text[] NOT NULL DEFAULT '{}',
     created_at timestamptz NOT NULL,
     comment_created_at timestamptz NOT NULL,
     claimed_by text,
     claimed_role text,
     claimed_at timestamptz,
     lease_until timestamptz,
     decided_by text,
     decided_role text,
     decided_at timestamptz,
     action text,
     reason text,
     note text,
     escalated_by text,
     escalated_at timestamptz,
     escalation_reason text,
     escalation_note text,
     text_redacted boolean NOT NULL DEFAULT false,
     version integer NOT NULL DEFAULT 0,
     CHECK ((state = 'claimed') = (claimed_by IS NOT NULL AND lease_until IS NOT NULL))
   )`,
  // Queue views: one state (or pending+claimed) in queue order; filters by thread, author, label, slur category.
  'CREATE INDEX review_items_queue ON review_items (state, position, id)',
  'CREATE INDEX review_items_thread ON review_items (thread_id)',
  'CREATE INDEX review_items_author ON review_items (author_id)',
  'CREATE INDEX review_items_labels ON review_items USING gin (labels)',
  'CREATE INDEX review_items_slurs ON review_items USING gin (slur_categories)',
  "CREATE INDEX review_items_leases ON review_items (lease_until) WHERE state = 'claimed'",
  "CREATE INDEX review_items_retention ON review_items (decided_at) WHERE decided_at IS NOT NULL AND NOT text_redacted",

  `CREATE TABLE audit_log (
     id bigint GENERATED ALWAYS AS IDENTITY,
     at timestamptz NOT NULL,
     item_id text NOT NULL,
     actor text NOT NULL,
     role text NOT NULL,
     action text NOT NULL,
     from_state text,
     to_state text NOT NULL,
     reason text,
     note text,
     PRIMARY KEY (id, at)
   ) PARTITION BY RANGE (at)`,
  'CREATE INDEX audit_log_item ON audit_log (item_id, id)',
  'CREATE INDEX audit_log_id ON audit_log (id)',
  'CREATE TABLE audit_log_default PARTITION OF audit_log DEFAULT',
  // Append-only: the database itself refuses UPDATE (retention drops whole partitions, which is DDL).
  `CREATE FUNCTION sieve_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`,
  `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
   FOR EACH ROW EXECUTE FUNCTION sieve_audit_append_only()`,

  `CREATE TABLE webhook_deliveries (
     id text PRIMARY KEY,
     event text NOT NULL,
     payload jsonb NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     delivered_at timestamptz,
     attempts integer NOT NULL DEFAULT 0,
     last_error text
   )`,
  'CREATE INDEX webhook_deliveries_undelivered ON webhook_deliveries (created_at) WHERE delivered_at IS NULL',

  `CREATE TABLE site_lexicon_terms (
     term text PRIMARY KEY,
     entry jsonb NOT NULL,
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,

  `CREATE TABLE perspective_suggestions (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     at timestamptz NOT NULL DEFAULT now(),
     suggestion jsonb NOT NULL
   )`,

  // Makes `<parent>_YYYY_MM` for the month holding `month_start` (UTC), unless it exists. If the DEFAULT partition
  // already holds rows of that month the partition cannot be attached; that month then stays in DEFAULT.
  `CREATE FUNCTION sieve_ensure_month_partition(parent text, month_start timestamptz) RETURNS void
   LANGUAGE plpgsql AS $$
   DECLARE
     m timestamp := date_trunc('month', month_start AT TIME ZONE 'UTC');
     name text := parent || '_' || to_char(m, 'YYYY_MM');
   BEGIN
     IF to_regclass(name) IS NOT NULL THEN RETURN; END IF;
     EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', name, parent,
       to_char(m, 'YYYY-MM-DD') || ' 00:00:00+00', to_char(m + interval '1 month', 'YYYY-MM-DD') || ' 00:00:00+00');
   EXCEPTION WHEN check_violation THEN
     RAISE NOTICE 'partition % not made: DEFAULT already holds rows of that month', name;
   END $$`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['perspective_suggestions', 'site_lexicon_terms', 'webhook_deliveries', 'audit_log', 'review_items', 'comments', 'comment_keys']) {
    await sql.raw(`DROP TABLE IF EXISTS ${t} CASCADE`).execute(db);
  }
  await sql.raw('DROP FUNCTION IF EXISTS sieve_ensure_month_partition(text, timestamptz)').execute(db);
  await sql.raw('DROP FUNCTION IF EXISTS sieve_audit_append_only()').execute(db);
}
