/**
 * The comment store: one Redis hash per comment, plus per-thread and per-author indexes. It is the only reader
 * and writer of comment hashes and of the author index; the review side asks it (and its Lua scripts include
 * COMMENT_LUA below to touch a comment hash in the same atomic step as a review item).
 *
 * Accepting a comment is one Lua script (create-if-absent + both indexes), so a resubmission or a crash between
 * steps never leaves half a comment. The hash fields: data (the validated input, JSON), status, acceptedAt,
 * scoredAt, result (ScoreResult JSON), review (JSON, set by review transitions), textRedacted.
 */
import type { Redis } from 'ioredis';
import type { CommentInput, CommentRecord } from '../domain/comment';
import type { ScoreResult } from '../domain/score';
import type { CommentStatus } from '../domain/verdicts';
import { StoreTimeoutError } from '../redis/connection';
import type { RedisKeys } from '../redis/keys';
import { defineScript, execOrThrow, queueScript, runScript, useScripts } from '../redis/scripts';

/**
 * accept-comment: create-if-absent plus both indexes. ARGV: data JSON, acceptedAt ISO, createdAt ms, comment id,
 * not-after (ms since the epoch; '0' = no deadline).
 * Returns 1 when created, 0 when the comment already existed (nothing written), -1 when the script ran after its
 * deadline (nothing written): the API has answered 503 by then, so a command delivered late by a hung or
 * partitioned Redis must not store a comment the site was told failed.
 */
const ACCEPT_COMMENT = defineScript('accept-comment', ['comment', 'thread', 'author'] as const, `
if ARGV[5] ~= '0' then
  local t = redis.call('TIME')
  if tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) > tonumber(ARGV[5]) then return -1 end
end
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'data', ARGV[1], 'status', 'queued', 'acceptedAt', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4])
return 1
`);

/**
 * save-result: ARGV status, result JSON, scoredAt ISO. Saving is idempotent: a retried job overwrites the same
 * fields; the verdict counter only moves on the first save.
 */
const SAVE_RESULT = defineScript('save-result', ['comment', 'verdictCount'] as const, `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local first = redis.call('HSETNX', KEYS[1], 'scoredAt', ARGV[3])
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'result', ARGV[2])
if first == 1 then redis.call('INCR', KEYS[2]) end
return first
`);

/**
 * Lua helpers for scripts of other stores that change a comment hash in the same atomic step (the review
 * transitions include them, the way BullMQ's commands include `includes/*.lua`).
 *  - commentSetReview(key, review): what the site sees of the review on the comment record; only if still stored.
 *  - commentRedact(key, expectedData, newData, expectedResult, newResult): drops the text if the stored JSON is
 *    still what it was read as (see redaction()); false when it changed in between. A missing comment is done.
 */
export const COMMENT_LUA = `
local function commentSetReview(key, review)
  if redis.call('EXISTS', key) == 1 then redis.call('HSET', key, 'review', cjson.encode(review)) end
end

local function commentRedact(key, expectedData, newData, expectedResult, newResult)
  if redis.call('EXISTS', key) == 0 then return true end
  if (redis.call('HGET', key, 'data') or '') ~= expectedData or (redis.call('HGET', key, 'result') or '') ~= expectedResult then
    return false
  end
  redis.call('HSET', key, 'data', newData, 'textRedacted', '1')
  if newResult ~= '' then redis.call('HSET', key, 'result', newResult) end
  return true
end
`;

export interface AcceptOutcome {
  record: CommentRecord;
  created: boolean;
}

/** A comment hash as the review side needs it: the parsed input and result, and the raw JSON (for redaction). */
export interface StoredComment {
  input: CommentInput;
  result: ScoreResult | null;
  review: unknown;
  textRedacted: boolean;
  rawData: string;
  rawResult: string;
}

/** The arguments of COMMENT_LUA's commentRedact for a comment as read: text and matched fragments emptied. */
export function redaction(c: StoredComment | null): { expectedData: string; newData: string; expectedResult: string; newResult: string } {
  return {
    expectedData: c?.rawData ?? '',
    newData: c ? JSON.stringify({ ...c.input, text: '' }) : '',
    expectedResult: c?.rawResult ?? '',
    newResult: c?.result ? JSON.stringify({ ...c.result, slurs: c.result.slurs.map((s) => ({ ...s, text: '' })) }) : '',
  };
}

