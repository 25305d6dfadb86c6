/**
 * eval:model's policy review figure: held precision of the whole policy reweighted to the prevalence the thresholds
 * were chosen for, and what each reason adds on its own.
 */
import { policyReview } from '../../scripts/eval-model';

describe('policyReview', () => {
  test('precision is reweighted to the stated prevalence; single-reason holds are counted apart', () => {
    const o = (abusive: boolean, held: boolean, why: string[] = []) => ({ abusive, held, why });
    // 10 abusive (8 held: 6 by toxicity and insult, 2 by insult alone), 40 civil (8 held by insult alone).
    const outcomes = [
      ...Array.from({ length: 6 }, () => o(true, true, ['toxicity', 'insult'])),
      ...Array.from({ length: 2 }, () => o(true, true, ['insult'])),
      ...Array.from({ length: 2 }, () => o(true, false)),
      ...Array.from({ length: 8 }, () => o(false, true, ['insult'])),
      ...Array.from({ length: 32 }, () => o(false, false)),
    ];
    const r = policyReview(outcomes, 0.5);
    expect(r.recall).toBeCloseTo(0.8);
    expect(r.civilHeld).toBeCloseTo(0.2);
    expect(r.precision).toBeCloseTo(0.8 / (0.8 + 0.2)); // at 50 % abusive: recall vs civil-held rate
    expect(policyReview(outcomes, 0.08).precision).toBeCloseTo((0.8 * 0.08) / (0.8 * 0.08 + 0.2 * 0.92));
    expect(r.alone).toEqual({ insult: { held: 10, precision: expect.closeTo(0.2 / (0.2 + 0.2), 5) } });
  });
});
