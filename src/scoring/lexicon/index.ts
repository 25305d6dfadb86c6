/** The slur and profanity lexicon: normalise with a trace, match in one pass, report spans in the original text. */
export { createLexiconScorer, type LexiconScorer, type LexiconScorerOptions } from './scorer';
export { CompiledLexicon, patternText } from './lexicon';
export { normalizeWithTrace } from './normalize';
export { SiteTermStore, siteTermInputSchema, siteTermEntries, type SiteTerm, type SiteTermInput } from './site-terms';
export { labelsFromMatches, CATEGORY_LABELS, SEVERITY_SCORE } from './labels';
export { loadDefaultLexicon, loadLexiconFile, type LexiconData } from './sources';
export { TRANSFORMATIONS, type TransformationName } from './transformations';
export type { LexiconEntry } from './types';
