/**
 * Prometheus metrics. Each process has its own registry: the API exposes request and queue metrics (plus the
 * verdict totals kept in Redis, so they count every worker), each worker its scoring metrics.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Redis } from 'ioredis';
import { VERDICTS } from '../domain/verdicts';
import type { RedisKeys } from '../redis/keys';

/**
 * Where the API's operator gauges read from, on each scrape (nothing is kept in between): the review store, the
 * scoring queue and the webhook queue, all in Redis, so they show what every process did. Passed in as functions
 * because ops sits below the review and queue layers.
 */
export interface OperatorSources {
  /** Per review state: items, and the created-at (ms) of the oldest comment among them (null when empty). */
  reviewStats: () => Promise<Record<string, { count: number; oldestCommentMs: number | null }>>;
  /** Scoring jobs not yet done, and when the job next in line was queued (ms, null when none waits). */
  scoringBacklog: () => Promise<{ jobs: number; oldestWaitingAt: number | null }>;
  /** Scoring workers connected to the queue (null when Redis will not say). */
  scoringWorkers: () => Promise<number | null>;
  /** Webhook deliveries by state (null when webhooks are off). */
  webhookDeliveries: () => Promise<Record<string, number> | null>;
}

/** Review states that are still waiting for a decision: the ones whose oldest item has an age worth alerting on. */
export const OPEN_REVIEW_STATES = ['pending', 'claimed', 'escalated'] as const;

export function createApiMetrics(opts: {
  queueCounts: () => Promise<Record<string, number>>;
  redis: Redis;
  keys: RedisKeys;
  operator?: OperatorSources;
  clock?: () => number;
}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'sieve_api_' });
  const requests = new Counter({ name: 'sieve_http_requests_total', help: 'HTTP requests by method, route and status', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const duration = new Histogram({ name: 'sieve_http_request_duration_seconds', help: 'HTTP request duration', labelNames: ['method', 'route'], buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry] });
  const accepted = new Counter({ name: 'sieve_comments_accepted_total', help: 'Comments accepted (new, not duplicates)', registers: [registry] });
  const throttled = new Counter({ name: 'sieve_throttled_total', help: 'Requests refused with 429 by a quota or throttle, by limit (requests, comments, signin) and route', labelNames: ['limit', 'route'], registers: [registry] });
  const sync = new Histogram({ name: 'sieve_sync_scoring_seconds', help: 'Synchronous scoring: from the API queueing the job to its answer, by outcome', labelNames: ['outcome'], buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5], registers: [registry] });
  // Told by `npm start` over its IPC channel (src/ops/supervision.ts); stays 0 elsewhere.
  const processRestarts = new Counter({ name: 'sieve_process_restarts_total', help: 'Worker processes npm start restarted after a crash, by process name', labelNames: ['process'], registers: [registry] });
  new Gauge({
    name: 'sieve_queue_jobs', help: 'Scoring queue jobs by state', labelNames: ['state'], registers: [registry],
    async collect() {
      for (const [state, n] of Object.entries(await opts.queueCounts())) this.set({ state }, n);
    },
  });
  new Gauge({
    name: 'sieve_verdicts', help: 'Comments scored, by verdict (all workers, from Redis)', labelNames: ['verdict'], registers: [registry],
    async collect() {
      const values = await opts.redis.mget(...VERDICTS.map((v) => opts.keys.verdictCount(v)));
      VERDICTS.forEach((v, i) => this.set({ verdict: v }, Number(values[i] ?? 0)));
    },
  });
  if (opts.operator) registerOperatorGauges(registry, opts.operator, opts.clock ?? Date.now);
  return { registry, requests, duration, accepted, throttled, sync, processRestarts };
}
export type ApiMetrics = ReturnType<typeof createApiMetrics>;

/** The webhook process: deliveries by outcome (`delivered`, `failed` = an attempt failed and will be retried or given up). */
export function createWebhookMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'sieve_webhooks_' });
  return {
    registry,
    deliveries: new Counter({ name: 'sieve_webhook_deliveries_total', help: 'Webhook delivery attempts by outcome', labelNames: ['outcome'], registers: [registry] }),
  };
}

