/**
 * The review store: thin, typed TypeScript over the Lua scripts in ./lua. Every state change is one script call;
 * this class only builds keys and arguments and parses replies. Refusals come back as data
 * ({ ok: false, code }); the service turns them into ReviewErrors. Comments and the author index are the comment
 * store's: this store asks it.
 */
import type { Redis } from 'ioredis';
import type { CommentInput } from '../domain/comment';
import { REVIEW_STATES, type ReviewState } from '../domain/review';
import type { ScoreResult } from '../domain/score';
import type { Verdict } from '../domain/verdicts';
import type { RedisKeys } from '../redis/keys';
import { execOrThrow, runScript, type LuaScript } from '../redis/scripts';
import { CommentStore, redaction, type StoredComment } from '../store/comments';
import { decodeAuditCursor, decodeAuthorCursor, decodeItemsCursor, encodeCursor } from './cursors';
import { LIST_BY_STATE } from './lua/list';
import { QUEUE_STATS } from './lua/queue-stats';
import {
  CLAIM, DECIDE, RELEASE_EXPIRED, EXTEND, INGEST, REDACT_TEXT, RELEASE, type TransitionKey,
} from './lua/transitions';
import {
  SYSTEM_ACTOR, type Actor, type AuditEntry, type DecisionInput, type ListQuery, type ReviewEvent, type ReviewItem,
  type ReviewRefusal, type TransitionOutcome,
} from './types';

export interface ReviewStoreOptions {
  redis: Redis;
  keys: RedisKeys;
  leaseSeconds: number;
  /** Injectable clock (ms): tests move time instead of waiting for leases to run out. */
  clock?: () => number;
  /** The comment store this store asks for comments (made on the same connection when absent). */
  comments?: CommentStore;
}

/** Does this verdict need a human? review/reject verdicts and comments that could not be scored. */
export function needsReview(result: ScoreResult): boolean {
  return result.verdict === 'review' || result.verdict === 'reject' || result.unscored === true;
}

export const MAX_PAGE = 200;
const DEFAULT_PAGE = 50;
/** Most state-set entries one list call inspects when walking a big set with a rare filter. */
const LIST_SCAN_LIMIT = 5000;
const ORDER_PRIORITY_STEP = 1e13;

export class ReviewStore {
  private readonly redis: Redis;
  private readonly keys: RedisKeys;
  private readonly leaseMs: number;
  readonly clock: () => number;
  private readonly commentStore: CommentStore;

  constructor(opts: ReviewStoreOptions) {
    this.redis = opts.redis;
    this.keys = opts.keys;
    this.commentStore = opts.comments ?? new CommentStore(opts.redis, opts.keys);
    this.leaseMs = opts.leaseSeconds * 1000;
    this.clock = opts.clock ?? Date.now;
  }

  /** Creates the review item for a flagged comment; 'exists' when a retried job already did. */
  async ingest(comment: CommentInput, result: ScoreResult): Promise<'created' | 'exists' | 'not_flagged'> {
    if (!needsReview(result)) return 'not_flagged';
    const created = Date.parse(comment.createdAt);
    const commentCreatedMs = Number.isFinite(created) ? Math.min(Math.max(created, 0), ORDER_PRIORITY_STEP - 1) : this.clock();
    const priority = Math.min(100, Math.max(0, Math.round(result.priority)));
    const labels = [...new Set(result.reasons.map((r) => r.label).filter((l): l is string => !!l))];
    const slurCategories = [...new Set(result.slurs.map((s) => s.category))];
    const fields = {
      priority: String(priority),
      orderScore: orderScore(priority, commentCreatedMs),
      verdict: result.verdict,
      unscored: result.unscored ? '1' : '0',
      threadId: comment.threadId,
      authorId: comment.author.id,
      labels: JSON.stringify(labels),
      slurCategories: JSON.stringify(slurCategories),
      commentCreatedAt: String(commentCreatedMs),
    };
    const indexKeys = [
      ...labels.map((l) => this.keys.reviewIndex('label', l)),
      ...slurCategories.map((c) => this.keys.reviewIndex('slur', c)),
      this.keys.reviewIndex('thread', comment.threadId),
      this.keys.reviewIndex('author', comment.author.id),
    ];
    const why = result.unscored ? 'unscored' : `verdict_${result.verdict}`;
    const { code } = await this.transition(INGEST, comment.id, SYSTEM_ACTOR, [JSON.stringify(fields), why], indexKeys);
    return code === 'ok' ? 'created' : 'exists';
  }

  /** `notAfterMs`: the lease never outlives this (a claim made through a browser session ends with the session). */
  claim(id: string, actor: Actor, notAfterMs?: number): Promise<TransitionOutcome> {
    return this.outcome(CLAIM, id, actor, [this.leaseUntil(notAfterMs)]);
  }

