/**
 * The audit sample: 1 in N published comments, drawn by a hash of the comment id. Over 10,000 published comments
 * the number drawn must fall inside the central 99.9 % of Binomial(10,000, rate) — what a fair coin per comment
 * would give — and the draw is the same every time for the same id.
 */
import { createHash } from 'node:crypto';
import { inSample, SAMPLE_SALTS } from '../../src/domain/sampling';
import { auditWeight, drawnForAudit } from '../../src/review/audit';
import { binomialQuantile } from '../../src/review/quality/stats';

const published = { verdict: 'publish' as const, unscored: false };
const N = 10_000;

// Ids the way sites make them: sequential, prefixed, and UUID-shaped (fixed here, so the test never flakes).
const ID_SHAPES: [string, (i: number) => string][] = [
  ['sequential', (i) => String(i)],
  ['prefixed', (i) => `c-${i}`],
  ['uuid', (i) => createHash('sha1').update(`uuid${i}`).digest('hex').slice(0, 32).replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-')],
];

describe.each(ID_SHAPES)('%s ids', (_shape, id) => {
  test.each([0.01, 0.05, 0.2])('rate %p holds over 10,000 published comments (binomial bounds, 99.9 %)', (rate) => {
    let drawn = 0;
    for (let i = 0; i < N; i++) if (drawnForAudit(id(i), published, rate)) drawn++;
    const lo = binomialQuantile(0.0005, N, rate);
    const hi = binomialQuantile(0.9995, N, rate);
    expect(drawn).toBeGreaterThanOrEqual(lo);
    expect(drawn).toBeLessThanOrEqual(hi);
  });
});

test('1 in 100 over 10,000: between 69 and 134 comments (the bounds themselves, checked)', () => {
  expect([binomialQuantile(0.0005, N, 0.01), binomialQuantile(0.9995, N, 0.01)]).toEqual([69, 134]);
});

test('deterministic per comment id, and only published, scored comments are drawn', () => {
  const ids = Array.from({ length: 2000 }, (_, i) => `c-${i}`);
  const first = ids.filter((i) => drawnForAudit(i, published, 0.1));
  expect(ids.filter((i) => drawnForAudit(i, published, 0.1))).toEqual(first);
  expect(ids.some((i) => drawnForAudit(i, { verdict: 'review', unscored: false }, 1))).toBe(false);
  expect(ids.some((i) => drawnForAudit(i, { verdict: 'publish', unscored: true }, 1))).toBe(false);
  expect(ids.some((i) => drawnForAudit(i, published, 0))).toBe(false);
  expect(ids.every((i) => drawnForAudit(i, published, 1))).toBe(true);
  expect(auditWeight(0.01)).toBeCloseTo(100, 10);
});

test('the audit and shadow samples are independent: at 0.5 each, about a quarter of ids are in both', () => {
  let both = 0;
  for (let i = 0; i < N; i++) if (inSample(SAMPLE_SALTS.audit, `c-${i}`, 0.5) && inSample(SAMPLE_SALTS.shadow, `c-${i}`, 0.5)) both++;
  expect(both).toBeGreaterThanOrEqual(binomialQuantile(0.0005, N, 0.25));
  expect(both).toBeLessThanOrEqual(binomialQuantile(0.9995, N, 0.25));
});