export function createWorkerMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'sieve_worker_' });
  return {
    registry,
    scored: new Counter({ name: 'sieve_jobs_scored_total', help: 'Comments scored', registers: [registry] }),
    failed: new Counter({ name: 'sieve_jobs_failed_total', help: 'Scoring attempts that failed (retried or held unscored)', registers: [registry] }),
    unscored: new Counter({ name: 'sieve_jobs_unscored_total', help: 'Comments held for review because scoring kept failing', registers: [registry] }),
    verdicts: new Counter({ name: 'sieve_worker_verdicts_total', help: 'Verdicts given by this worker', labelNames: ['verdict'], registers: [registry] }),
    batchSize: new Histogram({ name: 'sieve_batch_size', help: 'Comments per scoring batch', buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256], registers: [registry] }),
    scoringSeconds: new Histogram({ name: 'sieve_scoring_latency_seconds', help: 'Time to score one batch', buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [registry] }),
    acceptToVerdictSeconds: new Histogram({ name: 'sieve_accept_to_verdict_seconds', help: 'From API acceptance to verdict', buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60], registers: [registry] }),
    shadowVerdicts: new Counter({ name: 'sieve_shadow_verdicts_total', help: 'Comments the shadow configuration scored, by the live verdict and the shadow\'s (they never act)', labelNames: ['live', 'shadow'], registers: [registry] }),
    shadowSkipped: new Counter({ name: 'sieve_shadow_skipped_total', help: 'Sampled comments not shadow-scored because the previous shadow pass was still running', registers: [registry] }),
    shadowFailures: new Counter({ name: 'sieve_shadow_failures_total', help: 'Shadow scoring passes that failed (the live verdicts were already saved)', registers: [registry] }),
  };
}
export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;

const ageSeconds = (now: number, since: number | null) => (since === null ? 0 : Math.max(0, (now - since) / 1000));

/** The gauges an operator alerts on (docs/prometheus-alerts.yml) and watches (docs/grafana-dashboard.json). */
function registerOperatorGauges(registry: Registry, src: OperatorSources, clock: () => number): void {
  // One read of the review store per scrape, shared by its two gauges (prom-client collects them in turn).
  let reviewRead: Promise<Awaited<ReturnType<OperatorSources['reviewStats']>>> | null = null;
  const reviewStats = () => (reviewRead ??= src.reviewStats().finally(() => setTimeout(() => (reviewRead = null), 0)));
  new Gauge({
    name: 'sieve_review_items', help: 'Review items by state (pending = waiting for a moderator)', labelNames: ['state'], registers: [registry],
    async collect() {
      for (const [state, s] of Object.entries(await reviewStats())) this.set({ state }, s.count);
    },
  });
  new Gauge({
    name: 'sieve_review_oldest_comment_age_seconds',
    help: 'Age of the oldest comment among the items in a state still waiting for a decision, from the comment\'s createdAt (the time the queue orders by); 0 when none',
    labelNames: ['state'], registers: [registry],
    async collect() {
      const stats = await reviewStats();
      const now = clock();
      for (const state of OPEN_REVIEW_STATES) this.set({ state }, ageSeconds(now, stats[state]?.oldestCommentMs ?? null));
    },
  });

  let backlogRead: ReturnType<OperatorSources['scoringBacklog']> | null = null;
  const backlog = () => (backlogRead ??= src.scoringBacklog().finally(() => setTimeout(() => (backlogRead = null), 0)));
  new Gauge({
    name: 'sieve_scoring_backlog_jobs', help: 'Comments accepted but not yet scored (queue jobs waiting, delayed for a retry or active)', registers: [registry],
    async collect() {
      this.set((await backlog()).jobs);
    },
  });
  new Gauge({
    name: 'sieve_scoring_oldest_waiting_age_seconds', help: 'How long the scoring job next in line has been queued; 0 when none waits', registers: [registry],
    async collect() {
      this.set(ageSeconds(clock(), (await backlog()).oldestWaitingAt));
    },
  });
  new Gauge({
    name: 'sieve_scoring_workers', help: 'Scoring workers connected to the queue (absent when Redis refuses CLIENT LIST)', registers: [registry],
    async collect() {
      const n = await src.scoringWorkers();
      if (n === null) this.reset();
      else this.set(n);
    },
  });
  new Gauge({
    name: 'sieve_webhook_queue_jobs',
    help: 'Webhook deliveries in the queue by state (failed = gave up after every attempt, kept 30 days; delayed = waiting to retry); absent when webhooks are off',
    labelNames: ['state'], registers: [registry],
    async collect() {
      const counts = await src.webhookDeliveries();
      if (!counts) return this.reset();
      for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
    },
  });
}
