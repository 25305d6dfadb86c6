/**
 * The review store: review items (table `review_items`) and the append-only audit log (`audit_log`, which is also
 * each item's history), in PostgreSQL.
 *
 * Every change of an item is ONE transaction that starts with `SELECT … FOR UPDATE` on the item's row: two
 * moderators acting on one item at once are serialised by that row lock; the second sees the first's state and
 * is refused with a code (`claimed_by_other`, `already_decided`, ...). The rules of each transition are the
 * functions in TRANSITIONS below; the row change, its audit rows and the comment's site-facing review state
 * (through the comment store, in the same transaction) commit together. Live events are published on Redis
 * after the commit (a lost event only delays a moderator page's refresh; the record is already safe).
 *
 * "Claim next" takes the first pending item in queue order with `FOR UPDATE SKIP LOCKED`, so moderators asking
 * at once get different items instead of queueing on the same row. Refusals come back as data
 * ({ ok: false, code }); the service turns them into ReviewErrors.
 */
import type { Redis } from 'ioredis';
import { sql, type Selectable } from 'kysely';
import type { CommentInput } from '../domain/comment';
import { DECISION_STATE, FINAL_REVIEW_STATES, REVIEW_STATES, type ReviewState } from '../domain/review';
import type { ScoreResult } from '../domain/score';
import type { Verdict } from '../domain/verdicts';
import type { ReportCounts, ReportReason } from '../domain/reports';
import { reportedPriority, reportThresholdReached, type ReportRule } from '../policy/reports';
import type { Db, DbOrTx, DbTx } from '../db';
import type { ReviewItemsTable } from '../db/schema';
import type { RedisKeys } from '../redis/keys';
import { CommentStore, sectionOf, type StoredComment } from '../store/comments';
import { ReviewError } from './errors';
import type { WebhookDelivery } from './webhooks';
import { decodeAuditCursor, decodeAuthorCursor, decodeItemsCursor, decodeReportsCursor, encodeCursor } from './cursors';
import {
  SYSTEM_ACTOR, type Actor, type AuditAction, type AuditEntry, type DecisionInput, type ListQuery, type ReviewEvent,
  type ReviewItem, type ReviewRefusal, type TransitionOutcome,
} from './types';

export interface ReviewStoreOptions {
  db: Db;
  /** Live events are published here (pub/sub only; nothing durable lives in Redis). */
  redis: Redis;
  keys: RedisKeys;
  leaseSeconds: number;
  /** Injectable clock (ms): tests move time instead of waiting for leases to run out. */
  clock?: () => number;
  /** The comment store this store asks for comments (made on the same database when absent). */
  comments?: CommentStore;
  /**
   * Called in the transaction that gives an item its final decision (approved or rejected), with the item as
   * decided: the learning record keeps the decision as a labelled example (src/review/quality/record.ts).
   */
  onDecided?: (tx: DbTx, item: ReviewItem) => Promise<void>;
  /**
   * The site's `comment.reviewed` webhook of a decision (decide, escalate, reopen, overturn, an appeal overturned):
   * `record` writes its outbox row in the decision's own transaction, `send` queues it after the commit — so a
   * crash between the two cannot lose it (the reconciler queues the row). `recordAppeal` does the same for the
   * `comment.appeal_decided` webhook of a decided appeal. Absent: no webhook.
   */
  reviewed?: ReviewedOutbox;
  /**
   * A text's search key (src/scoring/search-text.ts, handed down by the composition root: scoring sits above this
   * layer). Items are stored with their comment's key and queries folded with it; default: lower case.
   */
  searchText?: (text: string) => string;
}

export interface ReviewedOutbox {
  record(tx: DbTx, item: ReviewItem): Promise<WebhookDelivery | null>;
  recordAppeal(tx: DbTx, commentId: string, appeal: Appeal, item: ReviewItem | null): Promise<WebhookDelivery | null>;
  send(deliveries: readonly (WebhookDelivery | null)[]): Promise<void>;
}

/** Without the scoring fold: lower case, words split on anything but letters and digits. */
export const plainSearchText = (text: string): string => text.normalize('NFKC').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).join(' ');

/** Does this verdict need a human? review/reject verdicts and comments that could not be scored. */
export function needsReview(result: ScoreResult): boolean {
  return result.verdict === 'review' || result.verdict === 'reject' || result.unscored === true;
}

/** What a reader's report did (POST /v1/comments/:id/reports). */
export interface ReportOutcome {
  commentId: string;
  /** This reporter had already reported this comment: nothing changed. */
  duplicate: boolean;
  counts: ReportCounts;
  /** The comment is in the review queue now (entered as `reported`, or was already held). */
  queued: boolean;
  priority: number | null;
}

export const MAX_PAGE = 200;
/** A value matched literally inside a LIKE pattern (backslash is PostgreSQL's default escape). */
const escapeLike = (s: string) => s.replace(/[\\%_]/g, '\\$&');
const DEFAULT_PAGE = 50;
const ORDER_PRIORITY_STEP = 1e13;
const FINAL = new Set<string>(FINAL_REVIEW_STATES);

type Row = Selectable<ReviewItemsTable>;
interface Pending { action: AuditAction; by: string; role: string; from: string | null; to: string; reason: string | null; note: string | null }

/** One transition in progress: the locked row (changed in place) and the audit entries it will write. */
class Step {
  readonly records: Pending[] = [];
  readonly commentReview: Record<string, unknown>[] = [];
  constructor(readonly row: Row, readonly now: number, readonly actor: Actor) {}

  get state(): string { return this.row.state; }

  setState(to: string, position?: string): void {
    this.row.state = to;
    if (position !== undefined) this.row.position = position;
  }

  dropClaim(): void {
    Object.assign(this.row, { claimed_by: null, claimed_role: null, claimed_at: null, lease_until: null });
  }

  record(action: AuditAction, by: string, role: string, from: string | null, to: string, reason?: string | null, note?: string | null): void {
    this.records.push({ action, by, role, from: from || null, to, reason: reason || null, note: note || null });
  }

  /** A claim whose lease ran out returns the item to where it came from; returns the former holder. */
  expireIfDue(): string | null {
    if (this.row.state !== 'claimed') return null;
    if (this.row.lease_until && this.row.lease_until.getTime() > this.now) return null;
    const holder = this.row.claimed_by;
    const base = this.row.base_state;
    this.setState(base);
    this.dropClaim();
    this.record('expire', 'system', 'system', 'claimed', base, null, `lease of ${holder} expired`);
    return holder;
  }
}

type Body = (s: Step) => string;

