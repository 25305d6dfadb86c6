/**
 * Perspective attributes → Sieve labels: the one place the mapping lives (README "Moving from Perspective" shows
 * it as a table). An attribute is answered only when a scorer the workers run predicts its label honestly; one
 * that nothing here predicts is refused with a 400 that says so, never answered with a made-up number.
 *
 * `model`: the model providers whose output includes the label (`sieve`: the project's trained heads; `google`:
 * @tensorflow-models/toxicity). `lexicon`: the lexicon derives the label from its categories
 * (src/scoring/lexicon/labels.ts) — a fixed value per match severity, not a probability; 0 without a match.
 */
import type { Config } from '../../config';
import type { Label } from '../../domain/labels';

export interface AttributeSource {
  label: Label;
  /**
   * Labels that imply this one by Sieve's definitions (an insult, an identity attack and a threat are each toxic):
   * the attribute's score is the highest of its label and these, so it is never below what a narrower head says.
   */
  impliedBy?: readonly Label[];
  model: readonly Config['MODEL_PROVIDER'][];
  lexicon: boolean;
  /** What answers it, for the README and refusals. */
  answeredBy: string;
}

export const PERSPECTIVE_ATTRIBUTES = {
  TOXICITY: { label: 'toxicity', impliedBy: ['insult', 'identity_attack', 'threat'], model: ['sieve', 'google'], lexicon: false, answeredBy: 'the model\'s `toxicity` head, or its `insult`, `identity_attack` or `threat` head when higher (each is a kind of toxicity; swearing alone is not toxic here)' },
  SEVERE_TOXICITY: { label: 'severe_toxicity', model: ['google'], lexicon: false, answeredBy: '`severe_toxicity` of the Google model only; Sieve\'s own model does not predict it' },
  IDENTITY_ATTACK: { label: 'identity_attack', model: ['sieve', 'google'], lexicon: true, answeredBy: 'the model\'s `identity_attack` head, or the lexicon\'s identity slur categories (racial/ethnic, national origin, religious, sexual orientation/gender, disability), dehumanising phrases and derogation tropes, whichever is higher' },
  INSULT: { label: 'insult', model: ['sieve', 'google'], lexicon: true, answeredBy: 'the model\'s `insult` head, or the lexicon\'s insult and slur categories, whichever is higher' },
  PROFANITY: { label: 'profanity', model: [], lexicon: true, answeredBy: 'the lexicon\'s profanity category (label `profanity`)' },
  THREAT: { label: 'threat', model: ['sieve', 'google'], lexicon: true, answeredBy: 'the model\'s `threat` head, or the lexicon\'s threat phrases (src/scoring/lexicon/threats.ts), whichever is higher' },
  SEXUALLY_EXPLICIT: { label: 'sexual_explicit', model: ['google'], lexicon: true, answeredBy: 'the lexicon\'s sexual category (label `sexual_explicit`; with the Google model, its `sexual_explicit` too)' },
} as const satisfies Record<string, AttributeSource>;

export type PerspectiveAttribute = keyof typeof PERSPECTIVE_ATTRIBUTES;

export const ATTRIBUTE_NAMES = Object.keys(PERSPECTIVE_ATTRIBUTES) as PerspectiveAttribute[];

export function isAttribute(name: string): name is PerspectiveAttribute {
  return Object.prototype.hasOwnProperty.call(PERSPECTIVE_ATTRIBUTES, name);
}

/** Whether the scorers this deployment runs answer the attribute. */
export function isServed(attribute: PerspectiveAttribute, config: Pick<Config, 'SCORERS' | 'MODEL_PROVIDER'>): boolean {
  const source: AttributeSource = PERSPECTIVE_ATTRIBUTES[attribute];
  return (config.SCORERS.includes('model') && source.model.includes(config.MODEL_PROVIDER))
    || (config.SCORERS.includes('lexicon') && source.lexicon);
}

/** Perspective serves these languages for the attributes above; Sieve's scorers read English. */
export const SUPPORTED_LANGUAGES = ['en'] as const;