  extend(id: string, actor: Actor, notAfterMs?: number): Promise<TransitionOutcome> {
    return this.outcome(EXTEND, id, actor, [this.leaseUntil(notAfterMs)]);
  }

  private leaseUntil(notAfterMs: number | undefined): string {
    const until = this.clock() + this.leaseMs;
    return String(notAfterMs === undefined ? until : Math.min(until, notAfterMs));
  }

  release(id: string, actor: Actor, note = ''): Promise<TransitionOutcome> {
    return this.outcome(RELEASE, id, actor, [note]);
  }

  /** `autoClaim`: take an unclaimed item directly (bulk decisions); a claim held by someone else still refuses. */
  decide(id: string, actor: Actor, d: DecisionInput, opts: { autoClaim?: boolean } = {}): Promise<TransitionOutcome> {
    return this.outcome(DECIDE, id, actor, [d.action, d.reason ?? '', d.note ?? '', opts.autoClaim ? '1' : '0']);
  }

  /** Returns every claim whose lease ran out to its queue; the per-item script re-checks, so a racing extend wins. */
  async expireDueClaims(limit = 500): Promise<number> {
    const due = await this.redis.zrangebyscore(this.keys.reviewLeases, '-inf', this.clock(), 'LIMIT', 0, limit);
    let expired = 0;
    for (const id of due) {
      const { code } = await this.transition(RELEASE_EXPIRED, id, SYSTEM_ACTOR, []);
      if (code === 'ok') expired++;
    }
    return expired;
  }

  /** The item, with an expired claim returned to the queue first (lazy expiry). */
  async get(id: string): Promise<ReviewItem | null> {
    let item = parseItem(await this.redis.hgetall(this.keys.reviewItem(id)));
    if (item?.state === 'claimed' && item.claim && Date.parse(item.claim.until) <= this.clock()) {
      item = (await this.transition(RELEASE_EXPIRED, id, SYSTEM_ACTOR, [])).item;
    }
    return item;
  }

  async getMany(ids: readonly string[]): Promise<(ReviewItem | null)[]> {
    if (ids.length === 0) return [];
    const pipe = this.redis.pipeline();
    for (const id of ids) pipe.hgetall(this.keys.reviewItem(id));
    return (await execOrThrow(pipe)).map((h) => parseItem(h as Record<string, string>));
  }

  /**
   * One page of a state's items in queue order (highest priority, then oldest comment, first). `open` lists
   * pending and claimed items together: both sets share the order score, so the pages of the two merge.
   */
  async list(q: ListQuery): Promise<{ items: ReviewItem[]; nextCursor: string | null }> {
    await this.expireDueClaims();
    const limit = Math.min(Math.max(q.limit ?? DEFAULT_PAGE, 1), MAX_PAGE);
    const cursor = q.cursor ? decodeItemsCursor(q.cursor) : null;
    const filters = [
      q.label ? this.keys.reviewIndex('label', q.label) : null,
      q.slur ? this.keys.reviewIndex('slur', q.slur) : null,
      q.thread ? this.keys.reviewIndex('thread', q.thread) : null,
      q.author ? this.keys.reviewIndex('author', q.author) : null,
    ].filter((k): k is string => k !== null);
    const states: ReviewState[] = q.state === 'open' ? ['pending', 'claimed'] : [q.state];
    const pages = await Promise.all(states.map(async (state) => {
      const [ids, scores, nextScore, nextId] = (await runScript(
        this.redis, LIST_BY_STATE, { state: this.keys.reviewState(state) },
        [cursor?.score ?? '', cursor?.id ?? '', limit, LIST_SCAN_LIMIT], filters,
      )) as [string[], string[], string, string];
      return { rows: ids.map((id, i) => ({ id, score: scores[i]! })), next: nextId ? { id: nextId, score: nextScore } : null };
    }));
    // A set's page stops at its `next`; past the nearest such stop another set's rows may be missing, so the
    // merged page ends there too (the next page resumes from it and loses nothing).
    const stop = pages.map((p) => p.next).filter((n) => n !== null).sort(byOrder)[0] ?? null;
    const rows = pages.flatMap((p) => p.rows).filter((r) => !stop || byOrder(r, stop) <= 0).sort(byOrder);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const next = rows.length > limit ? last! : stop;
    const items = (await this.getMany(page.map((r) => r.id))).filter((i): i is ReviewItem => i !== null);
    return { items, nextCursor: next ? encodeCursor('items', next.score, next.id) : null };
  }

