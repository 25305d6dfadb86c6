/** Verdicts, comment statuses and reasons: defined once, typed everywhere. */
export const VERDICTS = ['publish', 'review', 'reject'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Where a comment is on the scoring path. `failed` = scoring kept failing; it is held for review, unscored. */
export const COMMENT_STATUSES = ['queued', 'scored', 'failed'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

/** A human-readable reason a moderator (and the site) can read, with a stable code for machines. */
export interface Reason {
  code: string;
  message: string;
  label?: string;
  term?: string;
}
