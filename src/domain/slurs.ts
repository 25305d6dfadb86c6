/** Slur/profanity categories and the match shape every lexicon source and the API share. */
export const SLUR_CATEGORIES = [
  'racial_ethnic',
  'national_origin',
  'religious',
  'political',
  'sexual_orientation_gender',
  'disability',
  'sexual',
  'profanity',
  'insult',
] as const;

export type SlurCategory = (typeof SLUR_CATEGORIES)[number];

/** 1 = mild (e.g. "crap"), 4 = the worst slurs. */
export type Severity = 1 | 2 | 3 | 4;

/**
 * The disguises the lexicon can undo, by name: recorded on every match and turned into words for moderators
 * (src/policy/reasons.ts). src/scoring/lexicon/transformations.ts gives each its bit flag.
 */
export const TRANSFORMATION_NAMES = [
  'nfkc', 'case', 'combining', 'zero_width', 'confusables', 'leet', 'spacing', 'separators', 'repeats', 'masking',
  'compound', 'omitted',
] as const;
export type TransformationName = (typeof TRANSFORMATION_NAMES)[number];

/** What a site wants done with a term: flag it for a human, or block the comment outright. */
export type TermAction = 'flag' | 'block';

export interface SlurMatch {
  /** Canonical lexicon term, e.g. "faggot" for "f a g g 0 t". */
  term: string;
  category: SlurCategory;
  severity: Severity;
  /** UTF-16 offsets into the ORIGINAL comment text, end exclusive (what String.prototype.slice takes). */
  start: number;
  end: number;
  /** The original text at [start, end): what the author actually wrote. */
  text: string;
  /** Names of the transformations that had to be undone to see the term (e.g. "leet", "spacing"). */
  transformations: TransformationName[];
  action?: TermAction;
  /** Where the lexicon entry came from (e.g. "dsojevic", "seeds", "site"). */
  source?: string;
}