  async counts(): Promise<Record<ReviewState, number>> {
    await this.expireDueClaims();
    const pipe = this.redis.pipeline();
    for (const s of REVIEW_STATES) pipe.zcard(this.keys.reviewState(s));
    const n = await execOrThrow(pipe);
    return Object.fromEntries(REVIEW_STATES.map((s, i) => [s, Number(n[i])])) as Record<ReviewState, number>;
  }

  /**
   * Per state: how many items it holds and the created-at (ms) of the oldest comment among them (null when empty).
   * Read-only and one script call whatever the queue's size (for /metrics); an expired claim still counts as
   * claimed until the maintenance loop or a moderator's read returns it.
   */
  async queueStats(): Promise<Record<ReviewState, { count: number; oldestCommentMs: number | null }>> {
    const rows = (await runScript(this.redis, QUEUE_STATS, {}, [ORDER_PRIORITY_STEP],
      REVIEW_STATES.map((s) => this.keys.reviewState(s)))) as [number, string][];
    return Object.fromEntries(REVIEW_STATES.map((s, i) => {
      const [count, oldest] = rows[i]!;
      return [s, { count: Number(count), oldestCommentMs: oldest === '' ? null : Number(oldest) }];
    })) as Record<ReviewState, { count: number; oldestCommentMs: number | null }>;
  }

  /** The item's transitions, oldest first. */
  async history(id: string): Promise<AuditEntry[]> {
    const rows = await this.redis.lrange(this.keys.reviewHistory(id), 0, -1);
    return rows.map((r) => historyEntry(JSON.parse(r) as Record<string, string>));
  }

  /** The audit log across items, newest first; `cursor` = the previous page's nextCursor (its last entry). */
  async audit(opts: { cursor?: string; limit?: number } = {}): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
    const limit = Math.min(Math.max(opts.limit ?? DEFAULT_PAGE, 1), MAX_PAGE);
    const end = opts.cursor ? `(${decodeAuditCursor(opts.cursor)}` : '+';
    const rows = await this.redis.xrevrange(this.keys.audit, end, '-', 'COUNT', limit + 1);
    const entries = rows.slice(0, limit).map(([streamId, flat]) => auditEntry(streamId, flat));
    return { entries, nextCursor: rows.length > limit ? encodeCursor('audit', entries[entries.length - 1]!.id) : null };
  }

  /** Comment hashes for the given ids (null where absent), from the comment store. */
  comments(ids: readonly string[]): Promise<(StoredComment | null)[]> {
    return this.commentStore.stored(ids);
  }

  /** Comment ids by one author, newest first; `cursor` = created-at (ms) and id of the last one seen. */
  async authorCommentIds(authorId: string, opts: { cursor?: string; limit?: number } = {}): Promise<{ ids: string[]; nextCursor: string | null; total: number }> {
    const limit = Math.min(Math.max(opts.limit ?? DEFAULT_PAGE, 1), MAX_PAGE);
    const { pairs, total } = await this.commentStore.authorPage(authorId, opts.cursor ? decodeAuthorCursor(opts.cursor) : null, limit);
    const page = pairs.slice(0, limit);
    const last = page[page.length - 1];
    return { ids: page.map(([id]) => id), nextCursor: pairs.length > limit && last ? encodeCursor('author', last[1], last[0]) : null, total };
  }

  /** How many of an author's comments are review items, per state. */
  async authorItemStates(authorId: string): Promise<Record<ReviewState, number>> {
    const ids = await this.redis.smembers(this.keys.reviewIndex('author', authorId));
    const counts = Object.fromEntries(REVIEW_STATES.map((s) => [s, 0])) as Record<ReviewState, number>;
    if (ids.length === 0) return counts;
    const pipe = this.redis.pipeline();
    for (const id of ids) pipe.hget(this.keys.reviewItem(id), 'state');
    for (const state of await execOrThrow(pipe)) if (typeof state === 'string' && state in counts) counts[state as ReviewState]++;
    return counts;
  }

  /**
   * Drops the text of comments decided before `cutoffMs` (and the matched fragments kept in their result).
   * Returns how many were redacted. Safe to run from several processes: each item is one script.
   */
  async redactDecidedBefore(cutoffMs: number, batch = 200): Promise<number> {
    let redacted = 0;
    const ids = await this.redis.zrangebyscore(this.keys.reviewRetention, '-inf', cutoffMs, 'LIMIT', 0, batch);
    const comments = await this.comments(ids);
    for (const [i, id] of ids.entries()) {
      const r = redaction(comments[i] ?? null);
      const { code } = await this.transition(REDACT_TEXT, id, SYSTEM_ACTOR,
        [String(cutoffMs), r.expectedData, r.newData, r.expectedResult, r.newResult]);
      if (code === 'ok') redacted++;
    }
    return redacted;
  }

  private async outcome(script: LuaScript<TransitionKey>, id: string, actor: Actor, args: string[]): Promise<TransitionOutcome> {
    const { code, item } = await this.transition(script, id, actor, args);
    if (code === 'ok') return { ok: true, item: item! };
    return { ok: false, code: code as ReviewRefusal, item };
  }

  private async transition(script: LuaScript<TransitionKey>, id: string, actor: Actor, args: string[], extraKeys: string[] = []) {
    const now = this.clock();
    const k = this.keys;
    const keys: Record<TransitionKey, string> = {
      item: k.reviewItem(id), history: k.reviewHistory(id), audit: k.audit, leases: k.reviewLeases,
      comment: k.comment(id), retention: k.reviewRetention,
      pending: k.reviewState('pending'), claimed: k.reviewState('claimed'), escalated: k.reviewState('escalated'),
      approved: k.reviewState('approved'), rejected: k.reviewState('rejected'),
    };
    const reply = (await runScript(this.redis, script, keys,
      [id, String(now), new Date(now).toISOString(), actor.name, actor.role, k.reviewEvents, ...args], extraKeys)) as [string, string[]];
    return { code: reply[0], item: parseItem(flatToHash(reply[1])) };
  }
}

