/**
 * The worker → review contract: after a verdict is saved, the scoring worker calls `ingestVerdict`.
 *
 * It is idempotent (a retried job calls it again): the review item is created once (the ingest script checks),
 * and the verdict webhook has a delivery id derived from the comment id, so BullMQ keeps one job for it.
 * Redis errors propagate (the worker retries the job); webhook problems never do.
 */
import type { CommentInput } from '../domain/comment';
import type { ScoreResult } from '../domain/score';
import type { ReviewStore } from './store';
import { needsReview } from './store';
import type { WebhookPublisher } from './webhooks';

export type IngestVerdict = (comment: CommentInput, result: ScoreResult) => Promise<void>;

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

export function createIngestVerdict(deps: { store: ReviewStore; webhooks: WebhookPublisher }): IngestVerdict {
  return async (comment, result) => {
    await deps.store.ingest(comment, result);
    await deps.webhooks.publish('comment.scored', `scored:${comment.id}`, scoredWebhookData(comment, result));
  };
}
