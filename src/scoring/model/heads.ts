/**
 * Sieve's own toxicity heads: a small MLP on frozen USE-lite embeddings (512 → hidden → one sigmoid per
 * label), plus the n-gram first stage, loaded from `models/sieve-toxicity/` (metadata.json, heads.bin,
 * ngram.bin — written by `npm run train`).
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Label } from '../../domain/labels';
import type { NgramConfig, NgramModel } from './ngram';

export interface HeadsMetadata {
  version: 1;
  encoder: string;
  labels: Label[];
  hidden: number;
  /** How encoder heads and n-gram model are combined for a comment that goes through the encoder. */
  combine: { heads: number; ngram: number };
  /** A comment whose n-gram probability is below this for every label skips the encoder (null = never). */
  gateThreshold: number | null;
  /** What the gate thresholds: `labels` = max of the label n-gram models; `distilled` = gate.bin, an n-gram
   * model trained to predict whether the full model would flag the text. */
  gateModel?: 'labels' | 'distilled';
  /** Platt scaling per label applied to the combined probability: p' = σ(a·logit(p) + b). */
  calibration: { a: number; b: number }[];
  ngram: NgramConfig;
  /** Everything else the trainer recorded (data, metrics, seed) — read by the model card, not by scoring. */
  [key: string]: unknown;
}

export interface SieveHeads {
  meta: HeadsMetadata;
  ngram: NgramModel;
  /** The distilled first-stage model, when metadata says so. */
  gate?: NgramModel;
  /** [n, 512] embeddings → [n, labels] probabilities. Call inside tf.tidy. */
  apply(embeddings: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
}

/** models/sieve-toxicity at the project root, whether running from src/ (tsx, jest) or dist/src/ (build). */
export function defaultHeadsDir(): string {
  for (const up of ['../../..', '../../../..']) {
    const dir = path.resolve(__dirname, up, 'models/sieve-toxicity');
    if (existsSync(path.join(dir, 'metadata.json'))) return dir;
  }
  return path.resolve(__dirname, '../../../models/sieve-toxicity');
}

function floats(file: string): Float32Array {
  const buf = readFileSync(file);
  return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}

export function loadHeads(dir = defaultHeadsDir()): SieveHeads {
  const meta = JSON.parse(readFileSync(path.join(dir, 'metadata.json'), 'utf8')) as HeadsMetadata;
  const w = floats(path.join(dir, 'heads.bin'));
  const L = meta.labels.length;
  const H = meta.hidden;
  const D = 512;
  const expected = D * H + H + H * L + L;
  if (w.length !== expected) throw new Error(`heads.bin holds ${w.length} floats, metadata says ${expected}`);
  let o = 0;
  const take = (n: number) => w.subarray(o, (o += n));
  const W1 = tf.tensor2d(take(D * H), [D, H]);
  const b1 = tf.tensor1d(take(H));
  const W2 = tf.tensor2d(take(H * L), [H, L]);
  const b2 = tf.tensor1d(take(L));
  const ng = floats(path.join(dir, 'ngram.bin'));
  const B = meta.ngram.buckets;
  if (ng.length !== L * B + L) throw new Error(`ngram.bin holds ${ng.length} floats, expected ${L * B + L}`);
  const ngram: NgramModel = { labels: meta.labels, cfg: meta.ngram, weights: ng.subarray(0, L * B), bias: ng.subarray(L * B) };
  let gate: NgramModel | undefined;
  if (meta.gateModel === 'distilled') {
    const g = floats(path.join(dir, 'gate.bin'));
    if (g.length !== B + 1) throw new Error(`gate.bin holds ${g.length} floats, expected ${B + 1}`);
    gate = { labels: ['flagged'], cfg: meta.ngram, weights: g.subarray(0, B), bias: g.subarray(B) };
  }
  return {
    meta,
    ngram,
    gate,
    apply: (x) => tf.sigmoid(tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, W1), b1)), W2), b2)) as tf.Tensor2D,
    dispose: () => tf.dispose([W1, b1, W2, b2]),
  };
}
