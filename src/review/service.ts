/**
 * The moderator workflow over the store: validates decisions against the configured reason codes, throws every
 * refusal as a ReviewError (code, message, field, details; the API picks the status), joins items with their
 * comments for the moderator page. Every decision's `comment.reviewed` webhook is written by the store in the
 * decision's own transaction (`reviewedWebhook` says what it carries; wired in ./index.ts).
 */
import type { Logger } from 'pino';
import type { CommentInput } from '../domain/comment';
import { REVIEW_ACTIONS, ITEM_ACTIONS, type ItemAction, type ReviewAction, type ReviewState } from '../domain/review';
import { allowedActions, allowedAuthorActions } from './actions';
import { sectionAllowed } from '../domain/sections';
import { applyAuthorRules } from '../policy/authors';
import type { PeopleRules } from './ingest';
import type { ReportReason } from '../domain/reports';
import type { ReportRule } from '../policy/reports';
import { DEFAULT_POLICY, type Policy } from '../policy/defaults';
import { statementOfReasons } from '../policy/statements';
import type { AuthorActionInput, PeopleStore } from './people';
import { refusal, refusalMessage, ReviewError } from './errors';
import type { StoredComment } from '../store/comments';
import { MAX_PAGE, type Appeal, type ReviewStore } from './store';
import type { Actor, AuditEntry, DecisionInput, ListQuery, ReviewItem, TransitionOutcome } from './types';

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
export type ReviewItemView = ReviewItem & {
  comment: CommentSummary | null;
  actions: ItemAction[];
  /** The author's appeal of the removal, if any (GET /v1/review/appeals?comment=… has the whole of it). */
  appeal: { state: 'pending' | 'upheld' | 'overturned'; createdAt: string } | null;
};

export type BulkResult =
  | { id: string; ok: true; state: ReviewState }
  | { id: string; ok: false; error: { code: string; message: string } };

