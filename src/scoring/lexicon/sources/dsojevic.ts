/**
 * `@dsojevic/profanity-list` (MIT): 434 terms, severity 1-4, tags. Its `match` field lists forms separated by '|',
 * where '*' means "the previous letter may repeat" — our matcher allows repeats everywhere, so '*' is dropped.
 * Its `exceptions` ('m*cript' for "anus") carry over as they are.
 */
import { readFileSync } from 'node:fs';
import type { Severity, SlurCategory } from '../../../domain/slurs';
import type { LexiconEntry } from '../types';

export interface DsojevicEntry {
  id: string;
  match: string;
  tags?: string[];
  severity: number;
  exceptions?: string[];
  allow_partial?: boolean;
}

/** Tag → category; the first tag in this order wins (an identity tag says more than "sexual"). */
const TAG_CATEGORIES: [string, SlurCategory][] = [
  ['racial', 'racial_ethnic'],
  ['lgbtq', 'sexual_orientation_gender'],
  ['religious', 'religious'],
  ['sexual', 'sexual'],
  ['shock', 'sexual'],
  ['general', 'profanity'],
];

export function fromDsojevic(list: readonly DsojevicEntry[], source = 'dsojevic'): LexiconEntry[] {
  return list.map((e) => {
    const forms = e.match.split('|').map((f) => f.replace(/\*/g, '').trim()).filter(Boolean);
    const category = TAG_CATEGORIES.find(([tag]) => e.tags?.includes(tag))?.[1] ?? 'profanity';
    return {
      term: e.id,
      variants: forms,
      category,
      severity: Math.min(4, Math.max(1, Math.round(e.severity))) as Severity,
      wholeWord: true,
      ...(e.exceptions?.length ? { exceptions: e.exceptions } : {}),
      source,
    };
  });
}

export function loadDsojevicPackage(): DsojevicEntry[] {
  return JSON.parse(readFileSync(require.resolve('@dsojevic/profanity-list/en.json'), 'utf8')) as DsojevicEntry[];
}
