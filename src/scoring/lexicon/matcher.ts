/**
 * The one-pass multi-pattern matcher: every lexicon form (and every allow-list phrase) compiled into one trie over
 * a-z, 0-9 and ' ', walked once over the normalised stream.
 *
 * Aho–Corasick's failure links assume one reading of each character; disguised text has several ('1' is i, l or
 * 1; '*' is any letter; a doubled letter may be a repeat or the pattern's own double). So the matcher keeps a small
 * set of live trie positions ("threads") and advances all of them on each character — a compiled trie run as an
 * NFA. A thread starts at every word start, and inside words only where a compound-capable term could begin.
 * Threads live in preallocated typed arrays: the hot loop allocates nothing.
 *
 * Rules that keep it precise:
 * - A term marked whole-word needs a word boundary on both sides (an inflection like -s/-ed/-ing may follow).
 * - A match that needed masking, separators inside a word, repeated letters, a stand-in letter ('v' as u) or a
 *   left-out vowel must be a whole word: inside other words those readings match far too much ("shiitake",
 *   "was.hit"). Left-out vowels are read only for the strong terms ("fck"; "arms" must not become "armos").
 * - Leet symbols that are also punctuation ('!', '|', '(', '+') count only inside a word.
 * - Masks need real letters around them: at least two real letters, and no more masks than real letters + 1.
 */
import { CharClass, CLASS_TABLE, charClass, isInteriorOnly, leetFor } from './classes';
import { SOFT_BOUNDARY, type NormalizedText } from './normalize';
import { TRANSFORMATIONS } from './transformations';

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
const leetOf = leetFor;
const interiorOnly = isInteriorOnly;
const T_REPEATS: number = TRANSFORMATIONS.repeats;
const T_LEET: number = TRANSFORMATIONS.leet;
const T_MASKING: number = TRANSFORMATIONS.masking;
const T_SEPARATORS: number = TRANSFORMATIONS.separators;
const T_COMPOUND: number = TRANSFORMATIONS.compound;
const T_OMITTED: number = TRANSFORMATIONS.omitted;
const SOFT: number = SOFT_BOUNDARY;
const wordChar = (code: number): boolean => {
  const c = classOf(code);
  return c === LETTER || c === DIGIT || c === OTHER_LETTER;
};

const SYMBOLS = 37; // a-z, 0-9, ' '
const SPACE_SYMBOL = 36;
const ROOT = 0;

const WORD_START = 1 << 20;
const LAST_INTERIOR = 1 << 21;
/** A consonant seen twice: only a third makes it a repeat; until then the thread may not go on or match. */
const PENDING_REPEAT = 1 << 22;
/** Two bits counting vowels left out ("fck"); at most MAX_OMITTED. */
const OMITTED_ONE = 1 << 23;
const OMITTED_MASK = 3 << 23;
const MAX_OMITTED = 2;
/** A letter read as another letter that looks alike inside a word ('v' as u, 'z' as s). */
const LETTER_ALT = 1 << 25;
const STRICT = T_MASKING | T_SEPARATORS | T_REPEATS | T_OMITTED | LETTER_ALT;
const PUBLIC_BITS = (1 << 16) - 1;

/**
 * Word endings that keep a whole-word term whole ("kikes", "hasbarats", "ukropnazis"). Plurals for every term;
 * verb endings only for terms of five letters or more — on short terms they make ordinary words ("spic-ed",
 * "cunn-ing", "pudd-ing").
 */
