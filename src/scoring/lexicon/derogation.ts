/**
 * Derogation tropes: the stock phrases of implicit derogation of a group named by identity — exclusion ("should go
 * back where they came from", "don't belong here"), replacement ("are taking over"), crime insinuation ("stabbings
 * went up once the refugees arrived"), incompetence and distrust ("can't be trusted") — which carry no slur and no
 * abusive word, and which the model misses most. Each is reported as a lexicon match of category `derogation`
 * (severity 2: identity-attack priority, below dehumanising phrases and slurs): held for a human by default, never
 * rejected by a rule, and like any term not held when quoted, reported or condemned.
 *
 * The tropes are data (seeds/lexicon/derogation.json: a pattern and a usage example each; `{group}` is a group
 * named by identity, groups.ts; `{they}` a pronoun or "these people"). Matching follows the rules of every phrase
 * kind (phrases.ts).
 */
import { z } from 'zod';
import type { SlurMatch } from '../../domain/slurs';
import { groupPattern } from './groups';
import { matchPhrases, patternsWithExamples, spacedPattern, wordBounded, type PhraseKind } from './phrases';
import { readJson, seedsDir } from './sources/seeds';

const derogationSchema = z
  .object({
    $comment: z.string().optional(),
    tropes: patternsWithExamples.min(1),
  })
  .strict();

export type DerogationTropes = z.infer<typeof derogationSchema>;

export function loadDerogationTropes(dir = seedsDir()): DerogationTropes {
  return readJson(dir, 'derogation.json', derogationSchema);
}

/** "they", "them", "these people", "their kind", "you people". */
const THEY = "(?:they|them|these\\s+people|those\\s+people|their\\s+kind|your\\s+kind|you\\s+people)";

/** A trope's pattern as a regular expression source: placeholders filled, spaces matching any run of spaces. */
export function tropeSource(pattern: string, group = groupPattern()): string {
  return spacedPattern(pattern).replace(/\{group\}/g, group).replace(/\{they\}/g, THEY);
}

export interface DerogationMatcher {
  /** Derogation tropes in `text`, as lexicon matches of category `derogation`, in text order. */
  match(text: string): SlurMatch[];
}

export function createDerogationMatcher(data: DerogationTropes = loadDerogationTropes(), group = groupPattern()): DerogationMatcher {
  // Tropes that start with a group share one reading of it: the group alternation is long, and is read once per
  // word instead of once per trope.
  const GROUP_FIRST = '{group} ';
  const groupFirst = data.tropes.filter((t) => t.pattern.startsWith(GROUP_FIRST)).map((t) => tropeSource(t.pattern.slice(GROUP_FIRST.length), group));
  const others = data.tropes.filter((t) => !t.pattern.startsWith(GROUP_FIRST)).map((t) => tropeSource(t.pattern, group));
  const kinds: PhraseKind[] = [
    { term: 'derogation trope', re: new RegExp(wordBounded([`${group}\\s+(?:${groupFirst.map((s) => `(?:${s})`).join('|')})`]), 'giu'), severity: 2 },
    { term: 'derogation trope', re: new RegExp(wordBounded(others), 'giu'), severity: 2 },
  ];
  return { match: (text) => matchPhrases(text, kinds, 'derogation', 'derogation') };
}
