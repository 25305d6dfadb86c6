/**
 * Joint review thresholds (src/review/quality/joint.ts): raised together until the whole queue meets the target,
 * releasing the most civil comments per abusive one lost; comments held by something the search does not move stay
 * held. On the training data (`npm run calibrate`) and on a site's own decisions (GET /v1/admin/quality `joint`).
 */
import { jointSuggestion, jointThresholds, operatingPoint, precisionAt, type JointItem } from '../../src/review/quality/joint';
import { qualityReport } from '../../src/review/quality/quality';
import type { Policy } from '../../src/policy/defaults';
import { example, repeat, TEST_POLICY } from './helpers';

const item = (abusive: boolean, toxicity: number, insult = 0, heldByOther = false): JointItem => ({ abusive, heldByOther, scores: { toxicity, insult } });
const reaches = (p: number, prevalence?: number) => ({ prevalence, done: (o: { precision: number | null }) => (o.precision ?? 0) >= p });

describe('joint review thresholds', () => {
  test('precision is reweighted to the prevalence', () => {
    expect(precisionAt(0.8, 0.2, 0.5)).toBeCloseTo(0.8);
    expect(precisionAt(0.5, 0.1, 0.08)).toBeCloseTo((0.5 * 0.08) / (0.5 * 0.08 + 0.1 * 0.92));
    expect(precisionAt(0, 0, 0.08)).toBeNull();
  });

  test('raises the label whose holds are civil, not the one whose holds are abusive', () => {
    // Toxicity 0.5–0.6 holds only civil texts; insult ≥ 0.4 holds only abusive ones.
    const items = [
      ...Array.from({ length: 10 }, (_, i) => item(false, 0.5 + i / 100)),
      ...Array.from({ length: 10 }, () => item(true, 0.2, 0.8)),
      ...Array.from({ length: 80 }, () => item(false, 0.1, 0.1)),
    ];
    const start = { toxicity: 0.5, insult: 0.4 };
    expect(operatingPoint(items, start, 0.5).precision).toBeCloseTo(1 / (1 + 10 / 90));
    const r = jointThresholds(items, start, reaches(0.99, 0.5));
    expect(r.reached).toBe(true);
    expect(r.thresholds).toEqual({ toxicity: 0.6, insult: 0.4 });
    expect(r.recall).toBe(1);
    expect(r.civilHeld).toBe(0);
    expect(r.start.precision).toBeLessThan(0.99);
  });

  test('a text held by a lexicon rule stays held; an unreachable target is said so', () => {
    const items = [item(false, 0, 0, true), item(true, 0.9), item(false, 0.1)];
    const r = jointThresholds(items, { toxicity: 0.05 }, reaches(0.9, 0.5));
    expect(r.reached).toBe(false);
    expect(r.civilHeld).toBe(0.5); // the lexicon's civil hold is beyond the search
    // Not the end of the road (every threshold past every score) but the best precision on the way there.
    expect(r.thresholds).toEqual({ toxicity: 0.11 });
    expect(r.recall).toBe(1);
  });

  test('weights count: one audited civil comment standing for 20 outweighs ten abusive ones', () => {
    const items: JointItem[] = [{ ...item(false, 0.7), w: 20 }, ...Array.from({ length: 10 }, () => item(true, 0.9))];
    expect(operatingPoint(items, { toxicity: 0.6 }).precision).toBeCloseTo(10 / 30);
    expect(jointThresholds(items, { toxicity: 0.6 }, reaches(0.5)).thresholds).toEqual({ toxicity: 0.71 });
  });
});

describe('on a site\'s own decisions', () => {
  // 10 days. Toxicity-only holds at 0.62–0.79: moderators approve them; insult holds at 0.8: they reject them.
  const decisions = () => [
    ...repeat(40, (i) => example({ modelScores: { toxicity: 0.62 + (i % 18) / 100, insult: 0.1 }, outcome: 'approved' })),
    ...repeat(40, () => example({ modelScores: { toxicity: 0.3, insult: 0.8 }, outcome: 'rejected' })),
    ...repeat(20, () => example({ modelScores: { toxicity: 0.9, insult: 0.9, threat: 0.5 }, outcome: 'rejected' })),
  ];
  const withThresholds = (t: Record<string, number | undefined>): Policy => ({
    ...TEST_POLICY,
    labels: Object.fromEntries(Object.entries(TEST_POLICY.labels).map(([l, v]) => [l, t[l] === undefined ? v : { review: t[l]!, reject: v.reject }])) as Policy['labels'],
  });

  test('a target precision: the queue as a whole meets it, judged the way the quality page judges', () => {
    const s = jointSuggestion(decisions(), TEST_POLICY, { kind: 'precision', precision: 0.99 }, { days: 10 })!;
    expect(s.labels).toEqual(['insult', 'toxicity']); // threat is never searched
    expect(s.current).toMatchObject({ thresholds: { toxicity: 0.62, insult: 0.45 }, heldPerDay: 10, recall: 1 });
    expect(s.current.precision.rate).toBeCloseTo(0.6);
    expect(s.suggested!.thresholds).toEqual({ toxicity: 0.8, insult: 0.45 });
    expect(s.suggested).toMatchObject({ heldPerDay: 6, recall: 1 });
    expect(s.suggested!.precision.rate).toBe(1);
    expect(qualityReport(decisions(), withThresholds(s.suggested!.thresholds)).holds.precision.rate).toBe(1);
  });

  test('a target volume: as few abusive comments released as the volume allows', () => {
    const s = jointSuggestion(decisions(), TEST_POLICY, { kind: 'volume', perDay: 7 }, { days: 10 })!;
    expect(s.suggested!.heldPerDay).toBeLessThanOrEqual(7);
    expect(s.suggested!.recall).toBe(1); // the civil toxicity holds go first
    expect(s.suggested!.thresholds.insult).toBe(0.45);
  });

  test('not enough holds, or a target no setting meets', () => {
    expect(jointSuggestion(decisions().slice(0, 10), TEST_POLICY, { kind: 'precision', precision: 0.5 }, { days: 10 }))
      .toMatchObject({ suggested: null, why: 'not_enough_holds' });
    const slur = { term: 'slurword', category: 'racial_ethnic' as const, severity: 2 as const };
    const civilSlurs = repeat(200, () => example({ modelScores: { toxicity: 0.1 }, matches: [slur], outcome: 'approved' }));
    expect(jointSuggestion([...decisions(), ...civilSlurs], TEST_POLICY, { kind: 'precision', precision: 0.9 }, { days: 10 }))
      .toMatchObject({ suggested: null, why: 'target_not_reachable' });
  });
});
