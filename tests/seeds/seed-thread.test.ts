/** The commissioned thread, through the whole spine (lexicon scorer): its slurs are held, its civil comments published. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSieve, eventually, KEYS, type TestSieve } from '../helpers/sieve';

const seed = JSON.parse(readFileSync(join(__dirname, '..', '..', 'seeds', 'thread.json'), 'utf8'));
let sieve: TestSieve;
beforeAll(async () => { sieve = await startSieve({}, { workers: 1 }); });
afterAll(async () => { await sieve.close(); });

test('seeds/thread.json holds the article and its six comments with reply structure', () => {
  expect(seed.article.title).toMatch(/Russia And China/);
  expect(seed.comments).toHaveLength(6);
  expect(seed.comments.find((c: { id: string }) => c.id === 'seed-c3').parentId).toBe('seed-c2');
});

test('every seed comment gets the verdict the seed file expects', async () => {
  const r = await sieve.request('POST', `/v1/threads/${seed.threadId}/comments`, { key: KEYS.ingest, body: { comments: seed.comments } });
  expect(r.status).toBe(202);
  const thread = await eventually(async () => {
    const t = await sieve.request('GET', `/v1/threads/${seed.threadId}`, { key: KEYS.ingest });
    return t.body.comments?.every((c: { status: string }) => c.status === 'scored') ? t.body : undefined;
  });
  const got = Object.fromEntries(thread.comments.map((c: { id: string; verdict: string }) => [c.id, c.verdict]));
  const want = Object.fromEntries(Object.entries(seed.expected).map(([id, e]) => [id, (e as { verdict: string }).verdict]));
  expect(got).toEqual(want);
  const c1 = thread.comments.find((c: { id: string }) => c.id === 'seed-c1');
  const spans = c1.slurs.map((s: { start: number; end: number }) => c1.text.slice(s.start, s.end).toLowerCase());
  expect(spans).toEqual(expect.arrayContaining(['hasbarats', 'ukropnazis']));
});
