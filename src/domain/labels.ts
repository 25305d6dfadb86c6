/**
 * Label names: the one place they are spelled.
 *
 * A newsroom acts on five labels (`NEWSROOM_LABELS`): `toxicity`, `insult` (at a person), `identity_attack` (at a
 * group defined by identity), `threat` (of violence or harm, direct or veiled) and `profanity` (untargeted
 * swearing, from the lexicon). Three more are kept because Google's toxicity model (`MODEL_PROVIDER=google`)
 * predicts them and a Perspective-style client asks for them by name; nothing is dropped silently —
 * `LABEL_INFO` says for every label what produces it (which Perspective attribute each answers is said once, in
 * src/api/perspective/attributes.ts).
 */
import type { SlurCategory } from './slurs';

export const NEWSROOM_LABELS = ['toxicity', 'insult', 'identity_attack', 'threat', 'profanity'] as const;

/** Kept for the Google provider and Perspective-style clients; see LABEL_INFO for what each maps to. */
export const EXTRA_LABELS = ['severe_toxicity', 'obscene', 'sexual_explicit'] as const;

export const LABELS = [...NEWSROOM_LABELS, ...EXTRA_LABELS] as const;

export type Label = (typeof LABELS)[number];

export type LabelScores = Partial<Record<Label, number>>;

/** Two sets of label scores as one: the higher score per label (scorers' outputs, windows of a long text). */
export function maxLabelScores(a: LabelScores | undefined, b: LabelScores): LabelScores {
  const out: LabelScores = { ...a };
  for (const [label, p] of Object.entries(b) as [Label, number][]) out[label] = Math.max(out[label] ?? 0, p);
  return out;
}

export function isLabel(value: string): value is Label {
  return (LABELS as readonly string[]).includes(value);
}

/**
 * How urgent a held comment is, by what held it: threat > identity attack and slurs > insult (and general abuse)
 * > profanity. The policy's priority bands follow this order (src/policy/policy.ts).
 */
export const PRIORITY_KINDS = ['threat', 'identity', 'insult', 'profanity'] as const;
export type PriorityKind = (typeof PRIORITY_KINDS)[number];

export interface LabelInfo {
  /** The label in plain words, as people read it (the workspace, reasons): `identity_attack` → "identity attack". */
  name: string;
  /** What the label means, in one line. */
  meaning: string;
  /** Which scorers write it: `model:sieve`, `model:google`, `lexicon:<category>`. */
  from: readonly string[];
  kind: PriorityKind;
}

export const LABEL_INFO: Record<Label, LabelInfo> = {
  toxicity: { name: 'toxicity', meaning: 'language that attacks someone (a person or a group); swearing alone is not toxicity', from: ['model:sieve', 'model:google'], kind: 'insult' },
  insult: { name: 'insult', meaning: 'an attack on an individual', from: ['model:sieve', 'model:google', 'lexicon:insult', 'lexicon:political', 'lexicon:<identity categories>'], kind: 'insult' },
  identity_attack: { name: 'identity attack', meaning: 'an attack on a group defined by identity (race, nationality, religion, sexuality, gender, disability)', from: ['model:sieve', 'model:google', 'lexicon:<identity categories>', 'lexicon:dehumanising', 'lexicon:derogation'], kind: 'identity' },
  threat: { name: 'threat', meaning: 'a threat of violence or harm, direct or veiled', from: ['model:sieve (when its threat head is present)', 'model:google', 'lexicon:threat'], kind: 'threat' },
  profanity: { name: 'profanity', meaning: 'swearing with no target', from: ['lexicon:profanity'], kind: 'profanity' },
  severe_toxicity: { name: 'severe toxicity', meaning: "Google's very toxic; Sieve's own model does not predict it", from: ['model:google'], kind: 'insult' },
  obscene: { name: 'obscene', meaning: "Google's head for obscene language; Sieve reports swearing as `profanity` instead", from: ['model:google'], kind: 'profanity' },
  sexual_explicit: { name: 'sexually explicit', meaning: 'sexually explicit language', from: ['model:google', 'lexicon:sexual'], kind: 'profanity' },
};

/** Lexicon categories that name a group by identity: matches are slurs, reported with reason code `slur`. */
export const IDENTITY_CATEGORIES: readonly SlurCategory[] = ['racial_ethnic', 'national_origin', 'religious', 'sexual_orientation_gender', 'disability'];

/** The priority kind of a lexicon category: identity slurs with identity attacks, political slurs and insults with insults. */
export const CATEGORY_KIND: Record<SlurCategory, PriorityKind> = {
  racial_ethnic: 'identity',
  national_origin: 'identity',
  religious: 'identity',
  sexual_orientation_gender: 'identity',
  disability: 'identity',
  political: 'insult',
  insult: 'insult',
  sexual: 'profanity',
  profanity: 'profanity',
  threat: 'threat',
  dehumanising: 'identity',
  derogation: 'identity',
};
