/**
 * Synchronous scoring through the workers: the API never loads a scorer. A caller that needs its answer now
 * (the Perspective-compatible API, the Coral moderation phase) puts one job on the `scoring-sync` queue and waits
 * for BullMQ's own completion event, with a deadline.
 *
 * Why a queue of its own rather than a priority in the scoring queue: BullMQ serves jobs WITHOUT a priority before
 * prioritised ones, so a priority would mean giving every ingest job one; and a sync job would still wait for a
 * free slot among the worker's `WORKER_BATCH_SIZE` ingest slots. A second BullMQ worker per process, on this
 * queue, with slots of its own, hands the job straight to the same micro-batcher: it is scored in the next
 * micro-batch whatever the ingest backlog.
 *
 * Why QueueEvents: the completion event (and its return value) comes over Redis streams, which BullMQ already
 * writes; one blocking reader per API process serves every waiting request. We subscribe to the job's events
 * BEFORE adding it (the job id is ours), so a job finished in the blink of an eye is never missed.
 *
 * Text jobs carry the text (there is nowhere else it lives) and are removed the moment they finish, failed or not;
 * their return value — which BullMQ keeps in its event stream — is numbers only, never a word of the text.
 */
import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents, type ConnectionOptions, type JobsOptions } from 'bullmq';
import type { LabelScores } from '../domain/labels';
import type { ScoreResult } from '../domain/score';
import type { Verdict } from '../domain/verdicts';
import { QUEUE_NAMES, type RedisKeys } from '../redis/keys';

/** Score these texts, keep nothing. Or: score this stored comment (its verdict is saved as on the ingest path). */
export type SyncJobData =
  /** `expiresAt` (ms): past it nobody waits for the answer, so a worker drops the job unscored (no wasted work). */
  | { kind: 'texts'; texts: string[]; expiresAt: number }
  | { kind: 'comment'; commentId: string };

/** A worker drops a text job with less time than this left before its deadline: the answer would come too late. */
export const SYNC_MIN_REMAINING_MS = 100;

/** What a scored text comes back as: scores and the verdict, nothing that repeats the text. */
export interface SyncTextScore {
  labels: LabelScores;
  /** Lexicon categories matched, with the worst severity of each (no terms, no spans: they would repeat the text). */
  categories: Record<string, number>;
  score: number;
  verdict: Verdict;
}

export type SyncJobResult =
  | { kind: 'texts'; scores: SyncTextScore[] }
  | { kind: 'comment'; verdict: Verdict; unscored: boolean }
  | { kind: 'comment'; skipped: 'missing' };

/** Trims a pipeline result to what may travel back through Redis. */
export function textScoreOf(result: ScoreResult): SyncTextScore {
  const labels: LabelScores = {};
  for (const [label, p] of Object.entries(result.labels) as [keyof LabelScores, number][]) labels[label] = Math.round(p * 1e6) / 1e6;
  const categories: Record<string, number> = {};
  for (const m of result.slurs) categories[m.category] = Math.max(categories[m.category] ?? 0, m.severity);
  return { labels, categories, score: result.score, verdict: result.verdict };
}

export class SyncTimeoutError extends Error {
  constructor(readonly deadlineMs: number) {
    super(`no worker scored the request within ${deadlineMs} ms`);
    this.name = 'SyncTimeoutError';
  }
}

export class SyncFailedError extends Error {
  constructor(reason: string) {
    super(`scoring failed: ${reason}`);
    this.name = 'SyncFailedError';
  }
}

const JOB_OPTIONS: JobsOptions = {
  // The caller is waiting: a retry after a back-off would answer after its deadline anyway.
  attempts: 1,
  // Newest first: below capacity the order does not matter; above it, serving the oldest first means serving
  // callers who are about to give up, so every caller times out. Newest first keeps answering most of them.
  lifo: true,
  removeOnComplete: true,
  removeOnFail: true,
};

export class SyncScoringClient {
  readonly queue: Queue<SyncJobData, SyncJobResult>;
  private readonly events: QueueEvents;
  private readonly ready: Promise<unknown>;

  constructor(connection: ConnectionOptions, keys: RedisKeys) {
    this.queue = new Queue<SyncJobData, SyncJobResult>(QUEUE_NAMES.scoringSync, { connection, prefix: keys.bullPrefix });
    this.events = new QueueEvents(QUEUE_NAMES.scoringSync, { connection, prefix: keys.bullPrefix });
    this.events.setMaxListeners(0);
    // Connection errors while Redis is away are retried by the client; requests meanwhile fail by their deadline.
    this.events.on('error', () => undefined);
    this.queue.on('error', () => undefined);
    this.ready = this.events.waitUntilReady();
  }

  /** Scores texts in one job (they join the same micro-batch); nothing of them stays in Redis after. */
  async scoreTexts(texts: string[], deadlineMs: number): Promise<SyncTextScore[]> {
    const result = await this.run(`sync-${randomUUID()}`, { kind: 'texts', texts, expiresAt: Date.now() + deadlineMs }, deadlineMs, true);
    if (result.kind !== 'texts') throw new SyncFailedError('unexpected result');
    return result.scores;
  }

  /** Scores a stored comment now (job id = comment id); its verdict is saved like any other. */
  async scoreComment(commentId: string, deadlineMs: number): Promise<SyncJobResult> {
    return this.run(commentId, { kind: 'comment', commentId }, deadlineMs, false);
  }

  private async run(jobId: string, data: SyncJobData, deadlineMs: number, dropOnTimeout: boolean): Promise<SyncJobResult> {
    const started = Date.now();
    await this.ready;
    // QueueEvents emits `completed:<jobId>` / `failed:<jobId>`; its typings only list the plain event names.
    const bus = this.events as unknown as NodeJS.EventEmitter;
    return new Promise<SyncJobResult>((resolve, reject) => {
      let settled = false;
      const done = (f: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        bus.off(`completed:${jobId}`, onCompleted);
        bus.off(`failed:${jobId}`, onFailed);
        f();
      };
      const onCompleted = (args: { returnvalue: unknown }) => done(() => resolve(parseReturn(args.returnvalue)));
      const onFailed = (args: { failedReason: string }) => done(() => reject(new SyncFailedError(args.failedReason)));
      const timer = setTimeout(() => done(() => {
        // Nobody will read the answer: a text job still waiting is taken back (with its text); one a worker holds
        // is removed when it finishes. A stored comment's job stays: it is scored later like any comment.
        if (dropOnTimeout) this.queue.remove(jobId).catch(() => undefined);
        reject(new SyncTimeoutError(deadlineMs));
      }), Math.max(0, deadlineMs - (Date.now() - started)));
      bus.on(`completed:${jobId}`, onCompleted);
      bus.on(`failed:${jobId}`, onFailed);
      this.queue.add(data.kind, data, { ...JOB_OPTIONS, jobId }).catch((err: unknown) => done(() => reject(err)));
    });
  }

  async close(): Promise<void> {
    await this.events.close();
    await this.queue.close();
  }
}

function parseReturn(value: unknown): SyncJobResult {
  return (typeof value === 'string' ? JSON.parse(value) : value) as SyncJobResult;
}
