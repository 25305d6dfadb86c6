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
import { sectionOf, type CommentStore } from '../store/comments';
import { applyAuthorRules, type AuthorRuleConfig } from '../policy/authors';
import type { NearDuplicateRule } from '../policy/near-duplicates';
import type { PeopleStore } from './people';
import { DEFAULT_POLICY, type Policy } from '../policy/defaults';
import { rejectReasonOf, statementOfReasons } from '../policy/statements';
import { drawnForAudit } from './audit';
import type { ReviewStore } from './store';
import { needsReview } from './store';
import type { WebhookPublisher } from './webhooks';

/** Returns the result as saved: the author rules may have made the verdict stricter (its reasons say so). */
export type RecordVerdict = (comment: CommentInput, status: Exclude<CommentStatus, 'queued'>, result: ScoreResult) => Promise<ScoreResult>;

/** What recordVerdict applies besides saving: the author rules and raid grouping (null = grouping off). */
export interface PeopleRules {
  author: AuthorRuleConfig;
  nearDuplicates: NearDuplicateRule | null;
}

/** What the site receives in a `comment.scored` webhook. No comment text: the site has it, and webhooks get logged. */
export function scoredWebhookData(comment: CommentInput, result: ScoreResult, policy: Policy = DEFAULT_POLICY, until?: string) {
  const categories = new Map(result.slurs.map((s) => [s.term, s.category]));
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
    /** For a rejected comment: what the site shows its author (POLICY_FILE \`statements\`); null otherwise. */
    statement: result.verdict === 'reject'
      ? statementOfReasons(rejectReasonOf(result.reasons, (t) => categories.get(t)), { automated: true, threadId: comment.threadId, commentId: comment.id, until }, policy)
      : null,
  };
}

export function createRecordVerdict(deps: { db: Db; comments: CommentStore; store: ReviewStore; webhooks: WebhookPublisher; people: PeopleStore; rules: PeopleRules; policy?: Policy; auditSampleRate?: number }): RecordVerdict {
  return async (comment, status, scored) => {
    const { first, events, result, delivery } = await deps.db.transaction().execute(async (tx) => {
      // Author rules after the verdict (src/policy/authors.ts): the standing is read in the same transaction.
      const now = deps.people.clock();
      const standing = await deps.people.standing(tx, comment.author.id, deps.rules.author.windowDays, comment.id);
      const ruling = applyAuthorRules(scored, standing, now, deps.rules.author);
      const result: ScoreResult = ruling.decision;
      // Raid grouping: the signature the worker computed joins its group (src/policy/near-duplicates.ts).
      const groupId = result.nearDuplicate && deps.rules.nearDuplicates
        ? await deps.people.group(tx, comment.id, result.nearDuplicate, now, deps.rules.nearDuplicates)
        : null;
      const saved = await deps.comments.saveResult(comment.id, status, result, tx);
      // A ban or suspension is a moderator's decision already: the comment is rejected without a review item.
      const decidedByRule = ruling.rule === 'ban' || ruling.rule === 'suspend';
      const ingest = decidedByRule ? { events: [] } : await deps.store.ingestIn(tx, comment, result, { groupId, section: sectionOf(comment) });
      // A published comment drawn into the audit sample goes to the low-priority `audit` queue (issue #13).
      const audit = drawnForAudit(comment.id, result, deps.auditSampleRate ?? 0) ? (await deps.store.ingestAuditIn(tx, comment, result)).events : [];
      // The webhook's outbox row commits with the verdict: the reconciler re-sends it if the queueing below is lost.
      const delivery = await deps.webhooks.record(tx, 'comment.scored', `scored:${comment.id}`, scoredWebhookData(comment, result, deps.policy, ruling.until));
      return { first: saved, events: [...ingest.events, ...audit], result, delivery };
    });
    await deps.store.publish(events);
    if (first) await deps.comments.countVerdict(result.verdict).catch(() => undefined);
    await deps.webhooks.send([delivery]);
    return result;
  };
}
