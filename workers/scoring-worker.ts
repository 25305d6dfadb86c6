/**
 * The scoring worker process: `node dist/workers/scoring-worker.js`. Scale out by running more of them.
 *
 * BullMQ hands us one job at a time; with concurrency = WORKER_BATCH_SIZE up to B jobs are active at once and
 * the micro-batcher scores them together (up to B jobs or T ms). BullMQ keeps what makes this safe: a job stays
 * locked to this worker while it lives; if the process dies, its jobs stall and are re-queued for another worker
 * (stalled-job recovery); failures are retried with exponential backoff.
 */
import { Worker, type Job } from 'bullmq';
import { sql } from 'kysely';
import { loadConfig, type Config } from '../src/config';
import type { ScoringJobData } from '../src/queue/scoring-queue';
import { SYNC_MIN_REMAINING_MS, textScoreOf, type SyncJobData, type SyncJobResult } from '../src/queue/sync-scoring';
import { createLogger } from '../src/ops/logger';
import { runMain } from '../src/ops/main';
import { createWorkerMetrics } from '../src/ops/metrics';
import { loadPolicy } from '../src/policy/policy';
import { createRedis, isStoreUnavailable, logConnectionState } from '../src/redis/connection';
import { QUEUE_NAMES, redisKeys } from '../src/redis/keys';
import { createReview } from '../src/review';
import { createPipeline, type Pipeline } from '../src/scoring/pipeline';
import { SiteTermStore } from '../src/scoring/lexicon/site-terms';
import { createScorers } from '../src/scoring/scorers';
import type { Scorer } from '../src/scoring/types';
import { createShadow, type Shadow, type ShadowSink } from '../src/scoring/shadow';
import { searchText } from '../src/scoring/search-text';
import { createDb } from '../src/db';
import { serveHealth } from './health';
import { MicroBatcher } from './micro-batcher';
import { createBatchScorer, type BatchJob, type JobResult, type RecordVerdict } from './score-batch';

export interface WorkerOptions {
  /** Use this pipeline instead of building one from SCORERS (tests inject a failing scorer this way). */
  pipeline?: Pipeline;
  /** Or: these scorers instead of SCORERS, in a pipeline judged by the policy in force (tests plant a model this way). */
  scorers?: Scorer[];
  /** Saves each verdict. Default: the review side's recordVerdict (verdict + review item + audit in one transaction, then webhooks). */
  record?: RecordVerdict;
  /** A shadow instead of the one SHADOW_* describe (tests plant one this way); null = none. */
  shadow?: Shadow | null;
  /** Where shadow scores go; default: nowhere yet (counted in sieve_shadow_verdicts_total only). */
  shadowSink?: ShadowSink;
}

export interface RunningWorker {
  worker: Worker<ScoringJobData, JobResult>;
  /** Synchronous scoring (src/queue/sync-scoring.ts): its own slots, the same micro-batcher. */
  syncWorker: Worker<SyncJobData, SyncJobResult>;
  /** Finishes the batch in hand, then stops taking jobs. */
  close(): Promise<void>;
}

