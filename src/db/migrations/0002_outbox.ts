/**
 * 0002: `webhook_deliveries` becomes the webhook outbox. A delivery row is written in the transaction that makes
 * the event (the verdict's, the decision's); the webhook worker marks it `delivered_at` after the site's 2xx, or
 * `gave_up_at` after the last failed attempt. The reconciler (src/review/reconciler.ts) re-queues every row that
 * is neither, so losing Redis loses no webhook. The partial index is what the reconciler reads.
 */
import { sql, type Kysely } from 'kysely';

const UP = [
  'ALTER TABLE webhook_deliveries ADD COLUMN gave_up_at timestamptz',
  'DROP INDEX webhook_deliveries_undelivered',
  'CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (created_at, id) WHERE delivered_at IS NULL AND gave_up_at IS NULL',
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('DROP INDEX IF EXISTS webhook_deliveries_pending').execute(db);
  await sql.raw('ALTER TABLE webhook_deliveries DROP COLUMN IF EXISTS gave_up_at').execute(db);
  await sql.raw('CREATE INDEX webhook_deliveries_undelivered ON webhook_deliveries (created_at) WHERE delivered_at IS NULL').execute(db);
}
