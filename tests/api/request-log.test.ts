/**
 * Request logs: one short line per request — method, path without its query string, status, duration, request id
 * — never a header or a query string (keys travel in both); the workspace's polls, its files and the health
 * checks at debug, everything else at info. Read from the real app's log output.
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
import { comment, KEYS, API_KEYS_ENV } from '../helpers/sieve';

const DEBUG = 20;
const INFO = 30;

let server: PrivateRedis;
let redis: Redis;
let queue: ScoringQueue;
let review: Review;
let http: Server;
let base: string;
const lines: string[] = [];

let closeDb: () => Promise<void>;
beforeAll(async () => {
  const fresh = await freshDb();
  const db = fresh.db;
  closeDb = fresh.close;
  server = await startPrivateRedis();
  redis = createRedis(server.url);
  const config = loadConfig({ REDIS_URL: server.url, REDIS_PREFIX: 'log', API_KEYS: API_KEYS_ENV, LOG_LEVEL: 'debug' });
  const keys = redisKeys(config.REDIS_PREFIX);
  queue = new ScoringQueue(redis, keys, config);
  review = createReview({ redis, db, config, keys });
  const metrics = createApiMetrics({ queueCounts: () => queue.counts(), redis, keys });
  const logger = createLogger('debug', 'api', { write: (line: string) => { lines.push(line); } });
  const app = createApp({ config, redis, keys, store: review.comments, queue, logger, metrics, review });
  http = app.listen(0, '127.0.0.1');
  await new Promise((r) => http.once('listening', r));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  http.closeAllConnections();
  await new Promise((r) => http.close(r));
  await queue.close();
  await review.close();
  await redis.quit();
  await server.destroy();
  await closeDb();
});

/** Sends a request carrying credentials every way they can travel, and returns its one log line. */
async function logged(method: string, pathAndQuery: string, opts: { key?: string; body?: unknown; requestId?: string; cookie?: string } = {}) {
  const before = lines.length;
  const res = await fetch(base + pathAndQuery, {
    method,
    headers: {
      ...(opts.key ? { authorization: `Bearer ${opts.key}` } : {}),
      cookie: opts.cookie ?? 'sieve_session=cookie-secret-value',
      'x-sieve-csrf': 'csrf-secret-value',
      'user-agent': 'agent-secret-value',
      ...(opts.requestId ? { 'x-request-id': opts.requestId } : {}),
      ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  await res.arrayBuffer();
  // The line is written when the response finishes; give the event loop a moment.
  for (let i = 0; i < 50 && !lines.slice(before).some((l) => l.includes('"req"')); i++) await new Promise((r) => setTimeout(r, 10));
  const mine = lines.slice(before).filter((l) => l.includes('"req"'));
  expect(mine).toHaveLength(1);
  const raw = mine[0]!;
  for (const secret of [KEYS.ingest, KEYS.moderator, 'cookie-secret-value', 'csrf-secret-value', 'agent-secret-value', 'query-secret', '?', 'headers', 'authorization']) {
    expect(raw).not.toContain(secret);
  }
  return { status: res.status, setCookie: res.headers.get('set-cookie'), requestId: res.headers.get('x-request-id'), raw, line: JSON.parse(raw) as Record<string, any> };
}

it('logs one short line per request: method, path, status, duration, request id; no header, no query string', async () => {
  const { status, requestId, line } = await logged('POST', '/v1/comments?key=query-secret&x=1', {
    key: KEYS.ingest, body: comment('log-1', 'What a lovely day for a walk.'), requestId: 'req-abc.1',
  });
  expect(status).toBe(202);
  expect(requestId).toBe('req-abc.1');
  expect(Object.keys(line).sort()).toEqual(['component', 'level', 'msg', 'req', 'res', 'responseTime', 'time']);
  expect(line).toMatchObject({
    level: INFO, component: 'api',
    req: { id: 'req-abc.1', method: 'POST', path: '/v1/comments' }, res: { status: 202 },
    msg: expect.stringMatching(/^POST \/v1\/comments 202 \d+ms$/),
  });
  expect(Object.keys(line.req).sort()).toEqual(['id', 'method', 'path']);
  expect(Object.keys(line.res)).toEqual(['status']);
  expect(typeof line.responseTime).toBe('number');

  // A Perspective client sends its key as ?key=: no part of the query string reaches the line.
  const perspective = await logged('POST', `/v1alpha1/comments:analyze?key=${KEYS.ingest}`, { body: {} });
  expect(perspective.status).toBe(400);
  expect(perspective.line.req.path).toBe('/v1alpha1/comments:analyze');

  // Without a given id, the server makes one and answers with it.
  const other = await logged('GET', '/v1/comments/log-1?key=query-secret', { key: KEYS.ingest });
  expect(other.status).toBe(200);
  expect(other.line.req.id).toBe(other.requestId);
  expect(other.line.req.id).toMatch(/^[0-9a-f-]{36}$/);
});

it("the workspace's polls, its files and health checks log at debug; actions and refusals at info", async () => {
  // Signing in is an action (info); its body holds the key, and no body is logged.
  const signIn = await logged('POST', '/v1/session', { body: { key: KEYS.moderator } });
  expect(signIn).toMatchObject({ status: 201, line: { level: INFO, req: { method: 'POST', path: '/v1/session' } } });
  const session = signIn.setCookie!.split(';')[0]!;
  const r = await logged('GET', '/v1/session', { cookie: session });
  expect(r.raw).not.toContain(session.split('=')[1]);
  expect({ status: r.status, level: r.line.level }).toEqual({ status: 200, level: DEBUG });

  const debug: [string, number][] = [
    ['/v1/review/items?state=open&limit=50', 200],
    ['/v1/review/counts', 200],
    ['/v1/review/reasons', 200],
    ['/moderate', 200],
    ['/moderate/assets/app.js', 200],
    ['/healthz', 200],
    ['/readyz', 200],
    ['/metrics', 200],
  ];
  for (const [path, status] of debug) {
    // The page signs in with a session; a key authenticates the same routes and is simpler here.
    const r = await logged('GET', path, { key: KEYS.moderator });
    expect({ path, status: r.status, level: r.line.level }).toEqual({ path, status, level: DEBUG });
    expect(r.line.req.path).toBe(path.split('?')[0]);
  }
  const info: [string, string, string | undefined, number][] = [
    ['GET', '/v1/review/items/nope', KEYS.moderator, 404], // opening an item is not a poll
    ['GET', '/v1/review/items?state=nonsense', KEYS.moderator, 400], // a refused poll is worth seeing
    ['GET', '/v1/review/counts', undefined, 401],
    ['POST', '/v1/review/items/nope/claim', KEYS.moderator, 404],
    ['GET', '/moderate/assets/nope.js', undefined, 404],
  ];
  for (const [method, path, key, status] of info) {
    const r = await logged(method, path, { key, body: method === 'POST' ? {} : undefined });
    expect({ path, status: r.status, level: r.line.level }).toEqual({ path, status, level: INFO });
  }
});
