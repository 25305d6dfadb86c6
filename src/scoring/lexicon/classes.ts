/**
 * What each character of the normalised stream can be, for the matcher and the de-spacer. One byte per UTF-16 code
 * unit, computed once per code unit and kept in a table, so the hot loop never runs a regular expression.
 */

/**
 * A plain object, not a `const enum`: per-file transpilers (ts-jest isolatedModules, tsx) cannot inline a const
 * enum across files, and a build that does not emit it would leave references to nothing.
 */
export const CharClass = {
  /** a-z */
  Letter: 1,
  /** 0-9: itself, or leetspeak for a letter */
  Digit: 2,
  /** A symbol that stands for a letter in leetspeak (@ $ ! | + ( € ¡) */
  Leet: 3,
  /** A masking character standing for one hidden letter (* # • ●) */
  Mask: 4,
  /** Punctuation that may be put between letters (. - _ , ' ~ / ...) */
  Separator: 5,
  Space: 6,
  /** A letter or digit of another script: part of a word, never part of a match */
  OtherLetter: 7,
  /** Anything else (emoji, symbols): a word boundary */
  Other: 8,
} as const;
export type CharClass = (typeof CharClass)[keyof typeof CharClass];

/** Stand-ins in the stream for astral characters that survive normalisation (the stream holds UTF-16 units). */
export const ASTRAL_LETTER = 0xe000;
export const ASTRAL_OTHER = 0xe001;

/**
 * Leetspeak: which letters a digit or symbol may stand for. Ambiguity is kept (1 = i or l): the matcher follows
 * every branch. A hand table is right here: leetspeak is a convention, not Unicode data.
 */
const LEET_TABLE: Record<string, string> = {
  '0': 'o', '1': 'il', '2': 'z', '3': 'e', '4': 'a', '5': 's', '6': 'bg', '7': 't', '8': 'b', '9': 'g',
  '@': 'a', '$': 's', '!': 'il', '|': 'li', '+': 't', '(': 'c', '€': 'e', '¡': 'i', '£': 'l',
};
/** Every leet symbol with the letters it may stand for (search folds each class of them to one letter). */
export const LEET_SYMBOLS: readonly (readonly [string, string])[] = Object.entries(LEET_TABLE);
/** Leet symbols that are ordinary punctuation at a word's edge: they may stand for a letter only inside a word. */
const INTERIOR_ONLY = new Set(['!', '|', '+', '(', '¡', '£']);
const MASKS = new Set(['*', '#', '•', '●', '∗']);

/** Class per UTF-16 code unit; 0 = not computed yet (call charClass). Read directly in hot loops. */
export const CLASS_TABLE = new Uint8Array(0x10000);
const classes = CLASS_TABLE;
/** Letter codes each code unit may stand for (leet), as a flat list per code. */
const leetAlternatives: (Uint16Array | undefined)[] = new Array(0x10000);
const interiorOnly = new Uint8Array(0x10000);
/**
 * 1 where a code unit can be part of a spaced-out word's letters (letters, digits, masks, leet that is not
 * punctuation): read by the de-spacer's fast scan. Filled together with CLASS_TABLE.
 */
export const TOKEN_TABLE = new Uint8Array(0x10000);

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const SPACE = /^\s$/u;
const PUNCT = /^[\p{P}\p{Sk}=~^`|<>]$/u;

function classify(code: number): CharClass {
  const ch = String.fromCharCode(code);
  if (code >= 97 && code <= 122) return CharClass.Letter;
  if (code >= 48 && code <= 57) return CharClass.Digit;
  if (MASKS.has(ch)) return CharClass.Mask;
  if (ch in LEET_TABLE) return CharClass.Leet;
  if (code === ASTRAL_LETTER) return CharClass.OtherLetter;
  if (code === ASTRAL_OTHER) return CharClass.Other;
  if (SPACE.test(ch)) return CharClass.Space;
  if (code >= 0xd800 && code <= 0xdfff) return CharClass.Other;
  if (LETTER_OR_DIGIT.test(ch)) return CharClass.OtherLetter;
  if (PUNCT.test(ch)) return CharClass.Separator;
  return CharClass.Other;
}

export function charClass(code: number): CharClass {
  let c = classes[code]!;
  if (c === 0) {
    c = classify(code);
    classes[code] = c;
    const alt = LEET_TABLE[String.fromCharCode(code)];
    if (alt) leetAlternatives[code] = Uint16Array.from(alt, (x) => x.charCodeAt(0));
    if (INTERIOR_ONLY.has(String.fromCharCode(code))) interiorOnly[code] = 1;
    TOKEN_TABLE[code] = c === CharClass.Letter || c === CharClass.Digit || c === CharClass.Mask || (c === CharClass.Leet && !interiorOnly[code]) ? 1 : 0;
  }
  return c as CharClass;
}

/** Letters a digit or leet symbol may stand for (undefined for anything else). Call charClass(code) first. */
export function leetFor(code: number): Uint16Array | undefined {
  return leetAlternatives[code];
}

/** True for leet symbols that only count inside a word ('!' in "sh!t", never the '!' after "shit"). */
export function isInteriorOnly(code: number): boolean {
  return interiorOnly[code] === 1;
}

// Warm the ASCII range so the hot loop's first text pays nothing.
for (let i = 0; i < 128; i++) charClass(i);
