/**
 * The moderator workflow over the store: validates decisions against the configured reason codes, throws every
 * refusal as a ReviewError (code, message, field, details; the API picks the status), joins items with their
 * comments for the moderator page, and queues a `comment.reviewed` webhook after every decision.
 */
import type { Logger } from 'pino';
import type { CommentInput } from '../domain/comment';
import { REVIEW_ACTIONS, ITEM_ACTIONS, type ItemAction, type ReviewAction, type ReviewState } from '../domain/review';
import { allowedActions } from './actions';
import { refusal, refusalMessage, ReviewError } from './errors';
import type { StoredComment } from '../store/comments';
import type { ReviewStore } from './store';
import type { Actor, AuditEntry, DecisionInput, ListQuery, ReviewItem, TransitionOutcome } from './types';
import type { WebhookPublisher } from './webhooks';

/** Most items one bulk decision may name. */
export const MAX_BULK_ITEMS = 500;
export const MAX_NOTE_LENGTH = 2000;
/** Longest search query (GET /v1/review/items?q=…). */
export const MAX_QUERY_LENGTH = 200;

/** The comment as a moderator sees it beside the item (text is null once retention dropped it). */
export interface CommentSummary {
  id: string;
  threadId: string;
  parentId: string | null;
  author: CommentInput['author'];
  text: string | null;
  textRedacted: boolean;
  createdAt: string;
  score: number | null;
  labels: Record<string, number>;
  slurs: { term: string; category: string; severity: number; start: number; end: number; text: string }[];
  reasons: { code: string; message: string; label?: string; term?: string }[];
}

/** An item as the API serves it: with its comment and the actions the asking user may take on it now. */
export type ReviewItemView = ReviewItem & { comment: CommentSummary | null; actions: ItemAction[] };

export type BulkResult =
  | { id: string; ok: true; state: ReviewState }
  | { id: string; ok: false; error: { code: string; message: string } };

export class ReviewService {
  constructor(private readonly deps: { store: ReviewStore; webhooks: WebhookPublisher; reasonCodes: readonly string[]; logger?: Logger }) {}

  get reasonCodes(): readonly string[] {
    return this.deps.reasonCodes;
  }

  /**
   * One page of the queue, filtered; `q` searches the comments' text as folded by the search key (a disguised
   * spelling finds the plain one). A query with nothing to search for (no letter or digit) is refused.
   */
  async list(q: ListQuery, actor?: Actor): Promise<{ items: ReviewItemView[]; nextCursor: string | null }> {
    if (q.q !== undefined && this.deps.store.searchWords(q.q).length === 0) {
      throw new ReviewError('invalid_query', 'q has no letters or digits to search for', 'q');
    }
    const page = await this.deps.store.list(q);
    return { items: await this.withComments(page.items, actor), nextCursor: page.nextCursor };
  }

  counts(): Promise<Record<ReviewState, number>> {
    return this.deps.store.counts();
  }

  async get(id: string, actor?: Actor): Promise<ReviewItemView> {
    const item = await this.deps.store.get(id);
    if (!item) throw refusal('not_found', id, null);
    return (await this.withComments([item], actor))[0]!;
  }

  /** `notAfterMs`: the lease ends then at the latest (the end of the browser session it was claimed through). */
  async claim(id: string, actor: Actor, opts: { notAfterMs?: number } = {}): Promise<ReviewItemView> {
    return this.view(id, await this.deps.store.claim(id, actor, opts.notAfterMs), actor);
  }

  async extend(id: string, actor: Actor, opts: { notAfterMs?: number } = {}): Promise<ReviewItemView> {
    return this.view(id, await this.deps.store.extend(id, actor, opts.notAfterMs), actor);
  }

  async release(id: string, actor: Actor, note?: string): Promise<ReviewItemView> {
    this.checkNote(note);
    return this.view(id, await this.deps.store.release(id, actor, note), actor);
  }

  /** An admin takes a colleague's claim; `note` (why) goes into the audit entry, which names the former holder. */
  async takeover(id: string, actor: Actor, opts: { notAfterMs?: number; note?: string } = {}): Promise<ReviewItemView> {
    this.checkNote(opts.note);
    return this.view(id, await this.deps.store.takeover(id, actor, opts), actor);
  }

  /** One decision on an item the actor holds a claim on. */
  async decide(id: string, actor: Actor, input: DecisionInput): Promise<ReviewItemView> {
    this.validate(input);
    const outcome = await this.deps.store.decide(id, actor, input);
    if (outcome.ok) await this.announce(outcome.item);
    return this.view(id, outcome, actor);
  }

  /**
   * The same decision on many items (a raid, one author's spree). Each item is decided by its own script, so
   * each succeeds or is refused on its own: unclaimed items are taken directly; items claimed by someone else,
   * escalated (for non-admins) or already decided are reported, not touched.
   */
  async bulkDecide(ids: readonly string[], actor: Actor, input: DecisionInput): Promise<{ results: BulkResult[]; summary: { ok: number; failed: number } }> {
    this.validate(input);
    const unique = [...new Set(ids)];
    if (unique.length === 0) throw new ReviewError('invalid_ids', 'ids must name at least one item', 'ids');
    if (unique.length > MAX_BULK_ITEMS) throw new ReviewError('too_many_items', `at most ${MAX_BULK_ITEMS} items per bulk decision`, 'ids');
    const results: BulkResult[] = [];
    for (const id of unique) {
      const outcome = await this.deps.store.decide(id, actor, input, { autoClaim: true });
      if (outcome.ok) {
        await this.announce(outcome.item);
        results.push({ id, ok: true, state: outcome.item.state });
      } else {
        results.push({ id, ok: false, error: { code: outcome.code, message: refusalMessage(outcome.code, id, outcome.item) } });
      }
    }
    const ok = results.filter((r) => r.ok).length;
    return { results, summary: { ok, failed: results.length - ok } };
  }

