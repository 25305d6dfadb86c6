/** Threshold suggestions on seeded decisions: the suggested threshold meets its target, and is the lowest that does. */
import { TEST_POLICY } from './helpers';
import { qualityReport } from '../../src/review/quality/quality';
import { suggestThresholds, withThreshold } from '../../src/review/quality/thresholds';
import { example, repeat } from './helpers';

// 200 decided comments over 10 days, insult scores 0.000, 0.005, … 0.995. Moderators reject 4 in 5 of those
// scoring 0.5 or more and none below. Every comment was held at the time (weight 1).
const seeded = () => repeat(200, (i) => example({
  modelScores: { insult: i / 200 },
  outcome: i >= 100 && i % 5 !== 0 ? 'rejected' : 'approved',
}));

const precisionAt = (t: number) => qualityReport(seeded(), withThreshold(TEST_POLICY, 'insult', t)).byLabel.insult!.precision.rate!;

test('a target hold precision of 0.75: the lowest threshold that meets it, with the volume change', () => {
  const [s] = suggestThresholds(seeded(), TEST_POLICY, { kind: 'precision', precision: 0.75 }, { days: 10 });
  expect(s!.label).toBe('insult');
  // By hand: at 0.47 the 106 comments from 0.47 up hold 80 rejected (0.755); at 0.46, 108 (0.741).
  expect(s!.suggested!.threshold).toBe(0.47);
  expect(s!.suggested!.precision).toMatchObject({ k: 80, n: 106 });
  // It meets the target on the data, judged the way the quality page judges it, and one step lower does not.
  expect(precisionAt(0.47)).toBeGreaterThanOrEqual(0.75);
  expect(precisionAt(0.46)).toBeLessThan(0.75);
  // Now (0.45): 110 held in 10 days = 11.0 a day; at 0.47: 10.6 a day.
  expect(s!.current).toMatchObject({ threshold: 0.45, heldPerDay: 11 });
  expect(s!.current.precision).toMatchObject({ k: 80, n: 110 });
  expect(s!.suggested!.heldPerDay).toBe(10.6);
  expect(s!.volumeChangePerDay).toBe(-0.4);
});

test('a target review volume of 5 a day: the lowest threshold that keeps under it', () => {
  const [s] = suggestThresholds(seeded(), TEST_POLICY, { kind: 'volume', perDay: 5 }, { days: 10 });
  expect(s!.suggested).toMatchObject({ threshold: 0.75, heldPerDay: 5 });
  expect(s!.volumeChangePerDay).toBe(-6);
});

test('comments held by something else stay in the volume: a slur holds them whatever the insult threshold', () => {
  const slur = { term: 'slurword', category: 'racial_ethnic' as const, severity: 2 as const };
  const xs = [...seeded(), ...repeat(30, () => example({ modelScores: { insult: 0.01 }, matches: [slur] }))];
  const [s] = suggestThresholds(xs, TEST_POLICY, { kind: 'volume', perDay: 5 }, { days: 10 });
  // 30 held by the slur leave room for 20 insult holds: i ≥ 180, threshold 0.9.
  expect(s!.suggested).toMatchObject({ threshold: 0.9, heldPerDay: 5 });
});

test('no suggestion without enough holds, or when no threshold reaches the target', () => {
  const few = seeded().slice(190);
  expect(suggestThresholds(few, TEST_POLICY, { kind: 'precision', precision: 0.5 }, { days: 10 })[0])
    .toMatchObject({ suggested: null, why: 'not_enough_holds' });
  expect(suggestThresholds(seeded(), TEST_POLICY, { kind: 'precision', precision: 0.99 }, { days: 10 })[0])
    .toMatchObject({ suggested: null, why: 'target_not_reachable' });
});
