/** Shadow against live on seeded decisions: which configuration's holds moderators agreed with. */
import { compareShadow, type ShadowJudged } from '../../src/review/quality/shadow-compare';
import { repeat } from './helpers';

const desc = { scorers: ['lexicon', 'model:sieve'], modelProvider: 'sieve' as const, modelDir: 'models/retrained', policyFile: null, sampleRate: 0.2 };
const row = (liveVerdict: ShadowJudged['liveVerdict'], shadowVerdict: ShadowJudged['shadowVerdict'], outcome: ShadowJudged['outcome'], weight = 1): ShadowJudged =>
  ({ liveVerdict, shadowVerdict, outcome, weight });

test('a shadow that drops the live configuration\'s false alarms and holds what the audit found: higher precision and recall', () => {
  const rows = [
    ...repeat(6, () => row('review', 'review', 'rejected')), // both right
    ...repeat(4, () => row('review', 'publish', 'approved')), // live false alarms the shadow does not raise
    ...repeat(2, () => row('review', 'publish', 'rejected')), // abuse only the live one holds
    ...repeat(8, () => row('publish', 'publish', 'approved', 50)), // audited, fine
    row('publish', 'review', 'rejected', 50), // audited: abuse only the shadow holds
  ];
  const c = compareShadow(desc, 120, rows);
  expect(c).toMatchObject({ scored: 120, decided: 21 });
  expect(c.live.precision).toMatchObject({ k: 8, n: 12 });
  expect(c.candidate.precision).toMatchObject({ k: 56, n: 56 }); // 6 held comments + one audited (weight 50)
  expect(c.live.recall).toMatchObject({ k: 8, n: 58 });
  expect(c.candidate.recall).toMatchObject({ k: 56, n: 58 });
  expect(c.agreement).toMatchObject({ k: 406, n: 462 });
});

test('nothing decided yet: shares without data, not errors', () => {
  const c = compareShadow(desc, 40, []);
  expect(c.decided).toBe(0);
  expect(c.candidate.precision).toEqual({ k: 0, n: 0, rate: null, interval: null });
});
