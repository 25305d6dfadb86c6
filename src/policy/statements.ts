/**
 * Statements of reasons: the words a site shows the author of a removed comment. Which reject reason applies —
 * the moderator's, an author rule's, or for the policy's own rejects the one its reasons point to — and the
 * site's template for it (POLICY_FILE `statements`), rendered with its placeholders. A statement also says
 * whether a human decided it and whether it may be appealed (EU Digital Services Act, Art. 17).
 */
import { z } from 'zod';
import { LABELS, type Label } from '../domain/labels';
import type { SlurCategory } from '../domain/slurs';
import {
  isRejectReason, REJECT_REASON_CODES, STATEMENT_PLACEHOLDERS, type RejectReason, type StatementOfReasons, type StatementPlaceholder,
} from '../domain/statements';
import type { Reason, ReasonCode } from '../domain/verdicts';
import type { Policy } from './defaults';

export const MAX_STATEMENT_LENGTH = 2000;
const PLACEHOLDER = /\{([a-z_]+)\}/g;

/** A template: 1..MAX_STATEMENT_LENGTH characters, only known placeholders. */
const template = z.string().min(1).max(MAX_STATEMENT_LENGTH).superRefine((s, ctx) => {
  for (const m of s.matchAll(PLACEHOLDER)) {
    if (!(STATEMENT_PLACEHOLDERS as readonly string[]).includes(m[1]!)) {
      ctx.addIssue({ code: 'custom', message: `unknown placeholder {${m[1]}}: use ${STATEMENT_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}` });
    }
  }
});

/** POLICY_FILE `statements`: per reject reason, the author-facing template (unknown reasons are refused). */
export const statementsSchema = z.object(Object.fromEntries(REJECT_REASON_CODES.map((c) => [c, template.optional()]))).strict();

/** What the policy's label rejects stand for, for the author. */
const LABEL_REASON: Record<Label, RejectReason> = {
  threat: 'threat',
  identity_attack: 'hate_speech',
  insult: 'harassment',
  toxicity: 'harassment',
  severe_toxicity: 'harassment',
  sexual_explicit: 'sexual_content',
  obscene: 'other',
  profanity: 'other',
};

const CATEGORY_REASON: Record<SlurCategory, RejectReason> = {
  racial_ethnic: 'hate_speech',
  national_origin: 'hate_speech',
  religious: 'hate_speech',
  sexual_orientation_gender: 'hate_speech',
  disability: 'hate_speech',
  political: 'harassment',
  insult: 'harassment',
  sexual: 'sexual_content',
  profanity: 'other',
  threat: 'threat',
  dehumanising: 'hate_speech',
  derogation: 'hate_speech',
};

/** What a lexicon match's reason code stands for when its category is not known. */
const TERM_CODE_REASON: Partial<Record<ReasonCode, RejectReason>> = {
  slur: 'hate_speech',
  insult_term: 'harassment',
  sexual_term: 'sexual_content',
  profanity: 'other',
  threat_phrase: 'threat',
  dehumanising_phrase: 'hate_speech',
  derogation_phrase: 'hate_speech',
};

/** Most serious first: when several reasons rejected a comment, the author is told the gravest. */
const GRAVITY: readonly RejectReason[] = ['author_banned', 'author_suspended', 'threat', 'hate_speech', 'harassment', 'sexual_content', 'spam', 'off_topic', 'other'];

/**
 * The reject reason behind an automated reject, from the verdict's reasons: author rules first, then what the
 * labels and lexicon categories stand for. `categories` maps a term to its category (the result's slur matches).
 */
export function rejectReasonOf(reasons: readonly Reason[], categoryOf: (term: string) => SlurCategory | undefined = () => undefined): RejectReason {
  const found = new Set<RejectReason>();
  for (const r of reasons) {
    if (r.code === 'author_banned') found.add('author_banned');
    else if (r.code === 'author_suspended') found.add('author_suspended');
    else if (r.code === 'label_reject' && r.label && (LABELS as readonly string[]).includes(r.label)) found.add(LABEL_REASON[r.label as Label]);
    else if (r.term && Object.hasOwn(TERM_CODE_REASON, r.code)) {
      const category = categoryOf(r.term);
      found.add(category ? CATEGORY_REASON[category] : TERM_CODE_REASON[r.code]!);
    } else if (r.code === 'blocked_term' || r.code === 'unscored') found.add('other');
  }
  return GRAVITY.find((g) => found.has(g)) ?? 'other';
}

export interface StatementContext {
  /** True when no human decided: the policy's verdict or an author rule. */
  automated: boolean;
  threadId: string;
  commentId: string;
  /** End of a suspension (ISO date-time), for `{until}`. */
  until?: string;
}

/** Renders the site's template for `reason`; placeholders without a value become empty. */
export function statementOfReasons(reason: string, ctx: StatementContext, policy: Pick<Policy, 'statements' | 'appeals'>): StatementOfReasons {
  const code: RejectReason = isRejectReason(reason) ? reason : 'other';
  const values: Record<StatementPlaceholder, string> = { until: ctx.until ?? '', thread: ctx.threadId, comment: ctx.commentId };
  const text = policy.statements[code].replace(PLACEHOLDER, (whole, name: string) => (Object.hasOwn(values, name) ? values[name as StatementPlaceholder] : whole));
  return { reason: code, text, automated: ctx.automated, appealable: policy.appeals };
}