export class ReviewService {
  constructor(private readonly deps: { store: ReviewStore; reasonCodes: readonly string[]; logger?: Logger; people?: PeopleStore; rules?: PeopleRules; reportRule?: ReportRule; policy?: Policy }) {}

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
    const page = await this.deps.store.list(actor?.sections ? { ...q, sections: actor.sections } : q);
    return { items: await this.withComments(page.items, actor), nextCursor: page.nextCursor };
  }

  counts(): Promise<Record<ReviewState, number>> {
    return this.deps.store.counts();
  }

  async get(id: string, actor?: Actor): Promise<ReviewItemView> {
    const item = await this.deps.store.get(id);
    if (!item || (actor && !sectionAllowed(actor.sections, item.section ?? undefined))) throw refusal('not_found', id, null);
    return (await this.withComments([item], actor))[0]!;
  }

  /** `notAfterMs`: the lease ends then at the latest (the end of the browser session it was claimed through). */
  async claim(id: string, actor: Actor, opts: { notAfterMs?: number } = {}): Promise<ReviewItemView> {
    await this.checkSection(id, actor);
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
    await this.checkSection(id, actor);
    const outcome = await this.deps.store.decide(id, actor, input);
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
      if (actor.sections) {
        const item = await this.deps.store.get(id);
        if (item && !sectionAllowed(actor.sections, item.section ?? undefined)) {
          results.push({ id, ok: false, error: { code: 'not_found', message: refusalMessage('not_found', id, null) } });
          continue;
        }
      }
      const outcome = await this.deps.store.decide(id, actor, input, { autoClaim: true });
      if (outcome.ok) {
        results.push({ id, ok: true, state: outcome.item.state });
      } else {
        results.push({ id, ok: false, error: { code: outcome.code, message: refusalMessage(outcome.code, id, outcome.item) } });
      }
    }
    const ok = results.filter((r) => r.ok).length;
    return { results, summary: { ok, failed: results.length - ok } };
  }

  /** Reopen: a decided item back to the queue (the decider or an admin); a `comment.reviewed` webhook says so. */
  async reopen(id: string, actor: Actor, input: { reason: string; note?: string }): Promise<ReviewItemView> {
    this.checkNote(input.note);
    await this.checkSection(id, actor);
    const outcome = await this.deps.store.reopen(id, actor, input.reason, input.note);
    return this.view(id, outcome, actor);
  }

  /** Overturn: approve ↔ reject in one step (the decider or an admin); to reject needs a configured reason code. */
  async overturn(id: string, actor: Actor, input: { reason?: string; why: string; note?: string }): Promise<ReviewItemView> {
    this.checkNote(input.note);
    await this.checkSection(id, actor);
    const current = await this.deps.store.get(id);
    if (current?.state === 'approved') this.validate({ action: 'reject', reason: input.reason });
    else if (input.reason !== undefined) throw new ReviewError('invalid_reason', 'overturning to approve takes no reason code (say why in `why`)', 'reason');
    const outcome = await this.deps.store.overturn(id, actor, input);
    return this.view(id, outcome, actor);
  }

  /** "Decide all pending by this author": the author's pending items (since a time), as one bulk decision. */
  async decideAuthor(authorId: string, actor: Actor, input: DecisionInput & { since?: string }) {
    const { since, ...decision } = input;
    const sinceMs = since === undefined ? undefined : Date.parse(since);
    if (sinceMs !== undefined && !Number.isFinite(sinceMs)) throw new ReviewError('invalid_value', '`since` must be an ISO date-time', 'since');
    this.validate(decision);
    const ids = await this.deps.store.pendingIds({ authorId, sinceMs }, MAX_BULK_ITEMS);
    if (ids.length === 0) return { results: [], summary: { ok: 0, failed: 0 } };
    return this.bulkDecide(ids, actor, decision);
  }

  /** Raid groups with pending items, each once (a section-limited moderator sees its sections' items only). */
  async groups(actor: Actor, opts: { minSize?: number; section?: string; limit?: number }) {
    return { groups: await this.deps.store.groups({ ...opts, ...(actor.sections ? { sections: actor.sections } : {}) }) };
  }

  /** One group with its pending items (queue order); not_found when none of them is pending (or in the actor's sections). */
  async group(groupId: string, actor: Actor) {
    const [group] = await this.deps.store.groups({ groupId, minSize: 1, ...(actor.sections ? { sections: actor.sections } : {}) });
    if (!group) throw new ReviewError('not_found', `no pending items in group ${JSON.stringify(groupId)}`, undefined, { groupId });
    const { items } = await this.list({ state: 'pending', group: groupId, limit: MAX_PAGE }, actor);
    return { group, items };
  }

  /** The readers' reports on an item's comment, newest first, with the counts per reason. */
  async reports(id: string, actor: Actor, opts: { cursor?: string; limit?: number }) {
    const item = await this.deps.store.get(id);
    if (!item || !sectionAllowed(actor.sections, item.section ?? undefined)) throw refusal('not_found', id, null);
    return this.deps.store.reports(id, opts);
  }

  /** One decision for a group's pending members, each decided and audited on its own. */
  async decideGroup(groupId: string, actor: Actor, input: DecisionInput) {
    this.validate(input);
    const ids = await this.deps.store.pendingIds({ groupId }, MAX_BULK_ITEMS);
    if (ids.length === 0) throw new ReviewError('not_found', `no pending items in group ${JSON.stringify(groupId)}`, undefined, { groupId });
    return this.bulkDecide(ids, actor, input);
  }

  /** The author record: what Sieve has seen of the author, the rule in force, whether new comments are held now. */
  async author(authorId: string) {
    const people = this.people();
    const rules = this.deps.rules!;
    const [page, states, standing, actions] = await Promise.all([
      this.deps.store.authorCommentIds(authorId, { limit: 1 }), this.deps.store.authorItemStates(authorId),
      people.currentStanding(authorId, rules.author.windowDays), people.actions(authorId),
    ]);
    if (page.total === 0 && actions.length === 0) throw new ReviewError('not_found', `Sieve has seen no comment of author ${JSON.stringify(authorId)}`, undefined, { authorId });
    const decided = standing.recent.published + standing.recent.rejected;
    const probe = applyAuthorRules({ score: 0, verdict: 'publish', priority: 0, reasons: [] }, standing, people.clock(), rules.author);
    const rule = standing.rule && !(standing.rule.kind === 'suspend' && Date.parse(standing.rule.until) <= people.clock()) ? standing.rule : null;
    return {
      authorId,
      rule,
      offered: allowedAuthorActions(rule),
      held: probe.rule === 'premoderate' || probe.rule === 'history',
      counts: { comments: page.total, ...states },
      recent: { ...standing.recent, rejectionRate: decided > 0 ? standing.recent.rejected / decided : 0, windowDays: rules.author.windowDays },
      notes: actions.filter((a) => a.note).map((a) => ({ by: a.actor, at: a.at, action: a.action, note: a.note })),
      actions,
    };
  }

  /** An action on an author, audited (author_actions); applies from the next comment the workers score. */
  async actOnAuthor(authorId: string, actor: Actor, input: AuthorActionInput) {
    this.checkNote(input.note);
    await this.people().act(authorId, actor, input);
    return this.author(authorId);
  }

  /** A reader's report (the site sends it with the ingest role); null when the comment does not exist. */
  report(commentId: string, input: { reporterId: string; reason: ReportReason; note?: string }) {
    if (!this.deps.reportRule) throw new Error('ReviewService: report thresholds are not configured');
    return this.deps.store.report(commentId, input, this.deps.reportRule);
  }

  /** The site submits an author's appeal of a removed comment. */
  appeal(commentId: string, text: string) {
    return this.deps.store.appeal(commentId, text);
  }

  /** The appeals queue (a section-limited moderator sees its sections only). */
  async appeals(actor: Actor, opts: { state?: 'pending' | 'upheld' | 'overturned'; commentId?: string; limit?: number }) {
    return { appeals: await this.deps.store.appeals({ ...opts, ...(actor.sections ? { sections: actor.sections } : {}) }) };
  }

  /** Decides an appeal (never by the decider appealed); the site learns the outcome by a `comment.appeal_decided` webhook. */
  async decideAppeal(commentId: string, actor: Actor, input: { outcome: 'uphold' | 'overturn'; message?: string; note?: string }) {
    this.checkNote(input.note);
    const { appeal } = await this.deps.store.decideAppeal(commentId, actor, input);
    return appeal;
  }

  private people(): PeopleStore {
    if (!this.deps.people || !this.deps.rules) throw new Error('ReviewService: the people store is not configured');
    return this.deps.people;
  }

  /** A section-limited moderator acts only on items of its sections (404 elsewhere: it does not learn they exist). */
  private async checkSection(id: string, actor: Actor): Promise<void> {
    if (!actor.sections) return;
    const item = await this.deps.store.get(id);
    if (item && !sectionAllowed(actor.sections, item.section ?? undefined)) throw refusal('not_found', id, null);
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

  private async withComments(items: ReviewItem[], actor?: Actor): Promise<ReviewItemView[]> {
    const ids = items.map((i) => i.id);
    const [comments, appeals] = await Promise.all([this.deps.store.comments(ids), this.deps.store.appealStates(ids)]);
    const now = this.deps.store.clock();
    return items.map((item, i) => ({ ...item, comment: summary(comments[i] ?? null), actions: actor ? allowedActions(item, actor, now) : [], appeal: appeals.get(item.id) ?? null }));
  }
}

