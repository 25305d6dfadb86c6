/** The ingest promises: a thread in → every comment gets a verdict; resubmission is idempotent; auth works. */
import { startSieve, comment, eventually, KEYS, type TestSieve } from '../helpers/sieve';

let sieve: TestSieve;
beforeAll(async () => { sieve = await startSieve({}, { workers: 1 }); });
afterAll(async () => { await sieve.close(); });

const scored = (id: string) => eventually(async () => {
  const r = await sieve.request('GET', `/v1/comments/${id}`, { key: KEYS.ingest });
  return r.body.status === 'scored' ? r.body : undefined;
}, 20_000, `verdict for ${id}`);

test('a single comment is accepted with 202, its links, and later gets a verdict', async () => {
  const r = await sieve.request('POST', '/v1/comments', { key: KEYS.ingest, body: comment('single-1', 'What a lovely day for a walk.') });
  expect(r.status).toBe(202);
  expect(r.body).toMatchObject({ id: 'single-1', status: 'queued', duplicate: false, links: { self: '/v1/comments/single-1', thread: '/v1/threads/t1' } });
  const c = await scored('single-1');
  expect(c.verdict).toBe('publish');
  expect(c.visibility).toBe('visible');
  expect(c.reasons).toEqual([]);
});

test('a submitted thread gets a verdict for every comment, in thread order', async () => {
  const comments = Array.from({ length: 40 }, (_, i) => ({
    id: `th2-${i}`, author: { id: `a${i % 5}` }, text: i % 10 === 3 ? 'shut up, you stupid cunt' : `civil remark number ${i}`,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), ...(i > 0 ? { parentId: `th2-${i - 1}` } : {}),
  }));
  const r = await sieve.request('POST', '/v1/threads/th2/comments', { key: KEYS.ingest, body: { comments: [...comments].reverse() } });
  expect(r.status).toBe(202);
  expect(r.body.accepted).toBe(40);
  const thread = await eventually(async () => {
    const t = await sieve.request('GET', '/v1/threads/th2', { key: KEYS.ingest });
    return t.body.comments?.every((c: { status: string }) => c.status === 'scored') ? t.body : undefined;
  }, 30_000, 'all thread verdicts');
  expect(thread.comments.map((c: { id: string }) => c.id)).toEqual(comments.map((c) => c.id));
  const flagged = thread.comments.filter((c: { verdict: string }) => c.verdict !== 'publish').map((c: { id: string }) => c.id);
  expect(flagged).toEqual(['th2-3', 'th2-13', 'th2-23', 'th2-33']);
});

test('resubmitting the same comment id is idempotent: one stored comment, one job, the existing record', async () => {
  const body = comment('dup-1', 'Same words twice.');
  const first = await sieve.request('POST', '/v1/comments', { key: KEYS.ingest, body });
  await scored('dup-1');
  const again = await sieve.request('POST', '/v1/comments', { key: KEYS.ingest, body });
  expect(first.status).toBe(202);
  expect(again.status).toBe(200);
  expect(again.body).toMatchObject({ id: 'dup-1', duplicate: true, status: 'scored', verdict: 'publish' });
  const batch = await sieve.request('POST', '/v1/threads/t1/comments', { key: KEYS.ingest, body: { comments: [body, comment('dup-2', 'new one')] } });
  expect(batch.body).toMatchObject({ accepted: 1, duplicates: 1 });
  const thread = await sieve.request('GET', '/v1/threads/t1', { key: KEYS.ingest });
  expect(thread.body.comments.filter((c: { id: string }) => c.id === 'dup-1')).toHaveLength(1);
  await scored('dup-2');
  const job = await sieve.queue.getJob('dup-1');
  expect(job?.attemptsStarted).toBe(1);
  // Nothing left queued. dup-2's verdict is stored before its job leaves `active` (the worker saves, then the job
  // completes), so the queue is waited for, not read at that instant (CI saw the job still active once).
  await eventually(async () => ((await sieve.queue.getJobCountByTypes('waiting', 'active', 'delayed')) === 0 ? true : undefined), 10_000, 'queue drained');
});

test('the same id with different content is a 409 and changes nothing', async () => {
  await sieve.request('POST', '/v1/comments', { key: KEYS.ingest, body: comment('conf-1', 'original') });
  const r = await sieve.request('POST', '/v1/comments', { key: KEYS.ingest, body: comment('conf-1', 'edited') });
  expect(r.status).toBe(409);
  expect(r.body.error).toMatchObject({ code: 'id_conflict', field: 'id' });
  const c = await sieve.request('GET', '/v1/comments/conf-1', { key: KEYS.ingest });
  expect(c.body.text).toBe('original');
});

test('racing submissions of one id with different content: one is accepted, every other one is a 409', async () => {
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
    sieve.request('POST', '/v1/comments', { key: KEYS.ingest, body: comment('race-1', `version ${i}`) })));
  const statuses = results.map((r) => r.status).sort();
  expect(statuses.filter((s) => s === 202)).toHaveLength(1);
  expect(statuses.filter((s) => s === 409)).toHaveLength(19);
});

describe('auth', () => {
  test('401 without a key or with a wrong key', async () => {
    for (const key of [undefined, 'not-a-real-key-000000000']) {
      const r = await sieve.request('POST', '/v1/comments', { key, body: comment('auth-1', 'hi') });
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('unauthorized');
    }
    expect((await sieve.request('GET', '/v1/comments/auth-1', { key: KEYS.ingest })).status).toBe(404);
  });
  test('403 with the wrong role; admin may do everything', async () => {
    const r = await sieve.request('POST', '/v1/comments', { key: KEYS.moderator, body: comment('auth-2', 'hi') });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
    expect((await sieve.request('POST', '/v1/comments', { key: KEYS.admin, body: comment('auth-3', 'hi') })).status).toBe(202);
  });
});

test('health, readiness, metrics and request ids', async () => {
  expect((await sieve.request('GET', '/healthz')).status).toBe(200);
  const ready = await sieve.request('GET', '/readyz');
  expect(ready.body).toEqual({ status: 'ready', checks: { redis: true } });
  const m = await sieve.request('GET', '/metrics');
  expect(m.body).toContain('sieve_http_requests_total');
  expect(m.body).toMatch(/sieve_verdicts\{verdict="publish"\} [1-9]/);
  expect(m.body).toContain('sieve_queue_jobs{state="waiting"}');
  const r = await sieve.request('GET', '/healthz', { headers: { 'x-request-id': 'abc-123' } });
  expect(r.headers.get('x-request-id')).toBe('abc-123');
});
