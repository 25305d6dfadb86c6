import type { ReasonCode } from '../domain/verdicts';
import type { SlurCategory, SlurContext, SlurMatch, TransformationName } from '../domain/slurs';

const CATEGORY_TEXT: Record<SlurCategory, string> = {
  racial_ethnic: 'racial/ethnic slur',
  national_origin: 'slur on national origin',
  religious: 'religious slur',
  political: 'slur on a political group',
  sexual_orientation_gender: 'slur on sexual orientation or gender',
  disability: 'ableist slur',
  sexual: 'sexual term',
  profanity: 'profanity',
  insult: 'insult',
  threat: 'threat phrase',
  dehumanising: 'dehumanising phrase',
  derogation: 'derogation trope',
};

/** Phrases for the transformations the lexicon undid, so a moderator sees how the term was disguised. */
export const TRANSFORMATION_TEXT: Record<TransformationName, string> = {
  confusables: 'look-alike letters',
  leet: 'leetspeak',
  spacing: 'letters spread apart',
  separators: 'letters spread apart',
  repeats: 'repeated letters',
  masking: 'masked letters',
  zero_width: 'hidden zero-width characters',
  combining: 'combining marks',
  nfkc: 'stylised Unicode',
  case: 'mixed case',
  compound: 'glued to another word',
  omitted: 'letters left out',
  swapped: 'letters swapped',
  added: 'a letter added',
};

/** "racial/ethnic slur 'x' (severity 4), written with look-alike letters" */
export function describeSlur(m: SlurMatch): string {
  const base = `${CATEGORY_TEXT[m.category] ?? m.category} '${m.term}' (severity ${m.severity})`;
  const how = [...new Set(m.transformations.filter((t) => t !== 'case').map((t) => TRANSFORMATION_TEXT[t]))];
  return how.length ? `${base}, written with ${how.join(' and ')}` : base;
}

/**
 * The reason code of a lexicon match the policy acts on: only terms against people's identity (and political
 * coinages) are slurs; swearing is `profanity`, never a slur.
 */
export function reasonCode(category: SlurCategory): ReasonCode {
  switch (category) {
    case 'profanity': return 'profanity';
    case 'sexual': return 'sexual_term';
    case 'insult': return 'insult_term';
    case 'threat': return 'threat_phrase';
    case 'dehumanising': return 'dehumanising_phrase';
    case 'derogation': return 'derogation_phrase';
    default: return 'slur';
  }
}

const CONTEXT_TEXT: Record<SlurContext, string> = {
  quoted: 'quoted, not used',
  reported: 'reported speech (someone else said it)',
  condemned: 'named to condemn it',
  reclaimed: 'reclaimed by its own group',
  homonym: 'used in its innocent sense',
  addressed: 'aimed at someone',
};

export function contextText(m: SlurMatch): string {
  return m.context ? CONTEXT_TEXT[m.context] : 'used plainly';
}
