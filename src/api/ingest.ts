/**
 * Accepting comments: commit to PostgreSQL (one statement per request, src/store/comments.ts), then queue. The
 * order matters for "never lose an accepted comment": a comment is committed before its job exists (a worker
 * never sees a job for a comment it cannot read), and the API answers 202 only after both. If queueing fails
 * (Redis unreachable), the comments this request created are removed again and the API answers 503, so "refused"
 * still means "not stored"; if the process dies in between, the client gets no 202 and retries, and the retry
 * finds the stored comment still `queued` and queues it again (BullMQ ignores a job id it already holds).
 */
import type { CommentInput } from '../domain/comment';
import type { ScoringQueue } from '../queue/scoring-queue';
import type { CommentStore, AcceptOutcome } from '../store/comments';
import { sectionOf } from '../store/comments';
import { ApiError } from './errors';

export class IngestService {
  constructor(private readonly store: CommentStore, private readonly queue: ScoringQueue) {}

  async accept(comments: readonly CommentInput[], fieldOf: (i: number) => string): Promise<AcceptOutcome[]> {
    // One statement: refuses the whole request, writing nothing, if an id is reused for a different comment.
    const outcomes = await this.store.accept(comments, { refuseConflicts: true });
    const conflict = outcomes.findIndex((o) => o.conflict);
    if (conflict >= 0) throw idConflict(comments[conflict]!, fieldOf(conflict));
    // Every stored comment is queued before we answer, whatever else happens to this request.
    try {
      await this.queue.enqueue(outcomes.filter((o) => o.created || o.record.status === 'queued').map((o) => o.record.id));
    } catch (err) {
      await this.store.forget(outcomes.filter((o) => o.created).map((o) => o.record.id)).catch(() => undefined);
      throw err;
    }
    // A concurrent request may have stored a different comment under the same id after the statement's snapshot;
    // the accept wrote nothing for that one, so it is refused like any conflict (a retry of the rest of a batch is
    // idempotent).
    const raced = outcomes.findIndex((o, i) => !o.created && !sameComment(o.record, comments[i]!));
    if (raced >= 0) throw idConflict(comments[raced]!, fieldOf(raced));
    return outcomes;
  }
}

function idConflict(c: CommentInput, field: string): ApiError {
  return new ApiError(409, 'id_conflict', `comment ${JSON.stringify(c.id)} was already submitted with different content`, field);
}

function sameComment(a: CommentInput, b: CommentInput): boolean {
  return a.threadId === b.threadId && a.author.id === b.author.id && a.text === b.text && (a.parentId ?? null) === (b.parentId ?? null) && sectionOf(a) === sectionOf(b);
}
