/**
 * Builds the configured scorers. Each is loaded lazily so a lexicon-only run never loads TensorFlow.
 */
import type { Redis } from 'ioredis';
import type { Config } from '../../config';
import type { Scorer, ScorerName } from '../types';

/**
 * `redis`: a connection the lexicon scorer uses for the site's own terms (it duplicates it for pub/sub). Without
 * it, but with REDIS_URL, the scorer opens its own; with neither it runs without site terms.
 */
export type ScorerConfig = Pick<Config, 'MODEL_PROVIDER' | 'MODEL_MAX_WINDOWS' | 'TOXICITY_MODEL_URL' | 'TF_BACKEND' | 'REDIS_URL' | 'REDIS_PREFIX' | 'LEXICON_FILES'> & { redis?: Redis };

/** Lexicon first: the model reads its de-obfuscated text and matches. */
const ORDER: ScorerName[] = ['lexicon', 'model'];

export async function createScorers(names: readonly ScorerName[], config: ScorerConfig): Promise<Scorer[]> {
  const scorers: Scorer[] = [];
  for (const name of ORDER.filter((n) => names.includes(n))) {
    switch (name) {
      case 'lexicon': {
        // The obfuscation-aware lexicon (src/scoring/lexicon); the plain word list (./wordlist) is its baseline.
        const { createLexiconScorerFromConfig } = await import('../lexicon/from-config');
        scorers.push(createLexiconScorerFromConfig(config));
        break;
      }
      case 'model': {
        // Imported here, not at the top, so a lexicon-only worker never loads TensorFlow.js.
        const { createModelScorer } = await import('../model');
        scorers.push(await createModelScorer({
          provider: config.MODEL_PROVIDER,
          backend: config.TF_BACKEND,
          toxicityModelUrl: config.TOXICITY_MODEL_URL,
          maxWindows: config.MODEL_MAX_WINDOWS,
        }));
        break;
      }
    }
  }
  return scorers;
}
