/**
 * A human decision kept as a labelled example (issue #13): what Sieve said about a comment, what a person then
 * decided, and why. The quality figures, the threshold suggestions and `npm run export:decisions` all read this
 * one shape. The text is kept only while retention keeps the comment's text (TEXT_RETENTION_DAYS); the rest
 * stays, so the figures outlive the text.
 */
import type { Label, LabelScores } from './labels';
import type { Severity, SlurCategory, SlurContext, TermAction } from './slurs';
import type { Verdict } from './verdicts';

/**
 * How the comment came before a human:
 *  - `review`: Sieve held (or rejected) it and a moderator decided it in the review queue;
 *  - `audit`: Sieve published it and it was drawn into the audit sample (1 in 1/AUDIT_SAMPLE_RATE);
 *  - `suggestion`: a Perspective-style client sent a score for it (`comments:suggestscore`);
 *  - `appeal`: a decision was appealed and decided again.
 */
export const EXAMPLE_SOURCES = ['review', 'audit', 'suggestion', 'appeal'] as const;
export type ExampleSource = (typeof EXAMPLE_SOURCES)[number];

/** What the human decided: the comment may stay (`approved`) or must go (`rejected`). */
export const EXAMPLE_OUTCOMES = ['approved', 'rejected'] as const;
export type ExampleOutcome = (typeof EXAMPLE_OUTCOMES)[number];

/** A lexicon match as the example keeps it: no span, no original text — enough for the policy to judge it again. */
export interface ExampleMatch {
  term: string;
  category: SlurCategory;
  severity: Severity;
  context?: SlurContext;
  action?: TermAction;
}

export interface LabelledExample {
  commentId: string;
  source: ExampleSource;
  /** The site's section (a comment's `metadata.section`), or null. */
  section: string | null;
  /** Sieve's verdict at the time; null for a score suggestion (a client's label for a text Sieve did not judge). */
  verdict: Verdict | null;
  unscored: boolean;
  /** The model's label scores: what the policy's label thresholds compared (lexicon-derived labels excluded). */
  modelScores: LabelScores;
  matches: ExampleMatch[];
  outcome: ExampleOutcome;
  /** The moderator's reason code (REVIEW_REASON_CODES) when rejecting, or null. */
  reason: string | null;
  /** When the human decided (ISO). */
  decidedAt: string;
  /**
   * How many comments like this one this example stands for: 1 for a held comment (every one goes to a human),
   * 1 / AUDIT_SAMPLE_RATE for an audited published comment. Figures that mix both weight by it.
   */
  weight: number;
  /** The comment's text, while retention keeps it; null once dropped. */
  text: string | null;
  /** Per label, the score a person suggested (a `comments:suggestscore` example); absent for a decision. */
  humanLabels?: Partial<Record<Label, number>>;
}
