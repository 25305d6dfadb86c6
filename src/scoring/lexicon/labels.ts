/**
 * Lexicon-derived labels: what a match says about the model's label set (src/domain/labels.ts), in one place.
 *
 * These are NOT model probabilities. A match is certain that a term is there, not that the comment is toxic, so
 * the score is a fixed number per severity, chosen to agree with the default policy (src/policy/defaults.ts), which
 * decides on matches per category: a label never asks for more than the category rule already does (a severity 2
 * swear word stays under `obscene`'s review threshold; severity 3 reaches it). `toxicity` and `severe_toxicity` are
 * left to the model: a swear word is not by itself a toxic comment. The pipeline merges labels by maximum, so a
 * model's higher score wins.
 */
import type { Label, LabelScores } from '../../domain/labels';
import type { Severity, SlurCategory, SlurMatch } from '../../domain/slurs';

/** Which labels each category implies. Identity categories imply identity_attack; political groups are not identities. */
export const CATEGORY_LABELS: Record<SlurCategory, readonly Label[]> = {
  racial_ethnic: ['identity_attack', 'insult'],
  national_origin: ['identity_attack', 'insult'],
  religious: ['identity_attack', 'insult'],
  sexual_orientation_gender: ['identity_attack', 'insult'],
  disability: ['identity_attack', 'insult'],
  political: ['insult'],
  sexual: ['obscene', 'sexual_explicit'],
  profanity: ['obscene'],
  insult: ['insult'],
};

/** Lexicon-derived score per severity. */
export const SEVERITY_SCORE: Record<Severity, number> = { 1: 0.35, 2: 0.6, 3: 0.8, 4: 0.9 };

export function labelsFromMatches(matches: readonly SlurMatch[]): LabelScores {
  const out: LabelScores = {};
  for (const m of matches) {
    const p = SEVERITY_SCORE[m.severity];
    for (const label of CATEGORY_LABELS[m.category]) out[label] = Math.max(out[label] ?? 0, p);
  }
  return out;
}
