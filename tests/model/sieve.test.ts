/**
 * Sieve's own trained heads through the model scorer: what the README promises about the model.
 * The model is loaded once for the whole file.
 */
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_POLICY } from '../../src/policy/defaults';
import { createModelScorer, type ModelScorer } from '../../src/scoring/model';
import { loadHeads } from '../../src/scoring/model/heads';
import { loadConfig } from '../../src/config';
import { createScorers } from '../../src/scoring/scorers';
import { item } from './helpers';

const review = (label: 'toxicity' | 'insult' | 'identity_attack') => DEFAULT_POLICY.labels[label].review;

describe('model:sieve scorer', () => {
  let scorer: ModelScorer;
  beforeAll(async () => {
    scorer = await createModelScorer({ provider: 'sieve', log: () => {} });
  });
  afterAll(() => scorer?.close?.());

  it('loads the committed heads and names itself model:sieve', () => {
    const heads = loadHeads();
    expect(heads.meta.labels).toEqual(expect.arrayContaining(['toxicity', 'insult', 'identity_attack']));
    heads.dispose();
    expect(scorer.name).toBe('model:sieve');
  });

  it('puts a clearly abusive sentence above the review threshold and a clearly civil one below it', async () => {
    const [abusive, civil] = await scorer.scoreBatch([
      item('You are a pathetic, stupid idiot and everyone hates you.'),
      item('Thanks for the article, I learned a lot about the new library opening hours.'),
    ]);
    expect(abusive!.labels!.toxicity!).toBeGreaterThanOrEqual(review('toxicity'));
    expect(civil!.labels!.toxicity ?? 0).toBeLessThan(review('toxicity'));
    expect(civil!.labels!.insult ?? 0).toBeLessThan(review('insult'));
  });

  it('returns one result per item in input order, the same as scoring one at a time', async () => {
    const texts = ['shut up you moron', 'I agree with the author on most points', 'what a lovely photo of the harbour', 'you are a disgusting liar'];
    const batch = await scorer.scoreBatch(texts.map((t) => item(t)));
    expect(batch).toHaveLength(texts.length);
    for (let i = 0; i < texts.length; i++) {
      const [one] = await scorer.scoreBatch([item(texts[i]!)]);
      expect(batch[i]!.labels!.toxicity!).toBeCloseTo(one!.labels!.toxicity!, 4);
    }
  });

  it('scores abuse at the end of a long comment in its own window instead of diluting it', async () => {
    const civil = 'The new bus timetable starts next month and I think the changes to the evening routes are sensible. ';
    const long = civil.repeat(8) + 'And you, the author, are a worthless idiot.';
    const windowsBefore = scorer.stats.windows;
    const [out] = await scorer.scoreBatch([item(long)]);
    expect(scorer.stats.windows - windowsBefore).toBeGreaterThan(1);
    const [unwindowed] = await (await createModelScorer({ provider: 'sieve', windowWords: 10_000, gate: false, log: () => {} })).scoreBatch([item(long)]);
    expect(out!.labels!.toxicity!).toBeGreaterThan(unwindowed!.labels!.toxicity!);
    expect(out!.labels!.toxicity!).toBeGreaterThanOrEqual(review('toxicity'));
  });

  it('gives no model labels to empty, emoji-only or non-Latin text', async () => {
    const outs = await scorer.scoreBatch([item(''), item('   '), item('😀😀🎉'), item('这是一个关于天气的评论'), item('12345')]);
    for (const o of outs) expect(o.labels).toEqual({});
  });

  it('reads the lexicon\'s de-obfuscated text when there is one', async () => {
    const [disguised, plain] = await scorer.scoreBatch([
      item('y o u  a r e  a  s t u p i d  i d i o t', 'you are a stupid idiot'),
      item('you are a stupid idiot'),
    ]);
    expect(disguised!.labels).toEqual(plain!.labels);
  });

  it('scores identical normalised texts once', async () => {
    const before = { ...scorer.stats };
    await scorer.scoreBatch([item('Same words here, friend.'), item('same words here, friend.'), item('SAME WORDS HERE, FRIEND.')]);
    expect(scorer.stats.texts - before.texts).toBe(1);
  });

  it('is what the workers get for SCORERS=model (MODEL_PROVIDER defaults to sieve)', async () => {
    const [model] = await createScorers(['model'], loadConfig({ SCORERS: 'model' }));
    expect(model!.name).toBe('model:sieve');
    const [out] = await model!.scoreBatch([item('You are a pathetic, stupid idiot and everyone hates you.')]);
    expect(out!.labels!.toxicity!).toBeGreaterThanOrEqual(review('toxicity'));
    await model!.close?.();
  });

  it('leaks no tensors over many batches through the encoder', async () => {
    const fresh = await createModelScorer({ provider: 'sieve', gate: false, cacheSize: 0, log: () => {} });
    await fresh.scoreBatch([item('warm up')]);
    const before = tf.memory();
    for (let b = 0; b < 10; b++) {
      await fresh.scoreBatch(Array.from({ length: 16 }, (_, i) => item(`comment number ${b * 16 + i} about the match last night`)));
    }
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
    await fresh.close?.();
  });
});
