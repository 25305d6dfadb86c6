/**
 * The reconciler (src/review/reconciler.ts): Redis is not a durability dependency.
 *  - a comment committed whose job was never queued (a crash between commit and queue add) is queued by a sweep
 *    and scored; an outbox webhook with no job is delivered and marked;
 *  - Redis FLUSHALL under load (comments POSTed and scored): every comment answered 202 still reaches a verdict;
 *  - PostgreSQL restarted under load (a cluster of the test's own): requests during the outage answer 503
 *    `store_unavailable`, and every comment answered 202 reaches a verdict.
 * Real private Redis and PostgreSQL throughout; the only thing simulated is the crash (by not queueing).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import IORedis from 'ioredis';
import { createDb, type Db } from '../../src/db';
import { redisKeys } from '../../src/redis/keys';
import { ScoringQueue } from '../../src/queue/scoring-queue';
import { CommentStore } from '../../src/store/comments';
import { reconcileOnce, startReconciler } from '../../src/review/reconciler';
import { createWebhookPublisher, noWebhooks, startWebhookWorker } from '../../src/review/webhooks';
import { KEYS, comment, eventually, startSieve, type TestSieve } from '../helpers/sieve';
import { startPrivatePostgres, type PrivatePostgres } from '../helpers/postgres';

jest.setTimeout(180_000);

const ENV = { QUOTA_REQUESTS_PER_SECOND: '100000', JOB_ATTEMPTS: '3', JOB_BACKOFF_MS: '100' };

function reconcilerFor(sieve: TestSieve, db: Db, redis: IORedis, opts: { intervalMs?: number; afterSeconds?: number } = {}) {
  const queue = new ScoringQueue(redis, redisKeys(sieve.config.REDIS_PREFIX), sieve.config);
  const r = startReconciler({ db, queue, webhooks: noWebhooks, intervalMs: opts.intervalMs ?? 0, afterSeconds: opts.afterSeconds ?? 0 });
  return { ...r, queue, close: async () => { await r.stop(); await queue.close(); } };
}

async function unscored(db: Db, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db.selectFrom('comments').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('id', 'in', [...ids]).where('status', '=', 'queued').executeTakeFirstOrThrow();
  return Number(r.n);
}

/** `writers` concurrent loops POSTing one comment each until `stop()`; ids answered 202 and every status seen. */
function load(sieve: TestSieve, prefix: string, writers = 4) {
  const accepted: string[] = [];
  const statuses: number[] = [];
  const codes: string[] = [];
  let running = true;
  let n = 0;
  const loops = Array.from({ length: writers }, async () => {
    while (running) {
      const id = `${prefix}-${n++}`;
      try {
        const res = await sieve.request('POST', '/v1/comments', { key: KEYS.ingest, body: comment(id, `load comment ${id} you are an idiot maybe`) });
        statuses.push(res.status);
        if (res.status === 202) accepted.push(id);
        else codes.push(res.body?.error?.code);
      } catch {
        statuses.push(0);
      }
    }
  });
  return { accepted, statuses, codes, stop: async () => { running = false; await Promise.all(loops); } };
}

/** The test's own connections to a Sieve's database and Redis, and what closes them. */
function clientsOf(sieve: TestSieve, databaseUrl = sieve.database.url) {
  const db = createDb(databaseUrl);
  const redis = new IORedis(sieve.redis.url, { maxRetriesPerRequest: null });
  return { db, redis, close: async () => { redis.disconnect(); await db.destroy(); } };
}

