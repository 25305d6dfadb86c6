/**
 * Phrase matchers: what the lexicon reports that is not a word but a short grammar — threat phrases (threats.ts),
 * dehumanising phrases (dehumanising.ts) and derogation tropes (derogation.ts). Each kind is one regular expression
 * over the original text
 * (apostrophes straightened, case ignored), so spans are exact; no disguise is undone. The rules and data shapes
 * every phrase kind shares live here: a phrase never crosses a sentence end, a negation just before it ("I'm not going to hurt you",
 * "nobody thinks refugees are vermin") breaks it, and where two kinds cover the same stretch the first listed wins.
 */
import { z } from 'zod';
import type { Severity, SlurCategory, SlurMatch } from '../../domain/slurs';
import { alternation } from '../regex';

/** A phrase file's word list: at least one word, none empty. */
export const phraseWords = z.array(z.string().min(1)).min(1);
/** A phrase file's hand-written patterns, each with a usage example it must match (the tests check). */
export const patternsWithExamples = z.array(z.object({ pattern: z.string().min(1), example: z.string().min(1) }).strict());

/** A negation among the last words before a phrase: "don't", "never", "not", "no one". */
const NEGATED = /(?:^|[^\p{L}'])(?:not|never|no|don'?t|dont|doesn'?t|didn'?t|won'?t|wouldn'?t|shouldn'?t|nobody|no\s+one)\s+(?:\S+\s+)?$/iu;

/** Phrases as one alternation, longest first, in which a space matches any run of spaces. */
export const phraseAlternation = (phrases: readonly string[]): string => alternation(phrases, '\\s+');

/** A hand-written pattern's source: a space in it matches any run of spaces. */
export const spacedPattern = (pattern: string): string => pattern.replace(/ /g, '\\s+');

/** A word starts here / ends here (for patterns). */
export const WORD_START = "(?<![\\p{L}\\p{N}'])";
export const WORD_END = '(?![\\p{L}\\p{N}])';

/**
 * Pattern sources as one alternation of whole-word phrases, the word-edge checks standing once outside it rather
 * than once per alternative: the same matches, several times faster on long lists.
 */
export const wordBounded = (sources: readonly string[]): string => `${WORD_START}(?:${sources.map((s) => `(?:${s})`).join('|')})${WORD_END}`;

export interface PhraseKind {
  /** The match's `term`: "<kind> <noun>", e.g. "direct threat". */
  term: string;
  re: RegExp;
  severity: Severity;
}

/** Every phrase of `kinds` in `text`, as lexicon matches of `category` from `source`, in text order. */
export function matchPhrases(text: string, kinds: readonly PhraseKind[], category: SlurCategory, source: string): SlurMatch[] {
  const t = text.replace(/[’‘`´]/g, "'");
  const out: SlurMatch[] = [];
  for (const { term, re, severity } of kinds) {
    re.lastIndex = 0;
    for (const m of t.matchAll(re)) {
      const start = m.index + (m[0].length - m[0].trimStart().length);
      const end = m.index + m[0].trimEnd().replace(/[.!]$/, '').length;
      if (/[.!?\n]/.test(t.slice(start, end))) continue; // never across a sentence end
      if (NEGATED.test(t.slice(Math.max(0, start - 24), start))) continue; // "please don't kill yourself"
      out.push({ term, category, severity, start, end, text: text.slice(start, end), transformations: [], source });
    }
  }
  // One match per stretch of text: where two patterns overlap, the first kind listed stays.
  return out
    .filter((m, i) => !out.some((o, j) => j < i && o.start < m.end && m.start < o.end))
    .sort((a, b) => a.start - b.start);
}
