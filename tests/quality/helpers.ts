import type { LabelledExample } from '../../src/domain/examples';

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
