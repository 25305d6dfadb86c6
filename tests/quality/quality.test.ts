/**
 * Live quality from seeded decisions: precision of holds per label and per lexicon category with its interval,
 * outright rejections overturned, the miss rate from the audit sample and recall — at the thresholds in force.
 */
import { TEST_POLICY } from './helpers';
import { judge, qualityReport } from '../../src/review/quality/quality';
import { wilson } from '../../src/review/quality/stats';
import { withThreshold } from '../../src/review/quality/thresholds';
import { example, repeat } from './helpers';

const slur = { term: 'slurword', category: 'racial_ethnic' as const, severity: 4 as const };

const seeded = () => [
  // 10 held for insult (default review threshold 0.45): moderators rejected 8.
  ...repeat(10, (i) => example({ modelScores: { insult: 0.8, toxicity: 0.3 }, outcome: i < 8 ? 'rejected' : 'approved', reason: i < 8 ? 'harassment' : null })),
  // 4 held for threat (0.12): 3 rejected.
  ...repeat(4, (i) => example({ modelScores: { threat: 0.5, toxicity: 0.1 }, outcome: i < 3 ? 'rejected' : 'approved' })),
  // 2 rejected outright for a severity-4 racial slur: a moderator approved (overturned) one.
  ...repeat(2, (i) => example({ verdict: 'reject', modelScores: { toxicity: 0.2 }, matches: [slur], outcome: i === 0 ? 'rejected' : 'approved' })),
  // 5 published comments drawn by a 1 % audit (each stands for 100): moderators rejected 1.
  ...repeat(5, (i) => example({ source: 'audit', verdict: 'publish', weight: 100, modelScores: { toxicity: 0.1, insult: 0.1 }, outcome: i === 0 ? 'rejected' : 'approved' })),
];

test('precision of holds per label, with the hand-worked Wilson interval (8 of 10: 0.490–0.943)', () => {
  const r = qualityReport(seeded(), TEST_POLICY);
  expect(r.examples).toBe(21);
  expect(r.audited).toBe(5);
  expect(r.byLabel.insult!.precision).toMatchObject({ k: 8, n: 10, rate: 0.8 });
  expect(r.byLabel.insult!.precision.interval![0]).toBeCloseTo(0.49016, 4);
  expect(r.byLabel.insult!.precision.interval![1]).toBeCloseTo(0.943316, 4);
  expect(r.byLabel.threat!.precision).toMatchObject({ k: 3, n: 4, rate: 0.75 });
  expect(r.byLabel.toxicity).toBeUndefined(); // never over its threshold: no holds, no figure
  expect(r.holds.precision).toMatchObject({ k: 12, n: 16, rate: 0.75 });
});

test('per lexicon category, and outright rejections a moderator overturned', () => {
  const r = qualityReport(seeded(), TEST_POLICY);
  expect(r.byCategory.racial_ethnic!.precision).toMatchObject({ k: 1, n: 2, rate: 0.5 });
  expect(r.byCategory.racial_ethnic!.overturned).toMatchObject({ k: 1, n: 2, rate: 0.5 });
  expect(r.holds.overturned).toMatchObject({ k: 1, n: 2 });
  expect(r.byLabel.insult!.overturned.n).toBe(0); // insult never rejects outright by default
});

test('miss rate from the audit sample (weighted), and recall with the misses it implies', () => {
  const r = qualityReport(seeded(), TEST_POLICY);
  expect(r.missRate).toMatchObject({ k: 100, n: 500, rate: 0.2 });
  expect(r.missRate.interval).toEqual(wilson(1, 5)); // 5 audited comments, however much each stands for
  // 12 rejected comments were held; the audit says about 100 were published and should not have been.
  expect(r.recall).toBeCloseTo(12 / 112, 10);
});

test('figures are at the CURRENT thresholds: raising insult to 0.9 moves its 10 holds to the published side', () => {
  const policy = withThreshold(TEST_POLICY, 'insult', 0.9);
  const r = qualityReport(seeded(), policy);
  expect(r.byLabel.insult).toBeUndefined();
  expect(r.holds.precision).toMatchObject({ k: 4, n: 6 });
  // Published now: the 5 audited (weight 100) and the 10 once held (weight 1): 8 + 100 rejected of 510.
  expect(r.missRate).toMatchObject({ k: 108, n: 510 });
});

test('the latest decision per comment counts (an appeal overturns the review)', () => {
  const first = example({ commentId: 'x', modelScores: { insult: 0.9 }, outcome: 'rejected', decidedAt: '2026-11-01T00:00:00.000Z' });
  const appeal = example({ commentId: 'x', source: 'appeal', modelScores: { insult: 0.9 }, outcome: 'approved', decidedAt: '2026-11-02T00:00:00.000Z' });
  const suggestion = example({ commentId: 'y', source: 'suggestion', modelScores: { insult: 0.9 } });
  const r = qualityReport([appeal, first, suggestion], TEST_POLICY);
  expect(r.examples).toBe(1);
  expect(r.byLabel.insult!.precision).toMatchObject({ k: 0, n: 1 });
});

test('judge: which labels and categories hold a comment under a policy; unscored comments stay held', () => {
  expect(judge({ modelScores: { insult: 0.5, threat: 0.2 }, matches: [slur], unscored: false }, TEST_POLICY))
    .toEqual({ verdict: 'reject', labels: ['insult', 'threat'], categories: ['racial_ethnic'] });
  expect(judge({ modelScores: {}, matches: [], unscored: true }, TEST_POLICY).verdict).toBe('review');
});