const toCodes = (list: string[]) => list.map((s) => Uint16Array.from(s, (c) => c.charCodeAt(0)));
const PLURALS = toCodes(['s', 'z']);
const VERB_ENDINGS = toCodes(['s', 'z', 'ed', 'er', 'ers', 'ing', 'ings', 'in']);
/** '-es' only after s, x, z, ch, sh (English spelling): "spik" + "es" is "spikes". */
const ES = toCodes(['es']);
const SIBILANT_END = /(?:[sxz]|ch|sh)$/;
const MIN_LENGTH_FOR_VERB_ENDINGS = 5;
/** A doubled vowel may be a disguise ("fuuck"); a doubled consonant is English spelling ("rapping"): it needs three. */
const VOWELS = new Set([97, 101, 105, 111, 117]);
const VOWEL_SYMBOLS = Int32Array.from([0, 4, 8, 14, 20]); // a e i o u
const MIN_PHRASE_WORD_TO_GLUE = 4; // "gringoswine" reads as the phrase; "librat(ed)" does not

const MAX_THREADS = 512;
const FIELDS = 7; // node, start, flags, real letters, masked letters, last letter, separator run
const MAX_SEPARATOR_RUN = 2; // inside a word: "f..ck", "f-_-ck" is already art
const MAX_PHRASE_GAP = 3; // between the words of a phrase

export interface MatcherPattern {
  /** Normalised pattern: [a-z0-9 ]+, single spaces. */
  text: string;
  /** May be found inside another word. */
  compound: boolean;
  /** May be followed by an inflection and still be a whole word. */
  inflect: boolean;
  /**
   * May be read with vowels left out ("fck", "btch"). Only for strong, unambiguous terms: on ordinary words it
   * turns English into slurs ("arms" → "armos", "faces" → "faeces").
   */
  omitVowels?: boolean;
}

/** Raw matches of one scan, as parallel arrays (stream indexes, end exclusive). */
export interface RawMatches {
  count: number;
  pattern: number[];
  start: number[];
  /** End of the match including an inflection. */
  end: number[];
  /** End of the term itself (where exceptions are checked). */
  coreEnd: number[];
  flags: number[];
}

export function symbolOf(code: number): number {
  if (code >= 97 && code <= 122) return code - 97;
  if (code >= 48 && code <= 57) return 26 + code - 48;
  if (code === 32) return SPACE_SYMBOL;
  return -1;
}

export class TrieMatcher {
  private readonly next: Int32Array;
  private readonly termStart: Int32Array;
  private readonly termList: Int32Array;
  /** Some compound-capable pattern ends at or below this node. */
  private readonly compoundBelow: Uint8Array;
  /** Some pattern that may be read with vowels left out ends at or below this node. */
  private readonly omitBelow: Uint8Array;
  private readonly patOmit: Uint8Array;
  /** Reached through a ' ' of a phrase: spaces and punctuation are consumed here. */
  private readonly spaceNode: Uint8Array;
  private readonly patLength: Int32Array;
  private readonly patCompound: Uint8Array;
  private readonly patInflect: Uint8Array;
  private readonly patEndings: Uint16Array[][];
  private readonly depth: Int32Array;
  readonly nodeCount: number;

  // Thread buffers, double-buffered: [current, next].
  // Threads: FIELDS ints each, two generations (current, next) in one array; `nb` is the next generation's offset.
  private readonly threads = new Int32Array(2 * MAX_THREADS * FIELDS);
  private nextCount = 0;
  private nb = MAX_THREADS * FIELDS;
  private readonly stampStep: Int32Array;
  private readonly stampStart: Int32Array;
  private step = 0;
  // Scan state read by push().
  private codes: Uint16Array = new Uint16Array(0);
  private gap: Uint16Array = new Uint16Array(0);
  private length = 0;
  private pos = 0;
  private out: RawMatches = { count: 0, pattern: [], start: [], end: [], coreEnd: [], flags: [] };

