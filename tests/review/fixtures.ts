/** Shared test data for the review suites: comments, score results and the comment hash the comment store writes. */
import type { Redis } from 'ioredis';
import type { CommentInput } from '../../src/domain/comment';
import type { ScoreResult } from '../../src/domain/score';
import type { SlurCategory } from '../../src/domain/slurs';
import type { Verdict } from '../../src/domain/verdicts';
import type { RedisKeys } from '../../src/redis/keys';
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

/** Writes the comment hash and author index the way src/store/comments.ts does (fields data/status/result...). */
export async function seedComment(redis: Redis, keys: RedisKeys, c: CommentInput, r?: ScoreResult): Promise<void> {
  await redis.hset(keys.comment(c.id), 'data', JSON.stringify(c), 'status', r ? 'scored' : 'queued', 'acceptedAt', new Date().toISOString(),
    ...(r ? ['result', JSON.stringify(r), 'scoredAt', new Date().toISOString()] : []));
  await redis.zadd(keys.thread(c.threadId), Date.parse(c.createdAt), c.id);
  await redis.zadd(keys.author(c.author.id), Date.parse(c.createdAt), c.id);
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.UTC(2026, 5, 1)) {
  let now = start;
  const clock = () => now;
  clock.advance = (ms: number) => { now += ms; };
  return clock;
}
