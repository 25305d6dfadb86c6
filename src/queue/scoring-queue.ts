/**
 * The scoring queue (BullMQ): one job per accepted comment, job id = comment id, so BullMQ itself refuses a
 * second job for the same comment while the first exists. Jobs carry only the id; the worker reads the text
 * from the comment store, so the text lives in one place (and retention can drop it).
 */
import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import type { Config } from '../config';
import { QUEUE_NAMES, type RedisKeys } from '../redis/keys';

export interface ScoringJobData {
  commentId: string;
}

export type ScoringQueueConfig = Pick<Config, 'JOB_ATTEMPTS' | 'JOB_BACKOFF_MS'>;

export function scoringJobOptions(config: ScoringQueueConfig): JobsOptions {
  return {
    attempts: config.JOB_ATTEMPTS,
    backoff: { type: 'exponential', delay: config.JOB_BACKOFF_MS },
    // Finished jobs are not the record (the comment store is); keep a window for debugging only.
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

export class ScoringQueue {
  readonly queue: Queue<ScoringJobData>;

  constructor(connection: ConnectionOptions, keys: RedisKeys, private readonly config: ScoringQueueConfig) {
    this.queue = new Queue<ScoringJobData>(QUEUE_NAMES.scoring, { connection, prefix: keys.bullPrefix });
    // Connection errors reach whoever adds a job (the API answers 503); without a listener BullMQ prints each one.
    this.queue.on('error', () => undefined);
  }

  /** Queues one job per comment id in one round trip; ids already queued are ignored by BullMQ. */
  async enqueue(commentIds: readonly string[]): Promise<void> {
    if (commentIds.length === 0) return;
    const opts = scoringJobOptions(this.config);
    await this.queue.addBulk(commentIds.map((id) => ({ name: 'score', data: { commentId: id }, opts: { ...opts, jobId: id } })));
  }

  /**
   * For the reconciler: ids of comments the record says still wait for a verdict. An id without a job is queued;
   * one whose job finished (completed or failed, kept a while by removeOn*) without a verdict reaching the record
   * is removed and queued again; a waiting, delayed or active job is left alone. Returns how many were queued.
   */
  async requeue(commentIds: readonly string[]): Promise<number> {
    if (commentIds.length === 0) return 0;
    const states = await Promise.all(commentIds.map((id) => this.queue.getJobState(id)));
    const finished = commentIds.filter((_, i) => states[i] === 'completed' || states[i] === 'failed');
    // remove() refuses a job that is locked (active): only finished ones are removed, and a remove that races a
    // retry is skipped (the next sweep sees it again).
    await Promise.all(finished.map((id) => this.queue.remove(id).catch(() => 0)));
    const missing = commentIds.filter((_, i) => states[i] === 'unknown' || states[i] === 'completed' || states[i] === 'failed');
    await this.enqueue(missing);
    return missing.length;
  }

  async counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized');
  }

  /**
   * Jobs not yet scored (waiting, prioritized, delayed for a retry, active) and when the job next in line was
   * queued (ms; null when none waits): the backlog an operator alerts on.
   */
  async backlog(): Promise<{ jobs: number; oldestWaitingAt: number | null }> {
    const [counts, next] = await Promise.all([
      this.queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active'),
      // BullMQ takes jobs from the far end of its wait list; getWaiting(0, 0) is that end (ascending order).
      this.queue.getWaiting(0, 0),
    ]);
    const jobs = Object.values(counts).reduce((a, b) => a + b, 0);
    return { jobs, oldestWaitingAt: next[0]?.timestamp ?? null };
  }

  /** Scoring workers connected to this queue (BullMQ names their connections); null if Redis refuses CLIENT LIST. */
  async workers(): Promise<number | null> {
    return this.queue.getWorkersCount().catch(() => null);
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
