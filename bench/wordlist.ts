/**
 * The plain word-list scorer: whole-word matches of `@dsojevic/profanity-list` terms, no de-obfuscation.
 * It is the baseline the obfuscation-aware lexicon matcher (src/scoring/lexicon) is measured against; it is not
 * a scorer SCORERS can choose.
 */
import type { Severity, SlurCategory, SlurMatch } from '../src/domain/slurs';
import type { Scorer, ScorerOutput, ScoringItem } from '../src/scoring/types';

interface DsojevicEntry { id: string; match: string; tags: string[]; severity: number }

const TAG_CATEGORY: Record<string, SlurCategory> = {
  racial: 'racial_ethnic', religious: 'religious', lgbtq: 'sexual_orientation_gender',
  sexual: 'sexual', shock: 'sexual', general: 'profanity',
};

export function createWordListScorer(): Scorer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const entries = require('@dsojevic/profanity-list/en.json') as DsojevicEntry[];
  const byForm = new Map<string, DsojevicEntry>();
  const patterns: { re: RegExp; entry: DsojevicEntry }[] = [];
  for (const e of entries) for (const form of e.match.split('|')) patterns.push({ re: formRegExp(form), entry: e });
  // One alternation, longest forms first; `x*` in dsojevic's notation means "x, possibly repeated".
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${patterns.map((p) => `(?:${p.re.source.slice(1, -1)})`).join('|')})(?![\\p{L}\\p{N}])`, 'giu');

  const scoreOne = (item: ScoringItem): ScorerOutput => {
    const slurs: SlurMatch[] = [];
    for (const m of item.text.matchAll(re)) {
      const e = patterns.find((p) => p.re.test(m[0]))!.entry;
      slurs.push({
        term: e.id, category: TAG_CATEGORY[e.tags[0] ?? 'general'] ?? 'profanity',
        severity: Math.min(4, Math.max(1, e.severity)) as Severity,
        start: m.index, end: m.index + m[0].length, text: m[0], transformations: [], source: 'dsojevic',
      });
    }
    return { slurs };
  };
  return { name: 'wordlist', scoreBatch: async (items) => items.map(scoreOne) };
}

function formRegExp(form: string): RegExp {
  const body = form.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/(.)\*/gu, '$1+');
  return new RegExp(`^${body}$`, 'iu');
}
