/**
 * The search key of a text: what the moderator search (GET /v1/review/items?q=…) compares, so a disguised
 * spelling finds the plain one and the other way round ("1d10t", "i d i o t", "іdіоt" with Cyrillic look-alikes
 * and "idiot" all become the same key).
 *
 * Built on the lexicon's normaliser (normalize.ts: zero-width removed, NFKC, marks stripped, case folded,
 * look-alikes resolved, spaced-out letters joined), then three folds the normaliser leaves to the matcher because
 * they are ambiguous — here both sides of a comparison are folded the same way, so ambiguity only costs precision:
 *   - leetspeak: every letter and the symbols that may stand for it become one letter per class (1, !, | and l
 *     stand for i or l, so i, l, 1, !, | are all 'i'; 6, 8, 9, b and g are all 'b'); the classes come from the
 *     lexicon's own leet table (classes.ts LEET_SYMBOLS), so search and matching read disguises alike;
 *   - repeated letters: a run of one folded letter is one letter ("idiooooot");
 *   - separators inside a word are dropped ("id-iot", "id.iot"); at a word's edge they end the word.
 * Spaces and other symbols separate words; the key is its words joined by one space.
 *
 * The review store keeps each item's key (review_items.search_text, trigram-indexed) and folds the query with
 * this same function; the composition roots (API, scoring worker) hand it to the review side, which sits below
 * scoring and cannot import it.
 */
import { ASTRAL_LETTER, CharClass, charClass, isInteriorOnly, LEET_SYMBOLS } from './lexicon/classes';
import { NormalizedText, normalizeInto } from './lexicon/normalize';

const LETTER: number = CharClass.Letter;
const DIGIT: number = CharClass.Digit;
const LEET: number = CharClass.Leet;
const MASK: number = CharClass.Mask;
const SEPARATOR: number = CharClass.Separator;
const OTHER_LETTER: number = CharClass.OtherLetter;

/** Each letter, digit and leet symbol → the letter standing for its class (union-find over the leet table). */
const FOLD: Map<number, string> = (() => {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    // The alphabetically first letter represents the class (digits and symbols never do: they sort before letters
    // but are not letters).
    const letter = (s: string) => /^[a-z]$/.test(s);
    const keep = letter(ra) && (!letter(rb) || ra < rb) ? ra : rb;
    parent.set(ra, keep);
    parent.set(rb, keep);
  };
  for (const [symbol, letters] of LEET_SYMBOLS) for (const l of letters) union(symbol, l);
  const fold = new Map<number, string>();
  for (const [symbol, letters] of LEET_SYMBOLS) {
    fold.set(symbol.charCodeAt(0), find(symbol));
    for (const l of letters) fold.set(l.charCodeAt(0), find(l));
  }
  return fold;
})();

const MASK_KEY = '*';
const buffer = new NormalizedText();

/** The search key of `text` (see the module comment); '' when it has no letters or digits. */
export function searchText(text: string): string {
  const t = normalizeInto(text, buffer);
  const { codes, length } = t;
  const words: string[] = [];
  let word = '';
  let last = '';
  const endWord = () => {
    if (word) words.push(word);
    word = '';
    last = '';
  };
  const wordChar = (i: number): boolean => {
    if (i < 0 || i >= length) return false;
    const c = charClass(codes[i]!);
    return c === LETTER || c === DIGIT || c === MASK || c === OTHER_LETTER || (c === LEET && !isInteriorOnly(codes[i]!));
  };
  for (let i = 0; i < length; i++) {
    const code = codes[i]!;
    const cls = charClass(code);
    let ch: string | null = null;
    if (cls === LETTER || cls === DIGIT) ch = FOLD.get(code) ?? String.fromCharCode(code);
    else if (cls === LEET) {
      // '!' and the like are punctuation at a word's edge ("idiot!"), letters only inside one ("sh!t").
      if (!isInteriorOnly(code) || (word !== '' && wordChar(i + 1))) ch = FOLD.get(code) ?? null;
    } else if (cls === MASK) ch = MASK_KEY;
    else if (cls === OTHER_LETTER) ch = code === ASTRAL_LETTER ? t.original.slice(t.start[i]!, t.end[i]!) : String.fromCharCode(code);
    else if (cls === SEPARATOR && word !== '' && wordChar(i + 1)) continue; // "id-iot": one word
    if (ch === null) {
      endWord();
      continue;
    }
    if (ch === last && ch !== MASK_KEY) continue;
    word += ch;
    last = ch;
  }
  endWord();
  return words.join(' ');
}
