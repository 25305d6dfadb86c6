/**
 * Builds the configured scorers. Each is loaded lazily so a lexicon-only run never loads TensorFlow.
 */
import type { Config } from '../../config';
import type { Scorer, ScorerName } from '../types';
import { createWordListScorer } from './wordlist';

export type ScorerConfig = Pick<Config, 'MODEL_PROVIDER' | 'TOXICITY_MODEL_URL' | 'TF_BACKEND' | 'REDIS_URL' | 'REDIS_PREFIX'>;

/** Lexicon first: the model reads its de-obfuscated text and matches. */
const ORDER: ScorerName[] = ['lexicon', 'model'];

export async function createScorers(names: readonly ScorerName[], _config: ScorerConfig): Promise<Scorer[]> {
  const scorers: Scorer[] = [];
  for (const name of ORDER.filter((n) => names.includes(n))) {
    switch (name) {
      case 'lexicon':
        scorers.push(createWordListScorer());
        break;
      case 'model':
        // Replaced by the TF.js toxicity scorer (src/scoring/model) — until then the model adds no labels.
        break;
    }
  }
  return scorers;
}
