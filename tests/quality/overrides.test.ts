/** An accepted threshold reaches the pipeline at the next batch, and a revert takes it back. */
import { TEST_POLICY } from './helpers';
import { thresholdProblem, withOverrides } from '../../src/policy/overrides';
import { createPipeline } from '../../src/scoring/pipeline';
import type { Scorer } from '../../src/scoring/types';

const insult50: Scorer = { name: 'model:planted', scoreBatch: async (items) => items.map(() => ({ labels: { insult: 0.5 } })) };

test('the pipeline judges each batch by the policy in force then', async () => {
  let policy = TEST_POLICY; // insult review 0.45
  const pipeline = createPipeline([insult50], () => policy);
  expect((await pipeline.scoreBatch(['x']))[0]!.verdict).toBe('review');
  policy = withOverrides(TEST_POLICY, [{ label: 'insult', review: 0.55, reject: null }]);
  expect((await pipeline.scoreBatch(['x']))[0]!.verdict).toBe('publish');
  policy = withOverrides(TEST_POLICY, []);
  expect((await pipeline.scoreBatch(['x']))[0]!.verdict).toBe('review');
});

test('overrides replace only their label; bad thresholds are named', () => {
  const p = withOverrides(TEST_POLICY, [{ label: 'threat', review: 0.3, reject: 0.9 }]);
  expect(p.labels.threat).toEqual({ review: 0.3, reject: 0.9 });
  expect(p.labels.insult).toEqual(TEST_POLICY.labels.insult);
  expect(thresholdProblem({ review: 1.2, reject: null })?.field).toBe('review');
  expect(thresholdProblem({ review: 0.5, reject: 0.4 })?.field).toBe('reject');
  expect(thresholdProblem({ review: 0.5, reject: null })).toBeNull();
});