export async function startWorker(config: Config, options: WorkerOptions = {}): Promise<RunningWorker> {
  if (!config.REDIS_URL) throw new Error('REDIS_URL is required to run a worker (npm start sets it for you)');
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required to run a worker (npm start sets it for you)');
  const logger = createLogger(config.LOG_LEVEL, 'worker');
  const metrics = createWorkerMetrics();
  const keys = redisKeys(config.REDIS_PREFIX);
  const redis = createRedis(config.REDIS_URL);
  const db = createDb(config.DATABASE_URL, { max: config.DB_POOL_SIZE, applicationName: 'sieve-worker' });
  const basePolicy = loadPolicy(config.POLICY_FILE);
  let policy = basePolicy;

  const scorerDeps = { siteTerms: new SiteTermStore(redis, keys, db), logger };
  const liveScorers = options.pipeline ? [] : options.scorers ?? await createScorers(config.SCORERS, config, scorerDeps);
  // Raid grouping reads a signature of each comment's normalised text, computed here so it rides along with the result.
  const nearDuplicates = config.NEAR_DUPLICATE_WINDOW_SECONDS > 0 ? { similarity: config.NEAR_DUPLICATE_SIMILARITY, minLength: config.NEAR_DUPLICATE_MIN_LENGTH } : undefined;
  const pipeline = options.pipeline ?? createPipeline(liveScorers, () => policy, { nearDuplicates });
  logger.info({ scorers: pipeline.scorers, batchSize: config.WORKER_BATCH_SIZE, waitMs: config.WORKER_BATCH_WAIT_MS }, 'scorers loaded');
  // The shadow scores a sample beside the live pipeline and never acts (src/scoring/shadow.ts).
  const shadow = options.shadow !== undefined ? options.shadow
    : options.pipeline || options.scorers ? null : await createShadow(config, liveScorers, scorerDeps, () => policy);
  if (shadow) logger.info({ shadow: shadow.description }, 'shadow scoring on');

  // Flagged comments go to the review queue. Webhooks are only queued here (one Redis write): delivering them is
  // the webhook process's job (workers/webhook-worker.ts), so a slow site never takes a scoring core.
  const review = createReview({ redis, db, config, keys, logger, searchText });
  const store = review.comments;
  // Thresholds admins accepted on the quality page (issue #13): read now, and again whenever one is accepted or
  // reverted (Redis pub/sub; a reconnect counts as a change, since a message may have been missed).
  const reloadPolicy = async () => {
    try {
      policy = await review.learning.policy(basePolicy);
    } catch (err) {
      logger.error({ err }, 'could not read the accepted thresholds: scoring keeps the ones it has');
    }
  };
  await reloadPolicy();
  const policySub = redis.duplicate();
  policySub.on('message', () => void reloadPolicy());
  policySub.on('ready', () => void reloadPolicy());
  await policySub.subscribe(keys.policyEvents);
  const { scoreBatch, holdIfStillQueued, drainShadow } = createBatchScorer({
    pipeline, policy: basePolicy, store, record: options.record ?? review.recordVerdict, logger, metrics,
    // Verdicts are saved concurrently, leaving two pool connections for the batch read and the review side's other work.
    saveConcurrency: Math.max(1, config.DB_POOL_SIZE - 2),
    // Shadow scores are kept in the learning record (shadow_scores) unless a test takes them.
    shadow: shadow ? { shadow, sink: options.shadowSink ?? ((scores, d) => review.learning.addShadowScores(scores, d)) } : undefined,
  });
  const batcher = new MicroBatcher<BatchJob, JobResult>(config.WORKER_BATCH_SIZE, config.WORKER_BATCH_WAIT_MS, scoreBatch);

  // The ingest and the synchronous queue's workers: slots for one micro-batch each, the same leases.
  const workerOptions = (connection: ReturnType<typeof createRedis>) => ({
    connection,
    prefix: keys.bullPrefix,
    concurrency: config.WORKER_BATCH_SIZE,
    lockDuration: config.WORKER_LOCK_MS,
    stalledInterval: config.STALLED_INTERVAL_MS,
    // A comment whose worker died is re-queued, not failed: a crash is not the comment's fault.
    maxStalledCount: Math.max(config.JOB_ATTEMPTS, 3),
    autorun: false,
  });
  const workerConnection = createRedis(config.REDIS_URL);
  const worker = new Worker<ScoringJobData, JobResult>(
    QUEUE_NAMES.scoring,
    async (job: Job<ScoringJobData>) => batcher.submit({
      commentId: job.data.commentId,
      lastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
    }),
    workerOptions(workerConnection),
  );
  worker.on('failed', (job, err) => {
    if (!job) return;
    // Our processor never fails a job on its last attempt (it holds the comment unscored instead), so a job that
    // is finished as failed here was failed by BullMQ itself — e.g. it stalled more often than allowed.
    if (!job.finishedOn) {
      logger.warn({ commentId: job.id, attempt: job.attemptsMade, err: err.message }, 'scoring attempt failed; will retry');
      return;
    }
    holdIfStillQueued(job.data.commentId, err).catch((e: unknown) => logger.error({ commentId: job.id, err: e }, 'could not hold a failed job for review'));
  });
  // A Redis outage pauses scoring and its end resumes it: one line each (below), not an error per reconnect attempt.
  worker.on('error', (err) => (isStoreUnavailable(err) ? logger.debug({ err: err.message }, 'worker: Redis unavailable') : logger.error({ err }, 'worker error')));
  logConnectionState(workerConnection, logger, 'scoring');

  // Synchronous requests: a queue of their own with slots of their own, so a waiting caller joins the next
  // micro-batch whatever the ingest backlog. Texts are scored and forgotten; a stored comment is saved as usual.
  const syncConnection = createRedis(config.REDIS_URL);
  const syncWorker = new Worker<SyncJobData, SyncJobResult>(
    QUEUE_NAMES.scoringSync,
    async (job: Job<SyncJobData>): Promise<SyncJobResult> => {
      const data = job.data;
      if (data.kind === 'comment') {
        const r = await batcher.submit({ commentId: data.commentId, lastAttempt: true });
        return 'verdict' in r ? { kind: 'comment', verdict: r.verdict, unscored: r.unscored } : { kind: 'comment', skipped: 'missing' };
      }
      // Under overload a job may reach us after its caller has been answered 504: scoring it would only delay the
      // callers still waiting.
      if (Date.now() > data.expiresAt - SYNC_MIN_REMAINING_MS) throw new Error('expired before a worker took it: the caller is answered 504');
      const results = await Promise.all(data.texts.map((text) => batcher.submit({ text })));
      return {
        kind: 'texts',
        scores: results.map((r) => {
          if (!('scored' in r)) throw new Error('a text came back without a score');
          return textScoreOf(r.scored);
        }),
      };
    },
    workerOptions(syncConnection),
  );
  syncWorker.on('error', (err) => (isStoreUnavailable(err) ? logger.debug({ err: err.message }, 'sync worker: Redis unavailable') : logger.error({ err }, 'sync worker error')));
  // A recorded comment (Coral phase) whose sync job BullMQ fails for good by itself (e.g. stalled past the limit)
  // is held for review unscored, as on the ingest path; a text job's failure is only its caller's business.
  syncWorker.on('failed', (job, err) => {
    if (!job || job.data.kind !== 'comment' || !job.finishedOn) return;
    holdIfStillQueued(job.data.commentId, err).catch((e: unknown) => logger.error({ commentId: job.id, err: e }, 'could not hold a failed job for review'));
  });
  void worker.run();
  void syncWorker.run();

  const health = config.WORKER_HEALTH_PORT !== undefined ? await serveHealth(config.WORKER_HEALTH_PORT, async () => {
    const redisOk = await redis.ping().then(() => true, () => false);
    const databaseOk = await sql`SELECT 1`.execute(db).then(() => true, () => false);
    const running = worker.isRunning() && syncWorker.isRunning();
    return { ready: redisOk && databaseOk && running, checks: { redis: redisOk, database: databaseOk, scorers: pipeline.scorers, running } };
  }, () => metrics.registry.metrics()) : undefined;

  return {
    worker,
    syncWorker,
    async close() {
      batcher.flush();
      await Promise.all([worker.close(), syncWorker.close()]);
      await drainShadow();
      policySub.disconnect();
      await review.close();
      health?.close();
      await shadow?.close();
      await pipeline.close();
      workerConnection.disconnect();
      syncConnection.disconnect();
      redis.disconnect();
      await db.destroy();
    },
  };
}

if (require.main === module) {
  runMain('worker', async () => {
    const w = await startWorker(loadConfig());
    return () => w.close();
  });
}
