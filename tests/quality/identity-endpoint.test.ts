/**
 * GET /v1/admin/quality/identity through a whole Sieve: the comments come from the record, the neutralised
 * re-scores go through the workers. A worker running a planted scorer biased against Muslims is flagged; the same
 * comments under a fair scorer are not.
 */
import type { Scorer } from '../../src/scoring/types';
import { eventually, KEYS, startSieve, type TestSieve } from '../helpers/sieve';

const planted = (toxic: RegExp): Scorer => ({
  name: 'model:planted',
  scoreBatch: async (items) => items.map((it) => ({ labels: { toxicity: toxic.test(it.normalized ?? it.text) ? 0.95 : 0.05 } })),
});

const TEXTS = [
  ...Array.from({ length: 6 }, (_, i) => `Muslims are vermin, all ${i} of them.`),
  ...Array.from({ length: 12 }, (_, i) => `The Muslim community held a bake sale for ${i} families.`),
  ...Array.from({ length: 12 }, (_, i) => `Nice weather today, ${i} degrees.`),
];

async function run(toxic: RegExp) {
  const sieve = await startSieve();
  try {
    await sieve.startWorker({ scorers: [planted(toxic)] });
    const comments = TEXTS.map((text, i) => ({ id: `c-${i}`, author: { id: 'u' }, text }));
    expect((await sieve.request('POST', '/v1/threads/t/comments', { key: KEYS.ingest, body: { comments } })).status).toBe(202);
    await eventually(async () => {
      const t = await sieve.request('GET', '/v1/threads/t', { key: KEYS.ingest });
      return t.body.comments.every((c: { status: string }) => c.status !== 'queued') ? true : undefined;
    }, 30_000, 'verdicts');
    const r = await sieve.request('GET', '/v1/admin/quality/identity', { key: KEYS.admin });
    expect(r.status).toBe(200);
    return r.body;
  } finally {
    await sieve.close();
  }
}

test('flags a worker biased against Muslims: the bake sales stop being held once "Muslim" reads "local"', async () => {
  const r = await run(/vermin|muslim/i);
  expect(r.comments).toBe(30);
  const religion = r.groups.find((g: { group: string }) => g.group === 'religion');
  expect(religion.held).toMatchObject({ k: 18, n: 18 });
  expect(religion.fellAway).toMatchObject({ k: 12, n: 18 });
  expect(religion.flagged).toBe(true);
}, 90_000);

test('does not flag a fair worker on the same comments', async () => {
  const r = await run(/vermin/i);
  const religion = r.groups.find((g: { group: string }) => g.group === 'religion');
  expect(religion.held).toMatchObject({ k: 6, n: 18 });
  expect(religion.fellAway).toMatchObject({ k: 0, n: 6 });
  expect(r.groups.some((g: { flagged: boolean }) => g.flagged)).toBe(false);
}, 90_000);
