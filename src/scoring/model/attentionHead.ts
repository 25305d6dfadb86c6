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
import { blockMatrix, MASKED, type UseLite, type UseLiteOutput } from './useLite';

const NAMES = ['att_w', 'att_b', 'att_q', 'hid_w', 'hid_b', 'out_w', 'out_b'] as const;

/**
 * The head's tensors as `applyHead` uses them, prepared once at load time:
 * - the token projection tokens·att_w + att_b, with tokens = residual + hidden·W2 + b2 (the encoder's last FFN
 *   product, see UseLiteOutput), is residual·att_w + hidden·(W2·att_w) + (b2·att_w + att_b);
 * - hid_w is split into the rows for the pooled tokens and the rows for the sentence vector.
 */
export interface HeadWeights {
  att_residual: tf.Tensor2D; att_hidden: tf.Tensor2D; att_bias: tf.Tensor1D; att_q: tf.Tensor2D;
  hid_tokens: tf.Tensor2D; hid_sentence: tf.Tensor2D; hid_b: tf.Tensor1D; out_w: tf.Tensor2D; out_b: tf.Tensor1D;
}

export function headWeightsFrom(map: tf.NamedTensorMap, labels: number, lastFfn: UseLite['lastFfn']): HeadWeights {
  const read = {} as Record<(typeof NAMES)[number], tf.Tensor>;
  for (const n of NAMES) {
    const t = map[`head/${n}`];
    if (!t) throw new Error(`head weights: head/${n} missing`);
    read[n] = t;
  }
  if (read.att_q.shape[1] !== labels || read.out_w.shape[0] !== labels) throw new Error(`head weights are for ${read.att_q.shape[1]} labels, metadata lists ${labels}`);
  const D = read.hid_w.shape[0]! / 2;
  const prepared = tf.tidy(() => {
    const [hid_tokens, hid_sentence] = tf.split(read.hid_w, [D, D], 0) as [tf.Tensor2D, tf.Tensor2D];
    return {
      att_hidden: tf.matMul(lastFfn.w, read.att_w as tf.Tensor2D) as tf.Tensor2D,
      att_bias: tf.add(tf.reshape(tf.matMul(tf.reshape(lastFfn.b, [1, -1]), read.att_w as tf.Tensor2D), [-1]), read.att_b) as tf.Tensor1D,
      hid_tokens, hid_sentence,
    };
  });
  tf.dispose([read.hid_w, read.att_b]);
  return {
    ...prepared, att_residual: read.att_w as tf.Tensor2D, att_q: read.att_q as tf.Tensor2D,
    hid_b: read.hid_b as tf.Tensor1D, out_w: read.out_w as tf.Tensor2D, out_b: read.out_b as tf.Tensor1D,
  };
}

/**
 * The head over the packed output of a forward pass (useLite.ts) → logits [B, L]. Call inside tf.tidy.
 *
 * Every text's attention pooling is one row of a [B·L, N] matrix (softmax over its own tokens, −1e9 elsewhere),
 * pooled by the encoder's `pool` (a plain 2-D product); [pooled ‖ sentence]·hid_w is pooled·hid_w[:512] +
 * sentence·hid_w[512:], so the sentence part is computed once per text, not once per label.
 */
export function applyHead(w: HeadWeights, encoder: Pick<UseLite, 'pool'>, out: UseLiteOutput): tf.Tensor2D {
  const { offsets, sentence } = out;
  const N = offsets.at(-1)!;
  const B = offsets.length - 1;
  const L = w.att_q.shape[1];
  const H = w.hid_b.shape[0];
  const projected = tf.add(tf.fused.matMul({ a: out.residual, b: w.att_residual, bias: w.att_bias }), tf.matMul(out.hidden, w.att_hidden));
  const scores = tf.transpose(tf.matMul(tf.tanh(projected) as tf.Tensor2D, w.att_q)); // [L, N]
  const outside = tf.tensor3d(blockMatrix(offsets, B, (r) => r, () => 0, MASKED), [B, 1, N]);
  const a = tf.softmax(tf.reshape(tf.add(tf.reshape(scores, [1, L, N]), outside), [B * L, N])) as tf.Tensor2D;
  const pooled = encoder.pool(out, a); // [B·L, 512]
  const fromPooled = tf.reshape(tf.matMul(pooled, w.hid_tokens), [B, L, H]);
  const fromSentence = tf.reshape(tf.fused.matMul({ a: sentence, b: w.hid_sentence, bias: w.hid_b }), [B, 1, H]);
  const h = tf.relu(tf.add(fromPooled, fromSentence));
  return tf.add(tf.sum(tf.mul(h, w.out_w), 2), w.out_b) as tf.Tensor2D;
}
