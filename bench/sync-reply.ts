/**
 * `npm run bench:sync-reply` — how a waiting API learns that a worker finished a job, three ways, with a worker
 * that does no work (so only the mechanism is timed): 500 jobs one after another, then 1,000 at 100 jobs/s.
 *
 *   events   — BullMQ QueueEvents, listening for `completed:<jobId>` registered before the job is added (Sieve's way)
 *   wait     — BullMQ's job.waitUntilFinished(queueEvents) after the add (registers, then polls the job once)
 *   pubsub   — the worker publishes the result on a Redis channel the API subscribed to (hand-written)
 *
 * A private redis-server in a temp dir; everything in this one process, so the figures include no HTTP.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, QueueEvents, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { ensurePrivateRedis } from '../src/cli/private-redis';

type Mode = 'events' | 'wait' | 'pubsub';
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function run(url: string, mode: Mode): Promise<{ seq: number[]; rate: number[] }> {
  const prefix = `reply-${mode}`;
  const connection = { url, maxRetriesPerRequest: null };
  const queue = new Queue('q', { connection, prefix });
  queue.setMaxListeners(0);
  const events = new QueueEvents('q', { connection, prefix });
  events.setMaxListeners(0);
  await events.waitUntilReady();
  const pub = new IORedis(url);
  const sub = new IORedis(url);
  const waiting = new Map<string, () => void>();
  await sub.subscribe(`${prefix}:replies`);
  sub.on('message', (_c, id) => waiting.get(id)?.());
  const worker = new Worker('q', async (job) => {
    if (mode === 'pubsub') await pub.publish(`${prefix}:replies`, job.id!);
    return { ok: true };
  }, { connection, prefix, concurrency: 32 });
  await worker.waitUntilReady();
  const bus = events as unknown as NodeJS.EventEmitter;
  const opts = { removeOnComplete: true, removeOnFail: true, lifo: true };

  const one = async (): Promise<number> => {
    const id = randomUUID();
    const t = performance.now();
    if (mode === 'wait') {
      const job = await queue.add('j', {}, { ...opts, removeOnComplete: { count: 1000 }, jobId: id });
      await job.waitUntilFinished(events, 10_000);
    } else {
      await new Promise<void>((resolve) => {
        if (mode === 'events') bus.once(`completed:${id}`, () => resolve());
        else waiting.set(id, () => { waiting.delete(id); resolve(); });
        void queue.add('j', {}, { ...opts, jobId: id });
      });
    }
    return performance.now() - t;
  };

  for (let i = 0; i < 50; i++) await one(); // warm-up
  const seq: number[] = [];
  for (let i = 0; i < 500; i++) seq.push(await one());
  const rate: number[] = [];
  const start = performance.now();
  const all: Promise<void>[] = [];
  for (let i = 0; i < 1000; i++) {
    const due = start + i * 10;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    all.push(one().then((ms) => { rate.push(ms); }));
  }
  await Promise.all(all);
  await worker.close();
  await events.close();
  await queue.close();
  sub.disconnect();
  pub.disconnect();
  return { seq: seq.sort((a, b) => a - b), rate: rate.sort((a, b) => a - b) };
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'sieve-bench-reply-'));
  const redis = await ensurePrivateRedis(dataDir);
  const load = loadavg()[0]!.toFixed(1);
  const rows: string[] = [];
  try {
    for (const mode of ['events', 'wait', 'pubsub'] as Mode[]) {
      const r = await run(redis.url, mode);
      const f = (x: number) => x.toFixed(1);
      rows.push(`| ${mode} | ${f(percentile(r.seq, 50))} / ${f(percentile(r.seq, 99))} | ${f(percentile(r.rate, 50))} / ${f(percentile(r.rate, 99))} |`);
    }
  } finally {
    await redis.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.stdout.write([
    `add → reply, a worker doing nothing; ${cpus().length} CPUs, load average ${load} before the run (shared machine)`,
    '',
    '| mechanism | one at a time p50 / p99 (ms) | 100 jobs/s p50 / p99 (ms) |',
    '|---|---:|---:|',
    ...rows,
  ].join('\n') + '\n');
  process.exit(0);
}

void main();
