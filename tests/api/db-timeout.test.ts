/**
 * A PostgreSQL statement slower than DB_STATEMENT_TIMEOUT_MS: caused for real — another connection holds an ACCESS
 * EXCLUSIVE lock on `comment_keys`, so the accept's INSERT waits past the timeout and PostgreSQL cancels it. The
 * request answers 503 `store_unavailable` with a JSON error body and Retry-After within the bound; the comment it
 * refused is not stored (the statement rolled back); what was accepted before is intact and reaches its verdict;
 * once the lock is gone the same comment is accepted and scored.
 */
import { Client } from 'pg';
import { KEYS, comment, eventually, startSieve, type TestSieve } from '../helpers/sieve';

const TIMEOUT_MS = 400;

let sieve: TestSieve;
beforeAll(async () => { sieve = await startSieve({ DB_STATEMENT_TIMEOUT_MS: String(TIMEOUT_MS) }, { workers: 1 }); });
afterAll(async () => { await sieve.close(); });

const status = async (id: string) => (await sieve.request('GET', `/v1/comments/${id}`, { key: KEYS.ingest })).body?.status;

test('a statement past DB_STATEMENT_TIMEOUT_MS answers 503 store_unavailable; nothing refused is stored, nothing accepted is lost', async () => {
  const before = await sieve.request('POST', '/v1/threads/t1/comments', { key: KEYS.ingest, body: { comments: [comment('kept-1', 'accepted before the lock'), comment('kept-2', 'also accepted before')] } });
  expect(before.status).toBe(202);

  const locker = new Client({ connectionString: sieve.database.url });
  await locker.connect();
  try {
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE comment_keys IN ACCESS EXCLUSIVE MODE');
    for (const send of [
      () => sieve.request('POST', '/v1/comments', { key: KEYS.ingest, body: comment('refused-1', 'sent while the table is locked') }),
      () => sieve.request('POST', '/v1/threads/t1/comments', { key: KEYS.ingest, body: { comments: [comment('refused-2', 'batch while locked'), comment('refused-3', 'batch while locked')] } }),
    ]) {
      const t0 = Date.now();
      const r = await send();
      const ms = Date.now() - t0;
      expect(r.status).toBe(503);
      expect(r.headers.get('content-type')).toMatch(/application\/json/);
      expect(r.body.error).toMatchObject({ code: 'store_unavailable', message: expect.stringContaining('PostgreSQL') });
      expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
      // Cancelled by the server at the timeout, not left hanging on the lock.
      expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(ms).toBeLessThan(TIMEOUT_MS + 3000);
    }
    // The locker sees no trace of the refused comments either (its own lock held all along).
    expect((await locker.query("SELECT count(*)::int AS n FROM comment_keys WHERE id LIKE 'refused-%'")).rows[0].n).toBe(0);
  } finally {
    await locker.query('ROLLBACK').catch(() => undefined);
    await locker.end();
  }

  // Refused means not stored; accepted means scored.
  for (const id of ['refused-1', 'refused-2', 'refused-3']) expect((await sieve.request('GET', `/v1/comments/${id}`, { key: KEYS.ingest })).status).toBe(404);
  for (const id of ['kept-1', 'kept-2']) await eventually(async () => ((await status(id)) === 'scored' ? true : undefined), 30_000, `${id} scored`);
  // The site's retry of the refused comment is accepted and scored.
  expect((await sieve.request('POST', '/v1/comments', { key: KEYS.ingest, body: comment('refused-1', 'sent while the table is locked') })).status).toBe(202);
  await eventually(async () => ((await status('refused-1')) === 'scored' ? true : undefined), 30_000, 'the retried comment scored');
}, 90_000);
