/** The review store's shapes: what an item, a history/audit entry and an outcome look like to TypeScript. */
import { ITEM_ACTION_NAMES, type ReviewAction, type ReviewListState, type ReviewState } from '../domain/review';
import type { Verdict } from '../domain/verdicts';

export { SYSTEM_ACTOR, type Actor } from '../domain/actor';

export interface ReviewItem {
  /** The comment id. */
  id: string;
  state: ReviewState;
  /** Where the item returns when a claim ends without a decision: `pending`, or `escalated` once escalated. */
  baseState: 'pending' | 'escalated';
  priority: number;
  verdict: Verdict;
  unscored: boolean;
  threadId: string;
  authorId: string;
  /** Labels that flagged the comment (from the policy's reasons). */
  labels: string[];
  slurCategories: string[];
  /** When the item entered the queue (ISO). */
  createdAt: string;
  commentCreatedAt: string;
  claim: { by: string; role: string; at: string; until: string } | null;
  decision: { by: string; role: string; at: string; action: ReviewAction; reason: string | null; note: string | null } | null;
  escalation: { by: string; at: string; reason: string | null; note: string | null } | null;
  textRedacted: boolean;
  /** Number of transitions so far (history length). */
  version: number;
  /** The comment's section (src/domain/sections.ts); null when it has none. */
  section: string | null;
  /** Its near-duplicate group (the group's first comment id); null when the comment was not signed. */
  groupId: string | null;
  /** `verdict`: the policy held it; `reported`: reader reports put a published comment here. */
  origin: 'verdict' | 'reported';
  /** Reader reports on the comment. */
  reports: number;
  /** `review`: Sieve held it; `audit`: Sieve published it and it was drawn into the audit sample (AUDIT_SAMPLE_RATE). */
  queue: 'review' | 'audit';
}

/** Every code a transition can be refused with (the API answers them as `error.code`). */
export const REVIEW_REFUSALS = [
  'not_found', 'already_decided', 'claimed_by_other', 'escalated_admin_only', 'lease_expired', 'not_claimed',
  'already_escalated', 'invalid_action', 'not_decided', 'not_decider', 'admin_only', 'already_claimed_by_you',
] as const;
export type ReviewRefusal = (typeof REVIEW_REFUSALS)[number];

export type TransitionOutcome =
  | { ok: true; item: ReviewItem }
  | { ok: false; code: ReviewRefusal; item: ReviewItem | null };

/** Audit actions: what happened to an item. `expire` and `redact_text` are done by the system. */
export const AUDIT_ACTIONS = ['create', ...ITEM_ACTION_NAMES, 'expire', 'redact_text', 'appeal', 'appeal_upheld', 'appeal_overturned'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One transition, as kept in the audit stream and in the item's history (same entry in both). */
export interface AuditEntry {
  /** Audit stream id, e.g. "1764230000000-0": orders entries and is the audit log's cursor. */
  id: string;
  itemId: string;
  at: string;
  actor: string;
  role: string;
  action: AuditAction;
  from: ReviewState | null;
  to: ReviewState;
  /** A decision's reason code; for `takeover`, the name of the moderator whose claim was taken. */
  reason: string | null;
  note: string | null;
}

export interface DecisionInput {
  action: ReviewAction;
  reason?: string;
  note?: string;
}

export interface ListQuery {
  state: ReviewListState;
  label?: string;
  slur?: string;
  thread?: string;
  author?: string;
  /** Author search: the start of the author id, or of a word of the author's display name (case-insensitive). */
  who?: string;
  /** Search: every word of it (folded like the stored text, src/scoring/search-text.ts) is in the comment. */
  q?: string;
  section?: string;
  /** When the comment was written: at or after `fromMs`, before `beforeMs` (ms). */
  fromMs?: number;
  beforeMs?: number;
  group?: string;
  /** Items whose comment has an appeal in this state. */
  appeal?: 'pending' | 'upheld' | 'overturned';
  /** A section-limited moderator sees only these sections (src/domain/sections.ts). */
  sections?: readonly string[];
  cursor?: string;
  limit?: number;
}

/** Live update sent on the review events channel (and relayed by GET /v1/review/events). */
export interface ReviewEvent {
  type: 'review.changed';
  auditId: string;
  itemId: string;
  action: AuditAction;
  from: ReviewState | null;
  to: ReviewState;
  actor: string;
  at: string;
}