/** What the site receives in a `comment.appeal_decided` webhook (written in the appeal decision's transaction). */
export function appealDecidedWebhook(commentId: string, appeal: Appeal, item: ReviewItem | null) {
  return {
    eventKey: `appeal:${commentId}`,
    data: {
      comment: { id: commentId, threadId: item?.threadId ?? null, authorId: item?.authorId ?? null },
      appeal: { state: appeal.state, decidedAt: appeal.decidedAt, message: appeal.message },
      review: item ? { state: item.state } : null,
    },
  };
}

/**
 * What the site receives in a `comment.reviewed` webhook after a decision (written by the review store in the
 * decision's transaction). The delivery id includes the item version, so each transition is sent once.
 */
export function reviewedWebhook(item: ReviewItem, policy: Policy = DEFAULT_POLICY) {
  const decision = item.decision ?? (item.escalation ? { by: item.escalation.by, at: item.escalation.at, action: 'escalate' as ReviewAction, reason: item.escalation.reason } : null);
  return {
    eventKey: `reviewed:${item.id}:${item.version}`,
    data: {
      comment: { id: item.id, threadId: item.threadId, authorId: item.authorId },
      review: { state: item.state, decidedBy: decision?.by ?? null, decidedAt: decision?.at ?? null, action: decision?.action ?? null, reason: decision?.reason ?? null },
      // What the site shows the author of a removed comment (POLICY_FILE `statements`).
      statement: item.state === 'rejected' ? statementOfReasons(decision?.reason ?? 'other', { automated: false, threadId: item.threadId, commentId: item.id }, policy) : null,
    },
  };
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
