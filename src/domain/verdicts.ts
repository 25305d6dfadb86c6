/** Verdicts, comment statuses and reasons: defined once, typed everywhere. */
export const VERDICTS = ['publish', 'review', 'reject'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Where a comment is on the scoring path. `failed` = scoring kept failing; it is held for review, unscored. */
export const COMMENT_STATUSES = ['queued', 'scored', 'failed'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

/**
 * Why a comment got its verdict, as a stable code: a lexicon match the policy acts on — a `slur` (identity and
 * political categories), `profanity` (never called a slur), an `insult_term`, a `sexual_term`, a `threat_phrase` (src/scoring/lexicon/threats.ts), a `dehumanising_phrase` (dehumanising.ts) or a `derogation_phrase` (derogation.ts) —, a site term set
 * to block, a term in context held by policy (`term_in_context`), a label over its review or reject threshold, a
 * reject turned into review because the comment quotes, reports or condemns a slur (`counter_speech_cap`),
 * scoring that kept failing; or a rule on the author (src/policy/authors.ts): pre-moderated by a moderator
 * (`author_premoderated`) or automatically after a run of rejections (`author_history`), suspended, banned.
 */
export const REASON_CODES = [
  'slur', 'profanity', 'insult_term', 'sexual_term', 'threat_phrase', 'dehumanising_phrase', 'derogation_phrase', 'blocked_term', 'term_in_context', 'label_review', 'label_reject', 'counter_speech_cap', 'unscored',
  'author_premoderated', 'author_history', 'author_suspended', 'author_banned',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** A human-readable reason a moderator (and the site) can read, with a stable code for machines. */
export interface Reason {
  code: ReasonCode;
  message: string;
  label?: string;
  term?: string;
}
