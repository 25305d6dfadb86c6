/**
 * The n-gram half of Sieve's model (the same computation as `ngram_features` / `NgramModel` in
 * scripts/training/finetune.py, which trains it): a linear model per label over hashed surface features of the
 * prepared text — words, neighbouring word pairs, and character 3-, 4- and 5-grams of each word with its
 * boundaries (`<idiot>` → `<id`, `idi`, …, `ot>`). The encoder reads meaning; this reads spelling, trained as a
 * correction to the encoder model's scores, so it adds what the encoder misses (model card, "n-gram blend").
 *
 *   features(text) = the distinct n-grams, each hashed to crc32(kind:gram) mod 2^bits (collisions add up)
 *                    — the names of identity groups the trainer masked (metadata `ngram.masked`) read as `#`:
 *                    the n-gram model would learn which groups abusive texts name; the encoder reads them in context
 *   logit[l]       = (Σ_features table[bucket, l]) / √(distinct n-grams) + bias[l]
 *
 * Weights: models/sieve-toxicity/ngram.json (+ ngram.bin), a TF.js weights manifest: ngram/table [2^bits, L]
 * (float16), ngram/bias [L]. Plain arithmetic, no tensors: a few hundred look-ups per text.
 */
import { crc32 } from 'node:zlib';
import type * as tf from '@tensorflow/tfjs';

const WORD = /[a-z0-9']+/g;
const CHAR_NS = [3, 4, 5] as const;

/**
 * The distinct n-grams of a prepared text, as the trainer writes them (`w:` word, `b:` pair, `c:` characters); a
 * masked word is `#`, with no character n-grams.
 */
export function ngramStrings(text: string, masked: ReadonlySet<string> = new Set()): Set<string> {
  const words = (text.toLowerCase().match(WORD) ?? []).map((w) => (masked.has(w) ? '#' : w));
  const grams = new Set<string>();
  words.forEach((w, i) => {
    grams.add(`w:${w}`);
    if (i > 0) grams.add(`b:${words[i - 1]} ${w}`);
    if (w === '#') return;
    const p = `<${w}>`;
    for (const n of CHAR_NS) for (let k = 0; k + n <= p.length; k++) grams.add(`c:${p.slice(k, k + n)}`);
  });
  return grams;
}

export interface NgramModel {
  readonly bits: number;
  readonly labels: number;
  /** Per text, one logit per label. */
  logits(text: string): Float32Array;
}

export function ngramModelFrom(map: tf.NamedTensorMap, bits: number, labels: number, masked: readonly string[] = []): NgramModel {
  const table = map['ngram/table'];
  const bias = map['ngram/bias'];
  if (!table || !bias) throw new Error('n-gram weights: ngram/table or ngram/bias missing');
  if (table.shape[0] !== 2 ** bits || table.shape[1] !== labels) {
    throw new Error(`n-gram table is [${table.shape.join(', ')}], metadata says [2^${bits}, ${labels}]`);
  }
  const t = table.dataSync() as Float32Array;
  const b = bias.dataSync() as Float32Array;
  table.dispose();
  bias.dispose();
  const mask = 2 ** bits - 1;
  const maskedWords = new Set(masked);
  return {
    bits,
    labels,
    logits(text) {
      const out = new Float32Array(labels);
      const grams = ngramStrings(text, maskedWords);
      for (const g of grams) {
        const row = (crc32(g) & mask) * labels;
        for (let l = 0; l < labels; l++) out[l] += t[row + l]!;
      }
      const norm = grams.size > 0 ? 1 / Math.sqrt(grams.size) : 0;
      for (let l = 0; l < labels; l++) out[l] = out[l]! * norm + b[l]!;
      return out;
    },
  };
}
