/**
 * Words that name identity groups, used to RE-WEIGHT training examples (never as features, never as the
 * evaluation templates): a civil tweet that mentions "gay" or "muslims" counts IDENTITY_NEGATIVE_WEIGHT times
 * in the loss. Hate-speech data mention these groups mostly in abuse, so without it the heads learn that
 * naming a group is itself toxic (the "unintended bias" Dixon et al. 2018 measured with templates).
 */
export const IDENTITY_NEGATIVE_WEIGHT = 3;

const TERMS = [
  'gay', 'gays', 'lesbian', 'lesbians', 'bisexual', 'homosexual', 'homosexuals', 'queer', 'lgbt', 'lgbtq', 'trans', 'transgender',
  'straight', 'woman', 'women', 'female', 'females', 'girl', 'girls', 'man', 'men', 'male',
  'muslim', 'muslims', 'islam', 'islamic', 'christian', 'christians', 'jew', 'jews', 'jewish', 'hindu', 'hindus', 'buddhist',
  'catholic', 'catholics', 'atheist', 'atheists', 'religion', 'religious',
  'black', 'blacks', 'white', 'whites', 'asian', 'asians', 'latino', 'latina', 'latinos', 'hispanic', 'hispanics', 'arab', 'arabs',
  'african', 'mexican', 'mexicans', 'chinese', 'indian', 'indians', 'native',
  'immigrant', 'immigrants', 'immigration', 'migrant', 'migrants', 'refugee', 'refugees',
  'deaf', 'blind', 'disabled', 'disability', 'autistic', 'old', 'elderly', 'young',
];
const RE = new RegExp(`\\b(?:${TERMS.join('|')})\\b`, 'i');

export const mentionsIdentity = (text: string): boolean => RE.test(text);
