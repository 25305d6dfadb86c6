/**
 * Near-duplicate signatures for raid grouping: MinHash over character shingles of the NORMALISED text, with LSH
 * band keys. The normaliser (lexicon/normalize.ts) first undoes the disguises a raid uses to look different —
 * look-alike letters, stylised Unicode, zero-width characters, letters spread apart, case — then everything that
 * is not a letter or digit becomes one space, so punctuation, emoji and spacing edits do not matter, and leetspeak
 * inside a word is read as letters.
 *
 * Why not a library: the npm MinHash implementations (bloom-filters' MinHash, `minhash`) draw their hash
 * functions from Math.random — every worker process would sign with different permutations, and signatures
 * must compare across workers and restarts — and compute (a·x + b) mod c in doubles, which loses precision for
 * 32-bit inputs; none has LSH banding. This file is the ~80 lines they would have saved, with fixed seeds.
 *
 * Scheme: 5-character shingles, each hashed once (FNV-1a, 32-bit), then through 128 seeded bijective mixers
 * (murmur3's finaliser over x XOR seed); the 128 minima are the MinHash. Rows per band and band count are chosen
 * the way datasketch does (least false-positive + false-negative area) for 0.1 below the configured similarity,
 * so a pair at the threshold shares a band with high probability; the store then checks the MinHash agreement.
 */
import type { NearDuplicateSignature } from '../domain/score';
import { charClass, isInteriorOnly, leetFor } from './lexicon/classes';
import { NormalizedText, normalizeInto } from './lexicon/normalize';

export const MINHASH_SIZE = 128;
export const SHINGLE_LENGTH = 5;

export interface NearDuplicateOptions {
  /** NEAR_DUPLICATE_SIMILARITY: the estimated Jaccard similarity at which two texts count as near-duplicates. */
  similarity: number;
  /** NEAR_DUPLICATE_MIN_LENGTH: texts whose normalised form is shorter get no signature. */
  minLength: number;
}

/** Fixed seeds (splitmix32 from a constant): the same permutations in every process, forever. */
const SEEDS = (() => {
  const out = new Int32Array(MINHASH_SIZE);
  let state = 0x5eed5eed;
  for (let i = 0; i < MINHASH_SIZE; i++) {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    out[i] = z ^ (z >>> 16);
  }
  return out;
})();

/** LSH banding for a threshold: b bands of r rows (b·r ≤ MINHASH_SIZE) minimising false positives + negatives. */
export function chooseBands(threshold: number, size = MINHASH_SIZE): { bands: number; rows: number } {
  // P(a pair of similarity s shares at least one band) = 1 - (1 - s^r)^b.
  const area = (r: number, b: number, from: number, to: number, positive: boolean) => {
    let sum = 0;
    const steps = 100;
    const h = (to - from) / steps;
    for (let i = 0; i < steps; i++) {
      const s = from + (i + 0.5) * h;
      const p = 1 - (1 - s ** r) ** b;
      sum += (positive ? p : 1 - p) * h;
    }
    return sum;
  };
  let best = { bands: 1, rows: size, cost: Infinity };
  for (let b = 1; b <= size; b++) {
    for (let r = 1; r * b <= size; r++) {
      const cost = area(r, b, 0, threshold, true) + area(r, b, threshold, 1, false);
      if (cost < best.cost) best = { bands: b, rows: r, cost };
    }
  }
  return { bands: best.bands, rows: best.rows };
}

const isLetter = (code: number) => code >= 97 && code <= 122;

/**
 * The text a signature is computed from: normalised; a digit or leet symbol next to a letter read as its first
 * letter ("st0p" → "stop", "$pam" → "spam"; one reading is enough here, both sides get the same); then only
 * letters and digits, single spaces.
 */
export function nearDuplicateText(text: string, buffer = new NormalizedText()): string {
  const t = normalizeInto(text, buffer);
  const { codes, length } = t;
  for (let i = 0; i < length; i++) {
    const c = codes[i]!;
    if (isLetter(c)) continue;
    charClass(c);
    const alt = leetFor(c);
    if (!alt) continue;
    const before = i > 0 && isLetter(codes[i - 1]!);
    const after = i + 1 < length && isLetter(codes[i + 1]!);
    // '!' and '|' are punctuation at a word's edge: a letter only between two letters ("sh!t").
    if (isInteriorOnly(c) ? before && after : before || after) codes[i] = alt[0]!;
  }
  return t.toString().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

export interface NearDuplicateSigner {
  readonly scheme: string;
  /** LSH bands and rows per band. */
  readonly bands: number;
  readonly rows: number;
  sign(text: string): NearDuplicateSignature | undefined;
}

export function createNearDuplicateSigner(opts: NearDuplicateOptions): NearDuplicateSigner {
  // Bands tuned a little below the threshold: a missed candidate is a raid member lost, while a false candidate
  // costs one comparison of signatures.
  const { bands, rows } = chooseBands(Math.max(0.3, opts.similarity - 0.1));
  const scheme = `mh${MINHASH_SIZE}k${SHINGLE_LENGTH}r${rows}b${bands}`;
  const buffer = new NormalizedText();
  const mins = new Int32Array(MINHASH_SIZE);
  let shingles = new Int32Array(1024);

  return {
    scheme,
    bands,
    rows,
    sign(text) {
      const canonical = nearDuplicateText(text, buffer);
      if (canonical.length < Math.max(opts.minLength, SHINGLE_LENGTH)) return undefined;
      // Shingle hashes: FNV-1a over each window of SHINGLE_LENGTH code units.
      const count = canonical.length - SHINGLE_LENGTH + 1;
      if (shingles.length < count) shingles = new Int32Array(count * 2);
      for (let i = 0; i < count; i++) {
        let h = 0x811c9dc5;
        for (let k = 0; k < SHINGLE_LENGTH; k++) h = Math.imul(h ^ canonical.charCodeAt(i + k), 0x01000193);
        shingles[i] = h;
      }
      // Minima in signed 32-bit order (any fixed order makes a MinHash; int32 stays a small integer in V8).
      const sh = shingles;
      for (let p = 0; p < MINHASH_SIZE; p++) {
        const seed = SEEDS[p]! | 0;
        let min = 0x7fffffff;
        for (let i = 0; i < count; i++) {
          let z = sh[i]! ^ seed;
          z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
          z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
          z ^= z >>> 16;
          if (z < min) min = z;
        }
        mins[p] = min;
      }
      const keys: string[] = [];
      for (let b = 0; b < bands; b++) {
        let h = 0x811c9dc5 ^ b;
        for (let r = b * rows; r < (b + 1) * rows; r++) h = Math.imul(h ^ mins[r]!, 0x01000193);
        keys.push(`${b}.${(h >>> 0).toString(16).padStart(8, '0')}`);
      }
      return { scheme, bands: keys, minhash: Buffer.from(mins.buffer, mins.byteOffset, mins.byteLength).toString('base64') };
    },
  };
}
