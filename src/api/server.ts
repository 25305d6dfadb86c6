/** The API process: `node dist/src/api/server.js` (or `startApi()` in-process, as the tests do). */
import type { AddressInfo } from 'node:net';
import { loadConfig, type Config } from '../config';
import { createLogger } from '../ops/logger';
import { createApiMetrics } from '../ops/metrics';
import { createFailFastRedis, logConnectionState } from '../redis/connection';
import { redisKeys } from '../redis/keys';
import { ScoringQueue } from '../queue/scoring-queue';
import { createDb, migrateToLatest } from '../db';
import { runMain } from '../ops/main';
import { onProcessRestarts } from '../ops/supervision';
import { createReview } from '../review';
import { createApp } from './app';
import type { SessionLifecycle } from './session-lifecycle';
import { SyncScoringClient } from '../queue/sync-scoring';
import { searchText } from '../scoring/search-text';

export interface RunningApi {
  app: ReturnType<typeof createApp>;
  port: number;
  url: string;
  close(): Promise<void>;
}

export interface ApiOptions {
  /** Count the restarts `npm start` reports over its IPC channel (sieve_process_restarts_total). */
  supervised?: boolean;
}

export async function startApi(config: Config, options: ApiOptions = {}): Promise<RunningApi> {
  if (!config.REDIS_URL) throw new Error('REDIS_URL is required to run the API (npm start sets it for you)');
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required to run the API (npm start sets it for you)');
  const logger = createLogger(config.LOG_LEVEL, 'api');
  if (config.DB_MIGRATE === 'auto') {
    // Advisory-locked by the migrator: several API processes starting at once migrate once.
    const migrating = createDb(config.DATABASE_URL, { max: 1, applicationName: 'sieve-migrate' });
    try {
      const applied = await migrateToLatest(migrating);
      if (applied.length) logger.info({ applied }, 'database migrated');
    } finally {
      await migrating.destroy();
    }
  }
  // A statement of a request runs at most DB_STATEMENT_TIMEOUT_MS (else STORE_TIMEOUT_MS): past it PostgreSQL cancels
  // it (rolled back) → 503; getting a connection waits at most STORE_TIMEOUT_MS.
  const db = createDb(config.DATABASE_URL, {
    max: config.DB_POOL_SIZE, statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS ?? config.STORE_TIMEOUT_MS, connectTimeoutMs: config.STORE_TIMEOUT_MS, applicationName: 'sieve-api',
  });
  // Fail-fast connections: while Redis is unreachable requests answer 503 store_unavailable instead of waiting.
  const redis = createFailFastRedis(config.REDIS_URL, config.STORE_TIMEOUT_MS);
  logConnectionState(redis, logger, 'the API');
  const keys = redisKeys(config.REDIS_PREFIX);
  const queueConnection = createFailFastRedis(config.REDIS_URL, config.STORE_TIMEOUT_MS);
  const queue = new ScoringQueue(queueConnection, keys, config);
  const review = createReview({ redis, db, config, keys, logger, searchText });
  const store = review.comments;
  const metrics = createApiMetrics({
    queueCounts: () => queue.counts(), redis, keys,
    operator: {
      reviewStats: () => review.store.queueStats(),
      scoringBacklog: () => queue.backlog(),
      scoringWorkers: () => queue.workers(),
      webhookDeliveries: () => review.webhooks.counts(),
    },
  });
  // Only as the process `npm start` runs: in-process (tests) the IPC channel, if any, is someone else's.
  if (options.supervised) onProcessRestarts((name) => metrics.processRestarts.inc({ process: name }));
  // Synchronous scoring (Perspective API, Coral phase) waits on BullMQ's event stream: its own connections.
  const sync = new SyncScoringClient({ url: config.REDIS_URL, maxRetriesPerRequest: null }, keys);
  const app = createApp({ config, redis, keys, store, queue, logger, metrics, review, sync });

  // Start serving with Redis connected when it is there (else requests answer 503 until it is).
  await Promise.race([
    Promise.all([redis, queueConnection].map((c) => (c.status === 'ready' ? undefined : new Promise((r) => c.once('ready', r))))),
    new Promise((r) => setTimeout(r, 5000).unref()),
  ]);
  // Sessions made from keys no longer in API_KEYS end now, and their claims go back to the queue.
  await (app.locals.sessionLifecycle as SessionLifecycle).endRevoked().catch((err: unknown) => logger.warn({ err }, 'could not end the sessions of revoked keys'));
  const server = app.listen(config.PORT, config.HOST);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
  logger.info({ port, host: config.HOST, keys: config.API_KEYS.map((k) => `${k.name}:${k.role}`) }, 'Sieve API listening');
  if (config.API_KEYS.length === 0) logger.warn('API_KEYS is empty: every authenticated route answers 401');

  return {
    app,
    port,
    url: `http://${host}:${port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await review.close();
      await sync.close();
      await queue.close();
      queueConnection.disconnect();
      redis.disconnect();
      await db.destroy();
    },
  };
}

if (require.main === module) {
  runMain('api', async () => {
    const api = await startApi(loadConfig(), { supervised: true });
    return () => api.close();
  });
}
