/**
 * A whole Sieve for a test: a private Redis, a fresh PostgreSQL database (tests/helpers/postgres.ts), the API and
 * (optionally) workers, in this process, with config built the way production builds it (loadConfig over an
 * environment).
 */
import { Queue } from 'bullmq';
import { loadConfig, type Config } from '../../src/config';
import { QUEUE_NAMES, redisKeys } from '../../src/redis/keys';
import { startApi, type RunningApi } from '../../src/api/server';
import { startWorker, type RunningWorker, type WorkerOptions } from '../../workers/scoring-worker';
import type { Redis } from 'ioredis';
import { createRedis } from '../../src/redis/connection';
import { createReview, type Review } from '../../src/review';
import { startPrivateRedis, type PrivateRedis } from './redis';
import { testDatabase, type TestDatabase } from './postgres';
import { createDb, type Db } from '../../src/db';
import { searchText } from '../../src/scoring/search-text';

export const KEYS = {
  ingest: 'ingest-key-0123456789abcdef',
  moderator: 'moderator-key-0123456789abcdef',
  moderator2: 'moderator2-key-0123456789abcdef',
  admin: 'admin-key-0123456789abcdef',
};

export const API_KEYS_ENV = `${KEYS.ingest}:ingest:site,${KEYS.moderator}:moderator:alice,${KEYS.moderator2}:moderator:bob,${KEYS.admin}:admin:root`;

export interface TestSieve {
  redis: PrivateRedis;
  /** This Sieve's own database (dropped by close() unless passed in). */
  database: TestDatabase;
  config: Config;
  api: RunningApi;
  workers: RunningWorker[];
  /** The scoring queue, for looking at jobs. */
  queue: Queue;
  startWorker(opts?: WorkerOptions): Promise<RunningWorker>;
  request(method: string, path: string, opts?: { key?: string; body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

export async function startSieve(env: Record<string, string> = {}, opts: { workers?: number; redis?: PrivateRedis; database?: TestDatabase } = {}): Promise<TestSieve> {
  const redis = opts.redis ?? (await startPrivateRedis());
  const database = opts.database ?? (await testDatabase());
  const config = loadConfig({
    REDIS_URL: redis.url, DATABASE_URL: database.url, PORT: '0', HOST: '127.0.0.1', API_KEYS: API_KEYS_ENV, LOG_LEVEL: 'silent',
    // No audit sample unless a test asks (its items would join the review queues other suites count).
    SCORERS: 'lexicon', WORKER_BATCH_WAIT_MS: '10', JOB_BACKOFF_MS: '50', AUDIT_SAMPLE_RATE: '0',
    // A store slower than the production 2 s is noise on a 2-core machine running the whole suite (browsers, model
    // tests), not what most tests check: they get 10 s. The tests of the fail-fast bound set it themselves.
    STORE_TIMEOUT_MS: '10000',
    ...env,
  });
  const api = await startApi(config);
  const workers: RunningWorker[] = [];
  const queue = new Queue(QUEUE_NAMES.scoring, { connection: { url: redis.url, maxRetriesPerRequest: null }, prefix: redisKeys(config.REDIS_PREFIX).bullPrefix });
  queue.on('error', () => undefined); // Redis outages are tested on purpose: no console line per reconnect
  const sieve: TestSieve = {
    redis, database, config, api, workers, queue,
    async startWorker(o) {
      const w = await startWorker(config, o);
      workers.push(w);
      return w;
    },
    async request(method, path, o = {}) {
      const headers: Record<string, string> = { ...(o.headers ?? {}) };
      if (o.key) headers.authorization = `Bearer ${o.key}`;
      let body: string | Buffer | undefined = o.rawBody;
      if (o.body !== undefined) {
        body = JSON.stringify(o.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(`${api.url}${path}`, { method, headers, body: body as BodyInit | undefined });
      const text = await res.text();
      let parsed: unknown = text;
      try { parsed = JSON.parse(text); } catch { /* not JSON */ }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await api.close();
      await queue.close();
      if (!opts.redis) await redis.destroy();
      if (!opts.database) await database.drop();
    },
  };
  for (let i = 0; i < (opts.workers ?? 0); i++) await sieve.startWorker();
  return sieve;
}

/** A Sieve plus direct Redis and database connections and a review side, for tests that seed or inspect the stores. */
export interface SieveWithStores { sieve: TestSieve; redis: Redis; db: Db; review: Review }

export async function startSieveWithStores(env: Record<string, string> = {}): Promise<SieveWithStores> {
  const sieve = await startSieve(env);
  const redis = createRedis(sieve.redis.url);
  const db = createDb(sieve.database.url);
  return { sieve, redis, db, review: createReview({ redis, db, config: sieve.config, searchText }) };
}

export async function closeSieveWithStores(s: Partial<SieveWithStores>): Promise<void> {
  await s.review?.close();
  s.redis?.disconnect();
  await s.db?.destroy();
  await s.sieve?.close();
}

export function comment(id: string, text: string, extra: Record<string, unknown> = {}) {
  return { id, threadId: 't1', author: { id: 'u1', name: 'User One' }, text, ...extra };
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Seeds comments through the site's API. A 503 `store_unavailable` (a store slower than STORE_TIMEOUT_MS, as on a
 * 2-core machine running the whole suite) is sent again after its Retry-After, as the API tells a site to do
 * ("sending the same comments again is safe"); any other answer is returned as it is.
 */
export async function submit(sieve: TestSieve, path: string, body: unknown): Promise<{ status: number; body: any }> {
  for (let attempt = 1; ; attempt++) {
    const r = await sieve.request('POST', path, { key: KEYS.ingest, body });
    if (r.status !== 503 || r.body?.error?.code !== 'store_unavailable' || attempt === 5) return r;
    // eslint-disable-next-line no-console
    console.warn(`${path}: 503 store_unavailable (attempt ${attempt}): ${r.body.error.message}; sending it again`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
