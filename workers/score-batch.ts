/**
 * What a worker does with one micro-batch of comments: read them, score them in one pass, save each verdict,
 * saving verdict, review item and audit entry in one transaction, then queueing webhooks. A batch that fails is retried one comment at a time, so
 * one poisonous comment cannot hold its neighbours back; a comment on its last attempt that still fails is held
 * for human review as unscored — never published.
 */
import type { CommentRecord } from '../src/domain/comment';
import type { ScoreResult } from '../src/domain/score';
import type { Logger } from '../src/ops/logger';
import type { WorkerMetrics } from '../src/ops/metrics';
import { decideUnscored } from '../src/policy/policy';
import type { Policy } from '../src/policy/defaults';
import type { Pipeline } from '../src/scoring/pipeline';
import type { Shadow, ShadowScore, ShadowSink } from '../src/scoring/shadow';
import type { CommentStore } from '../src/store/comments';
import type { Outcome } from './micro-batcher';

/** A stored comment to score and save, or a bare text to score and forget (synchronous scoring, nothing kept). */
export type BatchJob =
  | {
    commentId: string;
    /** True when this is the job's last attempt: a failure now means "hold unscored", not "retry". */
    lastAttempt: boolean;
  }
  | { text: string };

/**
 * Saves a verdict (with the review item and audit entry, in one transaction) and tells whoever listens after the
 * commit (webhooks, live pages). Must be idempotent: a retried job calls it again.
 */
export type RecordVerdict = (comment: CommentRecord, status: 'scored' | 'failed', result: ScoreResult) => Promise<ScoreResult | void>;

export interface BatchScorerDeps {
  pipeline: Pipeline;
  policy: Policy;
  store: CommentStore;
  record: RecordVerdict;
  logger: Logger;
  metrics: WorkerMetrics;
  /**
   * A second scorer configuration run on a sample AFTER the live verdicts are saved and their listeners have run;
   * its results go to `sink` and never act (src/scoring/shadow.ts).
   */
  shadow?: { shadow: Shadow; sink?: ShadowSink };
  /**
   * How many of a batch's verdicts are saved at once (each is its own transaction). Default 1. The worker passes
   * its database pool's size less two, so a batch's saves do not queue behind each other's round trips.
   */
  saveConcurrency?: number;
}

export type JobResult = { verdict: ScoreResult['verdict']; unscored: boolean } | { skipped: 'missing' } | { scored: ScoreResult };