  constructor(patterns: readonly MatcherPattern[]) {
    const next: number[] = new Array(SYMBOLS).fill(-1);
    const terms = new Map<number, number[]>();
    const space: number[] = [0];
    const depth: number[] = [0];
    patterns.forEach((p, id) => {
      let node = ROOT;
      for (let i = 0; i < p.text.length; i++) {
        const sym = symbolOf(p.text.charCodeAt(i));
        if (sym < 0) throw new Error(`pattern ${JSON.stringify(p.text)} has a character outside [a-z0-9 ]`);
        let child = next[node * SYMBOLS + sym]!;
        if (child < 0) {
          child = next.length / SYMBOLS;
          for (let k = 0; k < SYMBOLS; k++) next.push(-1);
          next[node * SYMBOLS + sym] = child;
          space[child] = sym === SPACE_SYMBOL ? 1 : 0;
          depth[child] = depth[node]! + 1;
        }
        node = child;
      }
      const list = terms.get(node) ?? [];
      list.push(id);
      terms.set(node, list);
    });
    const nodes = next.length / SYMBOLS;
    this.nodeCount = nodes;
    this.next = Int32Array.from(next);
    this.spaceNode = Uint8Array.from(space);
    this.depth = Int32Array.from(depth);
    this.termStart = new Int32Array(nodes + 1);
    const flat: number[] = [];
    for (let n = 0; n < nodes; n++) {
      this.termStart[n] = flat.length;
      for (const id of terms.get(n) ?? []) flat.push(id);
    }
    this.termStart[nodes] = flat.length;
    this.termList = Int32Array.from(flat);
    this.patLength = Int32Array.from(patterns, (p) => p.text.length);
    this.patCompound = Uint8Array.from(patterns, (p) => (p.compound ? 1 : 0));
    this.patInflect = Uint8Array.from(patterns, (p) => (p.inflect ? 1 : 0));
    this.patEndings = patterns.map((p) => [
      ...(p.text.length >= MIN_LENGTH_FOR_VERB_ENDINGS ? VERB_ENDINGS : PLURALS),
      ...(SIBILANT_END.test(p.text) ? ES : []),
    ]);
    // compoundBelow: children always have higher ids than parents, so one reverse sweep propagates upwards.
    this.compoundBelow = new Uint8Array(nodes);
    for (let n = nodes - 1; n >= 0; n--) {
      for (let k = this.termStart[n]!; k < this.termStart[n + 1]!; k++) if (this.patCompound[this.termList[k]!]) this.compoundBelow[n] = 1;
      if (!this.compoundBelow[n]) {
        for (let s = 0; s < SYMBOLS; s++) {
          const c = this.next[n * SYMBOLS + s]!;
          if (c >= 0 && this.compoundBelow[c]) {
            this.compoundBelow[n] = 1;
            break;
          }
        }
      }
    }
    this.patOmit = Uint8Array.from(patterns, (p) => (p.omitVowels ? 1 : 0));
    this.omitBelow = new Uint8Array(nodes);
    for (let n = nodes - 1; n >= 0; n--) {
      for (let k = this.termStart[n]!; k < this.termStart[n + 1]!; k++) if (this.patOmit[this.termList[k]!]) this.omitBelow[n] = 1;
      for (let s = 0; s < SYMBOLS && !this.omitBelow[n]; s++) {
        const c = this.next[n * SYMBOLS + s]!;
        if (c >= 0 && this.omitBelow[c]) this.omitBelow[n] = 1;
      }
    }
    this.stampStep = new Int32Array(nodes).fill(-1);
    this.stampStart = new Int32Array(nodes);
  }

