/**
 * Identity terms: the one list of words that name a group of people by identity, by group. The model card's
 * bias table (scripts/training/identityBias.ts: neutral sentences naming each term) and the live identity watch
 * (src/scoring/identity-watch.ts: held comments per group, and the same comments with the group word swapped for
 * NEUTRAL_TERM) both read it, so the figure in the card and the figure on the quality page mean the same groups.
 */
export const IDENTITY_GROUPS: Record<string, readonly string[]> = {
  sexual_orientation: ['gay', 'lesbian', 'bisexual', 'straight', 'queer'],
  gender: ['trans', 'transgender', 'female', 'male', 'nonbinary'],
  religion: ['muslim', 'christian', 'jewish', 'hindu', 'buddhist', 'catholic', 'atheist'],
  race_ethnicity: ['black', 'white', 'asian', 'latino', 'hispanic', 'arab', 'african american', 'mexican', 'native american'],
  origin: ['immigrant', 'refugee', 'chinese', 'indian', 'american'],
  disability: ['deaf', 'blind', 'disabled', 'autistic'],
  age: ['old', 'young', 'teenage'],
};

/**
 * What a group word becomes in a neutralised re-score: a word that names no group and reads as an adjective
 * ("a local man") and, with a plural `s`, as a noun ("locals are …"), so the sentence stays grammatical.
 */
export const NEUTRAL_TERM = 'local';
