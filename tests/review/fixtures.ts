/** Shared test data for the review suites: comments, score results, and seeding a stored comment. */
import type { CommentInput } from '../../src/domain/comment';
import type { ScoreResult } from '../../src/domain/score';
import type { SlurCategory } from '../../src/domain/slurs';
import type { Verdict } from '../../src/domain/verdicts';
import type { Db } from '../../src/db';
import { CommentStore } from '../../src/store/comments';
import type { Actor } from '../../src/review/types';

export const alice: Actor = { name: 'alice', role: 'moderator' };
export const bob: Actor = { name: 'bob', role: 'moderator' };
export const root: Actor = { name: 'root', role: 'admin' };

let seq = 0;
export function makeComment(over: Partial<CommentInput> & { authorId?: string } = {}): CommentInput {
  seq++;
  const { authorId, ...rest } = over;
  return {
    id: `c${seq}`,
    threadId: 't1',
    author: { id: authorId ?? 'u1', name: 'User' },
    text: `comment text ${seq}`,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
    ...rest,
  };
}

export function makeResult(over: { verdict?: Verdict; priority?: number; label?: string; slur?: SlurCategory; unscored?: boolean } = {}): ScoreResult {
  const verdict = over.verdict ?? 'review';
  return {
    labels: over.label ? { [over.label]: 0.9 } : {},
    slurs: over.slur
      ? [{ term: 'xterm', category: over.slur, severity: 3, start: 0, end: 5, text: 'xterm', transformations: [] }]
      : [],
    score: 0.8,
    verdict,
    priority: over.priority ?? 50,
    reasons: over.label ? [{ code: 'label_review', label: over.label, message: `${over.label} high` }] : [],
    scorers: ['lexicon'],
    ...(over.unscored ? { unscored: true } : {}),
  };
}

/** Stores the comment (and its verdict, when given) through the comment store. */
export async function seedComment(db: Db, c: CommentInput, r?: ScoreResult): Promise<void> {
  const store = new CommentStore(db);
  await store.accept([c]);
  if (r) await store.saveResult(c.id, 'scored', r);
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.UTC(2026, 5, 1)) {
  let now = start;
  const clock = () => now;
  clock.advance = (ms: number) => { now += ms; };
  return clock;
}

/** What the site sees of the review on the comment record (GET /v1/comments/:id's `review`). */
export async function commentReview(db: Db, id: string): Promise<unknown> {
  return (await new CommentStore(db).get(id))?.review;
}