  /** Scans the normalised stream; the result object is reused by the next scan. */
  scan(text: NormalizedText): RawMatches {
    const out = this.out;
    out.count = 0;
    out.pattern.length = out.start.length = out.end.length = out.coreEnd.length = out.flags.length = 0;
    const codes = text.codes;
    const length = text.length;
    this.codes = codes;
    this.gap = text.gap;
    this.length = length;
    let cb = 0; // current buffer index
    let count = 0;
    let prevWord = false; // was the previous character a word character?
    const next = this.next;
    const compoundBelow = this.compoundBelow;
    for (let i = 0; i < length; i++) {
      const code = codes[i]!;
      const cls = classOf(code);
      const spawnable = cls === LETTER || cls === DIGIT || (cls === LEET && !interiorOnly(code));
      if (count === 0 && !spawnable) {
        // Nothing alive and nothing can start here (spaces, punctuation): the common case between words.
        prevWord = cls === OTHER_LETTER;
        continue;
      }
      this.pos = i;
      if (++this.step === 0x7fffffff) {
        // A long-lived worker: restart the dedupe stamps before they overflow the Int32Array.
        this.step = 1;
        this.stampStep.fill(-1);
      }
      this.nb = cb === 0 ? MAX_THREADS * FIELDS : 0;
      this.nextCount = 0;
      const t = this.threads;
      if (cls === LETTER) {
        // The common case, inlined: a plain letter moves each thread one step down the trie.
        const sym = code - 97;
        for (let k = 0, o = cb; k < count; k++, o += FIELDS) {
          const nd = t[o]!, fl = t[o + 2]!;
          if (fl & PENDING_REPEAT || code === t[o + 5]) {
            this.advance(nd, t[o + 1]!, fl, t[o + 3]!, t[o + 4]!, t[o + 5]!, t[o + 6]!, code, cls);
            continue;
          }
          const child = next[nd * SYMBOLS + sym]!;
          if (child >= 0) this.push(child, t[o + 1]!, fl & ~LAST_INTERIOR, t[o + 3]! + 1, t[o + 4]!, code, 0, true);
          if (nd !== ROOT && fl & WORD_START && (code === 118 || code === 122 || this.omitBelow[nd])) {
            this.letterReadings(nd, t[o + 1]!, fl & ~LAST_INTERIOR, t[o + 3]!, t[o + 4]!, code);
          }
        }
      } else {
        for (let k = 0, o = cb; k < count; k++, o += FIELDS) {
          this.advance(t[o]!, t[o + 1]!, t[o + 2]!, t[o + 3]!, t[o + 4]!, t[o + 5]!, t[o + 6]!, code, cls);
        }
      }
      // A new thread at a word start, or inside a word where a compound-capable term could start.
      if (spawnable) {
        const wordStart = !prevWord || (text.gap[i]! & SOFT) !== 0;
        if (cls === LETTER) {
          const child = next[code - 97]!; // from the root (node 0)
          if (child >= 0) {
            if (wordStart) this.push(child, i, WORD_START, 1, 0, code, 0, true);
            else if (compoundBelow[child] && i + 1 < length) {
              // Inside a word a thread can only read plain letters (or leet), so look one letter ahead: most
              // mid-word starts die right there, and not creating them is most of this loop's speed.
              const nc = codes[i + 1]!;
              const c2 = nc >= 97 && nc <= 122 ? next[child * SYMBOLS + nc - 97]! : 0;
              if (c2 !== -1 && compoundBelow[c2]) this.push(child, i, 0, 1, 0, code, 0, true);
            }
          }
        } else {
          this.advance(ROOT, i, wordStart ? WORD_START : 0, 0, 0, -1, 0, code, cls);
        }
      }
      prevWord = cls === LETTER || cls === DIGIT || cls === OTHER_LETTER;
      count = this.nextCount;
      cb = this.nb;
    }
    return out;
  }

