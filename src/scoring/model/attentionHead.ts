/**
 * Sieve's multi-task head over USE-lite's token outputs (the same computation as `Head` in
 * scripts/training/finetune.py, which trains it): per label, an attention query pools the Layer_1 token
 * outputs — so a word like "not", a quotation or the addressee can carry weight instead of being averaged
 * away — the pooled vector is joined with USE-lite's sentence vector, then a shared ReLU layer and one logit
 * per label.
 *
 *   scores[b,t,l] = tanh(tokens·att_w + att_b)·att_q  (pads −1e9) → softmax over t → pooled[b,l] = Σ_t a·tokens
 *   logit[b,l] = out_w[l] · relu([pooled[b,l] ‖ sentence[b]]·hid_w + hid_b) + out_b[l]
 *
 * Weights: models/sieve-toxicity/head.json (+ head.bin), a TF.js weights manifest named head/<tensor>.
 */
import * as tf from '@tensorflow/tfjs';

const NAMES = ['att_w', 'att_b', 'att_q', 'hid_w', 'hid_b', 'out_w', 'out_b'] as const;
export type HeadWeights = Record<(typeof NAMES)[number], tf.Tensor>;

export function headWeightsFrom(map: tf.NamedTensorMap, labels: number): HeadWeights {
  const out = {} as HeadWeights;
  for (const n of NAMES) {
    const t = map[`head/${n}`];
    if (!t) throw new Error(`head weights: head/${n} missing`);
    out[n] = t;
  }
  if (out.att_q.shape[1] !== labels || out.out_w.shape[0] !== labels) throw new Error(`head weights are for ${out.att_q.shape[1]} labels, metadata lists ${labels}`);
  return out;
}

/** tokens [B,T,512], mask [B,T], sentence [B,512] → logits [B,L]. Call inside tf.tidy. */
export function applyHead(w: HeadWeights, tokens: tf.Tensor3D, mask: tf.Tensor2D, sentence: tf.Tensor2D): tf.Tensor2D {
  const [B, T, D] = tokens.shape;
  const L = w.att_q.shape[1]!;
  const flat = tf.reshape(tokens, [B * T, D]) as tf.Tensor2D;
  const hidden = tf.fused.matMul({ a: flat, b: w.att_w as tf.Tensor2D, bias: w.att_b, activation: undefined });
  const scores = tf.reshape(tf.matMul(tf.tanh(hidden), w.att_q as tf.Tensor2D), [B, T, L]);
  const masked = tf.add(scores, tf.expandDims(tf.mul(tf.sub(1, mask), -1e9), 2));
  const a = tf.softmax(tf.transpose(masked, [0, 2, 1])) as tf.Tensor3D; // [B,L,T], softmax over tokens
  const pooled = tf.matMul(a, tokens); // [B,L,512]
  const feats = tf.concat([pooled, tf.tile(tf.expandDims(sentence, 1), [1, L, 1])], 2); // [B,L,1024]
  const H = w.hid_w.shape[1]!;
  const h = tf.relu(tf.add(tf.reshape(tf.matMul(tf.reshape(feats, [B * L, 2 * D]), w.hid_w as tf.Tensor2D), [B, L, H]), w.hid_b));
  return tf.add(tf.sum(tf.mul(h, w.out_w), 2), w.out_b) as tf.Tensor2D;
}
