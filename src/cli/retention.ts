/**
 * `npm run retention -- --drop-before YYYY-MM`: drops the comments accepted before that month, a whole monthly
 * partition at a time (`sieve_drop_comments_before`, migration 0002): the comment rows and their idempotency keys
 * go; the audit log (its own partitions) and the review items stay, so the trail of every decision remains.
 * `--dry-run` lists the partitions it would drop. Needs DATABASE_URL.
 */
import { sql } from 'kysely';
import { loadConfig } from '../config';
import { createDb, type Db } from '../db';

/** `2026-06` → 2026-06-01T00:00:00Z; anything else throws. */
export function parseMonth(s: string): Date {
  const m = /^(\d{4})-(\d{2})$/.exec(s);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new Error(`--drop-before wants a month as YYYY-MM, got ${JSON.stringify(s)}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
}

/** Partitions of `comments` wholly before `month` (what a drop would remove). */
export async function partitionsBefore(db: Db, month: Date): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'comments'::regclass AND c.relname ~ '^comments_[0-9]{4}_[0-9]{2}$'
      AND ((to_date(substr(c.relname, 10), 'YYYY_MM') + interval '1 month')::timestamp AT TIME ZONE 'UTC') <= ${month}
    ORDER BY 1`.execute(db);
  return rows.map((r) => r.name);
}

/** Drops every comment accepted before `month` (one transaction); returns the partitions dropped. */
export async function dropCommentsBefore(db: Db, month: Date): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`SELECT sieve_drop_comments_before(${month}) AS name`.execute(db);
  return rows.map((r) => r.name);
}

async function main(argv: string[]): Promise<void> {
  const at = argv.indexOf('--drop-before');
  if (at < 0 || !argv[at + 1]) throw new Error('usage: npm run retention -- --drop-before YYYY-MM [--dry-run]');
  const month = parseMonth(argv[at + 1]!);
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set');
  const db = createDb(config.DATABASE_URL, { max: 1, applicationName: 'sieve-retention' });
  try {
    const names = argv.includes('--dry-run') ? await partitionsBefore(db, month) : await dropCommentsBefore(db, month);
    process.stdout.write(`${argv.includes('--dry-run') ? 'would drop' : 'dropped'}: ${names.length ? names.join(', ') : 'nothing'}\n`);
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`retention failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
