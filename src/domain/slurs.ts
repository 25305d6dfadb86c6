/**
 * Slur/profanity categories and the match shape every lexicon source and the API share. Three categories are not
 * words but phrases (src/scoring/lexicon/phrases.ts), reported as matches so the context phase and the policy treat
 * them like any term: `threat` — a grammar of violent intent and a list of intimidation idioms (threats.ts) — and
 * `dehumanising` — a group named by identity likened to vermin, disease or animals, or denied humanity
 * (dehumanising.ts) — and `derogation` — the stock tropes of implicit derogation: exclusion, replacement, crime
 * insinuation (derogation.ts).
 */
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
  'threat',
  'dehumanising',
  'derogation',
] as const;

/** The categories that are phrases, not words: the model reads them as written unless the comment condemns them (src/scoring/context.ts). */
export const PHRASE_CATEGORIES: readonly SlurCategory[] = ['threat', 'dehumanising', 'derogation'];

export type SlurCategory = (typeof SLUR_CATEGORIES)[number];

/** Each category in plain words, as people read it (the workspace's chips and filters): "racial/ethnic". */
export const CATEGORY_NAMES: Record<SlurCategory, string> = {
  racial_ethnic: 'racial/ethnic',
  national_origin: 'national origin',
  religious: 'religious',
  political: 'political',
  sexual_orientation_gender: 'sexual orientation/gender',
  disability: 'disability',
  sexual: 'sexual',
  profanity: 'profanity',
  insult: 'insult',
  threat: 'threat',
  dehumanising: 'dehumanising',
  derogation: 'group derogation',
};

/** 1 = mild (e.g. "crap"), 4 = the worst slurs. */
export type Severity = 1 | 2 | 3 | 4;

/**
 * How a term is used, when the context phase (src/scoring/context.ts) recognises it. `quoted`, `reported` and
 * `condemned` are mentions (counter-speech: quoting, reporting or condemning the word) — still reported with
 * their span, never auto-rejected; `reclaimed` (a speaker naming their own group) and `homonym` (the word's
 * innocent sense: "crackers and cheese") are not held. What each does is policy, per category. `addressed` is
 * swearing aimed at someone ("you stupid c…", "f… you"): an insult, decided by the policy's `insult` rule, while
 * untargeted swearing is decided by its `profanity` rule.
 */
export const SLUR_CONTEXTS = ['quoted', 'reported', 'condemned', 'reclaimed', 'homonym', 'addressed'] as const;
export type SlurContext = (typeof SLUR_CONTEXTS)[number];
export const MENTION_CONTEXTS: readonly SlurContext[] = ['quoted', 'reported', 'condemned'];
export const isMention = (m: { context?: SlurContext }): boolean => m.context !== undefined && MENTION_CONTEXTS.includes(m.context);

/**
 * The disguises the lexicon can undo, by name: recorded on every match and turned into words for moderators
 * (src/policy/reasons.ts). src/scoring/lexicon/transformations.ts gives each its bit flag.
 */
export const TRANSFORMATION_NAMES = [
  'nfkc', 'case', 'combining', 'zero_width', 'confusables', 'leet', 'spacing', 'separators', 'repeats', 'masking',
  'compound', 'omitted', 'swapped', 'added',
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
  /** How the term is used, when the context phase recognised it (absent = plain use). */
  context?: SlurContext;
}
