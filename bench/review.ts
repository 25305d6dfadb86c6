/**
 * `npm run bench:review` — what the review store's PostgreSQL transitions cost, against plain single-statement
 * writes doing the same number of round trips in the same run (the baseline), so the ratio says what the
 * transaction (row lock, audit rows, comment update) costs here.
 *
 *   1. ingest   — ingest N flagged items from C connections (one transaction each); baseline: one INSERT each.
 *   2. decide   — claim + decide M items from C connections (two transactions each); baseline: UPDATE + SELECT each.
 *   3. list     — first page (50) of the pending queue: no filter, a rare slur filter (1 in 50), an author filter.
 *
 * Flags: --items N (10000) --decide M (4000) --connections C (16). Uses a private redis-server and a private
 * PostgreSQL (temp dirs, durable settings).
 */
import { parseArgs } from 'node:util';
import IORedis from 'ioredis';
import type { ScoreResult } from '../src/domain/score';
import { sql } from 'kysely';
import { createDb } from '../src/db';
import { redisKeys } from '../src/redis/keys';
import { ReviewStore } from '../src/review/store';
import { startPrivateRedis } from '../tests/helpers/redis';
import { startPrivatePostgres } from '../tests/helpers/postgres';

const { values: flags } = parseArgs({
  options: { items: { type: 'string', default: '10000' }, decide: { type: 'string', default: '4000' }, connections: { type: 'string', default: '16' } },
});
const N = Number(flags.items);
const M = Math.min(Number(flags.decide), N);
const C = Number(flags.connections);

const comment = (i: number) => ({ id: `i${i}`, threadId: `t${i % 100}`, author: { id: `a${i % 1000}` }, text: 'x', createdAt: new Date(1.7e12 + i).toISOString() });
const result = (i: number): ScoreResult => ({
  labels: {}, score: 0.5, verdict: 'review', priority: i % 100, reasons: [], scorers: [],
  slurs: i % 50 === 0 ? [{ term: 't', category: 'religious', severity: 3, start: 0, end: 1, text: 'x', transformations: [] }] : [],
});

/** Runs `op(i, connection index)` for i in [0, n) with C operations in flight; returns ops/s. */
async function rate(n: number, op: (i: number, c: number) => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  let next = 0;
  await Promise.all(Array.from({ length: C }, async (_, c) => {
    for (let i = next++; i < n; i = next++) await op(i, c);
  }));
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function main() {
  const server = await startPrivateRedis();
  const pg = await startPrivatePostgres({ durable: true });
  const conns = Array.from({ length: C }, () => new IORedis(server.url));
  const dbs = conns.map(() => createDb(pg.url(), { max: 1 }));
  const keys = redisKeys('bench');
  const stores = conns.map((redis, c) => new ReviewStore({ db: dbs[c]!, redis, keys, leaseSeconds: 300 }));
  await sql`CREATE TABLE baseline (id text PRIMARY KEY, state text, priority int)`.execute(dbs[0]!);
  try {
    const baseIngest = await rate(N, (i, c) => sql`INSERT INTO baseline VALUES (${`b${i}`}, 'pending', ${i % 100})`.execute(dbs[c]!));
    const ingest = await rate(N, (i, c) => stores[c]!.ingest(comment(i), result(i)));
    const baseDecide = await rate(M, async (i, c) => {
      await sql`UPDATE baseline SET state = 'claimed' WHERE id = ${`b${i}`}`.execute(dbs[c]!);
      await sql`SELECT state FROM baseline WHERE id = ${`b${i}`}`.execute(dbs[c]!);
    });
    const decide = await rate(M, async (i, c) => {
      const actor = { name: `m${c}`, role: 'moderator' as const };
      await stores[c]!.claim(`i${i}`, actor);
      await stores[c]!.decide(`i${i}`, actor, { action: 'approve' });
    });
    console.log(`review store, ${C} connections, private PostgreSQL`);
    console.log(`ingest:       ${ingest.toFixed(0)} items/s   (baseline INSERT ${baseIngest.toFixed(0)}/s, ratio ${(ingest / baseIngest).toFixed(2)})`);
    console.log(`claim+decide: ${decide.toFixed(0)} items/s   (baseline UPDATE+SELECT ${baseDecide.toFixed(0)}/s, ratio ${(decide / baseDecide).toFixed(2)})`);
    for (const [label, q] of [['no filter', {}], ['slur filter (1 in 50)', { slur: 'religious' }], ['author filter', { author: 'a7' }]] as const) {
      const runs = 50;
      const start = process.hrtime.bigint();
      for (let k = 0; k < runs; k++) await stores[0]!.list({ state: 'pending', limit: 50, ...q });
      console.log(`list first page, ${label}, ${N - M} pending: ${(Number(process.hrtime.bigint() - start) / runs / 1e6).toFixed(2)} ms`);
    }
  } finally {
    await Promise.all(conns.map((c) => c.quit()));
    await Promise.all(dbs.map((d) => d.destroy()));
    await server.destroy();
    await pg.destroy();
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