/** How a transition runs besides its body. */
interface TransitionOptions {
  /** Refuse with this code without running the body (the row is still locked and read). */
  refuseFirst?: ReviewRefusal;
  /** Runs in the transaction when the body said ok (e.g. redacting the comment's text too). */
  after?: (tx: DbTx) => Promise<void>;
  /** A successful transition is a decision the site hears of: its `comment.reviewed` outbox row is written in the same transaction and queued after it. */
  announce?: boolean;
}

export class ReviewStore {
  private readonly db: Db;
  private readonly redis: Redis;
  private readonly keys: RedisKeys;
  private readonly leaseMs: number;
  readonly clock: () => number;
  private readonly onDecided?: (tx: DbTx, item: ReviewItem) => Promise<void>;
  private readonly reviewed?: ReviewedOutbox;
  private readonly commentStore: CommentStore;
  private readonly searchText: (text: string) => string;

  constructor(opts: ReviewStoreOptions) {
    this.searchText = opts.searchText ?? plainSearchText;
    this.db = opts.db;
    this.redis = opts.redis;
    this.keys = opts.keys;
    this.commentStore = opts.comments ?? new CommentStore(opts.db);
    this.leaseMs = opts.leaseSeconds * 1000;
    this.clock = opts.clock ?? Date.now;
    this.onDecided = opts.onDecided;
    this.reviewed = opts.reviewed;
  }

  /** Creates the review item for a flagged comment; 'exists' when a retried job already did. */
  async ingest(comment: CommentInput, result: ScoreResult): Promise<'created' | 'exists' | 'not_flagged'> {
    if (!needsReview(result)) return 'not_flagged';
    const { outcome, events } = await this.db.transaction().execute((tx) => this.ingestIn(tx, comment, result));
    await this.publish(events);
    return outcome;
  }

  /**
   * ingest() inside the caller's transaction (the worker's, which also saves the verdict); the caller publishes
   * the returned live events after its commit (publish()).
   */
  async ingestIn(tx: DbTx, comment: CommentInput, result: ScoreResult, extra: { groupId?: string | null; section?: string | null } = {}): Promise<{ outcome: 'created' | 'exists' | 'not_flagged'; events: ReviewEvent[] }> {
    if (!needsReview(result)) return { outcome: 'not_flagged', events: [] };
    const now = this.clock();
    const created = Date.parse(comment.createdAt);
    const commentCreatedMs = Number.isFinite(created) ? Math.min(Math.max(created, 0), ORDER_PRIORITY_STEP - 1) : now;
    const priority = Math.min(100, Math.max(0, Math.round(result.priority)));
    const inserted = await tx.insertInto('review_items').values({
      id: comment.id, state: 'pending', base_state: 'pending', priority,
      position: orderScore(priority, commentCreatedMs),
      verdict: result.verdict, unscored: result.unscored === true,
      thread_id: comment.threadId, author_id: comment.author.id,
      labels: [...new Set(result.reasons.map((r) => r.label).filter((l): l is string => !!l))],
      slur_categories: [...new Set(result.slurs.map((s) => s.category))],
      created_at: new Date(now), comment_created_at: new Date(commentCreatedMs),
      claimed_by: null, claimed_role: null, claimed_at: null, lease_until: null,
      decided_by: null, decided_role: null, decided_at: null, action: null, reason: null, note: null,
      escalated_by: null, escalated_at: null, escalation_reason: null, escalation_note: null, version: 1,
      section: extra.section ?? sectionOf(comment), group_id: extra.groupId ?? null, search_text: this.searchText(comment.text),
    }).onConflict((oc) => oc.column('id').doNothing()).returning('id').executeTakeFirst();
    if (!inserted) return { outcome: 'exists', events: [] };
    await this.commentStore.setReview(tx, comment.id, { state: 'pending' });
    const events = await this.writeAudit(tx, comment.id, now, [{
      action: 'create', by: SYSTEM_ACTOR.name, role: SYSTEM_ACTOR.role, from: null, to: 'pending',
      reason: result.unscored ? 'unscored' : `verdict_${result.verdict}`, note: null,
    }]);
    return { outcome: 'created', events };
  }

  /**
   * Puts a PUBLISHED comment drawn into the audit sample (src/review/audit.ts) in the `audit` queue, inside the
   * worker's transaction: priority 0 (after every held comment), and the comment stays visible — only a
   * moderator's rejection hides it. 'exists' when a retried job already did.
   */
  async ingestAuditIn(tx: DbTx, comment: CommentInput, result: ScoreResult): Promise<{ outcome: 'created' | 'exists'; events: ReviewEvent[] }> {
    const now = this.clock();
    const created = Date.parse(comment.createdAt);
    const commentCreatedMs = Number.isFinite(created) ? Math.min(Math.max(created, 0), ORDER_PRIORITY_STEP - 1) : now;
    const inserted = await tx.insertInto('review_items').values({
      id: comment.id, state: 'pending', base_state: 'pending', priority: 0, queue: 'audit',
      position: orderScore(0, commentCreatedMs),
      verdict: result.verdict, unscored: false,
      thread_id: comment.threadId, author_id: comment.author.id,
      labels: [], slur_categories: [...new Set(result.slurs.map((s) => s.category))],
      created_at: new Date(now), comment_created_at: new Date(commentCreatedMs),
      claimed_by: null, claimed_role: null, claimed_at: null, lease_until: null,
      decided_by: null, decided_role: null, decided_at: null, action: null, reason: null, note: null,
      escalated_by: null, escalated_at: null, escalation_reason: null, escalation_note: null, version: 1,
      search_text: this.searchText(comment.text), section: sectionOf(comment),
    }).onConflict((oc) => oc.column('id').doNothing()).returning('id').executeTakeFirst();
    if (!inserted) return { outcome: 'exists', events: [] };
    const events = await this.writeAudit(tx, comment.id, now, [{
      action: 'create', by: SYSTEM_ACTOR.name, role: SYSTEM_ACTOR.role, from: null, to: 'pending', reason: 'audit_sample', note: null,
    }]);
    return { outcome: 'created', events };
  }

  /** `notAfterMs`: the lease never outlives this (a claim made through a browser session ends with the session). */
  claim(id: string, actor: Actor, notAfterMs?: number): Promise<TransitionOutcome> {
    return this.outcome(id, actor, this.claimBody(actor, this.leaseUntil(notAfterMs)));
  }

