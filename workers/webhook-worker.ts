/**
 * The review background process: `node dist/workers/webhook-worker.js`.
 *
 * Delivers the signed webhooks queued by verdicts and decisions (BullMQ, retries with backoff) and runs the
 * review maintenance loop (expired claims back to the queue, text retention). It is separate from the scoring
 * worker so a slow site endpoint shares nothing with scoring; a scoring worker may instead call
 * startReviewBackground() itself. Any number may run: deliveries are BullMQ jobs, maintenance is per-item Lua.
 */
import { loadConfig, type Config } from '../src/config';
import { createLogger } from '../src/ops/logger';
import { runMain } from '../src/ops/main';
import { createRedis } from '../src/redis/connection';
import { startReviewBackground } from '../src/review';

export async function startWebhookWorkerProcess(config: Config) {
  if (!config.REDIS_URL) throw new Error('REDIS_URL is required to run the webhook worker (npm start sets it for you)');
  const logger = createLogger(config.LOG_LEVEL, 'review-worker');
  const redis = createRedis(config.REDIS_URL);
  const background = startReviewBackground({ redis, config, logger });
  logger.info({ webhooks: config.WEBHOOK_URL ? 'on' : 'off (WEBHOOK_URL unset)', retentionDays: config.TEXT_RETENTION_DAYS }, 'review background started');
  return {
    async close(): Promise<void> {
      await background.close();
      redis.disconnect();
    },
  };
}

if (require.main === module) {
  runMain('webhook-worker', async () => {
    const w = await startWebhookWorkerProcess(loadConfig());
    return () => w.close();
  });
}