export function createBatchScorer(deps: BatchScorerDeps) {
  const { pipeline, store, logger, metrics } = deps;

  const finish = async (comment: CommentRecord, scored: ScoreResult, status: 'scored' | 'failed') => {
    // The record may make the verdict stricter (author rules): count what was saved.
    const result = (await deps.record(comment, status, scored)) ?? scored;
    metrics.verdicts.inc({ verdict: result.verdict });
    const accepted = Date.parse(comment.acceptedAt);
    if (Number.isFinite(accepted)) metrics.acceptToVerdictSeconds.observe((Date.now() - accepted) / 1000);
    return result;
  };

  const holdUnscored = async (comment: CommentRecord, error: Error): Promise<JobResult> => {
    const result: ScoreResult = { labels: {}, slurs: [], ...decideUnscored(error.message, deps.policy), scorers: [...pipeline.scorers], unscored: true };
    await finish(comment, result, 'failed');
    metrics.unscored.inc();
    logger.error({ commentId: comment.id, err: error }, 'scoring kept failing: held for review as unscored');
    return { verdict: result.verdict, unscored: true };
  };

  /** Scores texts together; returns one result per text, in order. */
  const scoreTogether = async (texts: string[]): Promise<ScoreResult[]> => {
    const end = metrics.scoringSeconds.startTimer();
    const results = await pipeline.scoreBatch(texts);
    end();
    metrics.batchSize.observe(texts.length);
    return results;
  };

  /**
   * The shadow pass runs after everything live is done and in the background: the batch's outcomes do not wait for
   * it, and nothing it does or throws reaches them. One pass at a time: a batch whose sample finds the previous
   * pass still running is not shadow-scored (counted), so a slow shadow model can never build a backlog.
   */
  let shadowRunning: Promise<void> | null = null;
  const runShadow = async (s: NonNullable<BatchScorerDeps['shadow']>, sample: readonly { comment: CommentRecord; result: ScoreResult }[]) => {
    try {
      const results = await s.shadow.scoreBatch(sample.map((x) => x.comment.text));
      const scores: ShadowScore[] = sample.map((x, k) => ({ commentId: x.comment.id, live: x.result, shadow: results[k]! }));
      for (const sc of scores) metrics.shadowVerdicts.inc({ live: sc.live.verdict, shadow: sc.shadow.verdict });
      await s.sink?.(scores, s.shadow.description);
    } catch (err) {
      metrics.shadowFailures.inc();
      logger.warn({ err, size: sample.length }, 'shadow scoring failed (live verdicts unaffected)');
    }
  };
  const startShadow = (saved: readonly { comment: CommentRecord; result: ScoreResult }[]) => {
    const s = deps.shadow;
    if (!s) return;
    const sample = saved.filter(({ comment, result }) => !result.unscored && s.shadow.sampled(comment.id));
    if (sample.length === 0) return;
    if (shadowRunning) {
      metrics.shadowSkipped.inc(sample.length);
      return;
    }
    shadowRunning = runShadow(s, sample).finally(() => { shadowRunning = null; });
  };

  async function scoreBatch(jobs: BatchJob[]): Promise<Outcome<JobResult>[]> {
    const storedIds = jobs.flatMap((j) => ('commentId' in j ? [j.commentId] : []));
    const read = await store.getMany(storedIds);
    const records: (CommentRecord | null)[] = [];
    const texts: string[] = [];
    const outcomes: Outcome<JobResult>[] = new Array(jobs.length);
    const live: number[] = [];
    let next = 0;
    jobs.forEach((job, i) => {
      if ('text' in job) {
        records.push(null);
        texts[i] = job.text;
        live.push(i);
        return;
      }
      const r = read[next++] ?? null;
      records.push(r);
      if (!r) {
        logger.warn({ commentId: job.commentId }, 'job for a comment that is not stored: skipped');
        outcomes[i] = { ok: true, value: { skipped: 'missing' } };
      } else {
        texts[i] = r.text;
        live.push(i);
      }
    });

    const saved: { comment: CommentRecord; result: ScoreResult }[] = [];
    const save = async (i: number, result: ScoreResult) => {
      const record = records[i];
      if (!record) {
        // A bare text: the caller gets the result; nothing is saved.
        outcomes[i] = { ok: true, value: { scored: result } };
        return;
      }
      const stored = await finish(record, result, 'scored');
      saved.push({ comment: record, result: stored });
      metrics.scored.inc();
      outcomes[i] = { ok: true, value: { verdict: stored.verdict, unscored: false } };
    };
    const fail = async (i: number, error: Error) => {
      metrics.failed.inc();
      const job = jobs[i]!;
      outcomes[i] = 'commentId' in job && job.lastAttempt
        ? { ok: true, value: await holdUnscored(records[i]!, error) }
        : { ok: false, error };
    };

    try {
      const results = await scoreTogether(live.map((i) => texts[i]!));
      await saveAll(live.map((i, k) => () => save(i, results[k]!)), deps.saveConcurrency ?? 1);
    } catch (batchError) {
      if (live.length === 1) {
        await fail(live[0]!, asError(batchError));
      } else {
        logger.warn({ err: batchError, size: live.length }, 'batch failed: scoring its comments one at a time');
        for (const i of live) {
          try {
            const [result] = await scoreTogether([texts[i]!]);
            await save(i, result!);
          } catch (err) {
            await fail(i, asError(err));
          }
        }
      }
    }
    startShadow(saved);
    return outcomes;
  }

  /**
   * For a job BullMQ failed for good without our processor deciding (e.g. it stalled past the limit because the
   * comment kept killing its worker): hold the comment unscored, unless it already has a verdict.
   */
  async function holdIfStillQueued(commentId: string, error: Error): Promise<boolean> {
    const comment = await store.get(commentId);
    if (!comment || comment.status !== 'queued') return false;
    await holdUnscored(comment, error);
    return true;
  }

  /** Waits for the shadow pass in flight, if any (before the scorers close). */
  const drainShadow = async (): Promise<void> => { await shadowRunning; };

  return { scoreBatch, holdIfStillQueued, drainShadow };
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/**
 * Runs the saves, at most `limit` at a time, and waits for every one to settle before failing with the first
 * error: the one-at-a-time retry that follows a failure never races a save still in flight (saves are idempotent).
 */
async function saveAll(saves: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const lane = async () => {
    while (next < saves.length) {
      const run = saves[next++]!;
      await run().catch((err: unknown) => { errors.push(err); });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, saves.length)) }, lane));
  if (errors.length > 0) throw errors[0];
}
