/**
 * Raid grouping, the pure part: a raid of forty near-identical comments with small edits — each differently
 * disguised — is one group; comments that merely share a topic are not grouped.
 */
import { NearDuplicateIndex, pickGroup, similarity } from '../../src/policy/near-duplicates';
import { chooseBands, createNearDuplicateSigner, MINHASH_SIZE, nearDuplicateText } from '../../src/scoring/near-duplicate';
import { createPipeline } from '../../src/scoring/pipeline';
import { loadConfig } from '../../src/config';
import { RAID, raid, unrelated } from './raid';

const config = loadConfig({});
const opts = { similarity: config.NEAR_DUPLICATE_SIMILARITY, minLength: config.NEAR_DUPLICATE_MIN_LENGTH };
const rule = { similarity: config.NEAR_DUPLICATE_SIMILARITY, windowMs: config.NEAR_DUPLICATE_WINDOW_SECONDS * 1000 };
const signer = createNearDuplicateSigner(opts);

/** Groups as they stand after the last comment (bridging comments merge groups), as lists of input positions. */
function group(texts: string[], start = 0): Map<string, number[]> {
  const index = new NearDuplicateIndex(rule);
  texts.forEach((t, i) => index.add(`c${i}`, signer.sign(t), start + i * 1000));
  const groups = new Map<string, number[]>();
  texts.forEach((_, i) => {
    const g = index.groupOf(`c${i}`) ?? `c${i}`;
    groups.set(g, [...(groups.get(g) ?? []), i]);
  });
  return groups;
}

test('the normalised text undoes the disguises a raid uses', () => {
  expect(nearDuplicateText('STOP the   bus-lane!! 😡 St0p, m a y o r, Strееt, sh!t')).toBe('stop the bus lane stop mayor street shit');
});

test('a 40-comment raid with small edits is one group', () => {
  const texts = raid();
  expect(new Set(texts).size).toBe(40);
  const groups = group(texts);
  expect([...groups.values()]).toEqual([texts.map((_, i) => i)]);
});

test('unrelated comments, even on the same story, are not grouped', () => {
  const texts = unrelated();
  expect(texts.length).toBeGreaterThan(30);
  const groups = group(texts);
  expect([...groups.values()].filter((g) => g.length > 1)).toEqual([]);
});

test('a raid among unrelated comments is grouped without pulling them in', () => {
  const others = unrelated();
  const raiders = raid();
  const mixed = [...others.slice(0, 15), ...raiders.slice(0, 20), ...others.slice(15), ...raiders.slice(20)];
  const groups = [...group(mixed).values()].filter((g) => g.length > 1);
  expect(groups).toHaveLength(1);
  expect(groups[0]!.map((i) => mixed[i])).toEqual(raiders);
});

test('comments further apart than the window are not grouped', () => {
  const index = new NearDuplicateIndex(rule);
  const [a, b] = raid();
  expect(index.add('a', signer.sign(a!), 0)).toBe('a');
  expect(index.add('b', signer.sign(b!), rule.windowMs + 1)).toBe('b');
  expect(pickGroup(signer.sign(b!)!, rule.windowMs, [{ commentId: 'a', groupId: 'a', signature: signer.sign(a!)!, at: 0 }], rule)?.groupId).toBe('a');
});

test('texts too short to compare get no signature; the same text always gets the same one', () => {
  expect(signer.sign('lol')).toBeUndefined();
  expect(signer.sign('great article thanks')).toBeUndefined();
  const s = signer.sign(RAID)!;
  expect(createNearDuplicateSigner(opts).sign(RAID)).toEqual(s);
  expect(s.bands).toHaveLength(signer.bands);
  expect(signer.bands * signer.rows).toBeLessThanOrEqual(MINHASH_SIZE);
  expect(chooseBands(0.9)).toEqual({ bands: 5, rows: 24 });
  expect(similarity(s, s)).toBe(1);
  expect(similarity(s, { ...s, scheme: 'other' })).toBe(0);
});

test('the pipeline signs texts when grouping is on, and only then', async () => {
  const lexiconFree = { name: 'none', scoreBatch: async (items: readonly unknown[]) => items.map(() => ({})) };
  const [on] = await createPipeline([lexiconFree], undefined, { nearDuplicates: opts }).scoreBatch([RAID]);
  const [off] = await createPipeline([lexiconFree]).scoreBatch([RAID]);
  expect(on!.nearDuplicate).toEqual(signer.sign(RAID));
  expect(off!.nearDuplicate).toBeUndefined();
});
