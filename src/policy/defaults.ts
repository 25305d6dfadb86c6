import type { Label } from '../domain/labels';
import type { Severity, SlurCategory } from '../domain/slurs';
import type { RejectReason } from '../domain/statements';

/** Per-label thresholds: at or above `review` a human looks; at or above `reject` it is hidden at once. */
export interface LabelThreshold {
  review: number;
  /** null = this label alone never rejects. */
  reject: number | null;
}

/**
 * What a lexicon match in a recognised context does on its own (src/scoring/context.ts finds the context):
 * `model` = nothing by itself — the model judges the comment with the term masked; `review` = hold for a human.
 * Neither ever rejects.
 */
export type ContextRule = 'model' | 'review';

export interface CategoryRule {
  /** Match severity (1-4) at or above which a comment is held for review / rejected; null = never on severity alone. */
  review: Severity | null;
  reject: Severity | null;
  /** A term quoted, reported ("he called me …") or condemned ("calling people … is disgusting"): counter-speech. */
  mentioned: ContextRule;
  /** A term reclaimed by its own group ("we … are here") or used in its innocent sense ("crackers and cheese"). */
  reclaimed: ContextRule;
}

export interface Policy {
  /** Thresholds for the MODEL's labels. Lexicon matches are decided by `categories`, never by these. */
  labels: Record<Label, LabelThreshold>;
  /** Per lexicon category. Slurs against people's identity are treated more strictly than swearing. */
  categories: Record<SlurCategory, CategoryRule>;
  /** Verdict for a comment that could not be scored (never `publish`). */
  unscoredVerdict: 'review' | 'reject';
  /**
   * Statements of reasons: per reject reason, the text the site shows the author of a removed comment
   * (placeholders `{until}`, `{thread}`, `{comment}`; src/policy/statements.ts renders them).
   */
  statements: Record<RejectReason, string>;
  /** Whether removed comments may be appealed (POST /v1/comments/:id/appeals); the statement says so. */
  appeals: boolean;
}

/**
 * The default policy. Label thresholds for the model's labels come from the model card (`models/`): `review`
 * is set for high recall, `reject` only where the dev-set precision was high. Operators override any part
 * with POLICY_FILE.
 */
export const DEFAULT_POLICY: Policy = {
  labels: {
    // toxicity, insult, identity_attack, threat: Sieve's model v2.1 (calibrated), `review` chosen for a comment
    // section where 8 % of comments are abusive (insults 4 %, identity attacks 2.4 %, threats 0.8 %) so that at
    // least 3 in 10 held comments are abusive (validation); no label reached precision 0.95, so none rejects alone.
    // See models/MODEL_CARD.md ("Calibration and thresholds"); they are models/sieve-toxicity/metadata.json
    // `thresholds` — retrain → copy them here.
    toxicity: { review: 0.55, reject: null },
    severe_toxicity: { review: 0.4, reject: 0.9 },
    insult: { review: 0.39, reject: null },
    threat: { review: 0.1, reject: null },
    identity_attack: { review: 0.65, reject: null },
    obscene: { review: 0.8, reject: null },
    sexual_explicit: { review: 0.6, reject: null },
    // No model of Sieve's predicts `profanity` (the lexicon reports it, decided by `categories.profanity`);
    // this applies only to a model that does.
    profanity: { review: 0.8, reject: null },
  },
  // Counter-speech and reclaimed or innocent uses are left to the model by default (`model`): a comment quoting a
  // slur to condemn it is published unless the model finds abuse in it, and is never rejected without a human.
  categories: {
    racial_ethnic: { review: 1, reject: 4, mentioned: 'model', reclaimed: 'model' },
    national_origin: { review: 1, reject: 4, mentioned: 'model', reclaimed: 'model' },
    religious: { review: 1, reject: 4, mentioned: 'model', reclaimed: 'model' },
    political: { review: 2, reject: null, mentioned: 'model', reclaimed: 'model' },
    sexual_orientation_gender: { review: 1, reject: 4, mentioned: 'model', reclaimed: 'model' },
    disability: { review: 2, reject: 4, mentioned: 'model', reclaimed: 'model' },
    sexual: { review: 2, reject: null, mentioned: 'model', reclaimed: 'model' },
    insult: { review: 2, reject: null, mentioned: 'model', reclaimed: 'model' },
    // Untargeted swearing is published: it is common in civil comments ("this fucking policy"). Swearing AT someone
    // is the model's insult/toxicity. An operator who wants a human to see it sets e.g. {"review": 3} in POLICY_FILE.
    profanity: { review: null, reject: null, mentioned: 'model', reclaimed: 'model' },
    // Threat phrases (src/scoring/lexicon/threats.ts): a direct threat or call for violence is severity 3, veiled
    // intimidation 2. Held for a human at threat priority, never rejected by a rule; a site may set {"reject": 3}.
    threat: { review: 1, reject: null, mentioned: 'model', reclaimed: 'model' },
    // Dehumanising phrases (src/scoring/lexicon/dehumanising.ts), severity 3: held for a human at identity-attack
    // priority, never rejected by a rule (a site may set {"reject": 3}).
    dehumanising: { review: 1, reject: null, mentioned: 'model', reclaimed: 'model' },
    // Derogation tropes (src/scoring/lexicon/derogation.ts), severity 2: held for a human, never rejected by a rule.
    derogation: { review: 1, reject: null, mentioned: 'model', reclaimed: 'model' },
  },
  unscoredVerdict: 'review',
  // Plain, short and specific, as the DSA asks of a statement of reasons; whether a human decided and how to
  // appeal are added by the renderer. A site replaces any of them in POLICY_FILE `statements`.
  statements: {
    spam: 'Your comment was removed because it looks like spam: advertising, scams or the same text posted repeatedly.',
    harassment: 'Your comment was removed because it attacks or insults another person.',
    hate_speech: 'Your comment was removed because it attacks people for who they are (for example their ethnicity, religion, sexuality, gender or disability).',
    threat: 'Your comment was removed because it threatens violence or harm.',
    sexual_content: 'Your comment was removed because it contains sexually explicit content.',
    off_topic: 'Your comment was removed because it is not about the article or the discussion.',
    other: 'Your comment was removed because it breaks our community rules.',
    author_suspended: 'You cannot comment until {until}: your account is suspended for breaking our community rules.',
    author_banned: 'You can no longer comment here: your account is banned for breaking our community rules.',
  },
  appeals: true,
};