  private advance(node: number, start: number, flags: number, real: number, masked: number, last: number, sep: number, code: number, cls: number): void {
    const base = node * SYMBOLS;
    const next = this.next;
    if (flags & PENDING_REPEAT && cls !== LETTER) return;
    switch (cls) {
      case LETTER: {
        const f = flags & ~LAST_INTERIOR;
        if (flags & PENDING_REPEAT) {
          // A doubled consonant becomes a repeat only if the same letter comes a third time.
          if (code === last) this.push(node, start, (f & ~PENDING_REPEAT) | T_REPEATS, real, masked, last, 0, true);
          return;
        }
        const child = next[base + code - 97]!;
        if (child >= 0) this.push(child, start, f, real + 1, masked, code, 0, true);
        if (code === last) {
          if (VOWELS.has(code) || flags & T_REPEATS) this.push(node, start, f | T_REPEATS, real, masked, last, 0, true);
          else this.push(node, start, f | PENDING_REPEAT, real, masked, last, 0, false);
        }
        if (node !== ROOT && flags & WORD_START) this.letterReadings(node, start, f, real, masked, code);
        return;
      }
      case DIGIT: {
        const child = next[base + 26 + code - 48]!;
        if (child >= 0) this.push(child, start, flags & ~LAST_INTERIOR, real + 1, masked, code, 0, true);
        this.leet(node, start, flags & ~LAST_INTERIOR, real, masked, last, code);
        return;
      }
      case LEET:
        this.leet(node, start, interiorOnly(code) ? flags | LAST_INTERIOR : flags & ~LAST_INTERIOR, real, masked, last, code);
        return;
      case MASK:
        if (real < 1 || node === ROOT) return;
        for (let s = 0; s < 26; s++) {
          const child = next[base + s]!;
          if (child >= 0) this.push(child, start, (flags & ~LAST_INTERIOR) | T_MASKING, real, masked + 1, -1, 0, true);
        }
        return;
      case SEPARATOR:
        if (this.spaceNode[node]) {
          if (sep < MAX_PHRASE_GAP) this.push(node, start, flags, real, masked, last, sep + 1, false);
        } else if (node !== ROOT && sep < MAX_SEPARATOR_RUN) {
          this.push(node, start, flags | T_SEPARATORS, real, masked, last, sep + 1, false);
        }
        return;
      case SPACE:
        if (this.spaceNode[node] && sep < MAX_PHRASE_GAP) this.push(node, start, flags, real, masked, last, sep + 1, false);
        return;
      default:
        return;
    }
  }

  /**
   * Readings of a letter inside a word (whole words only, they match too much inside others): 'v' as u ("fvck"),
   * 'z' as s ("azz"), and a vowel (or the c of "ck") left out before this letter ("fck", "btch", "fuk"). ('x' as a hidden letter, "fxck",
   * was tried and dropped: "boxer" read as "boner".)
   */
  private letterReadings(node: number, start: number, f: number, real: number, masked: number, code: number): void {
    const next = this.next;
    const base = node * SYMBOLS;
    if (code === 118 || code === 122) {
      const as = code === 118 ? 117 : 115;
      const child = next[base + as - 97]!;
      if (child >= 0) this.push(child, start, f | T_LEET | LETTER_ALT, real + 1, masked, as, 0, true);
    }
    if (this.omitBelow[node] && (f & OMITTED_MASK) < MAX_OMITTED * OMITTED_ONE) {
      // 'k' for 'ck' ("fuk", "fukin", "coksuker"): the c left out.
      if (code === 107) {
        const c = next[base + 2]!;
        const child = c >= 0 ? next[c * SYMBOLS + 10]! : -1;
        if (child >= 0 && this.omitBelow[child]) this.push(child, start, (f + OMITTED_ONE) | T_OMITTED, real + 1, masked, code, 0, true);
      }
      for (let v = 0; v < 5; v++) {
        const vowel = VOWEL_SYMBOLS[v]!;
        const skipped = next[base + vowel]!;
        if (skipped < 0 || vowel === code - 97) continue;
        const child = next[skipped * SYMBOLS + code - 97]!;
        if (child >= 0 && this.omitBelow[child]) this.push(child, start, (f + OMITTED_ONE) | T_OMITTED, real + 1, masked, code, 0, true);
      }
    }
  }

