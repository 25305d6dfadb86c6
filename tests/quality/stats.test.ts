import { binomialQuantile, share, weightedShare, wilson } from '../../src/review/quality/stats';

describe('the 95 % Wilson score interval', () => {
  test('8 rejected of 10 held: worked by hand', () => {
    // p = 0.8, z = 1.96, z² = 3.8415, z²/n = 0.38415
    // centre = (0.8 + 3.8415/20) / 1.38415 = 0.992073 / 1.38415 = 0.716738
    // half   = 1.96 / 1.38415 · √(0.8·0.2/10 + 3.8415/400) = 1.416003 · √0.0256037 = 1.416003 · 0.160012 = 0.226578
    // interval = [0.490160, 0.943316]
    const [lo, hi] = wilson(8, 10)!;
    expect(lo).toBeCloseTo(0.49016, 4);
    expect(hi).toBeCloseTo(0.943316, 4);
  });

  test('stays inside [0, 1] and is not zero-width at 0 or n successes', () => {
    const [lo0, hi0] = wilson(0, 10)!;
    expect(lo0).toBe(0);
    expect(hi0).toBeCloseTo(0.277533, 4); // z²/(n + z²) = 3.8415 / 13.8415
    const [loN, hiN] = wilson(10, 10)!;
    expect(loN).toBeCloseTo(1 - 0.277533, 4);
    expect(hiN).toBeCloseTo(1, 12);
  });

  test('no trials: no rate, no interval', () => {
    expect(share(0, 0)).toEqual({ k: 0, n: 0, rate: null, interval: null });
  });

  test('a weighted share with every weight 1 is the plain share', () => {
    const obs = [...Array(8).fill({ w: 1, hit: true }), ...Array(2).fill({ w: 1, hit: false })];
    const w = weightedShare(obs);
    const s = share(8, 10);
    expect(w.rate).toBeCloseTo(s.rate!, 12);
    expect(w.interval![0]).toBeCloseTo(s.interval![0], 12);
    expect(w.interval![1]).toBeCloseTo(s.interval![1], 12);
  });

  test('heavy weights do not pass for many observations: 5 audited comments of weight 100 give the interval of 5', () => {
    const obs = [{ w: 100, hit: true }, ...Array(4).fill({ w: 100, hit: false })];
    const w = weightedShare(obs);
    expect(w).toMatchObject({ k: 100, n: 500, rate: 0.2 });
    expect(w.interval![0]).toBeCloseTo(wilson(1, 5)![0], 12);
    expect(w.interval![1]).toBeCloseTo(wilson(1, 5)![1], 12);
  });
});

describe('exact binomial quantiles', () => {
  // Reference values from @stdlib/stats-base-dists-binomial-quantile 0.2.3 (computed once; not a dependency).
  test.each([
    [0.0005, 10000, 0.01, 69], [0.9995, 10000, 0.01, 134],
    [0.0005, 10000, 0.05, 430], [0.9995, 10000, 0.05, 573],
    [0.001, 10000, 0.1, 908], [0.999, 10000, 0.1, 1094],
    [0.025, 100, 0.3, 21], [0.975, 100, 0.3, 39], [0.5, 20, 0.5, 10],
  ])('quantile %p of Binomial(%p, %p) is %p', (q, n, p, k) => {
    expect(binomialQuantile(q, n, p)).toBe(k);
  });
});
