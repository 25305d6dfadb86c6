/**
 * 0007: `webhook_deliveries` becomes the webhook outbox. A delivery row is written in the transaction that makes
 * the event (the verdict's, the decision's); the webhook worker marks it `delivered_at` after the site's 2xx, or
 * `gave_up_at` after the last failed attempt. The reconciler (src/review/reconciler.ts) re-queues every row that
 * is neither, so losing Redis loses no webhook. The partial index is what the reconciler reads.
 *
 * Also retention by partition: `sieve_drop_comments_before(cutoff)` drops every monthly partition of `comments`
 * that ends on or before the month of `cutoff` (DDL: no row-by-row delete, no bloat), deletes those comments'
 * `comment_keys` rows and any of their rows the DEFAULT partition caught, and returns the partitions dropped. The
 * audit log is untouched (its own partitions, append-only), so the trail of decisions on those comments stays;
 * review items stay too (they hold no text). Operators call it through `npm run retention -- --drop-before YYYY-MM`.
 */
import { sql, type Kysely } from 'kysely';

const UP = [
  'ALTER TABLE webhook_deliveries ADD COLUMN gave_up_at timestamptz',
  'DROP INDEX webhook_deliveries_undelivered',
  'CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (created_at, id) WHERE delivered_at IS NULL AND gave_up_at IS NULL',
  `CREATE FUNCTION sieve_drop_comments_before(cutoff timestamptz) RETURNS SETOF text LANGUAGE plpgsql AS $$
   DECLARE
     m timestamptz := date_trunc('month', cutoff AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
     r record;
   BEGIN
     FOR r IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
              WHERE i.inhparent = 'comments'::regclass AND c.relname ~ '^comments_[0-9]{4}_[0-9]{2}$' ORDER BY c.relname LOOP
       IF ((to_date(substr(r.relname, 10), 'YYYY_MM') + interval '1 month')::timestamp AT TIME ZONE 'UTC') <= m THEN
         EXECUTE format('DROP TABLE %I', r.relname);
         RETURN NEXT r.relname;
       END IF;
     END LOOP;
     DELETE FROM comments_default WHERE accepted_at < m;
     DELETE FROM comment_keys WHERE accepted_at < m;
   END $$`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('DROP FUNCTION IF EXISTS sieve_drop_comments_before(timestamptz)').execute(db);
  await sql.raw('DROP INDEX IF EXISTS webhook_deliveries_pending').execute(db);
  await sql.raw('ALTER TABLE webhook_deliveries DROP COLUMN IF EXISTS gave_up_at').execute(db);
  await sql.raw('CREATE INDEX webhook_deliveries_undelivered ON webhook_deliveries (created_at) WHERE delivered_at IS NULL').execute(db);
}
