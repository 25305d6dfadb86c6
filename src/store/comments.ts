/**
 * The comment store: one Redis hash per comment, plus per-thread and per-author indexes.
 *
 * Accepting a comment is one Lua script (create-if-absent + both indexes), so a resubmission or a crash between
 * steps never leaves half a comment. The hash fields: data (the validated input, JSON), status, acceptedAt,
 * scoredAt, result (ScoreResult JSON), review (JSON, written by the review store), textRedacted.
 */
import type { Redis } from 'ioredis';
import type { CommentInput, CommentRecord } from '../domain/comment';
import type { ScoreResult } from '../domain/score';
import type { CommentStatus } from '../domain/verdicts';
import type { RedisKeys } from '../redis/keys';

// KEYS: comment hash, thread zset, author zset. ARGV: data JSON, acceptedAt ISO, createdAt ms, comment id.
// Returns 1 when created, 0 when the comment already existed (nothing written).
const ACCEPT_COMMENT_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'data', ARGV[1], 'status', 'queued', 'acceptedAt', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4])
return 1
`;

// KEYS: comment hash, verdict counter. ARGV: status, result JSON, scoredAt ISO.
// Saving is idempotent: a retried job overwrites the same fields; the counter only moves on the first save.
const SAVE_RESULT_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local first = redis.call('HSETNX', KEYS[1], 'scoredAt', ARGV[3])
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'result', ARGV[2])
if first == 1 then redis.call('INCR', KEYS[2]) end
return first
`;

export interface AcceptOutcome {
  record: CommentRecord;
  created: boolean;
}

type CommentRedis = Redis & {
  sieveAcceptComment(k1: string, k2: string, k3: string, data: string, acceptedAt: string, createdAt: number, id: string): Promise<number>;
  sieveSaveResult(k1: string, k2: string, status: string, result: string, scoredAt: string): Promise<number>;
};

export class CommentStore {
  private readonly redis: CommentRedis;

  constructor(redis: Redis, private readonly keys: RedisKeys) {
    if (!('sieveAcceptComment' in redis)) {
      redis.defineCommand('sieveAcceptComment', { numberOfKeys: 3, lua: ACCEPT_COMMENT_LUA });
      redis.defineCommand('sieveSaveResult', { numberOfKeys: 2, lua: SAVE_RESULT_LUA });
    }
    this.redis = redis as CommentRedis;
  }

  /**
   * Stores each comment unless it already exists; returns every comment's record in input order.
   * `known`: records the caller has just read for the same ids, so existing comments are not read again
   * (only one that appeared in between is).
   */
  async accept(inputs: readonly CommentInput[], known: readonly (CommentRecord | null)[] = []): Promise<AcceptOutcome[]> {
    const acceptedAt = new Date().toISOString();
    const pipe = this.redis.pipeline();
    for (const c of inputs) {
      (pipe as unknown as CommentRedis).sieveAcceptComment(
        this.keys.comment(c.id), this.keys.thread(c.threadId), this.keys.author(c.author.id),
        JSON.stringify(c), acceptedAt, Date.parse(c.createdAt), c.id,
      );
    }
    const results = await execOrThrow(pipe);
    const created = results.map((r) => r === 1);
    const existingIds = inputs.filter((_, i) => !created[i] && !known[i]).map((c) => c.id);
    const existing = new Map((await this.getMany(existingIds)).map((r, i) => [existingIds[i]!, r]));
    inputs.forEach((c, i) => { if (!created[i] && known[i]) existing.set(c.id, known[i]!); });
    return inputs.map((c, i) => ({
      created: created[i]!,
      record: created[i] ? { ...c, status: 'queued', acceptedAt } : existing.get(c.id)!,
    }));
  }

  async get(id: string): Promise<CommentRecord | null> {
    return (await this.getMany([id]))[0] ?? null;
  }

  async getMany(ids: readonly string[]): Promise<(CommentRecord | null)[]> {
    if (ids.length === 0) return [];
    const pipe = this.redis.pipeline();
    for (const id of ids) pipe.hgetall(this.keys.comment(id));
    const rows = (await execOrThrow(pipe)) as Record<string, string>[];
    return rows.map(toRecord);
  }

  /** The thread's comments in thread order (created-at, then id). */
  async thread(threadId: string): Promise<CommentRecord[]> {
    const ids = await this.redis.zrange(this.keys.thread(threadId), 0, -1);
    return (await this.getMany(ids)).filter((r): r is CommentRecord => r !== null);
  }

  async saveResult(id: string, status: Exclude<CommentStatus, 'queued'>, result: ScoreResult): Promise<void> {
    await this.redis.sieveSaveResult(this.keys.comment(id), this.keys.verdictCount(result.verdict), status, JSON.stringify(result), new Date().toISOString());
  }
}

function toRecord(h: Record<string, string>): CommentRecord | null {
  if (!h || !h.data) return null;
  const input = JSON.parse(h.data) as CommentInput;
  return {
    ...input,
    status: (h.status ?? 'queued') as CommentStatus,
    acceptedAt: h.acceptedAt ?? '',
    ...(h.scoredAt ? { scoredAt: h.scoredAt } : {}),
    ...(h.result ? { result: JSON.parse(h.result) as ScoreResult } : {}),
    ...(h.review ? { review: JSON.parse(h.review) as CommentRecord['review'] } : {}),
    ...(h.textRedacted === '1' || h.textRedacted === 'true' ? { textRedacted: true } : {}),
  };
}

async function execOrThrow(pipe: ReturnType<Redis['pipeline']>): Promise<unknown[]> {
  const res = (await pipe.exec()) ?? [];
  return res.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}
