/**
 * The lexicon scorer (name 'lexicon'): for each text, the slur/profanity matches with their spans and the
 * transformations undone, the phrases (threats.ts: category `threat`; dehumanising.ts: `dehumanising`;
 * derogation.ts: `derogation`), and the de-obfuscated text for the model. Labels are derived from the matches
 * later, once the pipeline's context phase knows how each term is used (labels.ts, src/scoring/pipeline.ts).
 *
 * With a SiteTermStore it also matches the site's own terms, and rebuilds its matcher whenever the store
 * announces a change — running workers pick up new terms without a restart. A rebuild compiles off to the side
 * and swaps in one assignment, so a batch always sees one consistent lexicon.
 */
import type { SlurMatch } from '../../domain/slurs';
import type { Scorer, ScorerOutput, ScoringItem } from '../types';
import { CompiledLexicon } from './lexicon';
import { createDehumanisingMatcher } from './dehumanising';
import { createDerogationMatcher } from './derogation';
import { groupPattern } from './groups';
import { createThreatMatcher } from './threats';
import { siteTermEntries, type SiteTermStore } from './site-terms';
import { loadDefaultLexicon, type LexiconData } from './sources';

export interface LexiconScorerOptions {
  /** The base lexicon; default: seeds + npm lists (+ `files`). */
  lexicon?: LexiconData;
  /** Extra lexicon files (CSV, JSON, text) for the default lexicon. */
  files?: readonly string[];
  /** Site terms at runtime. */
  siteTerms?: SiteTermStore;
  /** Told when a reload of site terms fails (the previous lexicon stays in use). */
  onError?: (err: unknown) => void;
}

export interface LexiconScorer extends Scorer {
  /** Resolves when the site terms present at start are loaded. */
  readonly ready: Promise<void>;
  /** Matches one text (after `ready`). */
  match(text: string): SlurMatch[];
  /** Re-reads site terms and swaps the matcher. */
  reload(): Promise<void>;
  /** How many times the matcher was built (1 = the base lexicon only). */
  readonly generation: number;
}

/** The phrase kinds (phrases.ts) the scorer runs besides the word lists: threats, dehumanising comparisons, derogation tropes. */
export function createPhraseMatcher(): (text: string) => SlurMatch[] {
  const threats = createThreatMatcher();
  const group = groupPattern(); // seeds/lexicon/groups.json, read once for both group phrase kinds
  const dehumanising = createDehumanisingMatcher(undefined, group);
  const derogation = createDerogationMatcher(undefined, group);
  const match = (text: string) => [...threats.match(text), ...dehumanising.match(text), ...derogation.match(text)];
  // V8 compiles a regular expression on its first runs (interpreted, then native): ≈ 0.3 s for these long patterns on
  // a quiet core, more on a busy one. Paid here, when a worker starts, not by the first comment it scores — which may
  // be a synchronous call with a deadline.
  for (let i = 0; i < 2; i++) match('Somalis will never be real Americans, they are vermin and I will find you.');
  return match;
}

export function createLexiconScorer(opts: LexiconScorerOptions = {}): LexiconScorer {
  const base = opts.lexicon ?? loadDefaultLexicon({ files: opts.files });
  let compiled = new CompiledLexicon(base.entries, base.allow);
  const phrasesIn = createPhraseMatcher();
  let generation = 1;
  let unsubscribe: (() => Promise<void>) | undefined;
  let reloading: Promise<void> | undefined;
  let again = false;

  const rebuild = async () => {
    if (!opts.siteTerms) return;
    const terms = await opts.siteTerms.list();
    // Site terms first: a site's category, severity and action win over the lists for the same form.
    compiled = new CompiledLexicon([...siteTermEntries(terms), ...base.entries], base.allow);
    generation++;
  };
  // Coalesce bursts of changes: at most one rebuild running and one queued.
  const reload = (): Promise<void> => {
    if (reloading) {
      again = true;
      return reloading;
    }
    reloading = (async () => {
      try {
        do {
          again = false;
          await rebuild();
        } while (again);
      } finally {
        reloading = undefined;
      }
    })();
    return reloading;
  };
  const onChange = () => {
    reload().catch((err) => opts.onError?.(err));
  };

  const ready = (async () => {
    if (!opts.siteTerms) return;
    // Subscribe first so no change slips between the first read and the subscription.
    unsubscribe = await opts.siteTerms.subscribe(onChange);
    // A failed first read is not fatal: the lists still protect, and the next change notice retries.
    await reload().catch((err) => opts.onError?.(err));
  })();

  const scoreOne = (item: ScoringItem): ScorerOutput => {
    const { matches, normalized } = compiled.matchAndNormalize(item.text);
    const phrases = phrasesIn(item.text);
    return { slurs: phrases.length ? [...matches, ...phrases].sort((a, b) => a.start - b.start) : matches, normalized };
  };

  return {
    name: 'lexicon',
    ready,
    get generation() {
      return generation;
    },
    match: (text) => [...compiled.match(text), ...phrasesIn(text)].sort((a, b) => a.start - b.start),
    reload,
    async scoreBatch(items) {
      await ready;
      return items.map(scoreOne);
    },
    async close() {
      await ready.catch(() => undefined);
      await unsubscribe?.();
    },
  };
}