  /**
   * Claims the first pending item in queue order that nobody else is claiming at this instant (SKIP LOCKED);
   * null when there is none.
   */
  async claimNext(actor: Actor, notAfterMs?: number): Promise<TransitionOutcome | null> {
    const until = this.leaseUntil(notAfterMs);
    const done = await this.db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('review_items').selectAll()
        .where('state', '=', 'pending').orderBy('position').orderBy('id').limit(1)
        .forUpdate().skipLocked().executeTakeFirst();
      if (!row) return null;
      return this.applyLocked(tx, row, actor, this.claimBody(actor, until));
    });
    if (!done) return null;
    await this.publish(done.events);
    return done.code === 'ok' ? { ok: true, item: done.item! } : { ok: false, code: done.code as ReviewRefusal, item: done.item };
  }

  private claimBody(actor: Actor, until: number): Body {
    return (s) => {
      if (FINAL.has(s.state)) return 'already_decided';
      s.expireIfDue();
      const state = s.state;
      if (state === 'claimed') {
        if (s.row.claimed_by !== actor.name) return 'claimed_by_other';
        s.row.lease_until = new Date(until);
        s.record('extend', actor.name, actor.role, 'claimed', 'claimed');
        return 'ok';
      }
      if (state === 'escalated' && actor.role !== 'admin') return 'escalated_admin_only';
      s.setState('claimed');
      Object.assign(s.row, { claimed_by: actor.name, claimed_role: actor.role, claimed_at: new Date(s.now), lease_until: new Date(until) });
      s.record('claim', actor.name, actor.role, state, 'claimed');
      return 'ok';
    };
  }

  extend(id: string, actor: Actor, notAfterMs?: number): Promise<TransitionOutcome> {
    const until = this.leaseUntil(notAfterMs);
    return this.outcome(id, actor, (s) => {
      if (FINAL.has(s.state)) return 'already_decided';
      if (s.expireIfDue() === actor.name) return 'lease_expired';
      if (s.state !== 'claimed') return 'not_claimed';
      if (s.row.claimed_by !== actor.name) return 'claimed_by_other';
      s.row.lease_until = new Date(until);
      s.record('extend', actor.name, actor.role, 'claimed', 'claimed');
      return 'ok';
    });
  }

  private leaseUntil(notAfterMs: number | undefined): number {
    const until = this.clock() + this.leaseMs;
    return notAfterMs === undefined ? until : Math.min(until, notAfterMs);
  }

  /** Releasing a claim that already expired is a success: the item is back in the queue either way. */
  release(id: string, actor: Actor, note = ''): Promise<TransitionOutcome> {
    return this.outcome(id, actor, (s) => {
      if (FINAL.has(s.state)) return 'already_decided';
      if (s.expireIfDue() === actor.name) return 'ok';
      if (s.state !== 'claimed') return 'not_claimed';
      if (s.row.claimed_by !== actor.name && actor.role !== 'admin') return 'claimed_by_other';
      const base = s.row.base_state;
      s.setState(base);
      s.dropClaim();
      s.record('release', actor.name, actor.role, 'claimed', base, null, note);
      return 'ok';
    });
  }

  /**
   * An admin takes a colleague's live claim (the page asks first): the claim becomes the admin's, with a fresh
   * lease. The audit entry's `reason` names the former holder, its note is the admin's. An expired claim is no
   * claim (`not_claimed`: claim it instead); one's own claim is `already_claimed_by_you`.
   */
  takeover(id: string, actor: Actor, opts: { notAfterMs?: number; note?: string } = {}): Promise<TransitionOutcome> {
    const until = this.leaseUntil(opts.notAfterMs);
    return this.outcome(id, actor, (s) => {
      if (actor.role !== 'admin') return 'admin_only';
      if (FINAL.has(s.state)) return 'already_decided';
      s.expireIfDue();
      if (s.state !== 'claimed') return 'not_claimed';
      const holder = s.row.claimed_by!;
      if (holder === actor.name) return 'already_claimed_by_you';
      Object.assign(s.row, { claimed_by: actor.name, claimed_role: actor.role, claimed_at: new Date(s.now), lease_until: new Date(until) });
      s.record('takeover', actor.name, actor.role, 'claimed', 'claimed', holder, opts.note);
      return 'ok';
    });
  }

  /** `autoClaim`: take an unclaimed item directly (bulk decisions); a claim held by someone else still refuses. */
  decide(id: string, actor: Actor, d: DecisionInput, opts: { autoClaim?: boolean } = {}): Promise<TransitionOutcome> {
    const to = (DECISION_STATE as Record<string, ReviewState | undefined>)[d.action];
    const reason = d.reason || null;
    const note = d.note || null;
    return this.outcome(id, actor, (s) => {
      if (FINAL.has(s.state)) return 'already_decided';
      const formerHolder = s.expireIfDue();
      const from = s.state;
      if (from === 'claimed') {
        if (s.row.claimed_by !== actor.name) return 'claimed_by_other';
      } else if (!opts.autoClaim) {
        return formerHolder === actor.name ? 'lease_expired' : 'not_claimed';
      }
      const base = s.row.base_state;
      if (base === 'escalated' && actor.role !== 'admin') return 'escalated_admin_only';
      const nowIso = new Date(s.now).toISOString();
      if (to === 'escalated') {
        if (base === 'escalated') return 'already_escalated';
        s.setState('escalated');
        s.dropClaim();
        Object.assign(s.row, { base_state: 'escalated', escalated_by: actor.name, escalated_at: new Date(s.now) });
        if (reason) s.row.escalation_reason = reason;
        if (note) s.row.escalation_note = note;
        s.commentReview.push(compact({ state: 'escalated', decidedBy: actor.name, decidedAt: nowIso, action: d.action, reason }));
        s.record(d.action, actor.name, actor.role, from, 'escalated', reason, note);
        return 'ok';
      }
      // Decided states list the newest decision first: position = -decided ms.
      s.setState(to!, String(-s.now));
      s.dropClaim();
      Object.assign(s.row, { decided_by: actor.name, decided_role: actor.role, decided_at: new Date(s.now), action: d.action });
      if (reason) s.row.reason = reason;
      if (note) s.row.note = note;
      s.commentReview.push(compact({ state: to, decidedBy: actor.name, decidedAt: nowIso, action: d.action, reason }));
      s.record(d.action, actor.name, actor.role, from, to!, reason, note);
      return 'ok';
    }, { refuseFirst: to === undefined ? 'invalid_action' : undefined, announce: true });
  }

  /**
   * Undoes a decision: the item returns to the queue (pending, at its place by priority), the comment record shows
   * it pending again. Only the moderator who decided it, or an admin. `why` is required (the audit log keeps it).
   */
  reopen(id: string, actor: Actor, why: string, note?: string): Promise<TransitionOutcome> {
    return this.outcome(id, actor, (s) => {
      if (!FINAL.has(s.state)) return 'not_decided';
      if (s.row.decided_by !== actor.name && actor.role !== 'admin') return 'not_decider';
      const from = s.state;
      s.setState('pending', orderScore(s.row.priority, s.row.comment_created_at.getTime()));
      Object.assign(s.row, { base_state: 'pending', decided_by: null, decided_role: null, decided_at: null, action: null, reason: null, note: null });
      s.commentReview.push({ state: 'pending', reopenedBy: actor.name, reopenedAt: new Date(s.now).toISOString() });
      s.record('reopen', actor.name, actor.role, from, 'pending', null, note ? `${why} — ${note}` : why);
      return 'ok';
    }, { announce: true });
  }

  /**
   * Changes a decision approve ↔ reject in one step (the decider or an admin); to reject needs a reject reason.
   * The item stays decided (with the new decision, by the actor); the audit log has the step from the old state.
   */
  overturn(id: string, actor: Actor, input: { reason?: string; why: string; note?: string }): Promise<TransitionOutcome> {
    return this.outcome(id, actor, (s) => {
      if (!FINAL.has(s.state)) return 'not_decided';
      if (s.row.decided_by !== actor.name && actor.role !== 'admin') return 'not_decider';
      const from = s.state;
      const to = from === 'approved' ? 'rejected' : 'approved';
      const action = to === 'rejected' ? 'reject' : 'approve';
      const reason = to === 'rejected' ? input.reason ?? null : null;
      s.setState(to, String(-s.now));
      Object.assign(s.row, { decided_by: actor.name, decided_role: actor.role, decided_at: new Date(s.now), action, reason, note: input.note ?? null });
      s.commentReview.push(compact({ state: to, decidedBy: actor.name, decidedAt: new Date(s.now).toISOString(), action, reason, overturned: true }));
      s.record('overturn', actor.name, actor.role, from, to, reason, input.note ? `${input.why} — ${input.note}` : input.why);
      return 'ok';
    }, { announce: true });
  }

  /**
   * A reader's report, in one transaction: recorded unless this reporter already reported this comment; on an
   * open item it raises the priority (src/policy/reports.ts); a published comment whose reports reach a threshold
   * enters the queue as `reported`. A decided item only counts it: a moderator has already looked.
   */
  async report(commentId: string, input: { reporterId: string; reason: ReportReason; note?: string }, rule: ReportRule): Promise<ReportOutcome | null> {
    const done = await this.db.transaction().execute(async (tx) => {
      const [comment] = await this.commentStore.getMany([commentId], tx);
      if (!comment) return null;
      const now = this.clock();
      const row = await tx.selectFrom('review_items').selectAll().where('id', '=', commentId).forUpdate().executeTakeFirst();
      const inserted = await tx.insertInto('reports').values({ comment_id: commentId, reporter_id: input.reporterId, reason: input.reason, note: input.note ?? null, at: new Date(now) })
        .onConflict((oc) => oc.columns(['comment_id', 'reporter_id']).doNothing()).returning('comment_id').executeTakeFirst();
      const counts = await this.reportCounts(tx, commentId);
      const total = Object.values(counts).reduce((a, n) => a + n, 0);
      const base = comment.result?.priority ?? 0;
      const outcome: ReportOutcome = { commentId, duplicate: !inserted, counts, queued: false, priority: null };
      if (!inserted) return { outcome: { ...outcome, queued: !!row && !FINAL.has(row.state), priority: row?.priority ?? null }, events: [] };
      if (row) {
        const open = !FINAL.has(row.state);
        const priority = open ? reportedPriority(base, counts, rule, row.origin === 'reported') : row.priority;
        const changes: Record<string, unknown> = { reports: total };
        // Open items keep their place by priority (decided ones are ordered by decision time and keep theirs).
        if (open && priority !== row.priority) Object.assign(changes, { priority, position: orderScore(priority, row.comment_created_at.getTime()) });
        await tx.updateTable('review_items').set(changes).where('id', '=', commentId).execute();
        return { outcome: { ...outcome, queued: open, priority: open ? priority : null }, events: [] };
      }
      // Only a published comment enters the queue by reports (one still being scored gets its verdict first).
      if (comment.result?.verdict !== 'publish' || reportThresholdReached(counts, rule.thresholds) === null) return { outcome, events: [] };
      const priority = reportedPriority(base, counts, rule, true);
      const created = Date.parse(comment.createdAt);
      const commentCreatedMs = Number.isFinite(created) ? Math.min(Math.max(created, 0), ORDER_PRIORITY_STEP - 1) : now;
      await tx.insertInto('review_items').values({
        id: commentId, state: 'pending', base_state: 'pending', priority, position: orderScore(priority, commentCreatedMs),
        verdict: 'publish', unscored: false, thread_id: comment.threadId, author_id: comment.author.id,
        labels: [], slur_categories: [], created_at: new Date(now), comment_created_at: new Date(commentCreatedMs),
        claimed_by: null, claimed_role: null, claimed_at: null, lease_until: null,
        decided_by: null, decided_role: null, decided_at: null, action: null, reason: null, note: null,
        escalated_by: null, escalated_at: null, escalation_reason: null, escalation_note: null, version: 1,
        section: comment.section ?? (typeof comment.metadata?.section === 'string' ? comment.metadata.section : null), origin: 'reported', reports: total,
      }).execute();
      await this.commentStore.setReview(tx, commentId, { state: 'pending' });
      const events = await this.writeAudit(tx, commentId, now, [{ action: 'create', by: SYSTEM_ACTOR.name, role: SYSTEM_ACTOR.role, from: null, to: 'pending', reason: 'reported', note: `${total} reader reports` }]);
      return { outcome: { ...outcome, queued: true, priority }, events };
    });
    if (!done) return null;
    await this.publish(done.events);
    return done.outcome;
  }

  /**
   * An author's appeal of a removed comment (rejected by a moderator, or by the policy and not approved since).
   * One per comment: the same appeal again returns the open one; a decided one refuses.
   */
  async appeal(commentId: string, text: string): Promise<{ appeal: Appeal; created: boolean }> {
    const done = await this.db.transaction().execute(async (tx) => {
      const [comment] = await this.commentStore.getMany([commentId], tx);
      if (!comment) throw new ReviewError('not_found', `comment ${JSON.stringify(commentId)} does not exist`, undefined, { commentId });
      const row = await tx.selectFrom('review_items').selectAll().where('id', '=', commentId).forUpdate().executeTakeFirst();
      const existing = await tx.selectFrom('appeals').selectAll().where('comment_id', '=', commentId).executeTakeFirst();
      if (existing) {
        if (existing.state !== 'pending') throw new ReviewError('appeal_decided', `the appeal of comment ${JSON.stringify(commentId)} was already decided (${existing.state})`);
        return { appeal: toAppeal(existing), created: false, events: [] as ReviewEvent[] };
      }
      const removed = row ? row.state === 'rejected' || (row.verdict === 'reject' && !FINAL.has(row.state)) : comment.result?.verdict === 'reject';
      if (!removed) throw new ReviewError('not_removed', `comment ${JSON.stringify(commentId)} is not removed: only a removed comment can be appealed`);
      const now = this.clock();
      const inserted = await tx.insertInto('appeals').values({
        comment_id: commentId, text, created_at: new Date(now), original_decider: row?.decided_by ?? null,
        section: row?.section ?? comment.section ?? null,
      }).returningAll().executeTakeFirstOrThrow();
      const events = row ? await this.writeAudit(tx, commentId, now, [{ action: 'appeal', by: SYSTEM_ACTOR.name, role: SYSTEM_ACTOR.role, from: row.state, to: row.state, reason: null, note: 'the author appealed' }]) : [];
      return { appeal: toAppeal(inserted), created: true, events };
    });
    await this.publish(done.events);
    return { appeal: done.appeal, created: done.created };
  }

  /** Reports on one comment, counted per reason. */
  private async reportCounts(tx: DbOrTx, commentId: string): Promise<ReportCounts> {
    const rows = await tx.selectFrom('reports').select((eb) => ['reason', eb.fn.countAll<string>().as('n')]).where('comment_id', '=', commentId).groupBy('reason').execute();
    return Object.fromEntries(rows.map((r) => [r.reason, Number(r.n)]));
  }

  /**
   * The readers' reports on a comment, newest first, and the counts per reason over all of them (not just the
   * page); `cursor` = the time (ms) and reporter of the last one seen.
   */
  async reports(commentId: string, opts: { cursor?: string; limit?: number } = {}): Promise<{ counts: ReportCounts; reports: Report[]; nextCursor: string | null }> {
    const limit = Math.min(Math.max(opts.limit ?? DEFAULT_PAGE, 1), MAX_PAGE);
    const cursor = opts.cursor ? decodeReportsCursor(opts.cursor) : null;
    let q = this.db.selectFrom('reports').selectAll().where('comment_id', '=', commentId);
    if (cursor) {
      const at = new Date(Number(cursor.score));
      q = q.where((eb) => eb.or([eb('at', '<', at), eb.and([eb('at', '=', at), eb('reporter_id', '<', cursor.id)])]));
    }
    const rows = await q.orderBy('at', 'desc').orderBy('reporter_id', 'desc').limit(limit + 1).execute();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      counts: await this.reportCounts(this.db, commentId),
      reports: page.map((r) => ({ reporterId: r.reporter_id, reason: r.reason as ReportReason, note: r.note, at: r.at.toISOString() })),
      nextCursor: rows.length > limit && last ? encodeCursor('reports', String(last.at.getTime()), last.reporter_id) : null,
    };
  }

  /** The appeal of each of these comments (appeals are few: one indexed look-up per page of items). */
  async appealStates(ids: readonly string[]): Promise<Map<string, { state: Appeal['state']; createdAt: string }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('appeals').select(['comment_id', 'state', 'created_at']).where('comment_id', 'in', [...ids]).execute();
    return new Map(rows.map((r) => [r.comment_id, { state: r.state as Appeal['state'], createdAt: r.created_at.toISOString() }]));
  }

  /** The appeals of one state, oldest first; or the appeal of one comment, whatever its state. */
  async appeals(opts: { state?: string; commentId?: string; sections?: readonly string[]; limit?: number }): Promise<Appeal[]> {
    let q = this.db.selectFrom('appeals').selectAll();
    if (opts.state) q = q.where('state', '=', opts.state);
    if (opts.commentId !== undefined) q = q.where('comment_id', '=', opts.commentId);
    if (opts.sections) q = q.where('section', 'in', opts.sections.length > 0 ? [...opts.sections] : ['']);
    return (await q.orderBy('created_at').orderBy('comment_id').limit(Math.min(opts.limit ?? DEFAULT_PAGE, MAX_PAGE)).execute()).map(toAppeal);
  }

  /**
   * Decides an appeal — never by the moderator whose decision is appealed. `overturn` approves the comment (its
   * review item, audited; the comment record shows it approved), `uphold` keeps it removed.
   */
  async decideAppeal(commentId: string, actor: Actor, input: { outcome: 'uphold' | 'overturn'; message?: string; note?: string }): Promise<{ appeal: Appeal; item: ReviewItem | null }> {
    const done = await this.db.transaction().execute(async (tx) => {
      const a = await tx.selectFrom('appeals').selectAll().where('comment_id', '=', commentId).forUpdate().executeTakeFirst();
      if (!a) throw new ReviewError('not_found', `no appeal of comment ${JSON.stringify(commentId)}`, undefined, { commentId });
      if (a.state !== 'pending') throw new ReviewError('appeal_decided', `the appeal of comment ${JSON.stringify(commentId)} was already decided (${a.state})`);
      if (a.original_decider === actor.name) throw new ReviewError('same_decider', `${actor.name} made the decision appealed: a colleague decides the appeal`);
      const now = this.clock();
      const state = input.outcome === 'uphold' ? 'upheld' : 'overturned';
      const updated = await tx.updateTable('appeals').set({ state, decided_by: actor.name, decided_at: new Date(now), message: input.message ?? null, note: input.note ?? null })
        .where('comment_id', '=', commentId).returningAll().executeTakeFirstOrThrow();
      const row = await tx.selectFrom('review_items').selectAll().where('id', '=', commentId).forUpdate().executeTakeFirst();
      let item: ReviewItem | null = row ? toItem(row) : null;
      let events: ReviewEvent[] = [];
      let delivery: WebhookDelivery | null = null;
      if (row) {
        const step = new Step({ ...row }, now, actor);
        const from = row.state;
        if (input.outcome === 'overturn') {
          step.setState('approved', String(-now));
          step.dropClaim();
          Object.assign(step.row, { decided_by: actor.name, decided_role: actor.role, decided_at: new Date(now), action: 'approve', reason: null, note: input.note ?? null });
          step.commentReview.push({ state: 'approved', decidedBy: actor.name, decidedAt: new Date(now).toISOString(), action: 'approve', appeal: 'overturned' });
        }
        step.record(input.outcome === 'overturn' ? 'appeal_overturned' : 'appeal_upheld', actor.name, actor.role, from, step.state, null, input.note ?? null);
        step.row.version = row.version + 1;
        const { id: _id, ...changes } = step.row;
        await tx.updateTable('review_items').set(changes).where('id', '=', row.id).execute();
        for (const review of step.commentReview) await this.commentStore.setReview(tx, row.id, review);
        events = await this.writeAudit(tx, row.id, now, step.records);
        item = toItem(step.row);
        if (input.outcome === 'overturn' && this.reviewed) delivery = await this.reviewed.record(tx, item);
      } else if (input.outcome === 'overturn') {
        await this.commentStore.setReview(tx, commentId, { state: 'approved', decidedBy: actor.name, decidedAt: new Date(now).toISOString(), action: 'approve', appeal: 'overturned' });
      }
      const appeal = toAppeal(updated);
      // The site learns the outcome by `comment.appeal_decided`: its outbox row commits with the decision too.
      const decided = this.reviewed ? await this.reviewed.recordAppeal(tx, commentId, appeal, item) : null;
      return { appeal, item, events, deliveries: [delivery, decided] };
    });
    await this.publish(done.events);
    if (this.reviewed) await this.reviewed.send(done.deliveries);
    return { appeal: done.appeal, item: done.item };
  }

  /** Ids of an author's pending items (oldest comment first), optionally only comments created since `sinceMs`. */
  async pendingIds(where: { authorId?: string; groupId?: string; sinceMs?: number }, limit: number): Promise<string[]> {
    let q = this.db.selectFrom('review_items').select('id').where('state', '=', 'pending');
    if (where.authorId !== undefined) q = q.where('author_id', '=', where.authorId);
    if (where.groupId !== undefined) q = q.where('group_id', '=', where.groupId);
    if (where.sinceMs !== undefined) q = q.where('comment_created_at', '>=', new Date(where.sinceMs));
    return (await q.orderBy('comment_created_at').orderBy('id').limit(limit).execute()).map((r) => r.id);
  }

  /**
   * Near-duplicate groups with at least `minSize` pending items, largest first: each once, with its size (all
   * members signed into it), pending count, authors, threads, sections and highest priority.
   */
  async groups(opts: { minSize?: number; section?: string; sections?: readonly string[]; groupId?: string; limit?: number } = {}) {
    await this.expireDueClaims();
    let q = this.db.selectFrom('review_items')
      .select((eb) => [
        'group_id', eb.fn.countAll<string>().as('pending'), eb.fn.max('priority').as('priority'),
        sql<string[]>`array_agg(DISTINCT author_id)`.as('authors'), sql<string[]>`array_agg(DISTINCT thread_id)`.as('threads'),
        sql<(string | null)[]>`array_agg(DISTINCT section)`.as('sections'),
        eb.fn.min('comment_created_at').as('first_at'), eb.fn.max('comment_created_at').as('last_at'),
      ])
      .where('state', '=', 'pending').where('group_id', 'is not', null);
    if (opts.section) q = q.where('section', '=', opts.section);
    if (opts.sections) q = q.where('section', 'in', opts.sections.length > 0 ? [...opts.sections] : ['']);
    if (opts.groupId !== undefined) q = q.where('group_id', '=', opts.groupId);
    const rows = await q.groupBy('group_id').having((eb) => eb.fn.countAll(), '>=', opts.minSize ?? 2)
      .orderBy(sql`count(*)`, 'desc').orderBy(sql`max(priority)`, 'desc').orderBy('group_id').limit(Math.min(opts.limit ?? DEFAULT_PAGE, MAX_PAGE)).execute();
    const ids = rows.map((r) => r.group_id!);
    const sizes = ids.length === 0 ? [] : await this.db.selectFrom('near_duplicates').select((eb) => ['group_id', eb.fn.countAll<string>().as('n')])
      .where('group_id', 'in', ids).groupBy('group_id').execute();
    const size = new Map(sizes.map((r) => [r.group_id, Number(r.n)]));
    const sample = (xs: (string | null)[]) => ({ count: xs.filter((x) => x !== null).length, sample: xs.filter((x): x is string => x !== null).slice(0, 10) });
    return rows.map((r) => ({
      id: r.group_id!, size: size.get(r.group_id!) ?? Number(r.pending), pending: Number(r.pending), priority: Number(r.priority),
      authors: sample(r.authors), threads: sample(r.threads), sections: r.sections.filter((x): x is string => x !== null),
      firstAt: new Date(r.first_at as Date).toISOString(), lastAt: new Date(r.last_at as Date).toISOString(),
    }));
  }

  /** Returns every claim whose lease ran out to its queue; each item re-checks under its lock, so a racing extend wins. */
  async expireDueClaims(limit = 500): Promise<number> {
    const due = await this.db.selectFrom('review_items').select('id')
      .where('state', '=', 'claimed').where('lease_until', '<=', new Date(this.clock())).limit(limit).execute();
    let expired = 0;
    for (const { id } of due) {
      const { code } = await this.transition(id, SYSTEM_ACTOR, (s) => (s.expireIfDue() !== null ? 'ok' : 'not_due'));
      if (code === 'ok') expired++;
    }
    return expired;
  }

  /** The item, with an expired claim returned to the queue first (lazy expiry). */
  async get(id: string): Promise<ReviewItem | null> {
    const row = await this.db.selectFrom('review_items').selectAll().where('id', '=', id).executeTakeFirst();
    if (row?.state === 'claimed' && row.lease_until && row.lease_until.getTime() <= this.clock()) {
      return (await this.transition(id, SYSTEM_ACTOR, (s) => (s.expireIfDue() !== null ? 'ok' : 'not_due'))).item;
    }
    return row ? toItem(row) : null;
  }

  async getMany(ids: readonly string[]): Promise<(ReviewItem | null)[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('review_items').selectAll().where('id', 'in', [...ids]).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => { const r = byId.get(id); return r ? toItem(r) : null; });
  }

  /** One page of a state's items in queue order (highest priority, then oldest comment, first); `open` = pending + claimed. */
  async list(q: ListQuery): Promise<{ items: ReviewItem[]; nextCursor: string | null }> {
    await this.expireDueClaims();
    const limit = Math.min(Math.max(q.limit ?? DEFAULT_PAGE, 1), MAX_PAGE);
    const cursor = q.cursor ? decodeItemsCursor(q.cursor) : null;
    const states: ReviewState[] = q.state === 'open' ? ['pending', 'claimed'] : [q.state];
    let query = this.db.selectFrom('review_items').selectAll().where('state', 'in', states);
    if (q.label) query = query.where(sql<boolean>`labels @> ARRAY[${q.label}]::text[]`);
    if (q.slur) query = query.where(sql<boolean>`slur_categories @> ARRAY[${q.slur}]::text[]`);
    if (q.thread) query = query.where('thread_id', '=', q.thread);
    if (q.author) query = query.where('author_id', '=', q.author);
    if (q.who) {
      // The start of the author's id, or of a word of the display name their comment carries (case-insensitive).
      const start = `${escapeLike(q.who.toLowerCase())}%`;
      query = query.where(sql<boolean>`(lower(review_items.author_id) LIKE ${start} OR EXISTS (
        SELECT 1 FROM comments c WHERE c.id = review_items.id AND (lower(c.author_name) LIKE ${start} OR lower(c.author_name) LIKE ${`% ${start}`})))`);
    }
    if (q.section) query = query.where('section', '=', q.section);
    if (q.group) query = query.where('group_id', '=', q.group);
    if (q.appeal) query = query.where(sql<boolean>`EXISTS (SELECT 1 FROM appeals a WHERE a.comment_id = review_items.id AND a.state = ${q.appeal})`);
    if (q.sections) query = query.where('section', 'in', q.sections.length > 0 ? [...q.sections] : ['']);
    if (q.fromMs !== undefined) query = query.where('comment_created_at', '>=', new Date(q.fromMs));
    if (q.beforeMs !== undefined) query = query.where('comment_created_at', '<', new Date(q.beforeMs));
    // Each word of the folded query is in the item's folded text (trigram index: review_items_search).
    for (const word of q.q ? this.searchWords(q.q) : []) query = query.where('search_text', 'like', `%${escapeLike(word)}%`);
    if (cursor) {
      query = query.where((eb) => eb.or([eb('position', '>', cursor.score), eb.and([eb('position', '=', cursor.score), eb('id', '>', cursor.id)])]));
    }
    const rows = await query.orderBy('position').orderBy('id').limit(limit + 1).execute();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toItem),
      nextCursor: rows.length > limit && last ? encodeCursor('items', String(last.position), last.id) : null,
    };
  }

  /** The words of a search query as the item texts are stored (empty when it has no letters or digits). */
  searchWords(text: string): string[] {
    return [...new Set(this.searchText(text).split(' ').filter(Boolean))];
  }

  async counts(): Promise<Record<ReviewState, number>> {
    await this.expireDueClaims();
    const stats = await this.queueStats();
    return Object.fromEntries(REVIEW_STATES.map((s) => [s, stats[s].count])) as Record<ReviewState, number>;
  }

  /** Per state: how many items and the created-at (ms) of the oldest comment among them (for /metrics). */
  async queueStats(): Promise<Record<ReviewState, { count: number; oldestCommentMs: number | null }>> {
    const rows = await this.db.selectFrom('review_items')
      .select((eb) => ['state', eb.fn.countAll<string>().as('n'), eb.fn.min('comment_created_at').as('oldest')])
      .groupBy('state').execute();
    const by = new Map(rows.map((r) => [r.state, r]));
    return Object.fromEntries(REVIEW_STATES.map((s) => {
      const r = by.get(s);
      return [s, { count: r ? Number(r.n) : 0, oldestCommentMs: r?.oldest ? new Date(r.oldest).getTime() : null }];
    })) as Record<ReviewState, { count: number; oldestCommentMs: number | null }>;
  }

  /** The item's transitions, oldest first. */
  async history(id: string): Promise<AuditEntry[]> {
    const rows = await this.db.selectFrom('audit_log').selectAll().where('item_id', '=', id).orderBy('id').execute();
    return rows.map(toEntry);
  }

  /** The audit log across items, newest first; `cursor` = the previous page's nextCursor (its last entry). */
  async audit(opts: { cursor?: string; limit?: number } = {}): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
    const limit = Math.min(Math.max(opts.limit ?? DEFAULT_PAGE, 1), MAX_PAGE);
    let q = this.db.selectFrom('audit_log').selectAll();
    if (opts.cursor) q = q.where('id', '<', decodeAuditCursor(opts.cursor) as never);
    const rows = await q.orderBy('id', 'desc').limit(limit + 1).execute();
    const entries = rows.slice(0, limit).map(toEntry);
    return { entries, nextCursor: rows.length > limit ? encodeCursor('audit', entries[entries.length - 1]!.id) : null };
  }

  /** Comments for the given ids (null where absent), from the comment store. */
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
    const rows = await this.db.selectFrom('review_items').select((eb) => ['state', eb.fn.countAll<string>().as('n')])
      .where('author_id', '=', authorId).groupBy('state').execute();
    const counts = Object.fromEntries(REVIEW_STATES.map((s) => [s, 0])) as Record<ReviewState, number>;
    for (const r of rows) if (r.state in counts) counts[r.state as ReviewState] = Number(r.n);
    return counts;
  }

  /**
   * Drops the text of comments decided before `cutoffMs` (and the matched fragments kept in their result).
   * Returns how many were redacted. Safe to run from several processes: each item is one locked transaction.
   */
  async redactDecidedBefore(cutoffMs: number, batch = 200): Promise<number> {
    const due = await this.db.selectFrom('review_items').select('id')
      .where('decided_at', '<=', new Date(cutoffMs)).where('text_redacted', '=', false).limit(batch).execute();
    let redacted = 0;
    for (const { id } of due) {
      const { code } = await this.transition(id, SYSTEM_ACTOR, (s) => {
        if (s.row.text_redacted || !s.row.decided_at || s.row.decided_at.getTime() > cutoffMs) return 'not_due';
        s.row.text_redacted = true;
        s.row.search_text = '';
        s.record('redact_text', 'system', 'system', s.state, s.state);
        return 'ok';
      }, { after: async (tx) => this.commentStore.redact(tx, id) });
      if (code === 'ok') redacted++;
    }
    return redacted;
  }

  /** Publishes committed transitions' live events (best effort: pub/sub, never the record). */
  async publish(events: readonly ReviewEvent[]): Promise<void> {
    for (const e of events) {
      await this.redis.publish(this.keys.reviewEvents, JSON.stringify({ ...e, at: String(Date.parse(e.at)) })).catch(() => undefined);
    }
  }

  private async outcome(id: string, actor: Actor, body: Body, opts: TransitionOptions = {}): Promise<TransitionOutcome> {
    const { code, item } = await this.transition(id, actor, body, opts);
    if (code === 'ok') return { ok: true, item: item! };
    return { ok: false, code: code as ReviewRefusal, item };
  }

  /**
   * Runs `body` on the item's locked row in one transaction; writes the row if it changed, the audit entries it
   * recorded, the comment's review state and `after` (when the body said ok); commits even on a refusal (an
   * expired claim found on the way is returned to the queue either way); publishes the events after commit.
   */
  private async transition(id: string, actor: Actor, body: Body, { refuseFirst, after, announce = false }: TransitionOptions = {}): Promise<{ code: string; item: ReviewItem | null }> {
    const done = await this.db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('review_items').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (refuseFirst) return { code: refuseFirst, item: row ? toItem(row) : null, events: [], delivery: null };
      if (!row) return { code: 'not_found', item: null, events: [], delivery: null };
      const applied = await this.applyLocked(tx, row, actor, body, after);
      const delivery = announce && applied.code === 'ok' && this.reviewed ? await this.reviewed.record(tx, applied.item) : null;
      return { ...applied, delivery };
    });
    await this.publish(done.events);
    if (done.delivery) await this.reviewed!.send([done.delivery]);
    return { code: done.code, item: done.item };
  }

  private async applyLocked(tx: DbTx, row: Row, actor: Actor, body: Body, after?: (tx: DbTx) => Promise<void>) {
    const step = new Step({ ...row }, this.clock(), actor);
    const code = body(step);
    if (step.records.length === 0) return { code, item: toItem(row), events: [] as ReviewEvent[] };
    step.row.version = row.version + step.records.length;
    const { id: _id, ...changes } = step.row;
    await tx.updateTable('review_items').set(changes).where('id', '=', row.id).execute();
    for (const review of step.commentReview) await this.commentStore.setReview(tx, row.id, review);
    if (code === 'ok' && after) await after(tx);
    if (code === 'ok' && this.onDecided && FINAL.has(step.row.state) && !FINAL.has(row.state)) await this.onDecided(tx, toItem(step.row));
    const events = await this.writeAudit(tx, row.id, step.now, step.records);
    return { code, item: toItem(step.row), events };
  }

  private async writeAudit(tx: DbOrTx, itemId: string, now: number, records: readonly Pending[]): Promise<ReviewEvent[]> {
    const at = new Date(now);
    const rows = await tx.insertInto('audit_log').values(records.map((r) => ({
      at, item_id: itemId, actor: r.by, role: r.role, action: r.action, from_state: r.from, to_state: r.to, reason: r.reason, note: r.note,
    }))).returning('id').execute();
    return records.map((r, i) => ({
      type: 'review.changed', auditId: String(rows[i]!.id), itemId, action: r.action,
      from: r.from as ReviewState | null, to: r.to as ReviewState, actor: r.by, at: at.toISOString(),
    }));
  }
}

