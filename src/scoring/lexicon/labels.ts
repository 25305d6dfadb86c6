/**
 * Lexicon-derived labels: what a match says about the model's label set (src/domain/labels.ts), in one place.
 *
 * These are NOT model probabilities. A match is certain that a term is there, not that the comment is toxic, so
 * the score is a fixed number per severity, chosen against the default policy (src/policy/defaults.ts): a
 * severity 3-4 profanity reaches `obscene`'s review threshold, a severity 1 term reaches no threshold.
 * The pipeline merges labels by maximum, so a model's higher score wins.
 */
import type { Label, LabelScores } from '../../domain/labels';
import type { Severity, SlurCategory, SlurMatch } from '../../domain/slurs';

/** Which labels each category implies. Identity categories imply identity_attack; political groups are not identities. */
export const CATEGORY_LABELS: Record<SlurCategory, readonly Label[]> = {
  racial_ethnic: ['toxicity', 'identity_attack', 'insult'],
  national_origin: ['toxicity', 'identity_attack', 'insult'],
  religious: ['toxicity', 'identity_attack', 'insult'],
  sexual_orientation_gender: ['toxicity', 'identity_attack', 'insult'],
  disability: ['toxicity', 'identity_attack', 'insult'],
  political: ['toxicity', 'insult'],
  sexual: ['toxicity', 'obscene', 'sexual_explicit'],
  profanity: ['toxicity', 'obscene'],
  insult: ['toxicity', 'insult'],
};

/** Lexicon-derived score per severity. */
export const SEVERITY_SCORE: Record<Severity, number> = { 1: 0.35, 2: 0.6, 3: 0.8, 4: 0.95 };
/** Only the worst terms imply severe toxicity. */
const SEVERE_TOXICITY_FROM: Severity = 4;

export function labelsFromMatches(matches: readonly SlurMatch[]): LabelScores {
  const out: LabelScores = {};
  for (const m of matches) {
    const p = SEVERITY_SCORE[m.severity];
    for (const label of CATEGORY_LABELS[m.category]) out[label] = Math.max(out[label] ?? 0, p);
    if (m.severity >= SEVERE_TOXICITY_FROM) out.severe_toxicity = Math.max(out.severe_toxicity ?? 0, 0.9);
  }
  return out;
}
