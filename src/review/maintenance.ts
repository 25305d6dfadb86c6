/**
 * Periodic review housekeeping, run by a worker process: return expired claims to the queue (reads already do it
 * lazily; this keeps counts and the live page honest when nobody reads), and apply text retention.
 * and make the coming months' partitions of the record (hourly). Every step is a per-item locked transaction (and
 * partitions are made with IF NOT EXISTS), so several processes may run this at once without harm.
 */
import type { Logger } from 'pino';
import { ensurePartitions, type Db } from '../db';
import type { ReviewStore } from './store';

const PARTITIONS_EVERY_MS = 3600 * 1000;

const DAY_MS = 24 * 3600 * 1000;

export interface MaintenanceRun {
  expired: number;
  redacted: number;
}

/** One pass: expired claims back to their queue; text of items decided more than `retentionDays` ago dropped. */
export async function runReviewMaintenance(store: ReviewStore, retentionDays: number): Promise<MaintenanceRun> {
  const expired = await store.expireDueClaims();
  let redacted = 0;
  if (retentionDays > 0) {
    const cutoff = store.clock() - retentionDays * DAY_MS;
    // Batches of 200 until nothing is due, so a backlog (retention just switched on) clears in one pass.
    for (;;) {
      const n = await store.redactDecidedBefore(cutoff);
      redacted += n;
      if (n === 0) break;
    }
  }
  return { expired, redacted };
}

export function startReviewMaintenance(opts: { store: ReviewStore; db?: Db; retentionDays: number; intervalMs?: number; logger?: Logger }) {
  let running: Promise<unknown> = Promise.resolve();
  let partitionsAt = 0;
  const tick = () => {
    const partitions = opts.db && Date.now() - partitionsAt > PARTITIONS_EVERY_MS
      ? ensurePartitions(opts.db).then(() => { partitionsAt = Date.now(); })
      : Promise.resolve();
    running = partitions.then(() => runReviewMaintenance(opts.store, opts.retentionDays)).then(
      (r) => { if (r.expired || r.redacted) opts.logger?.info(r, 'review maintenance'); },
      (err: unknown) => opts.logger?.error({ err }, 'review maintenance failed'),
    );
  };
  const timer = setInterval(tick, opts.intervalMs ?? 5000);
  timer.unref();
  tick();
  return {
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
    },
  };
}
