/**
 * Normalisation with a trace. The text becomes a stream of plain characters (mostly a-z), and every character of
 * the stream remembers where it came from in the ORIGINAL text (UTF-16 offsets, end exclusive) and which
 * transformations produced it. Two passes:
 *
 *   1. characters — each code point through the character transformers (chars.ts): zero-width removed, NFKC,
 *      combining marks stripped (the mark widens its base character's span), case folded, look-alikes resolved;
 *   2. de-spacing — "f u c k", "k-i-k-e", "n.i.g.g.e.r": three or more single characters with separators between
 *      them are joined into one word, so whole-word rules still apply to what the author meant.
 *
 * Leetspeak, repeated letters, masking and separators inside a word are not rewritten here: they are ambiguous
 * ('1' is i or l; "f*ck" could be several words), so the matcher follows each reading (matcher.ts).
 *
 * The buffers are reused between texts: normalising allocates nothing per character.
 */
import { ASTRAL_LETTER, ASTRAL_OTHER, CharClass, CLASS_TABLE, charClass, isInteriorOnly, TOKEN_TABLE } from './classes';
import { mapCodePoint } from './chars';
import { TRANSFORMATIONS, transformationNames, type TransformationName } from './transformations';

// Module-local copies of imported constants and functions: hot loops then read locals, not (possibly
// getter-backed) properties of another module.
const LETTER: number = CharClass.Letter;
const DIGIT: number = CharClass.Digit;
const LEET: number = CharClass.Leet;
const MASK: number = CharClass.Mask;
const SEPARATOR: number = CharClass.Separator;
const SPACE: number = CharClass.Space;
const OTHER_LETTER: number = CharClass.OtherLetter;
const OTHER: number = CharClass.Other;
const CLASSES = CLASS_TABLE;
const classOf = (code: number): number => CLASSES[code] || charClass(code);
const interiorOnly = isInteriorOnly;
const TOKENS = TOKEN_TABLE;
/** Token character? (fills the tables on first sight of a code unit) */
const tok = (c: number): boolean => (CLASSES[c] || charClass(c), TOKENS[c] === 1);
const A_LETTER: number = ASTRAL_LETTER;
const A_OTHER: number = ASTRAL_OTHER;
const mapCp = mapCodePoint;
const T_CASE: number = TRANSFORMATIONS.case;


export class NormalizedText {
  original = '';
  length = 0;
  /** The stream's characters (UTF-16 code units; astral survivors become ASTRAL_LETTER / ASTRAL_OTHER). */
  codes = new Uint16Array(256);
  /** Original span of each stream character. */
  start = new Int32Array(256);
  end = new Int32Array(256);
  /** Transformations that produced this character. */
  flags = new Uint16Array(256);
  /** Transformations that removed something just before this character (zero-width, spacing). */
  gap = new Uint16Array(256);

  ensure(capacity: number): void {
    if (capacity <= this.codes.length) return;
    const size = Math.max(capacity, this.codes.length * 2);
    const grow = <T extends Uint16Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a.subarray(0, this.length));
      return b;
    };
    this.codes = grow(this.codes, (n) => new Uint16Array(n));
    this.start = grow(this.start, (n) => new Int32Array(n));
    this.end = grow(this.end, (n) => new Int32Array(n));
    this.flags = grow(this.flags, (n) => new Uint16Array(n));
    this.gap = grow(this.gap, (n) => new Uint16Array(n));
  }

  /** Did normalisation remove something matching `bits` anywhere (e.g. join letters spread apart)? */
  anyGap(bits: number): boolean {
    for (let i = 0; i < this.length; i++) if (this.gap[i]! & bits) return true;
    return false;
  }

  /** Transformation bits needed to read stream characters [from, to) (their own, and gaps inside the span). */
  spanFlags(from: number, to: number): number {
    let bits = 0;
    for (let i = from; i < to; i++) {
      bits |= this.flags[i]!;
      if (i > from) bits |= this.gap[i]!;
    }
    return bits;
  }

  /** The stream as a string, with characters of other scripts and emoji restored from the original. */
  toString(from = 0, to = this.length): string {
    let out = '';
    let run = from;
    for (let i = from; i < to; i++) {
      const c = this.codes[i]!;
      if (c === A_LETTER || c === A_OTHER) {
        out += this.codesToString(run, i) + this.original.slice(this.start[i]!, this.end[i]!);
        run = i + 1;
      }
    }
    return out + this.codesToString(run, to);
  }

  private codesToString(from: number, to: number): string {
    let out = '';
    for (let i = from; i < to; i += 4096) {
      out += String.fromCharCode.apply(null, this.codes.subarray(i, Math.min(to, i + 4096)) as unknown as number[]);
    }
    return out;
  }
}

