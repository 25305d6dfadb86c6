/**
 * Scorers, in the order the pipeline runs them: the one place their names are spelled. SCORERS (src/config) picks
 * among them and defaults to those marked `byDefault`; src/scoring/scorers.ts loads each one by name (the type
 * checker insists every name has a loader).
 */
export const SCORER_TABLE = [
  // First: normalises the text and finds slurs; later scorers read its de-obfuscated text and matches.
  { name: 'lexicon', byDefault: true },
  // After the lexicon, so it scores `fuck` rather than `f u c k`.
  { name: 'model', byDefault: true },
] as const;

export type ScorerName = (typeof SCORER_TABLE)[number]['name'];
export const SCORER_NAMES = SCORER_TABLE.map((s) => s.name) as [ScorerName, ...ScorerName[]];
export const DEFAULT_SCORERS: readonly ScorerName[] = SCORER_TABLE.filter((s) => s.byDefault).map((s) => s.name);
