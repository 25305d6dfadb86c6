/**
 * Synchronous scoring never hangs: with no worker a call answers 504 at the deadline (and takes its text back
 * out of Redis); during a worker restart a call is answered within the deadline.
 */
import { KEYS, startSieve, type TestSieve } from '../helpers/sieve';

const DEADLINE_MS = 2500;
let sieve: TestSieve;

beforeAll(async () => {
  sieve = await startSieve({ SYNC_TIMEOUT_MS: String(DEADLINE_MS) });
}, 60_000);
afterAll(async () => { await sieve.close(); });

const analyze = (text: string) => sieve.request('POST', `/v1alpha1/comments:analyze?key=${KEYS.ingest}`, { body: { comment: { text }, requestedAttributes: { INSULT: {} } } });

test('no worker running: 504 DEADLINE_EXCEEDED at the deadline, never a hang, and the job (with its text) is gone', async () => {
  const started = Date.now();
  const r = await analyze('nobody is listening, you idiot');
  const ms = Date.now() - started;
  expect(r.status).toBe(504);
  expect(r.body.error).toMatchObject({ code: 504, status: 'DEADLINE_EXCEEDED' });
  expect(r.headers.get('retry-after')).toBe('1');
  expect(ms).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
  expect(ms).toBeLessThan(DEADLINE_MS + 1000);
  const { Queue } = await import('bullmq');
  const q = new Queue('scoring-sync', { connection: { url: sieve.redis.url }, prefix: `${sieve.config.REDIS_PREFIX}:bull` });
  try {
    await new Promise((r2) => setTimeout(r2, 200));
    expect(await q.getJobCounts('waiting', 'active', 'prioritized')).toEqual({ waiting: 0, active: 0, prioritized: 0 });
  } finally {
    await q.close();
  }
});

test('a call made while the worker restarts is answered by the new worker within the deadline', async () => {
  // A deadline long enough for a worker to load its scorers on a busy machine (the restart is what is timed).
  const restartDeadlineMs = 20_000;
  const s = await startSieve({ SYNC_TIMEOUT_MS: String(restartDeadlineMs), REDIS_PREFIX: 'restart' }, { redis: sieve.redis });
  try {
    const call = (text: string) => s.request('POST', `/v1alpha1/comments:analyze?key=${KEYS.ingest}`, { body: { comment: { text }, requestedAttributes: { INSULT: {} } } });
    const first = await s.startWorker();
    expect((await call('warm-up, you idiot')).status).toBe(200);
    // Restart: the worker stops (finishing its batch), a call arrives, a new worker comes up a moment later.
    await first.close();
    s.workers.splice(s.workers.indexOf(first), 1);
    const started = Date.now();
    const pending = call('asked during the restart, you idiot');
    await new Promise((r) => setTimeout(r, 300));
    await s.startWorker();
    const r = await pending;
    const ms = Date.now() - started;
    expect(r.status).toBe(200);
    expect(r.body.attributeScores.INSULT.summaryScore.value).toBeGreaterThan(0);
    expect(ms).toBeLessThan(restartDeadlineMs);
  } finally {
    await s.close();
  }
});