  async history(id: string): Promise<{ item: ReviewItem; entries: AuditEntry[] }> {
    const item = await this.deps.store.get(id);
    if (!item) throw refusal('not_found', id, null);
    return { item, entries: await this.deps.store.history(id) };
  }

  /** A cursor this API did not return for the audit log is refused by the store (ReviewError invalid_cursor). */
  audit(opts: { cursor?: string; limit?: number }) {
    return this.deps.store.audit(opts);
  }

  /** The author's comments (newest first) with each one's verdict and review state, and totals across all of them. */
  async authorHistory(authorId: string, opts: { cursor?: string; limit?: number }) {
    const store = this.deps.store;
    const page = await store.authorCommentIds(authorId, opts);
    const [comments, items, states] = await Promise.all([store.comments(page.ids), store.getMany(page.ids), store.authorItemStates(authorId)]);
    return {
      authorId,
      summary: { comments: page.total, reviewItems: Object.values(states).reduce((a, b) => a + b, 0), ...states },
      comments: page.ids.map((id, i) => {
        const c = comments[i];
        const item = items[i];
        return {
          id,
          threadId: c?.input.threadId ?? item?.threadId ?? null,
          createdAt: c?.input.createdAt ?? null,
          text: c && !c.textRedacted ? c.input.text : null,
          textRedacted: c?.textRedacted ?? false,
          verdict: c?.result?.verdict ?? null,
          score: c?.result?.score ?? null,
          reasons: c?.result?.reasons ?? [],
          review: item ? { state: item.state, decision: item.decision, escalation: item.escalation } : null,
        };
      }),
      nextCursor: page.nextCursor,
    };
  }

  private validate(input: DecisionInput): void {
    if (!(REVIEW_ACTIONS as readonly string[]).includes(input.action)) {
      throw new ReviewError('invalid_action', `action must be one of ${REVIEW_ACTIONS.join(', ')}`, 'action');
    }
    const codes = this.deps.reasonCodes;
    if (ITEM_ACTIONS[input.action].needsReason && !input.reason) {
      throw new ReviewError('invalid_reason', `${input.action} needs a reason: one of ${codes.join(', ')}`, 'reason');
    }
    if (input.reason !== undefined && !codes.includes(input.reason)) {
      throw new ReviewError('invalid_reason', `unknown reason ${JSON.stringify(input.reason)}: use one of ${codes.join(', ')}`, 'reason');
    }
    this.checkNote(input.note);
  }

  private checkNote(note: string | undefined): void {
    if (note !== undefined && [...note].length > MAX_NOTE_LENGTH) {
      throw new ReviewError('note_too_long', `a note may have at most ${MAX_NOTE_LENGTH} characters`, 'note');
    }
  }

  private async view(id: string, outcome: TransitionOutcome, actor: Actor): Promise<ReviewItemView> {
    if (!outcome.ok) throw refusal(outcome.code, id, outcome.item);
    return (await this.withComments([outcome.item], actor))[0]!;
  }

  /** Tells the site about a decision; the delivery id includes the item version, so each transition is sent once. */
  private async announce(item: ReviewItem): Promise<void> {
    const decision = item.decision ?? (item.escalation ? { by: item.escalation.by, at: item.escalation.at, action: 'escalate' as ReviewAction, reason: item.escalation.reason } : null);
    await this.deps.webhooks.publish('comment.reviewed', `reviewed:${item.id}:${item.version}`, {
      comment: { id: item.id, threadId: item.threadId, authorId: item.authorId },
      review: { state: item.state, decidedBy: decision?.by ?? null, decidedAt: decision?.at ?? null, action: decision?.action ?? null, reason: decision?.reason ?? null },
    });
  }

  private async withComments(items: ReviewItem[], actor?: Actor): Promise<ReviewItemView[]> {
    const comments = await this.deps.store.comments(items.map((i) => i.id));
    const now = this.deps.store.clock();
    return items.map((item, i) => ({ ...item, comment: summary(comments[i] ?? null), actions: actor ? allowedActions(item, actor, now) : [] }));
  }
}

function summary(c: StoredComment | null): CommentSummary | null {
  if (!c) return null;
  const r = c.result;
  return {
    id: c.input.id,
    threadId: c.input.threadId,
    parentId: c.input.parentId ?? null,
    author: c.input.author,
    text: c.textRedacted ? null : c.input.text,
    textRedacted: c.textRedacted,
    createdAt: c.input.createdAt,
    score: r?.score ?? null,
    labels: (r?.labels ?? {}) as Record<string, number>,
    slurs: (r?.slurs ?? []).map((s) => ({ term: s.term, category: s.category, severity: s.severity, start: s.start, end: s.end, text: s.text })),
    reasons: r?.reasons ?? [],
  };
}