/** Pass 1: every code point through the character transformers, keeping the offset map. */
export function normalizeChars(text: string, out: NormalizedText): void {
  out.original = text;
  out.length = 0;
  out.ensure(text.length + 8);
  const { codes, start, end, flags, gap } = out;
  let n = 0;
  let pendingGap = 0;
  const length = text.length;
  for (let i = 0; i < length; ) {
    let c = text.charCodeAt(i);
    if (c < 128) {
      // ASCII fast path, a whole run at a time: only case folding can apply.
      gap[n] = pendingGap;
      pendingGap = 0;
      for (;;) {
        const upper = c >= 65 && c <= 90;
        codes[n] = upper ? c + 32 : c;
        flags[n] = upper ? T_CASE : 0;
        start[n] = i;
        end[n] = ++i;
        n++;
        if (i >= length) break;
        c = text.charCodeAt(i);
        if (c >= 128) break;
        gap[n] = 0;
      }
      continue;
    }
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const m = mapCp(cp);
    if (m.out.length === 0) {
      if (m.mark && n > 0) {
        // A combining mark belongs to the character before it: widen that character's span.
        end[n - 1] = i + width;
        flags[n - 1]! |= m.flags;
      } else {
        pendingGap |= m.flags;
      }
      i += width;
      continue;
    }
    if (n + m.out.length + 8 > codes.length) {
      // Rare: compatibility forms that expand (ligatures, '﷽') outgrew the buffer: start over with room for the
      // longest expansion Unicode has (18 characters).
      out.ensure((text.length + 8) * 18);
      normalizeChars(text, out);
      return;
    }
    for (let k = 0; k < m.out.length; k++) {
      let code = m.out.charCodeAt(k);
      if (code >= 0xd800 && code <= 0xdbff) {
        // An astral character that stayed itself (emoji, rare scripts): one stand-in for the pair.
        code = ASTRAL_LETTER_OR_DIGIT.test(String.fromCodePoint(m.out.codePointAt(k)!)) ? ASTRAL_LETTER : ASTRAL_OTHER;
        k++;
      }
      codes[n] = code;
      start[n] = i;
      end[n] = i + width;
      flags[n] = m.flags;
      gap[n] = pendingGap;
      pendingGap = 0;
      n++;
    }
    i += width;
  }
  out.length = n;
}

const ASTRAL_LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

const MIN_SPACED_LETTERS = 3;
/**
 * Gap bit (not a transformation): a word may start at this character and end before it. Set on the second and
 * the last letter of a joined run, because people space out a word next to a one-letter word: in "a f u c k" or
 * "f u c k u" the run is "afuck"/"fucku", and the word inside it still counts as whole.
 */
export const SOFT_BOUNDARY = 1 << 15;
const MAX_SPACED_GAP = 3;

function isTokenChar(cls: number, code: number): boolean {
  // '!' and the like end sentences more often than they spell letters: at a token's edge they are gaps.
  return cls === LETTER || cls === DIGIT || cls === MASK || (cls === LEET && !interiorOnly(code));
}

/**
 * Pass 2: joins letters spread apart ("f u c k", "f.u.c.k", "f - u - c - k") into one word. A run counts when at
 * least three single characters are separated by short runs of spaces or punctuation; the removed separators are
 * recorded as a gap on the next character ('spacing' if any was a space, else 'separators').
 */
