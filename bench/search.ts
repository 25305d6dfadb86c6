/**
 * Search cost on PostgreSQL: N synthetic review items (12 words each, search keys as the worker stores them) on a
 * private cluster, then EXPLAIN ANALYZE of the list query for a rare word (20 items: the trigram index) and a
 * common one (about half the items: the planner reads the table instead). `N=200000 npx tsx bench/search.ts`
 */
import { sql } from 'kysely';
import { createDb } from '../src/db';
import { startPrivatePostgres } from '../tests/helpers/postgres';
import { searchText } from '../src/scoring/search-text';

async function main() {
  const pg = await startPrivatePostgres();
  const db = createDb(pg.url());
  try {
    const N = Number(process.env.N ?? 200000);
    const words = ['the', 'article', 'referee', 'government', 'council', 'election', 'idiot', 'moron', 'climate', 'football', 'budget', 'school', 'traffic', 'weather', 'minister', 'police', 'report', 'housing', 'market', 'festival'];
    // Synthetic items: 12 random words each (search_text as the worker would store it).
    await sql`INSERT INTO review_items (id, state, priority, position, verdict, thread_id, author_id, created_at, comment_created_at, search_text)
      SELECT 'i' || g, 'pending', 50, g, 'review', 't' || (g % 500), 'u' || (g % 5000), now(), now(),
        (SELECT string_agg((${sql.raw(`ARRAY[${words.map((w) => `'${searchText(w)}'`).join(',')}]`)})[1 + floor(random() * 20)::int] || (floor(random()*1000))::text, ' ') FROM generate_series(1, 12) WHERE g > 0)
      FROM generate_series(1, ${N}) g`.execute(db);
    // A rare word in 20 items.
    await sql`UPDATE review_items SET search_text = search_text || ' ' || ${searchText('1d10tic')} WHERE id IN (SELECT 'i' || (g * 9973) FROM generate_series(1, 20) g)`.execute(db);
    await sql`ANALYZE review_items`.execute(db);
    for (const q of ['idiotic', 'referee']) {
      const like = `%${searchText(q)}%`;
      const plan = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, BUFFERS OFF) SELECT * FROM review_items WHERE state IN ('pending','claimed') AND search_text LIKE ${like} ORDER BY position, id LIMIT 51`.execute(db);
      console.log(`-- q=${q} over ${N} items`);
      console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
    }
  } finally {
    await db.destroy();
    await pg.destroy();
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
