/**
 * The reconciler: Redis is not a durability dependency. PostgreSQL is the record; a BullMQ job is only "work to
 * do", and it can be lost — a crash between the accept's commit and the queue add, Redis flushed or replaced.
 * Every RECONCILE_INTERVAL_MS one process (a PostgreSQL advisory lock taken for the sweep's transaction: any
 * number of webhook processes may run this, one sweeps at a time) looks at
 *
 *  - every stored comment still `queued` (no verdict) accepted more than RECONCILE_AFTER_SECONDS ago (the
 *    `comments_unscored` partial index): no job → queued again (job id = comment id, so a job that exists is
 *    never doubled); a job that finished without a verdict reaching the record (failed for good while the
 *    database was away) → removed and queued again;
 *  - every webhook outbox row neither delivered nor given up, older than the same age: no job → queued again.
 *
 * What it does not race: the normal path queues within milliseconds, and a waiting job is left alone, so on a
 * healthy system a sweep queues nothing. After a Redis loss the first sweep queues everything owed.
 */
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Db } from '../db';
import type { ScoringQueue } from '../queue/scoring-queue';
import type { WebhookPublisher } from './webhooks';

/** pg advisory lock key of the sweep ('sieve' + 'rc'); any constant shared by every process works. */
export const RECONCILER_LOCK = 0x5_1e_7e_0c;
/** Comments read per round trip. */
const PAGE = 1000;

export interface ReconcileRun {
  /** False when another process held the lock (it is sweeping). */
  swept: boolean;
  comments: number;
  webhooks: number;
}

export interface ReconcilerDeps {
  db: Db;
  queue: ScoringQueue;
  webhooks: WebhookPublisher;
  afterSeconds: number;
}

/** One sweep (see the header). */
export async function reconcileOnce(deps: ReconcilerDeps): Promise<ReconcileRun> {
  return deps.db.transaction().execute(async (tx) => {
    const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(${RECONCILER_LOCK}) AS locked`.execute(tx);
    if (!rows[0]?.locked) return { swept: false, comments: 0, webhooks: 0 };
    let comments = 0;
    let after: { at: Date; id: string } | null = null;
    for (;;) {
      let q = tx.selectFrom('comments').select(['id', 'accepted_at']).where('status', '=', 'queued')
        .where('accepted_at', '<', sql<Date>`now() - make_interval(secs => ${deps.afterSeconds})`);
      if (after) {
        const a = after;
        q = q.where((eb) => eb.or([eb('accepted_at', '>', a.at), eb.and([eb('accepted_at', '=', a.at), eb('id', '>', a.id)])]));
      }
      const page = await q.orderBy('accepted_at').orderBy('id').limit(PAGE).execute();
      if (page.length === 0) break;
      after = { at: page[page.length - 1]!.accepted_at, id: page[page.length - 1]!.id };
      comments += await deps.queue.requeue(page.map((r) => r.id));
    }
    const webhooks = await deps.webhooks.requeueUndelivered(deps.afterSeconds, tx);
    return { swept: true, comments, webhooks };
  });
}

/** Runs reconcileOnce every `intervalMs` (0 = never; `sweep()` runs one on demand). */
export function startReconciler(deps: ReconcilerDeps & { intervalMs: number; logger?: Logger }) {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const tick = () => {
    if (busy) return;
    busy = true;
    running = reconcileOnce(deps).then(
      (r) => { if (r.comments || r.webhooks) deps.logger?.warn(r, 'reconciler queued work that had no job (lost from Redis)'); },
      (err: unknown) => deps.logger?.warn({ err: (err as Error).message }, 'reconciler sweep failed (retried next interval)'),
    ).finally(() => { busy = false; });
  };
  const timer = deps.intervalMs > 0 ? setInterval(tick, deps.intervalMs) : undefined;
  timer?.unref();
  if (timer) tick();
  return {
    sweep: () => reconcileOnce(deps),
    /** Waits for a sweep in progress, at most `waitMs` (one stuck on an unreachable Redis is abandoned). */
    async stop(waitMs = 5000): Promise<void> {
      clearInterval(timer);
      let t: NodeJS.Timeout | undefined;
      await Promise.race([running, new Promise((r) => { t = setTimeout(r, waitMs); })]);
      clearTimeout(t);
    },
  };
}
