/**
 * The webhook process: `node dist/workers/webhook-worker.js` (`npm start` runs one; compose's `webhooks` service).
 *
 * Delivers the signed webhooks queued by verdicts and decisions (BullMQ, WEBHOOK_CONCURRENCY at once, retries
 * with backoff) and runs the review maintenance loop (expired claims back to the queue, text retention). It is
 * its own process so notifying the site never takes time from scoring: the scoring workers only queue a
 * delivery (one Redis write). Any number may run: deliveries are BullMQ jobs, maintenance is per-item Lua.
 * With WORKER_HEALTH_PORT set it serves /healthz, /readyz (Redis reachable, delivery running) and /metrics.
 * It runs at a lower CPU priority (nice 10) than the scoring workers: on a busy machine a delivery waits a moment
 * rather than a verdict.
 */

/** `nice` value of the webhook process: scoring first when both want the CPU. */
const WEBHOOK_NICE = 10;
import { setPriority } from 'node:os';
import { loadConfig, type Config } from '../src/config';
import { createLogger } from '../src/ops/logger';
import { runMain } from '../src/ops/main';
import { createWebhookMetrics } from '../src/ops/metrics';
import { createRedis } from '../src/redis/connection';
import { startReviewBackground } from '../src/review';
import { createDb } from '../src/db';
import { serveHealth } from './health';

export async function startWebhookWorkerProcess(config: Config) {
  if (!config.REDIS_URL) throw new Error('REDIS_URL is required to run the webhook worker (npm start sets it for you)');
  const logger = createLogger(config.LOG_LEVEL, 'webhooks');
  const redis = createRedis(config.REDIS_URL);
  const metrics = createWebhookMetrics();
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required to run the webhook worker (npm start sets it for you)');
  const db = createDb(config.DATABASE_URL, { max: 4, applicationName: 'sieve-webhooks' });
  const background = startReviewBackground({ redis, db, config, logger });
  background.worker?.on('completed', () => metrics.deliveries.inc({ outcome: 'delivered' }));
  background.worker?.on('failed', () => metrics.deliveries.inc({ outcome: 'failed' }));
  const health = config.WORKER_HEALTH_PORT !== undefined ? await serveHealth(config.WORKER_HEALTH_PORT, async () => {
    const redisOk = await redis.ping().then(() => true, () => false);
    const delivering = background.worker ? background.worker.isRunning() : null;
    return { ready: redisOk && delivering !== false, checks: { redis: redisOk, webhooks: delivering === null ? 'off (WEBHOOK_URL unset)' : delivering } };
  }, () => metrics.registry.metrics()) : undefined;
  logger.info({ webhooks: config.WEBHOOK_URL ? 'on' : 'off (WEBHOOK_URL unset)', concurrency: config.WEBHOOK_CONCURRENCY, retentionDays: config.TEXT_RETENTION_DAYS }, 'webhook process started');
  return {
    async close(): Promise<void> {
      await background.close();
      health?.close();
      redis.disconnect();
      await db.destroy();
    },
  };
}

if (require.main === module) {
  runMain('webhooks', async () => {
    try {
      setPriority(WEBHOOK_NICE);
    } catch {
      // Not permitted here (some containers): run at the normal priority.
    }
    const w = await startWebhookWorkerProcess(loadConfig());
    return () => w.close();
  });
}