/** Ascending position = queue order: higher priority first, then the older comment. */
function orderScore(priority: number, commentCreatedMs: number): string {
  return String((100 - priority) * ORDER_PRIORITY_STEP + commentCreatedMs);
}

function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined && v !== ''));
}

const iso = (d: Date | null) => (d ? d.toISOString() : '');

export function toItem(r: Row): ReviewItem {
  return {
    id: r.id,
    state: r.state as ReviewState,
    baseState: r.base_state as ReviewItem['baseState'],
    priority: r.priority,
    verdict: r.verdict as Verdict,
    unscored: r.unscored,
    threadId: r.thread_id,
    authorId: r.author_id,
    labels: r.labels,
    slurCategories: r.slur_categories,
    createdAt: iso(r.created_at),
    commentCreatedAt: iso(r.comment_created_at),
    claim: r.claimed_by ? { by: r.claimed_by, role: r.claimed_role ?? '', at: iso(r.claimed_at), until: iso(r.lease_until) } : null,
    decision: r.decided_by
      ? { by: r.decided_by, role: r.decided_role ?? '', at: iso(r.decided_at), action: r.action as 'approve' | 'reject', reason: r.reason, note: r.note }
      : null,
    escalation: r.escalated_by ? { by: r.escalated_by, at: iso(r.escalated_at), reason: r.escalation_reason, note: r.escalation_note } : null,
    textRedacted: r.text_redacted,
    version: r.version,
    section: r.section,
    groupId: r.group_id,
    origin: r.origin as ReviewItem['origin'],
    reports: r.reports,
    queue: r.queue === 'audit' ? 'audit' : 'review',
  };
}

