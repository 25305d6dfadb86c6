/** Evaluation measures the model card reports. All take parallel arrays of scores and 0/1 truths. */

/** ROC AUC by the rank statistic (ties share ranks). */
export function rocAuc(scores: ArrayLike<number>, truth: ArrayLike<number>): number {
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (truth[idx[k]!]) { pos++; rankSum += rank; }
    i = j + 1;
  }
  const neg = idx.length - pos;
  return pos === 0 || neg === 0 ? NaN : (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

export interface Confusion { tp: number; fp: number; tn: number; fn: number }

export function confusion(scores: ArrayLike<number>, truth: ArrayLike<number>, threshold: number): Confusion {
  const c = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < scores.length; i++) {
    const p = scores[i]! >= threshold;
    if (truth[i]) p ? c.tp++ : c.fn++;
    else p ? c.fp++ : c.tn++;
  }
  return c;
}

const f1 = (tp: number, fp: number, fn: number) => (tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn));
export const precision = (c: Confusion) => (c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp));
export const recall = (c: Confusion) => (c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn));
/** Mean of the F1 of the positive class and of the negative class. */
export const macroF1 = (c: Confusion) => (f1(c.tp, c.fp, c.fn) + f1(c.tn, c.fn, c.fp)) / 2;

export interface ReliabilityBin { lo: number; hi: number; count: number; meanScore: number; positiveRate: number }

/** Expected calibration error over equal-width bins, and the bins for a reliability table. */
export function calibration(scores: ArrayLike<number>, truth: ArrayLike<number>, bins = 10): { ece: number; bins: ReliabilityBin[] } {
  const acc = Array.from({ length: bins }, () => ({ n: 0, s: 0, y: 0 }));
  for (let i = 0; i < scores.length; i++) {
    const b = Math.min(bins - 1, Math.floor(scores[i]! * bins));
    acc[b]!.n++;
    acc[b]!.s += scores[i]!;
    acc[b]!.y += truth[i]!;
  }
  let ece = 0;
  const out: ReliabilityBin[] = acc.map((a, b) => {
    if (a.n) ece += (a.n / scores.length) * Math.abs(a.s / a.n - a.y / a.n);
    return { lo: b / bins, hi: (b + 1) / bins, count: a.n, meanScore: a.n ? a.s / a.n : 0, positiveRate: a.n ? a.y / a.n : 0 };
  });
  return { ece, bins: out };
}

/** Threshold maximising macro-F1 over a grid. */
export function bestMacroF1Threshold(scores: ArrayLike<number>, truth: ArrayLike<number>): number {
  let best = 0.5;
  let bestF = -1;
  for (let t = 0.05; t < 0.96; t += 0.01) {
    const f = macroF1(confusion(scores, truth, t));
    if (f > bestF) { bestF = f; best = Math.round(t * 100) / 100; }
  }
  return best;
}

/** Lowest threshold on the grid whose precision reaches `target` (null when none does with ≥ 5 hits). */
export function thresholdForPrecision(scores: ArrayLike<number>, truth: ArrayLike<number>, target: number): number | null {
  for (let t = 0.5; t < 0.995; t += 0.01) {
    const c = confusion(scores, truth, t);
    if (c.tp >= 5 && precision(c) >= target) return Math.round(t * 100) / 100;
  }
  return null;
}