export function despace(t: NormalizedText): void {
  const { codes, length } = t;
  // Fast path: most texts have no two single characters close together; find the first place that might.
  const first = firstSpacedCandidate(codes, length);
  if (first < 0) return;
  let write = first;
  let i = first;
  while (i < length) {
    // Try to read a spaced run starting at i: single token char, gap, single token char, gap, ...
    let count = 0;
    let j = i;
    let lastEnd = i; // index after the last single char accepted
    while (j < length && isTokenChar(classOf(codes[j]!), codes[j]!)) {
      // j is a token char; it must be a single one (next is not a token char).
      if (j + 1 < length && isTokenChar(classOf(codes[j + 1]!), codes[j + 1]!)) break;
      count++;
      lastEnd = j + 1;
      // Skip the gap after it.
      let g = j + 1;
      while (g < length && g - (j + 1) < MAX_SPACED_GAP + 1 && isGapChar(classOf(codes[g]!), codes[g]!)) g++;
      const gapLen = g - (j + 1);
      if (gapLen === 0 || gapLen > MAX_SPACED_GAP || g >= length || !isTokenChar(classOf(codes[g]!), codes[g]!)) break;
      j = g;
    }
    const startsWord = i === 0 || !isTokenChar(classOf(codes[i - 1]!), codes[i - 1]!);
    if (count >= MIN_SPACED_LETTERS && startsWord) {
      // Keep the token chars in [i, lastEnd), drop the gaps between them.
      let gapBits = 0;
      let token = 0;
      for (let k = i; k < lastEnd; k++) {
        const cls = classOf(codes[k]!);
        if (isTokenChar(cls, codes[k]!)) {
          copy(t, k, write);
          if (k > i) t.gap[write]! |= gapBits;
          if (token === 1 || k === lastEnd - 1) t.gap[write]! |= SOFT_BOUNDARY;
          gapBits = 0;
          token++;
          write++;
        } else {
          gapBits |= (cls === SPACE ? TRANSFORMATIONS.spacing : TRANSFORMATIONS.separators) | t.gap[k]! | t.flags[k]!;
        }
      }
      i = lastEnd;
    } else {
      // Not a spaced run: copy through the end of this token (or one char).
      copy(t, i, write);
      write++;
      i++;
      while (i < length && isTokenChar(classOf(codes[i]!), codes[i]!) && isTokenChar(classOf(codes[i - 1]!), codes[i - 1]!)) {
        copy(t, i, write);
        write++;
        i++;
      }
    }
  }
  t.length = write;
}

/** Index of the first single token character followed, after a short gap, by another; -1 if there is none. */
function firstSpacedCandidate(codes: Uint16Array, length: number): number {
  let lastSingle = -10;
  let prev = false;
  let cur = length > 0 && tok(codes[0]!);
  for (let j = 0; j < length; j++) {
    const next = j + 1 < length && tok(codes[j + 1]!);
    if (cur && !prev && !next) {
      if (j - lastSingle <= MAX_SPACED_GAP + 1) return lastSingle;
      lastSingle = j;
    }
    prev = cur;
    cur = next;
  }
  return -1;
}

function isGapChar(cls: number, code: number): boolean {
  return cls === SPACE || cls === SEPARATOR || cls === OTHER || (cls === LEET && interiorOnly(code));
}

function copy(t: NormalizedText, from: number, to: number): void {
  if (from === to) return;
  t.codes[to] = t.codes[from]!;
  t.start[to] = t.start[from]!;
  t.end[to] = t.end[from]!;
  t.flags[to] = t.flags[from]!;
  t.gap[to] = t.gap[from]!;
}

/** Both passes into a reusable buffer. */
export function normalizeInto(text: string, out: NormalizedText): NormalizedText {
  normalizeChars(text, out);
  despace(out);
  return out;
}

export interface TracedChar {
  char: string;
  /** Original UTF-16 span. */
  start: number;
  end: number;
  transformations: TransformationName[];
}

/** For tests, docs and debugging: the normalised text with, for every character, where it came from and how. */
export function normalizeWithTrace(text: string): { text: string; chars: TracedChar[] } {
  const t = normalizeInto(text, new NormalizedText());
  const chars: TracedChar[] = [];
  for (let i = 0; i < t.length; i++) {
    chars.push({ char: t.toString(i, i + 1), start: t.start[i]!, end: t.end[i]!, transformations: transformationNames(t.flags[i]! | t.gap[i]!) });
  }
  return { text: t.toString(), chars };
}
