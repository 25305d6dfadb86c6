/**
 * Label names: the one place they are spelled.
 *
 * The set is Google's toxicity model's seven labels so a score from either model provider means the same
 * thing to the policy, the API and the moderator page. Sieve's own trained heads cover only the labels their
 * training data supports honestly (models/sieve-toxicity/metadata.json lists them); lexicon matches imply labels
 * per slur category (src/scoring/lexicon/labels.ts). The pipeline keeps the highest score per label.
 */
export const LABELS = [
  'toxicity',
  'severe_toxicity',
  'insult',
  'threat',
  'identity_attack',
  'obscene',
  'sexual_explicit',
] as const;

export type Label = (typeof LABELS)[number];

export type LabelScores = Partial<Record<Label, number>>;

/** Two sets of label scores as one: the higher score per label (scorers' outputs, windows of a long text). */
export function maxLabelScores(a: LabelScores | undefined, b: LabelScores): LabelScores {
  const out: LabelScores = { ...a };
  for (const [label, p] of Object.entries(b) as [Label, number][]) out[label] = Math.max(out[label] ?? 0, p);
  return out;
}

export function isLabel(value: string): value is Label {
  return (LABELS as readonly string[]).includes(value);
}
