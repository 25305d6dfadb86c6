/**
 * The statistics the quality figures need, written out: a share with its 95 % Wilson score interval, and exact
 * binomial quantiles (for checking a sampling rate). Short enough that a library would not earn its place: the
 * one npm package for the binomial quantile (@stdlib) brings 228 packages; the tests check both against
 * hand-worked and published values.
 */

/** z for a two-sided 95 % interval: the standard normal's 0.975 quantile. */
export const Z95 = 1.959963984540054;

export interface Share {
  /** Successes (e.g. held comments moderators rejected); with weights, their summed weight. */
  k: number;
  /** Trials (e.g. held comments decided); with weights, their summed weight. */
  n: number;
  /** k / n, or null when n = 0. */
  rate: number | null;
  /** 95 % Wilson score interval [low, high], or null when n = 0. */
  interval: [number, number] | null;
}

/**
 * Wilson score interval for k successes in n trials: centre (p + z²/2n) / (1 + z²/n), half-width
 * z / (1 + z²/n) · √(p(1−p)/n + z²/4n²). Unlike p ± z√(p(1−p)/n) it stays inside [0, 1] and is not zero-width at
 * 0 or n successes, which matters for the small counts a new site has. `n` may be an effective sample size
 * (weighted data): the interval is then approximate.
 */
export function wilson(k: number, n: number, z = Z95): [number, number] | null {
  if (!(n > 0)) return null;
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export function share(k: number, n: number): Share {
  return { k, n, rate: n > 0 ? k / n : null, interval: wilson(k, n) };
}

/**
 * A weighted share: each observation counts `w` (e.g. an audited comment stands for 1 / audit rate published
 * comments). The rate is the weighted mean; the interval is Wilson's at Kish's effective sample size
 * (Σw)² / Σw², so a handful of heavily weighted observations do not look like many. With all weights 1 it is
 * `share(k, n)` exactly.
 */
export function weightedShare(observations: readonly { w: number; hit: boolean }[]): Share {
  let sw = 0;
  let sw2 = 0;
  let sk = 0;
  for (const o of observations) {
    sw += o.w;
    sw2 += o.w * o.w;
    if (o.hit) sk += o.w;
  }
  if (sw === 0) return share(0, 0);
  const nEff = (sw * sw) / sw2;
  const iv = wilson((sk / sw) * nEff, nEff);
  return { k: round(sk), n: round(sw), rate: sk / sw, interval: iv };
}

/**
 * The smallest k with P(X ≤ k) ≥ q for X ~ Binomial(n, p): exact, summing the probability mass in log space
 * (n up to a few hundred thousand is instant).
 */
export function binomialQuantile(q: number, n: number, p: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return n;
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  // log P(X = 0), then the ratio P(k+1)/P(k) = (n−k)/(k+1) · p/(1−p).
  let logPmf = n * lq;
  let cdf = 0;
  for (let k = 0; k <= n; k++) {
    cdf += Math.exp(logPmf);
    if (cdf >= q * (1 - 1e-12)) return k;
    logPmf += Math.log(n - k) - Math.log(k + 1) + lp - lq;
  }
  return n;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
