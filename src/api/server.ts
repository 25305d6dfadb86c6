/** The API process: `node dist/src/api/server.js` (or `startApi()` in-process, as the tests do). */
import type { AddressInfo } from 'node:net';
import { loadConfig, type Config } from '../config';
import { createLogger } from '../ops/logger';
import { createApiMetrics } from '../ops/metrics';
import { createRedis } from '../redis/connection';
import { redisKeys } from '../redis/keys';
import { ScoringQueue } from '../queue/scoring-queue';
import { CommentStore } from '../store/comments';
import { runMain } from '../ops/main';
import { onProcessRestarts } from '../ops/supervision';
import { createReview } from '../review';
import { createApp } from './app';

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
  const logger = createLogger(config.LOG_LEVEL, 'api');
  const redis = createRedis(config.REDIS_URL);
  const keys = redisKeys(config.REDIS_PREFIX);
  const queueConnection = createRedis(config.REDIS_URL);
  const queue = new ScoringQueue(queueConnection, keys, config);
  const store = new CommentStore(redis, keys);
  const metrics = createApiMetrics({ queueCounts: () => queue.counts(), redis, keys });
  // Only as the process `npm start` runs: in-process (tests) the IPC channel, if any, is someone else's.
  if (options.supervised) onProcessRestarts((name) => metrics.processRestarts.inc({ process: name }));
  const review = createReview({ redis, config, keys, logger });
  const app = createApp({ config, redis, keys, store, queue, logger, metrics, review });

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
      await queue.close();
      queueConnection.disconnect();
      redis.disconnect();
    },
  };
}

if (require.main === module) {
  runMain('api', async () => {
    const api = await startApi(loadConfig(), { supervised: true });
    return () => api.close();
  });
}
