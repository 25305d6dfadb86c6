/**
 * `npx tsx bench/metrics-scrape.ts` — what the review store's part of a /metrics scrape costs as the queue grows:
 * `queueStats()` (per state: the count and the oldest comment, one read-only script that jumps between the 101
 * priority bands) against `counts()` (one ZCARD per state plus the lazy lease expiry, what the workspace reads on
 * every refresh) in the same run, and whether the oldest comment it finds is the right one.
 *
 * Fills the pending set directly (N entries spread over every priority), medians of 50 calls after 10 warm-ups.
 * Uses a private redis-server (temp dir).
 */
import { createRedis } from '../src/redis/connection';
import { redisKeys } from '../src/redis/keys';
import { ReviewStore } from '../src/review/store';
import { startPrivateRedis } from '../tests/helpers/redis';

async function median(f: () => Promise<unknown>): Promise<number> {
  const t: number[] = [];
  for (let r = 0; r < 60; r++) {
    const s = process.hrtime.bigint();
    await f();
    t.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  return t.slice(10).sort((a, b) => a - b)[25]!;
}

async function main() {
  const server = await startPrivateRedis();
  const redis = createRedis(server.url);
  const keys = redisKeys('bench');
  const store = new ReviewStore({ redis, keys, leaseSeconds: 300 });
  const now = Date.now();
  console.log('pending items | queueStats ms | counts ms | ratio | oldest found');
  for (const n of [1_000, 10_000, 100_000]) {
    await redis.del(keys.reviewState('pending'));
    for (let i = 0; i < n; i += 5000) {
      const args: (string | number)[] = [];
      // Priority j % 101, comment j seconds old: the oldest (the last) sits in some band other than the first.
      for (let j = i; j < Math.min(n, i + 5000); j++) args.push((100 - (j % 101)) * 1e13 + (now - j * 1000), `item-${j}`);
      await redis.zadd(keys.reviewState('pending'), ...args);
    }
    const stats = await median(() => store.queueStats());
    const counts = await median(() => store.counts());
    const oldest = (await store.queueStats()).pending.oldestCommentMs;
    console.log(`${n} | ${stats.toFixed(2)} | ${counts.toFixed(2)} | ${(stats / counts).toFixed(2)} | ${oldest === now - (n - 1) * 1000 ? 'right' : 'WRONG'}`);
  }
  await redis.quit();
  await server.destroy();
}

void main();
