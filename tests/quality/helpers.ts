import type { LabelledExample } from '../../src/domain/examples';
import { DEFAULT_POLICY } from '../../src/policy/defaults';
import type { Policy } from '../../src/policy/defaults';

let seq = 0;
/** A decided example with defaults: held for review, decided by a moderator, weight 1. */
export function example(over: Partial<LabelledExample> = {}): LabelledExample {
  seq++;
  return {
    commentId: `c-${seq}`,
    source: 'review',
    section: null,
    verdict: 'review',
    unscored: false,
    modelScores: {},
    matches: [],
    outcome: 'rejected',
    reason: null,
    decidedAt: new Date(Date.UTC(2026, 10, 1) + seq * 1000).toISOString(),
    weight: 1,
    text: null,
    ...over,
  };
}

export const repeat = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

/**
 * The default policy with the model labels' review thresholds pinned (toxicity 0.62, insult 0.45, threat 0.12,
 * identity attack 0.70), so the hand-worked figures here do not move when a retrain changes the defaults.
 */
export const TEST_POLICY: Policy = {
  ...DEFAULT_POLICY,
  labels: {
    ...DEFAULT_POLICY.labels,
    toxicity: { review: 0.62, reject: null },
    insult: { review: 0.45, reject: null },
    threat: { review: 0.12, reject: null },
    identity_attack: { review: 0.7, reject: null },
  },
};