export class CommentStore {
  /**
   * `writeTimeoutMs`: a comment whose accept script reaches Redis more than this long after it was sent is not
   * written (the API passes STORE_TIMEOUT_MS, the same time after which its connection gives up on a command).
   */
  constructor(private readonly redis: Redis, private readonly keys: RedisKeys, private readonly opts: { writeTimeoutMs?: number } = {}) {
    useScripts(redis, [ACCEPT_COMMENT, SAVE_RESULT]);
  }

  /**
   * Stores each comment unless it already exists; returns every comment's record in input order.
   * `known`: records the caller has just read for the same ids, so existing comments are not read again
   * (only one that appeared in between is).
   */
  async accept(inputs: readonly CommentInput[], known: readonly (CommentRecord | null)[] = []): Promise<AcceptOutcome[]> {
    const acceptedAt = new Date().toISOString();
    const notAfter = this.opts.writeTimeoutMs ? String(Date.now() + this.opts.writeTimeoutMs) : '0';
    const pipe = this.redis.pipeline();
    for (const c of inputs) {
      queueScript(pipe, ACCEPT_COMMENT,
        { comment: this.keys.comment(c.id), thread: this.keys.thread(c.threadId), author: this.keys.author(c.author.id) },
        [JSON.stringify(c), acceptedAt, Date.parse(c.createdAt), c.id, notAfter]);
    }
    const results = await execOrThrow(pipe);
    if (results.some((r) => r === -1)) throw new StoreTimeoutError('accepting comments');
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

  /** Comment hashes for the given ids (null where absent), as the review side needs them. */
  async stored(ids: readonly string[]): Promise<(StoredComment | null)[]> {
    if (ids.length === 0) return [];
    const pipe = this.redis.pipeline();
    for (const id of ids) pipe.hmget(this.keys.comment(id), 'data', 'result', 'review', 'textRedacted');
    return (await execOrThrow(pipe)).map((row) => {
      const [data, result, review, redacted] = row as (string | null)[];
      if (!data) return null;
      return {
        input: JSON.parse(data) as CommentInput,
        result: result ? (JSON.parse(result) as ScoreResult) : null,
        review: review ? JSON.parse(review) : null,
        textRedacted: redacted === '1' || redacted === 'true',
        rawData: data,
        rawResult: result ?? '',
      };
    });
  }

  /** The thread's comments in thread order (created-at, then id). */
  async thread(threadId: string): Promise<CommentRecord[]> {
    const ids = await this.redis.zrange(this.keys.thread(threadId), 0, -1);
    return (await this.getMany(ids)).filter((r): r is CommentRecord => r !== null);
  }

  /**
   * One page of an author's comment ids, newest first, as [id, created-at ms] pairs; `after` = the last pair of
   * the previous page. Returns one pair more than `limit` when there is a next page.
   */
  async authorPage(authorId: string, after: { score: string; id: string } | null, limit: number): Promise<{ pairs: [string, string][]; total: number }> {
    const key = this.keys.author(authorId);
    const pairs: [string, string][] = [];
    const collect = (rows: string[]) => { for (let i = 0; i < rows.length; i += 2) pairs.push([rows[i]!, rows[i + 1]!]); };
    if (after) {
      // Comments with the cursor's exact created-at (a batch accepted in one millisecond) come in descending id order:
      // the ones after the cursor are those with a smaller id. Then everything strictly older.
      collect((await this.redis.zrevrangebyscore(key, after.score, after.score, 'WITHSCORES')).filter((_, i, rows) => i % 2 === 0 ? rows[i]! < after.id : rows[i - 1]! < after.id));
      if (pairs.length <= limit) collect(await this.redis.zrevrangebyscore(key, `(${after.score}`, '-inf', 'WITHSCORES', 'LIMIT', 0, limit + 1 - pairs.length));
    } else {
      collect(await this.redis.zrevrangebyscore(key, '+inf', '-inf', 'WITHSCORES', 'LIMIT', 0, limit + 1));
    }
    return { pairs, total: await this.redis.zcard(key) };
  }

  async saveResult(id: string, status: Exclude<CommentStatus, 'queued'>, result: ScoreResult): Promise<void> {
    await runScript(this.redis, SAVE_RESULT, { comment: this.keys.comment(id), verdictCount: this.keys.verdictCount(result.verdict) },
      [status, JSON.stringify(result), new Date().toISOString()]);
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
