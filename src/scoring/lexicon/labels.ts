/**
 * Lexicon-derived labels: what a match says about the label set (src/domain/labels.ts), in one place.
 *
 * These are NOT model probabilities. A match is certain that a term is there, not that the comment is toxic, so
 * the score is a fixed number per severity. They are reported with the model's labels (merged by maximum) so a
 * client sees one label set, but the policy never decides on them: lexicon matches are decided by the policy's
 * per-category rules (src/policy/defaults.ts `categories`), so a swear word cannot hold a comment through a
 * label when the policy publishes swearing. `toxicity` is left to the model: a word is not by itself a toxic
 * comment. Matches in a recognised context (quoted, reported, condemned, reclaimed, homonym) imply no label: the
 * model judges those comments.
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
  sexual: ['sexual_explicit'],
  profanity: ['profanity'],
  insult: ['insult'],
  threat: ['threat'],
  dehumanising: ['identity_attack'],
  derogation: ['identity_attack'],
};

/** Lexicon-derived score per severity. */
export const SEVERITY_SCORE: Record<Severity, number> = { 1: 0.35, 2: 0.6, 3: 0.8, 4: 0.9 };

export function labelsFromMatches(matches: readonly SlurMatch[]): LabelScores {
  const out: LabelScores = {};
  for (const m of matches) {
    const p = SEVERITY_SCORE[m.severity];
    if (m.context === 'addressed') out.insult = Math.max(out.insult ?? 0, p); // swearing aimed at someone
    if (m.context) continue;
    for (const label of CATEGORY_LABELS[m.category]) out[label] = Math.max(out[label] ?? 0, p);
  }
  return out;
}
