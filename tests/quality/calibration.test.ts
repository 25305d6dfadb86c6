/**
 * `npm run calibrate`'s search (scripts/training/calibration.ts): review thresholds raised together until the whole
 * policy's held precision at the stated prevalence reaches the target, releasing the most civil comments per abusive
 * one lost; texts held by something the search does not move stay held.
 */
import { jointThresholds, operatingPoint, precisionAt, type CalibrationItem } from '../../scripts/training/calibration';

const item = (abusive: boolean, toxicity: number, insult = 0, heldByOther = false): CalibrationItem => ({ abusive, heldByOther, scores: { toxicity, insult } });

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
    const r = jointThresholds(items, start, { prevalence: 0.5, precision: 0.99 });
    expect(r.reached).toBe(true);
    expect(r.thresholds).toEqual({ toxicity: 0.6, insult: 0.4 });
    expect(r.recall).toBe(1);
    expect(r.civilHeld).toBe(0);
    expect(r.start.precision).toBeLessThan(0.99);
  });

  test('a text held by a lexicon rule stays held; an unreachable target is said so', () => {
    const items = [item(false, 0, 0, true), item(true, 0.9), item(false, 0.1)];
    const r = jointThresholds(items, { toxicity: 0.05 }, { prevalence: 0.5, precision: 0.9 });
    expect(r.reached).toBe(false);
    expect(r.civilHeld).toBe(0.5); // the lexicon's civil hold is beyond the search
    // Not the end of the road (every threshold past every score) but the best precision on the way there.
    expect(r.thresholds).toEqual({ toxicity: 0.11 });
    expect(r.recall).toBe(1);
  });
});