function toEntry(r: { id: string; at: Date; item_id: string; actor: string; role: string; action: string; from_state: string | null; to_state: string; reason: string | null; note: string | null }): AuditEntry {
  return {
    id: String(r.id), itemId: r.item_id, at: r.at.toISOString(), actor: r.actor, role: r.role,
    action: r.action as AuditAction, from: r.from_state as ReviewState | null, to: r.to_state as ReviewState,
    reason: r.reason, note: r.note,
  };
}

/** A reader's report as moderators see it. */
export interface Report {
  reporterId: string;
  reason: ReportReason;
  note: string | null;
  at: string;
}

/** An author's appeal as the API shows it. */
export interface Appeal {
  id: string;
  commentId: string;
  state: 'pending' | 'upheld' | 'overturned';
  text: string;
  createdAt: string;
  originalDecider: string | null;
  section: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  message: string | null;
}

function toAppeal(r: { comment_id: string; state: string; text: string; created_at: Date; original_decider: string | null; section: string | null; decided_by: string | null; decided_at: Date | null; message: string | null }): Appeal {
  return {
    id: r.comment_id, commentId: r.comment_id, state: r.state as Appeal['state'], text: r.text, createdAt: r.created_at.toISOString(),
    originalDecider: r.original_decider, section: r.section, decidedBy: r.decided_by, decidedAt: r.decided_at?.toISOString() ?? null, message: r.message,
  };
}

/** A published review event as the API relays it. */
export function parseReviewEvent(message: string): ReviewEvent | null {
  try {
    const e = JSON.parse(message) as Record<string, string>;
    if (e.type !== 'review.changed' || !e.itemId) return null;
    return {
      type: 'review.changed', auditId: e.auditId ?? '', itemId: e.itemId, action: e.action as ReviewEvent['action'],
      from: (e.from ?? null) as ReviewEvent['from'], to: e.to as ReviewEvent['to'], actor: e.actor ?? '',
      at: new Date(Number(e.at)).toISOString(),
    };
  } catch {
    return null;
  }
}
