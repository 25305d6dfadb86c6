/**
 * Accepting comments: store, then queue. The order matters for "never lose an accepted comment": a comment is
 * stored before its job exists, and the API answers only after both. If the process dies in between, the
 * client gets no 202 and retries; the retry finds the stored comment still `queued` and queues it again
 * (BullMQ ignores a job id it already holds), so nothing is stored without eventually being scored.
 */
import type { CommentInput } from '../domain/comment';
import type { ScoringQueue } from '../queue/scoring-queue';
import type { CommentStore, AcceptOutcome } from '../store/comments';
import { ApiError } from './errors';

export class IngestService {
  constructor(private readonly store: CommentStore, private readonly queue: ScoringQueue) {}

  async accept(comments: readonly CommentInput[], fieldOf: (i: number) => string): Promise<AcceptOutcome[]> {
    // Refuse the whole request before writing anything if an id is reused for a different comment.
    const existing = await this.store.getMany(comments.map((c) => c.id));
    existing.forEach((prev, i) => {
      const c = comments[i]!;
      if (prev && !sameComment(prev, c)) {
        throw new ApiError(409, 'id_conflict', `comment ${JSON.stringify(c.id)} was already submitted with different content`, fieldOf(i));
      }
    });
    const outcomes = await this.store.accept(comments, existing);
    // Every stored comment is queued before we answer, whatever else happens to this request.
    await this.queue.enqueue(outcomes.filter((o) => o.created || o.record.status === 'queued').map((o) => o.record.id));
    // A concurrent request may have stored a different comment under the same id between the check above and the
    // atomic accept; the accept wrote nothing for that one, so it is refused like any conflict (a retry of the
    // rest of a batch is idempotent).
    const raced = outcomes.findIndex((o, i) => !o.created && !sameComment(o.record, comments[i]!));
    if (raced >= 0) {
      throw new ApiError(409, 'id_conflict', `comment ${JSON.stringify(comments[raced]!.id)} was already submitted with different content`, fieldOf(raced));
    }
    return outcomes;
  }
}

function sameComment(a: CommentInput, b: CommentInput): boolean {
  return a.threadId === b.threadId && a.author.id === b.author.id && a.text === b.text && (a.parentId ?? null) === (b.parentId ?? null);
}
