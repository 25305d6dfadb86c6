/**
 * Sieve's own trained model through the model scorer: what the README promises about the model.
 * The model is loaded once for the whole file.
 */
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_POLICY } from '../../src/policy/defaults';
import { createModelScorer, type ModelScorer } from '../../src/scoring/model';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { defaultModelDir, readSieveMetadata } from '../../src/scoring/model/sieveModel';
import { loadConfig } from '../../src/config';
import { createScorers } from '../../src/scoring/scorers';
import { item } from './helpers';

const review = (label: 'toxicity' | 'insult' | 'identity_attack' | 'threat') => DEFAULT_POLICY.labels[label].review;
const MODEL_LABELS = ['toxicity', 'insult', 'identity_attack', 'threat'] as const;
/** Would the default policy hold this for a moderator on the model's labels alone? */
const held = (labels: Partial<Record<string, number>>) => MODEL_LABELS.some((l) => (labels[l] ?? 0) >= review(l));

describe('model:sieve scorer', () => {
  let scorer: ModelScorer;
  beforeAll(async () => {
    scorer = await createModelScorer({ provider: 'sieve', log: () => {} });
  });
  afterAll(() => scorer?.close?.());

  it('loads the committed model, with a threat label, and names itself model:sieve', () => {
    const meta = readSieveMetadata();
    expect(meta.labels).toEqual(['toxicity', 'insult', 'identity_attack', 'threat']);
    expect(scorer.name).toBe('model:sieve');
  });

  it('scores as the trainer did: TF.js serving gives the probabilities finetune.py recorded for the committed weights', async () => {
    const report = JSON.parse(readFileSync(path.join(defaultModelDir(), 'report.json'), 'utf8')) as { parity: { text: string; scores: Record<string, number> }[] };
    expect(report.parity.length).toBeGreaterThan(0);
    const outs = await scorer.scoreBatch(report.parity.map((p) => item(p.text)));
    report.parity.forEach((p, i) => {
      for (const [label, score] of Object.entries(p.scores)) expect(outs[i]!.labels![label as 'threat']!).toBeCloseTo(score, 3);
    });
  });

  it('ranks every threat above every everyday sentence on `threat` (violent words included), and holds every threat for review', async () => {
    // At its review threshold the threat label alone catches only some of these (the card's threat section);
    // the policy holds the rest on toxicity — what this test pins down.
    const threats = [
      'Somebody should shoot that senator before the vote.',
      'We are going to burn your house down with your kids inside.',
      'I am going to kill you and your whole family.',
      'I will find out where you live and break every bone in your body.',
      'Keep writing articles like this and you will end up in a ditch.',
    ];
    const everyday = [
      'The library opens at nine on Saturdays.',
      'This heat is killing me, I need a cold drink.',
      'Our team got crushed in the final but the fans were brilliant.',
      'I disagree with the minister, the budget numbers do not add up.',
    ];
    const outs = await scorer.scoreBatch([...threats, ...everyday].map((t) => item(t)));
    const threatScores = outs.slice(0, threats.length).map((o) => o.labels!.threat!);
    const everydayScores = outs.slice(threats.length).map((o) => o.labels!.threat ?? 0);
    expect(Math.min(...threatScores)).toBeGreaterThan(Math.max(...everydayScores));
    for (const o of outs.slice(0, threats.length)) expect(held(o.labels!)).toBe(true);
    for (const o of outs.slice(threats.length)) expect(held(o.labels!)).toBe(false);
    expect(threatScores.filter((x) => x >= review('threat')).length).toBeGreaterThanOrEqual(2);
  });

  it('holds a clearly abusive sentence for review (an insult at a person) and not a clearly civil one', async () => {
    const [abusive, civil] = await scorer.scoreBatch([
      item('You are a pathetic, stupid idiot and everyone hates you.'),
      item('Thanks for the article, I learned a lot about the new library opening hours.'),
    ]);
    expect(abusive!.labels!.insult!).toBeGreaterThanOrEqual(review('insult'));
    expect(held(civil!.labels!)).toBe(false);
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
    const [unwindowed] = await (await createModelScorer({ provider: 'sieve', windowWords: 10_000, log: () => {} })).scoreBatch([item(long)]);
    expect(out!.labels!.insult!).toBeGreaterThan(unwindowed!.labels!.insult!);
    expect(out!.labels!.insult!).toBeGreaterThanOrEqual(review('insult'));
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
    expect(held(out!.labels!)).toBe(true);
    await model!.close?.();
  });

  it('leaks no tensors over many batches through the encoder', async () => {
    const fresh = await createModelScorer({ provider: 'sieve', cacheSize: 0, log: () => {} });
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
