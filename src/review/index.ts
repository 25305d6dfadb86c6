/**
 * The review side assembled from config: what the API process and the worker processes each need.
 *
 *  - API:    const review = createReview({ redis, db, config, logger });
 *            app.use('/v1/review', createReviewRouter({ service: review.service, events: review.events, guard }));
 *  - scoring worker: record: review.recordVerdict  (one PostgreSQL transaction; then queues the webhook)
 *  - webhook process (workers/webhook-worker.ts): const bg = startReviewBackground({ redis, db, config, logger });
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Db } from '../db';
import { CommentStore } from '../store/comments';
import { redisKeys, type RedisKeys } from '../redis/keys';
import { ReviewEventHub } from './events';
import { createRecordVerdict, type PeopleRules } from './ingest';
import { PeopleStore } from './people';
import { loadPolicy } from '../policy/policy';
import { startReviewMaintenance } from './maintenance';
import { ReviewService, appealDecidedWebhook, reviewedWebhook } from './service';
import { auditWeight } from './audit';
import { LearningRecord } from './quality/record';
import { ReviewStore } from './store';
import { ScoringQueue } from '../queue/scoring-queue';
import { startReconciler } from './reconciler';
import { createWebhookPublisher, startWebhookWorker } from './webhooks';

type ReviewConfig = Pick<Config, 'REDIS_PREFIX' | 'REVIEW_LEASE_SECONDS' | 'REVIEW_REASON_CODES' | 'WEBHOOK_URL' | 'WEBHOOK_SECRET'
  | 'WEBHOOK_ATTEMPTS' | 'WEBHOOK_BACKOFF_MS' | 'WEBHOOK_TIMEOUT_MS' | 'TEXT_RETENTION_DAYS'> & Partial<Pick<Config, 'WEBHOOK_CONCURRENCY' | 'AUDIT_SAMPLE_RATE' | 'JOB_ATTEMPTS' | 'JOB_BACKOFF_MS' | 'RECONCILE_INTERVAL_MS' | 'RECONCILE_AFTER_SECONDS'>>
  & Partial<Pick<Config, 'AUTHOR_HISTORY_WINDOW_DAYS' | 'AUTHOR_HISTORY_REJECTION_RATE' | 'AUTHOR_HISTORY_MIN_COMMENTS' | 'NEAR_DUPLICATE_SIMILARITY' | 'NEAR_DUPLICATE_WINDOW_SECONDS'
  | 'REPORT_THRESHOLDS' | 'REPORT_PRIORITY_STEP' | 'REPORT_PRIORITY_MAX' | 'POLICY_FILE'>>;

/** The author rules' and raid grouping's settings from config (defaults where a caller passes a partial config). */
export function peopleRules(config: ReviewConfig): PeopleRules {
  const window = config.NEAR_DUPLICATE_WINDOW_SECONDS ?? 3600;
  return {
    author: { windowDays: config.AUTHOR_HISTORY_WINDOW_DAYS ?? 7, rejectionRate: config.AUTHOR_HISTORY_REJECTION_RATE ?? 0.3, minComments: config.AUTHOR_HISTORY_MIN_COMMENTS ?? 3 },
    nearDuplicates: window > 0 ? { similarity: config.NEAR_DUPLICATE_SIMILARITY ?? 0.7, windowMs: window * 1000 } : null,
  };
}

export interface ReviewDeps {
  /**
   * The API passes its fail-fast connection (createFailFastRedis: the webhook Queue only adds jobs); a worker passes
   * a waiting one (createRedis), which startReviewBackground's BullMQ Worker needs (maxRetriesPerRequest: null).
   */
  redis: Redis;
  /** PostgreSQL: review items, the audit log and (through the comment store) comments. */
  db: Db;
  /** The comment store to share (made on `db` when absent). */
  comments?: CommentStore;
  config: ReviewConfig;
  keys?: RedisKeys;
  logger?: Logger;
  clock?: () => number;
  /**
   * The search key (src/scoring/search-text.ts searchText): the API and the scoring worker pass the same one, so
   * what the worker stores is what the API's search folds queries to. Absent: lower case only.
   */
  searchText?: (text: string) => string;
}

