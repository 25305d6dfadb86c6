/** The lexicon scorer as the workers configure it: files from LEXICON_FILES, site terms from Redis. */
import { createRedis } from '../../redis/connection';
import { redisKeys } from '../../redis/keys';
import type { ScorerConfig } from '../scorers';
import { createLexiconScorer, type LexiconScorer } from './scorer';
import { SiteTermStore } from './site-terms';

export function createLexiconScorerFromConfig(config: ScorerConfig): LexiconScorer {
  const own = !config.redis && config.REDIS_URL ? createRedis(config.REDIS_URL) : undefined;
  const redis = config.redis ?? own;
  const siteTerms = redis ? new SiteTermStore(redis, redisKeys(config.REDIS_PREFIX)) : undefined;
  const scorer = createLexiconScorer({
    files: config.LEXICON_FILES,
    siteTerms,
    // The worker keeps scoring with the lexicon it has; say why the site's terms could not be (re)loaded.
    onError: (err) => console.error(`lexicon: could not load the site's terms: ${err instanceof Error ? err.message : String(err)}`),
  });
  if (!own) return scorer;
  const close = scorer.close!.bind(scorer);
  return Object.assign(scorer, {
    async close() {
      await close();
      own.disconnect();
    },
  });
}