  private leet(node: number, start: number, flags: number, real: number, masked: number, last: number, code: number): void {
    const alts = leetOf(code);
    if (!alts) return;
    const base = node * SYMBOLS;
    for (let a = 0; a < alts.length; a++) {
      const letter = alts[a]!;
      const child = this.next[base + letter - 97]!;
      if (child >= 0) this.push(child, start, flags | T_LEET, real, masked, letter, 0, true);
      if (letter === last) this.push(node, start, flags | T_LEET | T_REPEATS, real, masked, last, 0, true);
    }
  }

  private push(node: number, start: number, flags: number, real: number, masked: number, last: number, sep: number, consumed: boolean): void {
    // Inside a word only compound-capable terms can match, and only without the readings that must be whole words.
    if (!(flags & WORD_START) && (!this.compoundBelow[node] || flags & STRICT)) return;
    if (this.stampStep[node] === this.step && this.stampStart[node] === start) return;
    this.stampStep[node] = this.step;
    this.stampStart[node] = start;
    const k = this.nextCount;
    if (k >= MAX_THREADS) return; // pathological input (e.g. thousands of masks): drop extra readings
    const t = this.threads;
    const o = this.nb + k * FIELDS;
    t[o] = node;
    t[o + 1] = start;
    t[o + 2] = flags;
    t[o + 3] = real;
    t[o + 4] = masked;
    t[o + 5] = last;
    t[o + 6] = sep;
    this.nextCount = k + 1;
    if (!consumed) return;
    // A phrase's space may also be absent ("gringoswine"): continue at the space node too.
    const spaceChild = this.next[node * SYMBOLS + SPACE_SYMBOL]!;
    if (spaceChild >= 0 && this.depth[node]! >= MIN_PHRASE_WORD_TO_GLUE) this.push(spaceChild, start, flags, real, masked, -1, 0, false);
    if (this.termStart[node]! < this.termStart[node + 1]!) this.emit(node, start, flags, real, masked);
  }

  private emit(node: number, start: number, flags: number, real: number, masked: number): void {
    if (flags & LAST_INTERIOR) return;
    if (masked > 0 && (real < 2 || masked > real + 1)) return;
    if (flags & T_OMITTED && (real < 3 || masked > 0)) return; // "fck" yes; "fk" and "f*k" (hidden AND left out) no
    const end = this.pos + 1;
    for (let k = this.termStart[node]!; k < this.termStart[node + 1]!; k++) {
      const p = this.termList[k]!;
      if (real < Math.min(2, this.patLength[p]!)) continue;
      if (flags & T_OMITTED && !this.patOmit[p]) continue;
      // An inflection after repeated letters reads too much into English double letters ("asse-ss-ed").
      const endings = this.patInflect[p] !== 1 || flags & T_REPEATS ? null : this.patEndings[p]!;
      const wordEnd = flags & WORD_START ? this.wordEnd(end, endings) : -1;
      if (wordEnd >= 0) this.record(p, start, wordEnd, end, flags);
      else if (this.patCompound[p] && !(flags & STRICT)) this.record(p, start, end, end, flags | T_COMPOUND);
    }
  }

  /** Index after the word if `end` is a word end (possibly after an inflection), else -1. */
  private wordEnd(end: number, endings: readonly Uint16Array[] | null): number {
    const codes = this.codes;
    if (end >= this.length || !wordChar(codes[end]!) || this.gap[end]! & SOFT) return end;
    if (!endings) return -1;
    for (const suffix of endings) {
      const e = end + suffix.length;
      if (e > this.length) continue;
      let ok = true;
      for (let j = 0; j < suffix.length; j++) if (codes[end + j] !== suffix[j]) { ok = false; break; }
      if (ok && (e >= this.length || !wordChar(codes[e]!))) return e;
    }
    return -1;
  }

  private record(pattern: number, start: number, end: number, coreEnd: number, flags: number): void {
    const out = this.out;
    out.pattern.push(pattern);
    out.start.push(start);
    out.end.push(end);
    out.coreEnd.push(coreEnd);
    out.flags.push(flags & PUBLIC_BITS);
    out.count++;
  }
}