describe('a job lost between commit and queue', () => {
  let sieve: TestSieve;
  let db: Db;
  let redis: IORedis;
  let closeClients: () => Promise<void>;
  beforeAll(async () => {
    sieve = await startSieve(ENV, { workers: 1 });
    ({ db, redis, close: closeClients } = clientsOf(sieve));
  });
  afterAll(async () => { await closeClients(); await sieve.close(); });

  test('a stored comment with no job is queued by a sweep and scored; young comments are left to the normal path; a second sweep queues nothing', async () => {
    const store = new CommentStore(db);
    // The API's accept without its queue add: what a crash right after the commit leaves.
    await store.accept([{ ...comment('lost-1', 'a perfectly nice comment'), createdAt: new Date().toISOString() }, { ...comment('lost-2', 'you absolute idiot'), createdAt: new Date().toISOString() }]);
    const rec = reconcilerFor(sieve, db, redis);
    try {
      expect((await reconcileOnce({ db, queue: rec.queue, webhooks: noWebhooks, afterSeconds: 3600 })).comments).toBe(0);
      const run = await rec.sweep();
      expect(run).toMatchObject({ swept: true });
      expect(run.comments).toBe(2);
      await eventually(async () => ((await unscored(db, ['lost-1', 'lost-2'])) === 0 ? true : undefined), 30_000, 'verdicts');
      const verdicts = await db.selectFrom('comments').select(['id', 'status', 'verdict']).where('id', 'in', ['lost-1', 'lost-2']).orderBy('id').execute();
      expect(verdicts.map((v) => v.status)).toEqual(['scored', 'scored']);
      // Nothing owed now: a second sweep queues nothing.
      expect((await rec.sweep()).comments).toBe(0);
    } finally {
      await rec.close();
    }
  });

  test('only one process sweeps at a time (advisory lock)', async () => {
    const rec = reconcilerFor(sieve, db, redis);
    const other = createDb(sieve.database.url, { max: 1 });
    try {
      await other.transaction().execute(async (tx) => {
        await sql`SELECT pg_advisory_xact_lock(${0x5_1e_7e_0c})`.execute(tx);
        expect((await rec.sweep()).swept).toBe(false);
      });
      expect((await rec.sweep()).swept).toBe(true);
    } finally {
      await other.destroy();
      await rec.close();
    }
  });
});

describe('the webhook outbox', () => {
  let sieve: TestSieve;
  let db: Db;
  let redis: IORedis;
  let closeClients: () => Promise<void>;
  let receiver: Server;
  const received: string[] = [];
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => { received.push(JSON.parse(body).id); res.writeHead(204).end(); });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    sieve = await startSieve({ ...ENV, WEBHOOK_URL: url, WEBHOOK_SECRET: 'whsec-0123456789abcdef', WEBHOOK_BACKOFF_MS: '50' }, { workers: 1 });
    ({ db, redis, close: closeClients } = clientsOf(sieve));
  });
  afterAll(async () => { await closeClients(); await sieve.close(); await new Promise((r) => receiver.close(r)); });

  test('a verdict writes its delivery row in the verdict transaction; a row whose job was lost is re-queued, delivered and marked', async () => {
    const keys = redisKeys(sieve.config.REDIS_PREFIX);
    const publisher = createWebhookPublisher({ connection: redis, keys, config: sieve.config, db });
    const worker = startWebhookWorker({ connection: redis, keys, config: sieve.config, db })!;
    try {
      expect((await sieve.request('POST', '/v1/comments', { key: KEYS.ingest, body: comment('wh-1', 'hello there') })).status).toBe(202);
      const row = await eventually(async () => (await db.selectFrom('webhook_deliveries').selectAll().where('delivered_at', 'is not', null).executeTakeFirst()) ?? undefined, 30_000, 'the verdict webhook delivered and marked');
      expect(row.event).toBe('comment.scored');
      expect(row.attempts).toBe(1);
      expect(received).toContain(row.id);

      // A delivery recorded whose queueing was lost (the crash, or Redis flushed): only the row exists.
      const lost = await publisher.record(db, 'comment.reviewed', 'reviewed:x:1', { comment: { id: 'x' } });
      expect(await publisher.requeueUndelivered(3600)).toBe(0); // too young: left to the normal path
      expect(await publisher.requeueUndelivered(0)).toBe(1);
      await eventually(async () => ((await db.selectFrom('webhook_deliveries').select('delivered_at').where('id', '=', lost!.id).executeTakeFirst())?.delivered_at ? true : undefined), 30_000, 'the lost delivery delivered');
      expect(received.filter((id) => id === lost!.id)).toHaveLength(1);
      expect(await publisher.requeueUndelivered(0)).toBe(0);
    } finally {
      await worker.close();
      await publisher.close();
    }
  });
});

