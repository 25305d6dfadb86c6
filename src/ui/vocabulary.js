// @ts-check
/**
 * Labels, lexicon categories and disguises in plain words. The words come from the server
 * (GET /v1/review/vocabulary: src/domain/labels.ts LABEL_INFO, CATEGORY_NAMES, the reasons' disguise phrases), so
 * the page spells none of them; a name the server did not send (an older server) shows as its id without
 * underscores rather than not at all.
 */

/** @typedef {{ labels: Record<string, { name: string, meaning?: string }>, categories: Record<string, { name: string }>, transformations: Record<string, { name: string }> }} Vocabulary */

/** @type {Vocabulary} */
const vocabulary = { labels: {}, categories: {}, transformations: {} };

/** @param {Partial<Vocabulary> | null | undefined} v */
export function setVocabulary(v) {
  vocabulary.labels = v?.labels ?? {};
  vocabulary.categories = v?.categories ?? {};
  vocabulary.transformations = v?.transformations ?? {};
}

/** An id as words when the server gave no name for it. @param {string} s */
export const words = (s) => s.replace(/_/g, ' ');

/** "identity attack" @param {string} label */
export const labelName = (label) => vocabulary.labels[label]?.name ?? words(label);
/** What a label means, in one line (for a tooltip), or ''. @param {string} label */
export const labelMeaning = (label) => vocabulary.labels[label]?.meaning ?? '';
/** "racial/ethnic" @param {string} category */
export const categoryName = (category) => vocabulary.categories[category]?.name ?? words(category);
/** "leetspeak" @param {string} t */
export const disguiseName = (t) => vocabulary.transformations[t]?.name ?? words(t);
