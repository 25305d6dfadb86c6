/** Liveness, readiness and metrics: unauthenticated, for orchestrators and Prometheus on a private network. */
import { Router } from 'express';
import type { Redis } from 'ioredis';
import type { ApiMetrics } from '../../ops/metrics';

export function createHealthRouter(deps: { redis: Redis; metrics: ApiMetrics }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const redis = await Promise.race([
      deps.redis.ping().then(() => true, () => false),
      new Promise<boolean>((r) => setTimeout(() => r(false), 1000).unref()),
    ]);
    res.status(redis ? 200 : 503).json({ status: redis ? 'ready' : 'not_ready', checks: { redis } });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  return router;
}
