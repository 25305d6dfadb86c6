/**
 * Google's toxicity provider on ../shared/fixtures/toxicity-topology: the real graph and tokenizer with
 * stand-in weights. Checks shapes, label names, probability ranges and batch order — never the values.
 */
import * as tf from '@tensorflow/tfjs';
import { LABEL_INFO, LABELS } from '../../src/domain/labels';

/** The labels the Google model predicts (all but `profanity`, which is the lexicon's). */
const GOOGLE_LABELS = LABELS.filter((l) => LABEL_INFO[l].from.includes('model:google'));
import { createModelScorer, type ModelScorer } from '../../src/scoring/model';
import { localModelDir } from '../../src/scoring/model/googleModel';
import { hasTopologyFixture, item, TOPOLOGY_FIXTURE } from './helpers';

const describeFixture = hasTopologyFixture ? describe : describe.skip;
if (!hasTopologyFixture) console.warn(`skipping Google provider tests: no fixture at ${TOPOLOGY_FIXTURE} (set SHARED_DIR)`);

describeFixture('Google toxicity provider (topology fixture, offline)', () => {
  let scorer: ModelScorer;
  beforeAll(async () => {
    scorer = await createModelScorer({ provider: 'google', toxicityModelUrl: `file://${TOPOLOGY_FIXTURE}`, log: () => {} });
  });
  afterAll(() => scorer?.close?.());

  it('is named model:google and returns all seven labels as probabilities', async () => {
    expect(scorer.name).toBe('model:google');
    const [out] = await scorer.scoreBatch([item('You are a wonderful person.')]);
    expect(Object.keys(out!.labels!).sort()).toEqual([...GOOGLE_LABELS].sort());
    expect(GOOGLE_LABELS).toHaveLength(7);
    for (const p of Object.values(out!.labels!)) expect(p).toBeGreaterThanOrEqual(0), expect(p).toBeLessThanOrEqual(1);
  });

  it('returns results in input order, the same as scoring one at a time', async () => {
    const texts = ['first comment here', 'a second, rather longer comment about the article and the weather', 'third', 'first comment here'];
    const batch = await scorer.scoreBatch(texts.map((t) => item(t)));
    expect(batch).toHaveLength(texts.length);
    for (let i = 0; i < texts.length; i++) {
      const [single] = await scorer.scoreBatch([item(texts[i]!)]);
      for (const l of GOOGLE_LABELS) expect(batch[i]!.labels![l]).toBeCloseTo(single!.labels![l]!, 5);
    }
  });

  it('leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    await scorer.scoreBatch(['one', 'two', 'three'].map((t) => item(`${t} ${Math.random()}`)));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('accepts a plain directory path as well as a file:// URL', () => {
    expect(localModelDir(`file://${TOPOLOGY_FIXTURE}`)).toBe(TOPOLOGY_FIXTURE);
    expect(localModelDir(TOPOLOGY_FIXTURE)).toBe(TOPOLOGY_FIXTURE);
    expect(localModelDir('https://example.org/model.json')).toBeNull();
  });
});
