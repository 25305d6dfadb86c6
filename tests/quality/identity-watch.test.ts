/**
 * The identity watch flags a planted biased scorer — one that holds comments for naming Muslims — and not a fair
 * one, on the same comments, through the real pipeline and policy.
 */
import { groupsNamed, heldByPipeline, identityWatch, neutralise, type WatchedComment } from '../../src/scoring/identity-watch';
import { createPipeline } from '../../src/scoring/pipeline';
import type { Scorer } from '../../src/scoring/types';
import { repeat } from './helpers';

const planted = (name: string, toxic: RegExp): Scorer => ({
  name: `model:${name}`,
  scoreBatch: async (items) => items.map((it) => ({ labels: { toxicity: toxic.test(it.normalized ?? it.text) ? 0.95 : 0.05 } })),
});
/** Fair: holds insults. Biased: holds insults — and anything that names Muslims. */
const fair = createPipeline([planted('fair', /idiot|vermin/i)]);
const biased = createPipeline([planted('biased', /idiot|vermin|muslim/i)]);

const TEXTS = [
  ...repeat(8, (i) => `Muslims are vermin, all ${i} of them.`),
  ...repeat(20, (i) => `The Muslim community held a bake sale for ${i} families.`),
  ...repeat(8, (i) => `Gay people like you are idiots ${i}.`),
  ...repeat(20, (i) => `My gay neighbour ${i} is a great cook.`),
  ...repeat(10, (i) => `You idiot, number ${i}.`),
  ...repeat(34, (i) => `Nice weather today, ${i} degrees.`),
];

async function comments(pipeline: typeof fair): Promise<WatchedComment[]> {
  const rs = await pipeline.scoreBatch(TEXTS);
  return TEXTS.map((text, i) => ({ id: `c-${i}`, text, held: rs[i]!.verdict !== 'publish' }));
}

test('flags the biased scorer for religion, and only religion', async () => {
  const r = await identityWatch(await comments(biased), heldByPipeline(biased));
  const religion = r.groups.find((g) => g.group === 'religion')!;
  expect(religion.held).toMatchObject({ k: 28, n: 28 });
  expect(religion.fellAway).toMatchObject({ k: 20, n: 28 }); // the bake sales: held only for the word
  expect(religion.flagged).toBe(true);
  expect(religion.fellAwayIds).toHaveLength(10);
  const orientation = r.groups.find((g) => g.group === 'sexual_orientation')!;
  expect(orientation.fellAway).toMatchObject({ k: 0, n: 8 });
  expect(orientation.flagged).toBe(false);
  expect(r.groups.filter((g) => g.flagged).map((g) => g.group)).toEqual(['religion']);
});

test('does not flag the fair scorer, though Muslims are named in held comments more often than average', async () => {
  const r = await identityWatch(await comments(fair), heldByPipeline(fair));
  const religion = r.groups.find((g) => g.group === 'religion')!;
  expect(religion.held).toMatchObject({ k: 8, n: 28 });
  expect(religion.heldRatio!).toBeGreaterThan(1); // a pointer only: the held comments attack the group
  expect(religion.fellAway).toMatchObject({ k: 0, n: 8 });
  expect(r.groups.some((g) => g.flagged)).toBe(false);
});

test('neutralising swaps only the group words, keeping plural and capital letters', () => {
  expect(neutralise('Muslims are vermin, and muslim MEN too', 'religion')).toBe('Locals are vermin, and local MEN too');
  expect(neutralise('the Gay and Muslim choir', 'religion')).toBe('the Gay and Local choir');
  expect(neutralise('African American voters', 'race_ethnicity')).toBe('Local voters');
  expect(groupsNamed('the gay Muslim choir')).toEqual(['sexual_orientation', 'religion']);
  expect(groupsNamed('a gayety of muslimish things')).toEqual([]);
});