export function createReview(deps: ReviewDeps) {
  const keys = deps.keys ?? redisKeys(deps.config.REDIS_PREFIX);
  const comments = deps.comments ?? new CommentStore(deps.db, { redis: deps.redis, keys });
  const learning = new LearningRecord(deps.db, deps.clock);
  const auditSampleRate = deps.config.AUDIT_SAMPLE_RATE ?? 0;
  const webhooks = createWebhookPublisher({ connection: deps.redis, keys, config: deps.config, db: deps.db, logger: deps.logger, clock: deps.clock });
  // The site's statements of reasons (POLICY_FILE `statements`) go into rejection webhooks.
  const policy = loadPolicy(deps.config.POLICY_FILE);
  const store = new ReviewStore({
    db: deps.db, redis: deps.redis, keys, comments, leaseSeconds: deps.config.REVIEW_LEASE_SECONDS, clock: deps.clock,
    searchText: deps.searchText,
    // Every final decision is kept as a labelled example, in the decision's own transaction (issue #13).
    onDecided: (tx, item) => learning.addDecision(tx, item, auditWeight(auditSampleRate)),
    // Every decision's webhook: its outbox row in the decision's own transaction, queued after the commit.
    reviewed: {
      record: (tx, item) => { const w = reviewedWebhook(item, policy); return webhooks.record(tx, 'comment.reviewed', w.eventKey, w.data); },
      recordAppeal: (tx, commentId, appeal, item) => { const w = appealDecidedWebhook(commentId, appeal, item); return webhooks.record(tx, 'comment.appeal_decided', w.eventKey, w.data); },
      send: (deliveries) => webhooks.send(deliveries),
    },
  });
  const people = new PeopleStore(deps.db, deps.clock);
  const service = new ReviewService({ store, reasonCodes: deps.config.REVIEW_REASON_CODES, logger: deps.logger, people, rules: peopleRules(deps.config), policy,
    reportRule: { thresholds: deps.config.REPORT_THRESHOLDS ?? { '*': 3 }, priorityStep: deps.config.REPORT_PRIORITY_STEP ?? 5, priorityMax: deps.config.REPORT_PRIORITY_MAX ?? 15 } });
  const events = new ReviewEventHub(deps.redis, keys.reviewEvents);
  return {
    keys,
    /** The record's database (the API's admin routes keep site lexicon terms there). */
    db: deps.db,
    store,
    people,
    service,
    events,
    webhooks,
    comments,
    /**
     * The worker's save: verdict, review item and audit entry in one transaction, then (after commit) the live
     * event, the verdict counter and the verdict webhook. Idempotent.
     */
    recordVerdict: createRecordVerdict({ db: deps.db, comments, store, webhooks, people, rules: peopleRules(deps.config), policy, auditSampleRate }),
    /** Decisions as examples, shadow scores and accepted thresholds (src/review/quality/record.ts). */
    learning,
    async close(): Promise<void> {
      await events.close();
      await webhooks.close();
    },
  };
}

export type Review = ReturnType<typeof createReview>;

/**
 * Background work for the webhook process (never a scoring worker, so a slow site never slows scoring): the
 * webhook delivery worker (when WEBHOOK_URL is set; WEBHOOK_CONCURRENCY deliveries at once), the maintenance
 * loop (lease expiry, text retention, partitions) and the reconciler (./reconciler.ts: comments without a verdict
 * and undelivered webhooks that have no job are queued again). Returns close(), which waits for in-flight work.
 */
export function startReviewBackground(deps: ReviewDeps & { maintenanceIntervalMs?: number; webhookConcurrency?: number }) {
  const keys = deps.keys ?? redisKeys(deps.config.REDIS_PREFIX);
  const store = new ReviewStore({ db: deps.db, redis: deps.redis, keys, leaseSeconds: deps.config.REVIEW_LEASE_SECONDS, clock: deps.clock });
  const worker = startWebhookWorker({ connection: deps.redis, keys, config: deps.config, db: deps.db, logger: deps.logger, concurrency: deps.webhookConcurrency ?? deps.config.WEBHOOK_CONCURRENCY });
  const maintenance = startReviewMaintenance({ store, db: deps.db, retentionDays: deps.config.TEXT_RETENTION_DAYS, intervalMs: deps.maintenanceIntervalMs, logger: deps.logger });
  const scoring = new ScoringQueue(deps.redis, keys, { JOB_ATTEMPTS: deps.config.JOB_ATTEMPTS ?? 3, JOB_BACKOFF_MS: deps.config.JOB_BACKOFF_MS ?? 1000 });
  const webhooks = createWebhookPublisher({ connection: deps.redis, keys, config: deps.config, db: deps.db, logger: deps.logger });
  const reconciler = startReconciler({
    db: deps.db, queue: scoring, webhooks, logger: deps.logger,
    intervalMs: deps.config.RECONCILE_INTERVAL_MS ?? 30_000, afterSeconds: deps.config.RECONCILE_AFTER_SECONDS ?? 60,
  });
  return {
    worker,
    reconciler,
    async close(): Promise<void> {
      await reconciler.stop();
      await maintenance.stop();
      await worker?.close();
      await webhooks.close();
      await scoring.close();
    },
  };
}
