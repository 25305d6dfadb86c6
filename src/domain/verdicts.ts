/** Verdicts, comment statuses and reasons: defined once, typed everywhere. */
export const VERDICTS = ['publish', 'review', 'reject'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Where a comment is on the scoring path. `failed` = scoring kept failing; it is held for review, unscored. */
export const COMMENT_STATUSES = ['queued', 'scored', 'failed'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

/**
 * Why a comment got its verdict, as a stable code: a slur the policy acts on, a site term set to block, a label
 * over its review or reject threshold, scoring that kept failing.
 */
export const REASON_CODES = ['slur', 'blocked_term', 'label_review', 'label_reject', 'unscored'] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** A human-readable reason a moderator (and the site) can read, with a stable code for machines. */
export interface Reason {
  code: ReasonCode;
  message: string;
  label?: string;
  term?: string;
}
