/**
 * `npx tsx bench/pg-size.ts` — bytes per comment on disk in PostgreSQL: 10,000 comments of ~150 characters accepted
 * in batches of 500 through the comment store, each then given a lexicon-sized verdict, and the size of the comment
 * tables (heap + indexes + TOAST, all partitions) divided by the count. Also the store-level batch accept rate.
 * Uses a private PostgreSQL with durable settings (temp dir).
 */
import { sql } from 'kysely';
import { createDb } from '../src/db';
import type { ScoreResult } from '../src/domain/score';
import { CommentStore } from '../src/store/comments';
import { startPrivatePostgres } from '../tests/helpers/postgres';

const N = 10_000;
const BATCH = 500;

async function main(): Promise<void> {
  const pg = await startPrivatePostgres({ durable: true });
  const db = createDb(pg.url());
  try {
    const store = new CommentStore(db);
    const text = (i: number) => `Comment number ${i}: I read the article twice and still think the council got the numbers wrong on the new bus lanes, frankly.`.slice(0, 150);
    const result: ScoreResult = { labels: { toxicity: 0.02, insult: 0.01 }, slurs: [], score: 0.02, verdict: 'publish', priority: 2, reasons: [], scorers: ['lexicon', 'model'] };
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i += BATCH) {
      await store.accept(Array.from({ length: BATCH }, (_, k) => ({
        id: `c${i + k}`, threadId: `t${(i + k) % 200}`, author: { id: `u${(i + k) % 3000}`, name: 'A Reader' }, text: text(i + k),
        createdAt: new Date(1.79e12 + i + k).toISOString(),
      })));
    }
    const acceptSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    for (let i = 0; i < N; i++) await store.saveResult(`c${i}`, 'scored', result);
    await sql`VACUUM ANALYZE`.execute(db);
    const { rows } = await sql<{ bytes: string }>`SELECT sum(pg_total_relation_size(c.oid))::bigint AS bytes FROM pg_class c
      WHERE c.relname = 'comment_keys' OR c.oid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = 'comments'::regclass)`.execute(db);
    const bytes = Number(rows[0]!.bytes);
    console.log(`${N} comments of ~150 characters, scored: ${bytes} bytes in comments + comment_keys = ${(bytes / N).toFixed(0)} bytes/comment (${(bytes / N * 1e6 / 2 ** 30).toFixed(2)} GiB per million)`);
    console.log(`store-level batch accept (${BATCH} per statement, one connection, durable): ${(N / acceptSeconds).toFixed(0)} comments/s`);
  } finally {
    await db.destroy();
    await pg.destroy();
  }
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