describe('Redis flushed entirely under load', () => {
  let sieve: TestSieve;
  let db: Db;
  let redis: IORedis;
  let closeClients: () => Promise<void>;
  beforeAll(async () => {
    sieve = await startSieve(ENV, { workers: 1 });
    ({ db, redis, close: closeClients } = clientsOf(sieve));
  });
  afterAll(async () => { await closeClients(); await sieve.close(); });

  test('every comment answered 202 still reaches a verdict through the reconciler', async () => {
    const rec = reconcilerFor(sieve, db, redis, { intervalMs: 500, afterSeconds: 1 });
    try {
      const l = load(sieve, 'flush');
      // Waits for work in flight rather than for a time: the machine may be busy.
      await eventually(async () => (l.accepted.length >= 30 ? true : undefined), 60_000, 'comments accepted before the flush');
      const beforeFlush = l.accepted.length;
      await redis.flushall();
      await eventually(async () => (l.accepted.length >= beforeFlush + 30 ? true : undefined), 60_000, 'comments accepted after the flush');
      await l.stop();
      expect(beforeFlush).toBeGreaterThan(0);
      expect(l.accepted.length).toBeGreaterThan(beforeFlush);
      // Some were waiting in the flushed queue with no verdict: their jobs are gone with Redis.
      await eventually(async () => ((await unscored(db, l.accepted)) === 0 ? true : undefined), 90_000, 'a verdict for every accepted comment');
      const rows = await db.selectFrom('comments').select('status').where('id', 'in', l.accepted).execute();
      expect(rows).toHaveLength(l.accepted.length);
    } finally {
      await rec.close();
    }
  });
});

describe('PostgreSQL restarted under load', () => {
  let pg: PrivatePostgres;
  let sieve: TestSieve;
  let db: Db;
  let redis: IORedis;
  let closeClients: () => Promise<void>;
  beforeAll(async () => {
    pg = await startPrivatePostgres();
    sieve = await startSieve({ ...ENV, STORE_TIMEOUT_MS: '1000', LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' }, { workers: 1, database: { url: pg.url(), name: 'sieve', drop: async () => undefined } });
    ({ db, redis, close: closeClients } = clientsOf(sieve, pg.url()));
  });
  afterAll(async () => { await closeClients(); await sieve.close(); await pg.destroy(); });

  test('requests during the outage answer 503 store_unavailable; nothing answered 202 is lost', async () => {
    const rec = reconcilerFor(sieve, db, redis, { intervalMs: 500, afterSeconds: 1 });
    try {
      const l = load(sieve, 'pgr');
      await eventually(async () => (l.accepted.length >= 30 ? true : undefined), 60_000, 'comments accepted before the restart');
      await pg.stop();
      const atStop = l.statuses.length;
      await new Promise((r) => setTimeout(r, 3000));
      const during = l.statuses.slice(atStop + 8); // requests in flight at the stop may have committed first
      await pg.start();
      const atStart = l.accepted.length;
      await eventually(async () => (l.accepted.length >= atStart + 30 ? true : undefined), 60_000, 'comments accepted after the restart');
      await l.stop();
      expect(during.length).toBeGreaterThan(0);
      expect(during.filter((s) => s !== 503 && s !== 202)).toEqual([]);
      expect(l.codes.filter((c) => c !== 'store_unavailable')).toEqual([]);
      expect(l.statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
      expect(l.statuses.slice(-5)).toContain(202); // serving again after the restart
      await eventually(async () => {
        const n = await unscored(db, l.accepted).catch(() => -1);
        return n === 0 ? true : undefined;
      }, 120_000, 'a verdict for every accepted comment');
      const rows = await db.selectFrom('comments').select('id').where('id', 'in', l.accepted).execute();
      expect(rows).toHaveLength(l.accepted.length);
    } finally {
      await rec.close();
    }
  });
});
