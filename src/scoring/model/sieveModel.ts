/**
 * Sieve's provider: USE-lite embeddings → trained heads, mixed with the n-gram model, calibrated.
 * The n-gram model also gates: text it is confident is civil never reaches the encoder.
 */
import * as tf from '@tensorflow/tfjs';
import type { LabelScores } from '../../domain/labels';
import { loadEncoder } from './encoder';
import { loadHeads } from './heads';
import type { LabelModel } from './labelModel';
import { prepareText } from './prepare';
import { featurize, ngramProbabilities, sigmoid } from './ngram';

export interface SieveModelOptions {
  /** models/sieve-toxicity by default. */
  headsDir?: string;
  /** Directory with USE-lite model.json + shards + vocab.json; the npm package by default. */
  encoderDir?: string;
  /** false = every text goes through the encoder (for measuring what the gate costs). */
  gate?: boolean;
}

const logit = (p: number) => Math.log(Math.max(p, 1e-6) / Math.max(1 - p, 1e-6));

export async function loadSieveModel(opts: SieveModelOptions = {}): Promise<LabelModel> {
  const heads = loadHeads(opts.headsDir);
  const encoder = await loadEncoder(opts.encoderDir);
  const { labels, combine, calibration, gateThreshold } = heads.meta;
  const gate = opts.gate !== false && gateThreshold !== null ? gateThreshold : -1;

  const toScores = (p: ArrayLike<number>): LabelScores => {
    const out: LabelScores = {};
    labels.forEach((l, i) => { out[l] = sigmoid(calibration[i]!.a * logit(p[i]!) + calibration[i]!.b); });
    return out;
  };

  return {
    name: 'model:sieve',
    prepare: prepareText,
    tokenize: (text) => encoder.tokenize(text),
    firstStage(text) {
      const x = featurize(text, heads.meta.ngram);
      const p = ngramProbabilities(heads.ngram, x);
      const g = heads.gate ? ngramProbabilities(heads.gate, x)[0]! : Math.max(...p);
      // Below the gate every label is far under its review threshold: the n-gram's estimate settles it.
      // Above it, `suspicion` ranks the windows the encoder reads first when a comment has too many.
      return { scores: toScores(p), suspicion: g, settled: g < gate };
    },
    async predict(tokens, texts) {
      const emb = await encoder.embedTokens(tokens as number[][]);
      const probs = tf.tidy(() => heads.apply(emb).dataSync() as Float32Array);
      emb.dispose();
      const L = labels.length;
      return tokens.map((_, r) => {
        const ng = ngramProbabilities(heads.ngram, featurize(texts[r]!, heads.meta.ngram));
        const mixed = Array.from({ length: L }, (_, l) => combine.heads * probs[r * L + l]! + combine.ngram * ng[l]!);
        return toScores(mixed);
      });
    },
    dispose() {
      heads.dispose();
      encoder.dispose();
    },
  };
}
