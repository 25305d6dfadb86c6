/**
 * A Perspective client sends its key in the URL (`?key=`): the API's request log never carries it.
 * The real app (createApp) with its real pino-http logging, writing to a buffer we read.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createApp } from '../../src/api/app';
import { loadConfig } from '../../src/config';
import { createApiMetrics } from '../../src/ops/metrics';
import { ScoringQueue } from '../../src/queue/scoring-queue';
import { createRedis } from '../../src/redis/connection';
import { redisKeys } from '../../src/redis/keys';
import { createReview } from '../../src/review';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis';
import { freshDb } from '../helpers/postgres';
import { KEYS, API_KEYS_ENV } from '../helpers/sieve';

let server: PrivateRedis;
let http: Server;
let base: string;
const lines: string[] = [];
let close: () => Promise<void>;

let closeDb: () => Promise<void>;
beforeAll(async () => {
  const fresh = await freshDb();
  const db = fresh.db;
  closeDb = fresh.close;
  server = await startPrivateRedis();
  const redis = createRedis(server.url);
  const config = loadConfig({ REDIS_URL: server.url, API_KEYS: API_KEYS_ENV, LOG_LEVEL: 'info', SYNC_TIMEOUT_MS: '200' });
  const keys = redisKeys(config.REDIS_PREFIX);
  const queue = new ScoringQueue(redis, keys, config);
  const review = createReview({ redis, db, config, keys });
  const logger = pino({ level: 'info' }, new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } }));
  const app = createApp({ config, redis, keys, store: review.comments, queue, logger, metrics: createApiMetrics({ queueCounts: async () => ({}), redis, keys }), review });
  http = app.listen(0, '127.0.0.1');
  await new Promise((r) => http.once('listening', r));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  close = async () => {
    http.closeAllConnections();
    await new Promise((r) => http.close(r));
    await app.locals.closeOwned();
    await review.close();
    await queue.close();
    redis.disconnect();
    await closeDb();
  };
});
afterAll(async () => {
  await close();
  await server.destroy();
});

test('?key= never reaches the log (the query string is dropped), for a good key, a bad key and a failed scoring', async () => {
  const post = (key: string, body: unknown) => fetch(`${base}/v1alpha1/comments:analyze?key=${key}&x=1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  // No worker runs: this one waits for the (short) deadline and is answered 504, logged as a warning.
  expect((await post(KEYS.ingest, { comment: { text: 'hello' }, requestedAttributes: { INSULT: {} } })).status).toBe(504);
  expect((await post('bad-key-value-123456789', { comment: { text: 'hello' }, requestedAttributes: { INSULT: {} } })).status).toBe(403);
  await new Promise((r) => setTimeout(r, 100));
  const log = lines.join('');
  // The request lines carry the path without its query string (src/api/request-log.ts): no key, not even its name.
  expect(log).toContain('"path":"/v1alpha1/comments:analyze"');
  expect(log).not.toContain('key=');
  expect(log).not.toContain(KEYS.ingest);
  expect(log).not.toContain('bad-key-value-123456789');
});
