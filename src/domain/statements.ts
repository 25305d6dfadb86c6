/**
 * Statements of reasons: why a comment was removed, in words the site can show its author (EU Digital Services
 * Act, Art. 17: what was restricted, on which ground, whether automated means decided it, how to seek redress).
 * The codes are defined once here; the texts are the site's own (POLICY_FILE `statements`, defaults in
 * src/policy/defaults.ts) and are rendered by src/policy/statements.ts.
 */

export interface RejectReasonInfo {
  /** What the code means, in one line (the API lists it; the workspace shows it beside the reason picker). */
  meaning: string;
  /** True when a moderator may give it on a reject; false for reasons only Sieve gives (author rules). */
  moderator: boolean;
}

/**
 * Every reason a comment may be removed for. The first seven are the moderator's (REVIEW_REASON_CODES picks
 * among them); `author_suspended` and `author_banned` are given by the author rules (src/policy/authors.ts).
 */
export const REJECT_REASONS = {
  spam: { meaning: 'advertising, scams, repeated or automated posting', moderator: true },
  harassment: { meaning: 'attacks on a person: insults, abuse, intimidation', moderator: true },
  hate_speech: { meaning: 'attacks on a group defined by identity, slurs', moderator: true },
  threat: { meaning: 'a threat of violence or harm', moderator: true },
  sexual_content: { meaning: 'sexually explicit content', moderator: true },
  off_topic: { meaning: 'not about the article or the discussion', moderator: true },
  other: { meaning: 'breaks the community rules in another way (say which in the note)', moderator: true },
  author_suspended: { meaning: 'the author is suspended from commenting until a date', moderator: false },
  author_banned: { meaning: 'the author is banned from commenting', moderator: false },
} as const satisfies Record<string, RejectReasonInfo>;

export type RejectReason = keyof typeof REJECT_REASONS;
export const REJECT_REASON_CODES = Object.keys(REJECT_REASONS) as [RejectReason, ...RejectReason[]];
/** The reasons a moderator may choose from (REVIEW_REASON_CODES is a subset of these). */
export const MODERATOR_REJECT_REASONS = REJECT_REASON_CODES.filter((c) => REJECT_REASONS[c].moderator);

export function isRejectReason(value: string): value is RejectReason {
  return Object.hasOwn(REJECT_REASONS, value);
}

/**
 * The placeholders a statement template may use: `{until}` (end of a suspension, ISO date-time, empty
 * otherwise), `{thread}` (the thread id), `{comment}` (the comment id).
 */
export const STATEMENT_PLACEHOLDERS = ['until', 'thread', 'comment'] as const;
export type StatementPlaceholder = (typeof STATEMENT_PLACEHOLDERS)[number];

/** A statement of reasons as the site receives it (webhook, comment record). */
export interface StatementOfReasons {
  reason: RejectReason;
  /** The author-facing text, rendered from the site's template. */
  text: string;
  /** True when no human decided it (the policy's verdict or an author rule); false after a moderator's decision. */
  automated: boolean;
  /** Whether the author may appeal (POST /v1/comments/:id/appeals). */
  appealable: boolean;
}
