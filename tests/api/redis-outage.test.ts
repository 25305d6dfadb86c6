/**
 * Fail fast without Redis. While Redis is unreachable every API request answers 503 `store_unavailable` with
 * `Retry-After` within STORE_TIMEOUT_MS (default 2 s) — here through a real 30 s outage of the private
 * redis-server — the API serves again as soon as Redis is back, nothing it answered 503 for is stored later, and
 * the scoring worker pauses and resumes by itself. A Redis that hangs (SIGSTOP: connected but silent) gets the
 * same clear answer after the timeout, and the comment it refused is not stored.
 */
import { execFileSync } from 'node:child_process';
import IORedis from 'ioredis';
import { KEYS, comment, eventually, startSieve, type TestSieve } from '../helpers/sieve';

const BOUND_MS = 2000; // STORE_TIMEOUT_MS's production default (set here: the test helper's default is longer)

async function redisPid(url: string): Promise<number> {
  const c = new IORedis(url, { maxRetriesPerRequest: 0 });
  const info = await c.info('server');
  c.disconnect();
  return Number(/process_id:(\d+)/.exec(info)![1]);
}

describe('a 30 s Redis outage', () => {
  let sieve: TestSieve;
  // The check afterwards reads every refused comment back, hundreds of requests in a second on a quiet machine:
  // the per-key quota (tests/api/quotas.test.ts) is lifted so it measures the outage, not the quota.
  beforeAll(async () => { sieve = await startSieve({ QUOTA_REQUESTS_PER_SECOND: '100000', STORE_TIMEOUT_MS: String(BOUND_MS) }, { workers: 1 }); });
  afterAll(async () => { await sieve.close(); });

  const ingest = (id: string) => sieve.request('POST', '/v1/comments', { key: KEYS.ingest, body: comment(id, `outage test comment ${id}`) });
  const status = async (id: string) => (await sieve.request('GET', `/v1/comments/${id}`, { key: KEYS.ingest })).body?.status;

  test('every request answers 503 store_unavailable with Retry-After within the bound; the API serves again when Redis returns; nothing refused is stored; the worker resumes', async () => {
    expect((await ingest('before-1')).status).toBe(202);
    await eventually(async () => ((await status('before-1')) === 'scored' ? true : undefined), 20_000, 'a verdict before the outage');

    await sieve.redis.stop();
    const refused: string[] = [];
    const slowest: number[] = [];
    const requests: [string, () => Promise<{ status: number; body: any; headers: Headers }>][] = [
      ['ingest', () => { const id = `during-${refused.length}`; refused.push(id); return ingest(id); }],
      ['batch', () => { const id = `during-b${refused.length}`; refused.push(id); return sieve.request('POST', '/v1/threads/t1/comments', { key: KEYS.ingest, body: { comments: [comment(id, 'batch during the outage')] } }); }],
      ['read', () => sieve.request('GET', '/v1/comments/before-1', { key: KEYS.ingest })],
      ['thread', () => sieve.request('GET', '/v1/threads/t1', { key: KEYS.moderator })],
      ['queue', () => sieve.request('GET', '/v1/review/items', { key: KEYS.moderator })],
      ['decide', () => sieve.request('POST', '/v1/review/decisions', { key: KEYS.moderator, body: { ids: ['before-1'], action: 'approve' } })],
      ['sign-in', () => sieve.request('POST', '/v1/session', { body: { key: KEYS.moderator } })],
      ['lexicon', () => sieve.request('GET', '/v1/admin/lexicon/terms', { key: KEYS.admin })],
    ];
    const started = Date.now();
    let n = 0;
    while (Date.now() - started < 30_000) {
      // A few at once, as a site under load would send them.
      const round = requests.map(async ([what, send]) => {
        const t0 = Date.now();
        const r = await send();
        const ms = Date.now() - t0;
        slowest.push(ms);
        expect([what, r.status, r.body?.error?.code]).toEqual([what, 503, 'store_unavailable']);
        expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(ms).toBeLessThan(BOUND_MS);
        n++;
      });
      await Promise.all(round);
      await new Promise((r) => setTimeout(r, 200));
    }
    // Liveness stays up; readiness says why it is not ready.
    expect((await sieve.request('GET', '/healthz')).status).toBe(200);
    expect((await sieve.request('GET', '/readyz')).status).toBe(503);
    expect(n).toBeGreaterThan(100);

    await sieve.redis.start();
    const back = Date.now();
    // Serves again as soon as it is back (it reconnects every 100-500 ms).
    const firstOk = await eventually(async () => {
      const id = `after-${refused.length}`;
      const r = await ingest(id);
      if (r.status === 202) return id;
      expect(r.status).toBe(503);
      refused.push(id);
      return undefined;
    }, 10_000, 'the API to serve again');
    expect(Date.now() - back).toBeLessThan(3000);

    // The worker resumed: the comment accepted after the outage gets its verdict.
    await eventually(async () => ((await status(firstOk)) === 'scored' ? true : undefined), 30_000, 'a verdict after the outage');
    // Nothing answered 503 was stored later (give any late write time to land first).
    await new Promise((r) => setTimeout(r, 1000));
    for (const id of refused) {
      expect([id, (await sieve.request('GET', `/v1/comments/${id}`, { key: KEYS.ingest })).status]).toEqual([id, 404]);
      expect(await sieve.queue.getJob(id)).toBeUndefined();
    }
    // eslint-disable-next-line no-console
    console.log(`redis outage: ${n} requests answered 503, slowest ${Math.max(...slowest)} ms; ${refused.length} refused comments, none stored`);
  }, 120_000);
});

describe('a Redis that hangs (SIGSTOP: connected, silent)', () => {
  test('requests answer 503 after STORE_TIMEOUT_MS, and a comment refused so is not stored', async () => {
    const sieve = await startSieve({ STORE_TIMEOUT_MS: '800' });
    const pid = await redisPid(sieve.redis.url);
    try {
      execFileSync('kill', ['-STOP', String(pid)]);
      const t0 = Date.now();
      const r = await sieve.request('POST', '/v1/comments', { key: KEYS.ingest, body: comment('hung-1', 'while Redis hangs') });
      const ms = Date.now() - t0;
      expect(r.status).toBe(503);
      expect(r.body.error.code).toBe('store_unavailable');
      expect(ms).toBeGreaterThanOrEqual(700);
      expect(ms).toBeLessThan(800 + 1000);
    } finally {
      execFileSync('kill', ['-CONT', String(pid)]);
    }
    // Redis now runs what it received while stopped; the refused comment is still not stored (nor queued).
    await new Promise((r) => setTimeout(r, 500));
    expect((await sieve.request('GET', '/v1/comments/hung-1', { key: KEYS.ingest })).status).toBe(404);
    expect(await sieve.queue.getJob('hung-1')).toBeUndefined();
    // And the API serves again.
    expect((await sieve.request('POST', '/v1/comments', { key: KEYS.ingest, body: comment('hung-3', 'after') })).status).toBe(202);
    await sieve.close();
  }, 60_000);
});
