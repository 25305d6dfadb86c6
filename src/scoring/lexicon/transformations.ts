/**
 * The transformations the lexicon can undo (TRANSFORMATION_NAMES, src/domain/slurs.ts), as bit flags (so the hot
 * path ORs integers, never builds arrays). src/policy/reasons.ts turns the names into the words a moderator reads
 * ("written with look-alike letters").
 */
import type { TransformationName } from '../../domain/slurs';

export type { TransformationName };

export const TRANSFORMATIONS = {
  nfkc: 1 << 0, // compatibility forms: fullwidth, mathematical alphanumerics, ligatures, circled letters
  case: 1 << 1,
  combining: 1 << 2, // accents and other combining marks stripped
  zero_width: 1 << 3, // zero-width and other invisible format characters removed
  confusables: 1 << 4, // look-alike letters from other scripts (Unicode confusables.txt)
  leet: 1 << 5, // digits and symbols standing for letters
  spacing: 1 << 6, // letters spread apart with spaces
  separators: 1 << 7, // letters spread apart with punctuation
  repeats: 1 << 8, // letters repeated
  masking: 1 << 9, // letters hidden behind * or #
  compound: 1 << 10, // glued to another word
  omitted: 1 << 11, // vowels left out ("fck", "btch"), or one of the strongest identity slurs' ("chnk")
  swapped: 1 << 12, // two neighbouring letters swapped ("fgagot") — the strongest identity slurs only
  added: 1 << 13, // a letter doubled or an h slipped in ("kikke", "spihc") — the strongest identity slurs only
} as const satisfies Record<TransformationName, number>;

const NAMES = Object.keys(TRANSFORMATIONS) as TransformationName[];

/** Flag bits → names, in a stable order. */
export function transformationNames(bits: number): TransformationName[] {
  const out: TransformationName[] = [];
  for (const name of NAMES) if (bits & TRANSFORMATIONS[name]) out.push(name);
  return out;
}
