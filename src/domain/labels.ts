/**
 * Label names: the one place they are spelled.
 *
 * The set is Google's toxicity model's seven labels so a score from either model provider means the same
 * thing to the policy, the API and the moderator page. Which scorer produced a label is recorded in
 * `LABEL_SOURCES`: Sieve's own trained heads only cover the labels its training data supports honestly;
 * the rest are derived from lexicon categories and are marked as such.
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

export function isLabel(value: string): value is Label {
  return (LABELS as readonly string[]).includes(value);
}
