/**
 * The scorer registry: one loader per name in SCORER_NAMES (src/domain/scorers.ts, which also fixes the order).
 * Loaders import their scorer lazily, so a lexicon-only run never loads TensorFlow. Everything a scorer needs
 * from outside (configuration, the site's own terms in Redis, a logger) is passed in; no scorer opens a
 * connection or writes to the console by itself.
 */
import type { Config } from '../config';
import { SCORER_NAMES, type ScorerName } from '../domain/scorers';
import type { Logger } from '../ops/logger';
import type { SiteTermStore } from './lexicon/site-terms';
import type { Scorer } from './types';

export type ScorerConfig = Pick<Config, 'MODEL_PROVIDER' | 'MODEL_MAX_WINDOWS' | 'TOXICITY_MODEL_URL' | 'TF_BACKEND' | 'LEXICON_FILES'> & {
  /** The Sieve model's directory; default models/sieve-toxicity (a shadow may run another: SHADOW_MODEL_DIR). */
  modelDir?: string;
};

export interface ScorerDeps {
  /** The site's own lexicon terms (the worker's Redis); without it the lexicon runs on its lists alone. */
  siteTerms?: SiteTermStore;
  /** Where a scorer reports trouble it survives (a failed reload of site terms). */
  logger?: Pick<Logger, 'error'>;
}

type Loader = (config: ScorerConfig, deps: ScorerDeps) => Promise<Scorer>;

const LOADERS: Record<ScorerName, Loader> = {
  // The obfuscation-aware lexicon (src/scoring/lexicon); bench/wordlist.ts is the plain word list it is measured against.
  lexicon: async (config, deps) => {
    const { createLexiconScorer } = await import('./lexicon/scorer');
    return createLexiconScorer({
      files: config.LEXICON_FILES,
      siteTerms: deps.siteTerms,
      // The worker keeps scoring with the lexicon it has; say why the site's terms could not be (re)loaded.
      onError: deps.logger && ((err) => deps.logger!.error({ err }, "lexicon: could not load the site's terms")),
    });
  },
  model: async (config) => {
    const { createModelScorer } = await import('./model');
    return createModelScorer({
      provider: config.MODEL_PROVIDER,
      backend: config.TF_BACKEND,
      toxicityModelUrl: config.TOXICITY_MODEL_URL,
      maxWindows: config.MODEL_MAX_WINDOWS,
      modelDir: config.modelDir,
    });
  },
};

/** The named scorers, loaded in pipeline order (whatever order `names` lists them in). */
export async function createScorers(names: readonly ScorerName[], config: ScorerConfig, deps: ScorerDeps = {}): Promise<Scorer[]> {
  const scorers: Scorer[] = [];
  for (const name of SCORER_NAMES.filter((n) => names.includes(n))) scorers.push(await LOADERS[name](config, deps));
  return scorers;
}
