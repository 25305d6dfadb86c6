/**
 * The worker → record contract: `recordVerdict(comment, status, result)` saves the verdict, creates the review
 * item of a flagged comment, its audit entry and the verdict webhook's outbox row in ONE PostgreSQL transaction;
 * after the commit it publishes the live event, moves the verdict counter (first save only) and queues the webhook.
 *
 * Idempotent (a retried job calls it again): the verdict is overwritten with the same, the review item is
 * created once (its primary key), and the verdict webhook has a delivery id derived from the comment id, so
 * BullMQ keeps one job for it. Database errors propagate (the worker retries the job); webhook problems never do.
 */
import type { CommentInput } from '../domain/comment';
import type { ScoreResult } from '../domain/score';
import type { CommentStatus } from '../domain/verdicts';
import type { Db } from '../db';
import type { CommentStore } from '../store/comments';
import { drawnForAudit } from './audit';
import type { ReviewStore } from './store';
import { needsReview } from './store';
import type { WebhookPublisher } from './webhooks';

export type RecordVerdict = (comment: CommentInput, status: Exclude<CommentStatus, 'queued'>, result: ScoreResult) => Promise<void>;

/** What the site receives in a `comment.scored` webhook. No comment text: the site has it, and webhooks get logged. */
export function scoredWebhookData(comment: CommentInput, result: ScoreResult) {
  return {
    comment: { id: comment.id, threadId: comment.threadId, authorId: comment.author.id },
    verdict: result.verdict,
    score: result.score,
    priority: result.priority,
    labels: result.labels,
    reasons: result.reasons,
    slurs: result.slurs.map((s) => ({ term: s.term, category: s.category, severity: s.severity })),
    unscored: result.unscored ?? false,
    /** True when a moderator will look at it (a `comment.reviewed` webhook follows the decision). */
    heldForReview: needsReview(result),
  };
}

export function createRecordVerdict(deps: { db: Db; comments: CommentStore; store: ReviewStore; webhooks: WebhookPublisher; auditSampleRate?: number }): RecordVerdict {
  return async (comment, status, result) => {
    const { first, events, delivery } = await deps.db.transaction().execute(async (tx) => {
      const saved = await deps.comments.saveResult(comment.id, status, result, tx);
      // A published comment drawn into the audit sample goes to the low-priority `audit` queue (issue #13).
      const audit = drawnForAudit(comment.id, result, deps.auditSampleRate ?? 0) ? (await deps.store.ingestAuditIn(tx, comment, result)).events : [];
      const ingested = await deps.store.ingestIn(tx, comment, result);
      // The webhook's outbox row commits with the verdict: the reconciler re-sends it if the queueing below is lost.
      const d = await deps.webhooks.record(tx, 'comment.scored', `scored:${comment.id}`, scoredWebhookData(comment, result));
      return { first: saved, events: [...ingested.events, ...audit], delivery: d };
    });
    await deps.store.publish(events);
    if (first) await deps.comments.countVerdict(result.verdict).catch(() => undefined);
    await deps.webhooks.send([delivery]);
  };
}