/** Queue order of two (score, id) positions, as the list script walks a state set. */
function byOrder(a: { score: string; id: string }, b: { score: string; id: string }): number {
  return Number(a.score) - Number(b.score) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Ascending score = queue order: higher priority first, then the older comment. */
function orderScore(priority: number, commentCreatedMs: number): string {
  return String((100 - priority) * ORDER_PRIORITY_STEP + commentCreatedMs);
}

function flatToHash(flat: string[]): Record<string, string> {
  const h: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) h[flat[i]!] = flat[i + 1]!;
  return h;
}

const iso = (ms: string | undefined) => new Date(Number(ms)).toISOString();

export function parseItem(h: Record<string, string>): ReviewItem | null {
  if (!h || !h.id || !h.state) return null;
  return {
    id: h.id,
    state: h.state as ReviewState,
    baseState: (h.baseState ?? 'pending') as ReviewItem['baseState'],
    priority: Number(h.priority ?? 0),
    verdict: (h.verdict ?? 'review') as Verdict,
    unscored: h.unscored === '1',
    threadId: h.threadId ?? '',
    authorId: h.authorId ?? '',
    labels: h.labels ? (JSON.parse(h.labels) as string[]) : [],
    slurCategories: h.slurCategories ? (JSON.parse(h.slurCategories) as string[]) : [],
    createdAt: iso(h.createdAt),
    commentCreatedAt: iso(h.commentCreatedAt),
    claim: h.claimedBy ? { by: h.claimedBy, role: h.claimedRole ?? '', at: iso(h.claimedAt), until: iso(h.leaseUntil) } : null,
    decision: h.decidedBy
      ? { by: h.decidedBy, role: h.decidedRole ?? '', at: iso(h.decidedAt), action: h.action as 'approve' | 'reject', reason: h.reason ?? null, note: h.note ?? null }
      : null,
    escalation: h.escalatedBy
      ? { by: h.escalatedBy, at: iso(h.escalatedAt), reason: h.escalationReason ?? null, note: h.escalationNote ?? null }
      : null,
    textRedacted: h.textRedacted === '1',
    version: Number(h.version ?? 0),
  };
}

function historyEntry(e: Record<string, string>): AuditEntry {
  return {
    id: e.auditId ?? '', itemId: e.itemId ?? '', at: iso(e.at), actor: e.actor ?? '', role: e.role ?? '',
    action: e.action as AuditEntry['action'], from: (e.from ?? null) as AuditEntry['from'], to: e.to as AuditEntry['to'],
    reason: e.reason ?? null, note: e.note ?? null,
  };
}

function auditEntry(streamId: string, flat: string[]): AuditEntry {
  return historyEntry({ ...flatToHash(flat), auditId: streamId });
}

/** A published review event (from the Lua `record` helper) as the API relays it. */
export function parseReviewEvent(message: string): ReviewEvent | null {
  try {
    const e = JSON.parse(message) as Record<string, string>;
    if (e.type !== 'review.changed' || !e.itemId) return null;
    return {
      type: 'review.changed', auditId: e.auditId ?? '', itemId: e.itemId, action: e.action as ReviewEvent['action'],
      from: (e.from ?? null) as ReviewEvent['from'], to: e.to as ReviewEvent['to'], actor: e.actor ?? '', at: iso(e.at),
    };
  } catch {
    return null;
  }
}
