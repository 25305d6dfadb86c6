/**
 * The review API inside the real app: behind API keys (moderator/admin only), and a decision shows up on the
 * comment record the site reads (GET /v1/comments/:id).
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Redis } from 'ioredis';
import { createApp } from '../../src/api/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/ops/logger';
import { createApiMetrics } from '../../src/ops/metrics';
import { ScoringQueue } from '../../src/queue/scoring-queue';
import { createRedis } from '../../src/redis/connection';
import { redisKeys } from '../../src/redis/keys';
import { createReview, type Review } from '../../src/review';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis';
import { freshDb } from '../helpers/postgres';
import type { Db } from '../../src/db';
import { makeResult } from './fixtures';

const INGEST = 'ingest-key-0123456789abcdef';
const MOD = 'moderator-key-0123456789abcdef';

let server: PrivateRedis;
let redis: Redis;
let db: Db;
let closeDb: () => Promise<void>;
let queue: ScoringQueue;
let review: Review;
let http: Server;
let base: string;

beforeAll(async () => {
  ({ db, close: closeDb } = await freshDb());
  server = await startPrivateRedis();
  redis = createRedis(server.url);
  const config = loadConfig({ REDIS_URL: server.url, REDIS_PREFIX: 'app', API_KEYS: `${INGEST}:ingest:site,${MOD}:moderator:alice`, LOG_LEVEL: 'silent' });
  const keys = redisKeys(config.REDIS_PREFIX);
  queue = new ScoringQueue(redis, keys, config);
  review = createReview({ redis, db, config, keys });
  const store = review.comments;
  const metrics = createApiMetrics({ queueCounts: async () => ({}), redis, keys });
  const app = createApp({ config, redis, keys, store, queue, logger: createLogger('silent', 'test'), metrics, review });
  http = app.listen(0, '127.0.0.1');
  await new Promise((r) => http.once('listening', r));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await closeDb();
  http.closeAllConnections();
  await new Promise((r) => http.close(r));
  await queue.close();
  await review.close();
  await redis.quit();
  await server.destroy();
});

async function call(method: string, path: string, key: string, body?: unknown) {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

it('only moderators and admins reach /v1/review; a decision is what the site then sees on the comment', async () => {
  const submitted = await call('POST', '/v1/comments', INGEST, { id: 'app-1', threadId: 'th', author: { id: 'u9' }, text: 'you are a clown' });
  expect(submitted.status).toBe(202);
  // What the worker does after saving the verdict.
  const comment = { id: 'app-1', threadId: 'th', author: { id: 'u9' }, text: 'you are a clown', createdAt: new Date().toISOString() };
  await review.recordVerdict(comment, "scored", makeResult({ verdict: 'review', label: 'insult' }));

  expect((await call('GET', '/v1/review/items', INGEST)).status).toBe(403);
  expect((await fetch(`${base}/v1/review/items`)).status).toBe(401);

  const list = await call('GET', '/v1/review/items?state=pending', MOD);
  expect(list.body.items.map((i: { id: string }) => i.id)).toEqual(['app-1']);
  expect(list.body.items[0].comment.text).toBe('you are a clown');
  expect((await call('POST', '/v1/review/items/app-1/claim', MOD)).status).toBe(200);
  expect(await call('POST', '/v1/review/items/app-1/decision', MOD, { action: 'reject', reason: 'harassment' }))
    .toMatchObject({ status: 200, body: { item: { state: 'rejected' } } });

  const seen = await call('GET', '/v1/comments/app-1', INGEST);
  expect(seen.body).toMatchObject({
    review: { state: 'rejected', decidedBy: 'alice', action: 'reject', reason: 'harassment' },
    visibility: 'hidden', final: true,
  });
  expect((await call('GET', '/openapi.json', INGEST)).body.paths['/v1/review/items/{id}/decision']).toBeDefined();
});

it('every route of the review router is in the OpenAPI document, and every path the review group documents is routed', async () => {
  const { createReviewRouter } = await import('../../src/api/routes/review');
  const { openApiDocument } = await import('../../src/api/openapi');
  const { REVIEW_PATHS } = await import('../../src/review/openapi');
  const router = createReviewRouter({ service: review.service, events: review.events });
  const routed = router.stack
    .filter((l) => l.route)
    .flatMap((l) => Object.keys((l.route as unknown as { methods: Record<string, boolean> }).methods)
      .map((m) => `${m.toUpperCase()} /v1/review${l.route!.path.replace(/:(\w+)/g, '{$1}')}`))
    .sort();
  // The review group also documents the site's reports and appeals (/v1/comments/...), which the comments router serves.
  const documented = Object.entries(REVIEW_PATHS as Record<string, Record<string, unknown>>)
    .filter(([p]) => p.startsWith('/v1/review'))
    .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
    .sort();
  expect(routed).toEqual(documented);
  const paths = openApiDocument().paths as Record<string, unknown>;
  for (const p of Object.keys(REVIEW_PATHS)) expect(paths[p]).toBe(REVIEW_PATHS[p]);
});
