/** A site term added through the admin API takes effect in a running worker, without a restart. */
import { startSieve, eventually, KEYS, type TestSieve } from '../helpers/sieve';

let sieve: TestSieve;
beforeAll(async () => { sieve = await startSieve({}, { workers: 1 }); });
afterAll(async () => { await sieve.close(); });

const verdictOf = async (id: string, text: string) => {
  await sieve.request('POST', '/v1/comments', { key: KEYS.ingest, body: { id, threadId: 'adm', author: { id: 'u' }, text } });
  return eventually(async () => {
    const r = await sieve.request('GET', `/v1/comments/${id}`, { key: KEYS.ingest });
    return r.body.status === 'scored' ? r.body : undefined;
  });
};

test('only admins manage terms', async () => {
  expect((await sieve.request('GET', '/v1/admin/lexicon/terms', { key: KEYS.moderator })).status).toBe(403);
  expect((await sieve.request('GET', '/v1/admin/lexicon/terms')).status).toBe(401);
});

test('bad input gets a precise error', async () => {
  const r = await sieve.request('POST', '/v1/admin/lexicon/terms', { key: KEYS.admin, body: { term: 'x', category: 'racial_ethnic', severity: 9 } });
  expect(r.status).toBe(400);
  expect(r.body.error).toMatchObject({ code: 'invalid_value', field: 'severity' });
  const u = await sieve.request('POST', '/v1/admin/lexicon/terms', { key: KEYS.admin, body: { term: 'x', category: 'racial_ethnic', severity: 2, colour: 1 } });
  expect(u.body.error).toMatchObject({ code: 'unknown_field', field: 'colour' });
});

test('a blocked term added at runtime rejects the next comment that uses it, even disguised', async () => {
  expect((await verdictOf('adm-1', 'those glorbnaks again')).verdict).toBe('publish');
  const add = await sieve.request('POST', '/v1/admin/lexicon/terms', { key: KEYS.admin, body: { term: 'glorbnak', category: 'national_origin', severity: 3, action: 'block' } });
  expect(add.status).toBe(201);
  expect(add.body).toMatchObject({ term: 'glorbnak', action: 'block', addedBy: 'root' });
  const after = await eventually(async () => {
    const c = await verdictOf(`adm-${Date.now()}`, 'those g l 0 r b n @ k s again');
    return c.verdict === 'reject' ? c : undefined;
  }, 20_000, 'the worker to pick up the new term');
  expect(after.reasons[0]).toMatchObject({ code: 'blocked_term', term: 'glorbnak' });
  expect((await sieve.request('DELETE', '/v1/admin/lexicon/terms/glorbnak', { key: KEYS.admin })).status).toBe(204);
  await eventually(async () => ((await verdictOf(`adm-${Date.now()}`, 'glorbnak')).verdict === 'publish' ? true : undefined), 20_000, 'removal to take effect');
});
