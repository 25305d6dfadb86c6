/**
 * Scorer names, in the order the pipeline runs them: the one place they are spelled. SCORERS (src/config) picks
 * among them; src/scoring/scorers.ts loads each one by name (the type checker insists every name has a loader).
 */
export const SCORER_NAMES = [
  // First: normalises the text and finds slurs; later scorers read its de-obfuscated text and matches.
  'lexicon',
  // After the lexicon, so it scores `fuck` rather than `f u c k`.
  'model',
] as const;

export type ScorerName = (typeof SCORER_NAMES)[number];
