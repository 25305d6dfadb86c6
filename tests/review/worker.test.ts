/**
 * The real scoring worker (which feeds the review intake and only queues webhooks), the webhook process (which
 * delivers them), and a webhook endpoint that never answers: every comment is still scored, flagged ones land in
 * the review queue in priority order, no scoring worker ever calls the site, and the deliveries wait in their own
 * queue until the endpoint recovers.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { loadConfig } from '../../src/config';
import { ScoringQueue } from '../../src/queue/scoring-queue';
import { createRedis } from '../../src/redis/connection';
import { createReview } from '../../src/review';
import { startWorker } from '../../workers/scoring-worker';
import { startWebhookWorkerProcess } from '../../workers/webhook-worker';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis';
import { freshDb } from '../helpers/postgres';
import type { Db } from '../../src/db';

let server: PrivateRedis;
let redis: Redis;
let db: Db;
let closeDb: () => Promise<void>;
let databaseUrl: string;
let hook: Server;
const held: ServerResponse[] = [];
let answered = 0;
let recovered = false;

beforeAll(async () => {
  ({ db, close: closeDb, database: { url: databaseUrl } } = await freshDb());
  server = await startPrivateRedis();
  redis = createRedis(server.url);
  hook = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (recovered) { answered++; res.writeHead(204).end(); } else held.push(res);
    });
  });
  hook.listen(0, '127.0.0.1');
  await new Promise((r) => hook.once('listening', r));
});
afterAll(async () => {
  await closeDb();
  for (const res of held.splice(0)) res.writeHead(204).end();
  hook.closeAllConnections();
  await new Promise((r) => hook.close(r));
  await redis.quit();
  await server.destroy();
});

async function until(cond: () => Promise<boolean> | boolean, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

it('a dead webhook endpoint never holds up scoring; flagged comments reach the review queue', async () => {
  const config = loadConfig({
    REDIS_URL: server.url, DATABASE_URL: databaseUrl, REDIS_PREFIX: 'wk', SCORERS: 'lexicon', LOG_LEVEL: 'silent', WORKER_BATCH_WAIT_MS: '5',
    WEBHOOK_URL: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`, WEBHOOK_SECRET: 'worker-test-secret-0123',
    WEBHOOK_TIMEOUT_MS: '60000', WEBHOOK_BACKOFF_MS: '10',
  });
  const review = createReview({ redis, db, config });
  // Defaults: the worker feeds the review intake and queues webhooks; delivering them is another process's job.
  const worker = await startWorker(config);
  let webhooks: Awaited<ReturnType<typeof startWebhookWorkerProcess>> | undefined;
  const queue = new ScoringQueue(redis, review.keys, config);
  const store = review.comments;
  try {
    const texts = ['what a lovely day', 'you stupid fucking idiot', 'shut up you retard', 'thanks for the article'];
    const comments = texts.map((text, i) => ({ id: `w${i}`, threadId: 'wt', author: { id: `a${i}` }, text, createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() }));
    await store.accept(comments);
    await queue.enqueue(comments.map((c) => c.id));

    await until(async () => (await store.getMany(comments.map((c) => c.id))).every((c) => c?.status === 'scored'), 'every comment scored');
    // Scoring finished and the scoring worker never called the site: not one request reached the endpoint.
    expect(answered).toBe(0);
    expect(held).toHaveLength(0);
    const queued = await review.service.list({ state: 'pending' });
    // Priority: a slur (identity band) before swearing at someone (insult band) — threat > slurs > insults > profanity.
    expect(queued.items.map((i) => i.id)).toEqual(['w2', 'w1']);
    expect((await store.get('w1'))!.review).toEqual({ state: 'pending' });

    // The webhook process delivers what the worker queued; the endpoint holds every request.
    webhooks = await startWebhookWorkerProcess(config);
    await until(() => held.length >= 1, 'a delivery from the webhook process');
    recovered = true;
    for (const res of held.splice(0)) res.writeHead(503).end();
    // 4 comment.scored deliveries; the 503s above are retried.
    await until(() => answered >= 4, 'deliveries after the endpoint recovered');
  } finally {
    await worker.close();
    await webhooks?.close();
    await queue.close();
    await review.close();
  }
});
