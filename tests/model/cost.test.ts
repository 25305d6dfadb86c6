/**
 * "The cost of one comment is bounded" (README, Limits and quotas): the model's encoder reads at most
 * MODEL_MAX_WINDOWS windows of a comment — the first, the last and the ones the lexicon (or a first stage) finds
 * most suspicious — so abuse at the start, in the middle and at the end of a long comment is still seen, and a
 * repeated pattern is collapsed before windowing. The worst-case time is measured by `npm run bench:cost`; these
 * tests fail if the bound itself breaks.
 */
import { DEFAULT_POLICY } from '../../src/policy/defaults';
import { createModelScorer, type ModelScorer } from '../../src/scoring/model';
import { collapseRepeats, splitLongWords } from '../../src/scoring/model/prepare';
import { chooseWindows } from '../../src/scoring/model/scorer';
import { SHAPES } from '../../bench/cost';
import { createLexiconScorer } from '../../src/scoring/lexicon/scorer';
import { item } from './helpers';

describe('repeated patterns and giant words, before windowing', () => {
  it('collapses a word pattern repeated over and over to three copies', () => {
    expect(collapseRepeats('a a aa '.repeat(1428).trim())).toBe('a a aa a a aa a a aa');
    expect(collapseRepeats('fuck shit '.repeat(1000).trim())).toBe('fuck shit fuck shit fuck shit');
    expect(collapseRepeats(`hello there. ${'you idiot. '.repeat(900)}bye now`.trim())).toBe('hello there. you idiot. you idiot. you idiot. bye now');
  });

  it('collapses a pattern repeated inside one word', () => {
    expect(collapseRepeats('ha'.repeat(5000))).toBe('hahaha');
    expect(collapseRepeats(`x ${'fuck'.repeat(2000)} y`)).toBe('x fuckfuckfuck y');
  });

  it('leaves ordinary text alone', () => {
    const text = 'the council met on tuesday and the budget, which had been delayed twice, was finally approved by a narrow vote';
    expect(collapseRepeats(text)).toBe(text);
    expect(collapseRepeats('very very very good')).toBe('very very very good');
    expect(splitLongWords(text)).toBe(text);
  });

  it('cuts a giant word into pieces so it is windowed like any text', () => {
    const blob = 'qwertyuiopasdfghjklzxcvbnm'.repeat(10);
    const pieces = splitLongWords(`see ${blob} here`).split(' ');
    expect(pieces.every((w) => w.length <= 40)).toBe(true);
    expect(pieces.join('')).toBe(`see${blob}here`);
  });
});

describe('which windows the encoder reads when there are too many', () => {
  const windows = Array.from({ length: 20 }, (_, i) => ({ i, suspicion: i === 9 ? 0.99 : i === 13 ? 0.9 : 0.1 + i / 1000 }));

  it('the first, the last and the most suspicious, never more than the limit', () => {
    const chosen = [...chooseWindows(windows, 4, true)].map((w) => w.i).sort((a, b) => a - b);
    expect(chosen).toEqual([0, 9, 13, 19]);
    expect(chooseWindows(windows, 20, true).size).toBe(20);
    expect(chooseWindows(windows, 0, true).size).toBe(20); // 0 = no limit
  });

  it('without a first stage (the Google provider): the first, the last and evenly spread between', () => {
    const chosen = [...chooseWindows(windows, 5, false)].map((w) => w.i).sort((a, b) => a - b);
    expect(chosen).toEqual([0, 5, 10, 14, 19]);
  });
});

describe('model:sieve with MODEL_MAX_WINDOWS = 8', () => {
  let scorer: ModelScorer;
  const lexicon = createLexiconScorer();
  beforeAll(async () => {
    scorer = await createModelScorer({ provider: 'sieve', maxWindows: 8, cacheSize: 0, log: () => {} });
  });
  afterAll(() => scorer?.close?.());
  const review = DEFAULT_POLICY.labels;
  const flagged = (labels: Partial<Record<'toxicity' | 'insult' | 'identity_attack', number>>) =>
    (labels.toxicity ?? 0) >= review.toxicity.review || (labels.insult ?? 0) >= review.insult.review;

  it.each(SHAPES.map((s) => [s.name, s.make]))('a 10,000-character text of %s: at most 8 windows reach the encoder', async (_name, make) => {
    const text = (make as (seed: number) => string)(1);
    expect(text.length).toBe(10_000);
    const before = { ...scorer.stats };
    await scorer.scoreBatch([item(text)]);
    expect(scorer.stats.encodedWindows - before.encodedWindows).toBeLessThanOrEqual(8);
  });

  // Civil sentences the first stage cannot settle (a swear word, a "stupid call"): every one is a window the
  // encoder would read, so a long comment of them has far more candidate windows than the limit.
  const edgy = [
    'honestly this damn traffic in the city centre is the worst thing about living here',
    'the referee made a stupid call in the second half and the fans were furious about it',
    'what the hell happened to the bus schedule this week, it is a total mess again',
    'this crappy weather has ruined the whole weekend for the kids and for us too',
  ];
  const days = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'yesterday'];
  const body = days.flatMap((d) => edgy.map((s) => `${s} on ${d}.`));
  const insult = 'You are a worthless idiot and everyone in this thread is sick of your garbage.';
  const longText = (at: number | null) => (at === null ? body : [...body.slice(0, at), insult, ...body.slice(at)]).join(' ');

  it('a long comment of edgy but civil sentences has more unsettled windows than the limit, and is not flagged', async () => {
    const before = { ...scorer.stats };
    const [out] = await scorer.scoreBatch([item(longText(null))]);
    expect(scorer.stats.overLimit - before.overLimit).toBeGreaterThan(8);
    expect(scorer.stats.encodedWindows - before.encodedWindows).toBe(8);
    expect(flagged(out!.labels!)).toBe(false);
  });

  it.each([['at the start', 0], ['in the middle', body.length / 2], ['at the end', body.length]])('abuse %s of that comment is still flagged', async (_where, at) => {
    const before = { ...scorer.stats };
    // As in the pipeline, the lexicon reads the comment first: a window holding one of its terms ranks high.
    const it = item(longText(at as number));
    const [lex] = await lexicon.scoreBatch([it]);
    const [out] = await scorer.scoreBatch([{ ...it, slurs: lex!.slurs ?? [], normalized: lex!.normalized }]);
    expect(scorer.stats.encodedWindows - before.encodedWindows).toBeLessThanOrEqual(8);
    expect(flagged(out!.labels!)).toBe(true);
  });
});
