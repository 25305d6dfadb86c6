/**
 * Nothing accepted is lost: a worker killed mid-batch, Redis restarted, a scorer that keeps failing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { createPipeline } from '../../src/scoring/pipeline';
import type { Scorer } from '../../src/scoring/types';
import { createWordListScorer } from '../../bench/wordlist';
import { startSieve, eventually, KEYS, API_KEYS_ENV, type TestSieve } from '../helpers/sieve';

const ROOT = join(__dirname, '..', '..');

function spawnWorker(sieve: TestSieve, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'workers/scoring-worker.ts'], {
    cwd: ROOT,
    env: { ...process.env, REDIS_URL: sieve.redis.url, DATABASE_URL: sieve.database.url, API_KEYS: API_KEYS_ENV, LOG_LEVEL: 'silent', SCORERS: 'lexicon', ...env },
    stdio: 'ignore',
  });
}

async function submitThread(sieve: TestSieve, threadId: string, n: number, text = (i: number) => `comment ${i} of a long and civil thread`) {
  for (let start = 0; start < n; start += 500) {
    const comments = Array.from({ length: Math.min(500, n - start) }, (_, k) => ({ id: `${threadId}-${start + k}`, author: { id: 'u' }, text: text(start + k) }));
    const r = await sieve.request('POST', `/v1/threads/${threadId}/comments`, { key: KEYS.ingest, body: { comments } });
    expect(r.status).toBe(202);
  }
}

async function allScored(sieve: TestSieve, threadId: string, n: number, timeoutMs = 60_000) {
  return eventually(async () => {
    const t = await sieve.request('GET', `/v1/threads/${threadId}`, { key: KEYS.ingest });
    const done = t.body.comments?.filter((c: { status: string }) => c.status !== 'queued') ?? [];
    return done.length === n ? t.body.comments : undefined;
  }, timeoutMs, `${n} verdicts in ${threadId}`);
}

describe('a worker killed with SIGKILL in the middle of a batch', () => {
  let sieve: TestSieve;
  beforeAll(async () => { sieve = await startSieve({ WORKER_LOCK_MS: '1000', STALLED_INTERVAL_MS: '500', MAX_BATCH_SIZE: '500' }); });
  afterAll(async () => { await sieve.close(); });

  test('loses nothing: after a new worker starts, every accepted comment is scored, none stuck', async () => {
    const n = 1000;
    await submitThread(sieve, 'kill', n);
    const child = spawnWorker(sieve, { WORKER_BATCH_SIZE: '64', WORKER_LOCK_MS: '1000', STALLED_INTERVAL_MS: '500' });
    // Wait until the child holds jobs (they are locked to it, mid-batch), then kill it without warning.
    const heldAtKill = await eventually(async () => {
      const c = await sieve.queue.getJobCounts('active', 'completed');
      return c.active! > 0 && c.completed! > 0 ? c.active : undefined;
    }, 60_000, 'the child worker to be mid-batch');
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const afterKill = await sieve.queue.getJobCounts('active', 'completed', 'waiting');
    expect(heldAtKill).toBeGreaterThan(0);
    expect(afterKill.completed).toBeLessThan(n);

    await sieve.startWorker();
    // 1,000 comments through the model take ~40 s on a quiet machine and ~80 s at load average 8: wait up to 150 s.
    const comments = await allScored(sieve, 'kill', n, 150_000);
    expect(comments.every((c: { status: string; verdict: string }) => c.status === 'scored' && c.verdict === 'publish')).toBe(true);
    const counts = await sieve.queue.getJobCounts('active', 'waiting', 'delayed', 'failed', 'completed');
    expect(counts).toMatchObject({ active: 0, waiting: 0, delayed: 0, failed: 0 });
  }, 240_000);
});

describe('a worker sent SIGTERM', () => {
  let sieve: TestSieve;
  beforeAll(async () => { sieve = await startSieve({ MAX_BATCH_SIZE: '500' }); });
  afterAll(async () => { await sieve.close(); });

  test('finishes the batch in hand, then exits: nothing is left locked to it', async () => {
    await submitThread(sieve, 'term', 1000);
    const child = spawnWorker(sieve, { WORKER_BATCH_SIZE: '64' });
    const held = await eventually(async () => {
      const c = await sieve.queue.getJobs(['active']);
      return c.length > 0 ? c.map((j) => j.id!) : undefined;
    }, 60_000, 'the child worker to be mid-batch');
    child.kill('SIGTERM');
    const code = await new Promise((r) => child.once('exit', (c) => r(c)));
    expect(code).toBe(0);
    expect(await sieve.queue.getJobCountByTypes('active')).toBe(0);
    for (const id of held) {
      const c = await sieve.request('GET', `/v1/comments/${id}`, { key: KEYS.ingest });
      expect(c.body.status).toBe('scored');
    }
    expect(await sieve.queue.getJobCountByTypes('waiting')).toBeGreaterThan(0);
  }, 120_000);
});

describe('Redis stopped and restarted', () => {
  let sieve: TestSieve;
  beforeAll(async () => { sieve = await startSieve(); });
  afterAll(async () => { await sieve.close(); });

  test('accepted comments survive in the append-only file and get scored', async () => {
    await submitThread(sieve, 'restart', 200);
    await sieve.redis.stop();
    await sieve.redis.start();
    // The API reconnects by itself and keeps accepting.
    const more = await eventually(async () => {
      const r = await sieve.request('POST', '/v1/comments', { key: KEYS.ingest, body: { id: 'restart-late', threadId: 'restart', author: { id: 'u' }, text: 'after the restart' } });
      return r.status === 202 ? r : undefined;
    }, 20_000, 'the API to accept again');
    expect(more.status).toBe(202);
    await sieve.startWorker();
    const comments = await allScored(sieve, 'restart', 201);
    expect(comments.every((c: { status: string }) => c.status === 'scored')).toBe(true);
  }, 120_000);
});

describe('a scorer that throws', () => {
  let sieve: TestSieve;
  beforeAll(async () => { sieve = await startSieve({ JOB_ATTEMPTS: '3', JOB_BACKOFF_MS: '20' }); });
  afterAll(async () => { await sieve.close(); });

  // A fault we cannot cause for real: a scorer that throws on some texts.
  const poisoned: Scorer = {
    name: 'poisoned',
    async scoreBatch(items) {
      if (items.some((i) => i.text.includes('POISON'))) throw new Error('scorer exploded');
      return items.map(() => ({}));
    },
  };

  test('holds the comment for review as unscored after its retries — never publishes it — and scores its neighbours', async () => {
    await sieve.startWorker({ pipeline: createPipeline([createWordListScorer(), poisoned]) });
    await submitThread(sieve, 'poison', 20, (i) => (i === 7 ? 'this one is POISON' : `fine comment ${i}`));
    const comments = await allScored(sieve, 'poison', 20);
    const bad = comments.find((c: { id: string }) => c.id === 'poison-7');
    expect(bad).toMatchObject({ status: 'failed', verdict: 'review', unscored: true, visibility: 'pending' });
    expect(bad.reasons[0]).toMatchObject({ code: 'unscored' });
    expect(bad.reasons[0].message).toContain('scorer exploded');
    const job = await sieve.queue.getJob('poison-7');
    expect(job?.attemptsStarted).toBe(3);
    const others = comments.filter((c: { id: string }) => c.id !== 'poison-7');
    expect(others.every((c: { status: string; verdict: string }) => c.status === 'scored' && c.verdict === 'publish')).toBe(true);
  }, 60_000);
});

describe('a job BullMQ itself fails for good', () => {
  let sieve: TestSieve;
  beforeAll(async () => { sieve = await startSieve(); });
  afterAll(async () => { await sieve.close(); });

  test('(stalled more often than allowed) holds the comment for review as unscored', async () => {
    const r = await sieve.request('POST', '/v1/comments', { key: KEYS.ingest, body: { id: 'stall-1', threadId: 'stall', author: { id: 'u' }, text: 'kept killing its worker' } });
    expect(r.status).toBe(202);
    // What BullMQ's stalled-job checker writes when a job stalled more often than maxStalledCount (a comment that
    // kills every worker that takes it): a deferred failure, applied by the next worker that picks the job up.
    // Causing it for real would take a worker crash per attempt; we write BullMQ's own marker instead.
    const redis = new IORedis(sieve.redis.url);
    await redis.hset(sieve.queue.toKey('stall-1'), 'defa', 'job stalled more than allowable limit');
    await redis.quit();
    await sieve.startWorker();
    const c = await eventually(async () => {
      const g = await sieve.request('GET', '/v1/comments/stall-1', { key: KEYS.ingest });
      return g.body.status !== 'queued' ? g.body : undefined;
    });
    expect(c).toMatchObject({ status: 'failed', verdict: 'review', unscored: true, visibility: 'pending' });
    expect(c.reasons[0].message).toContain('stalled more than allowable limit');
    expect(await sieve.queue.getJobState('stall-1')).toBe('failed');
  });
});
