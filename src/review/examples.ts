/**
 * Decisions as labelled examples (issue #13): a LabelledExample (src/domain/examples.ts; kept by
 * src/review/quality/record.ts) → a training row (`npm run export:decisions`, read back by
 * `npm run train -- --extra FILE`).
 *
 * A moderator's decision says "keep" or "remove", not which label applies; the reason code says more. The model
 * learns four heads (toxicity, insult, identity attack, threat), so a decision becomes a label only where it
 * says something about them: an approval says none applies on this site; a rejection for harassment, hate
 * speech or a threat says which; a rejection for spam or off-topic says nothing about toxicity and is left out
 * of training (it still counts in the quality figures). A label the decision cannot tell is null (unknown: that
 * head does not learn from the row), never a guessed 0.
 */
import type { ExampleSource, LabelledExample } from '../domain/examples';
import type { Label } from '../domain/labels';

/** The labels a training row carries: the Sieve model's heads. */
export const TRAINING_LABELS = ['toxicity', 'insult', 'identity_attack', 'threat'] as const satisfies readonly Label[];
export type TrainingLabel = (typeof TRAINING_LABELS)[number];
export type TrainingLabels = Record<TrainingLabel, 0 | 1 | null>;

/**
 * What a rejection for each default reason code (REVIEW_REASON_CODES) says about the heads. A site's own reason
 * codes not listed here say nothing (left out of training) until added.
 */
export const REASON_LABELS: Record<string, Partial<TrainingLabels>> = {
  harassment: { toxicity: 1, insult: 1 },
  hate_speech: { toxicity: 1, identity_attack: 1 },
  threat: { toxicity: 1, threat: 1 },
};

/** The heads' labels a decision implies; null when it says nothing the model can learn from. */
export function labelsOf(e: Pick<LabelledExample, 'outcome' | 'reason' | 'humanLabels'>): TrainingLabels | null {
  // A score suggestion names its labels: 0.5 or more is a 1; a label it does not name is unknown.
  if (e.humanLabels) {
    const named = TRAINING_LABELS.filter((l) => e.humanLabels![l] !== undefined);
    if (named.length === 0) return null;
    return Object.fromEntries(TRAINING_LABELS.map((l) => [l, e.humanLabels![l] === undefined ? null : e.humanLabels![l]! >= 0.5 ? 1 : 0])) as TrainingLabels;
  }
  if (e.outcome === 'approved') return { toxicity: 0, insult: 0, identity_attack: 0, threat: 0 };
  const said = e.reason ? REASON_LABELS[e.reason] : undefined;
  if (!said) return null;
  return { toxicity: null, insult: null, identity_attack: null, threat: null, ...said };
}

/** One line of `npm run export:decisions`: a labelled text and where it came from. */
export interface TrainingRow {
  text: string;
  labels: TrainingLabels;
  outcome: LabelledExample['outcome'];
  reason: string | null;
  source: ExampleSource;
  section: string | null;
  decidedAt: string;
  commentId: string;
}

/** The example as a training row; null without text (retention dropped it) or without a label it implies. */
export function trainingRow(e: LabelledExample): TrainingRow | null {
  const labels = labelsOf(e);
  if (e.text === null || e.text === '' || !labels) return null;
  return { text: e.text, labels, outcome: e.outcome, reason: e.reason, source: e.source, section: e.section, decidedAt: e.decidedAt, commentId: e.commentId };
}
