/**
 * Signed webhooks to the site: on every verdict (`comment.scored`) and every moderator decision
 * (`comment.reviewed`).
 *
 * Outbox: every delivery is first a row of `webhook_deliveries` (PostgreSQL), written in the transaction that makes
 * the event where the caller has one (`record(tx, …)`: the verdict's), then a job in a BullMQ queue (`send`, after
 * the commit); a separate BullMQ worker does the HTTP POST with retries and exponential backoff, and marks the row
 * delivered (or given up after the last attempt). The reconciler (./reconciler.ts) re-queues rows that are
 * neither and have no job, so losing Redis loses no webhook. A slow or dead endpoint never holds up scoring or
 * moderation, and a retried scoring job or a crash between steps never sends two different deliveries for one
 * event: the delivery id (row key and job id) is derived from the event (verdict: comment id; decision: comment
 * id + item version), and the body sent is the stored payload (`payload::text`), the same bytes on every attempt.
 *
 * Signature: `X-Sieve-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`, with
 * `X-Sieve-Timestamp: <unix seconds>`. Signing the timestamp with the body is what makes the timestamp usable
 * against replays; every attempt is signed afresh, so a retry an hour later still passes a 5-minute window.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Db, DbOrTx } from '../db';
import { isStoreUnavailable } from '../redis/connection';
import { QUEUE_NAMES, type RedisKeys } from '../redis/keys';

export const WEBHOOK_HEADERS = {
  signature: 'X-Sieve-Signature',
  timestamp: 'X-Sieve-Timestamp',
  event: 'X-Sieve-Event',
  delivery: 'X-Sieve-Delivery',
} as const;

export const WEBHOOK_EVENTS = ['comment.scored', 'comment.reviewed', 'comment.appeal_decided'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** The body of every delivery. `id` is stable across retries of one event: receivers de-duplicate on it. */
export interface WebhookPayload<D = Record<string, unknown>> {
  id: string;
  type: WebhookEventType;
  createdAt: string;
  data: D;
}

export function signWebhook(secret: string, timestamp: number, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/** Checks a delivery the way a receiver should: constant-time compare, and a timestamp within the tolerance. */
export function verifyWebhookSignature(
  secret: string,
  h: { signature: string | undefined; timestamp: string | undefined; rawBody: string },
  opts: { toleranceSeconds?: number; nowMs?: number } = {},
): boolean {
  const ts = Number(h.timestamp);
  if (!h.signature || !Number.isInteger(ts)) return false;
  const now = Math.floor((opts.nowMs ?? Date.now()) / 1000);
  if (Math.abs(now - ts) > (opts.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, ts, h.rawBody));
  const given = Buffer.from(h.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Delivery id: derived from what the event is about, so re-publishing the same event is a no-op. */
export function deliveryId(eventKey: string): string {
  return `wh_${createHash('sha256').update(eventKey).digest('hex').slice(0, 32)}`;
}

/** A delivery as the queue carries it: the outbox row's id, its event type and the exact body to send. */
export interface WebhookDelivery {
  id: string;
  type: WebhookEventType;
  body: string;
}

export interface WebhookPublisher {
  /**
   * Writes the delivery's outbox row in `tx` (the event's own transaction; idempotent on the delivery id) and
   * returns it for `send` after the commit. Null when webhooks are off. Database errors propagate (they fail the
   * transaction, which is retried as a whole).
   */
  record(tx: DbOrTx, type: WebhookEventType, eventKey: string, data: Record<string, unknown>): Promise<WebhookDelivery | null>;
  /** Queues recorded deliveries; never throws (the reconciler re-queues what could not be queued). */
  send(deliveries: readonly (WebhookDelivery | null)[]): Promise<void>;
  /** record() on its own transaction, then send(); never throws (a webhook problem must not fail a decision). */
  publish(type: WebhookEventType, eventKey: string, data: Record<string, unknown>): Promise<void>;
  /**
   * For the reconciler: outbox rows older than `olderThanSeconds`, neither delivered nor given up, that have no
   * job in Redis, are queued again (a job already finished is reconciled into the row). Returns how many were queued.
   */
  requeueUndelivered(olderThanSeconds: number, tx?: DbOrTx): Promise<number>;
  /**
   * Deliveries in the webhook queue by state, read from Redis (so the API sees what a separate delivery process
   * did): `failed` = gave up after every attempt (kept 30 days), `delayed` = waiting to retry. Null when off.
   */
  counts(): Promise<Record<WebhookDeliveryState, number> | null>;
  close(): Promise<void>;
}

export const WEBHOOK_DELIVERY_STATES = ['waiting', 'delayed', 'active', 'completed', 'failed'] as const;
export type WebhookDeliveryState = (typeof WEBHOOK_DELIVERY_STATES)[number];

/** Used when WEBHOOK_URL is unset. */
export const noWebhooks: WebhookPublisher = {
  record: async () => null, send: async () => undefined, publish: async () => undefined,
  requeueUndelivered: async () => 0, counts: async () => null, close: async () => undefined,
};

type WebhookConfig = Pick<Config, 'WEBHOOK_URL' | 'WEBHOOK_SECRET' | 'WEBHOOK_ATTEMPTS' | 'WEBHOOK_BACKOFF_MS' | 'WEBHOOK_TIMEOUT_MS'>;

const DAY_S = 24 * 3600;

/** Outbox rows the reconciler reads per round trip. */
const REQUEUE_PAGE = 500;

export function createWebhookPublisher(opts: {
  connection: ConnectionOptions;
  keys: RedisKeys;
  config: WebhookConfig;
  /** The outbox's database. */
  db: Db;
  logger?: Logger;
  clock?: () => number;
}): WebhookPublisher {
  if (!opts.config.WEBHOOK_URL) return noWebhooks;
  const clock = opts.clock ?? Date.now;
  const queue = new Queue<WebhookDelivery>(QUEUE_NAMES.webhooks, {
    connection: opts.connection,
    prefix: opts.keys.bullPrefix,
    defaultJobOptions: {
      attempts: opts.config.WEBHOOK_ATTEMPTS,
      backoff: { type: 'exponential', delay: opts.config.WEBHOOK_BACKOFF_MS },
      // Kept a while so a re-published event (same job id) is recognised and dropped, and failures can be inspected.
      removeOnComplete: { age: 7 * DAY_S, count: 10_000 },
      removeOnFail: { age: 30 * DAY_S },
    },
  });
  queue.on('error', (err) => (isStoreUnavailable(err) ? undefined : opts.logger?.error({ err }, 'webhook queue error')));
  const record: WebhookPublisher['record'] = async (tx, type, eventKey, data) => {
    const id = deliveryId(eventKey);
    const payload: WebhookPayload = { id, type, createdAt: new Date(clock()).toISOString(), data };
    // A retried event finds its row: the first payload (and its createdAt) is the one sent.
    const { rows } = await sql<{ body: string }>`
      WITH ins AS (
        INSERT INTO webhook_deliveries (id, event, payload) VALUES (${id}, ${type}, ${JSON.stringify(payload)}::jsonb)
        ON CONFLICT (id) DO NOTHING RETURNING payload)
      SELECT payload::text AS body FROM ins
      UNION ALL SELECT payload::text FROM webhook_deliveries WHERE id = ${id} AND NOT EXISTS (SELECT 1 FROM ins)`.execute(tx);
    return { id, type, body: rows[0]!.body };
  };
  const send: WebhookPublisher['send'] = async (deliveries) => {
    const jobs = deliveries.filter((d): d is WebhookDelivery => d !== null);
    if (jobs.length === 0) return;
    try {
      await queue.addBulk(jobs.map((d) => ({ name: d.type, data: d, opts: { jobId: d.id } })));
    } catch (err) {
      opts.logger?.warn({ err: (err as Error).message, deliveries: jobs.length }, 'could not queue webhooks (the reconciler will)');
    }
  };
  return {
    record,
    send,
    async publish(type, eventKey, data) {
      try {
        await send([await record(opts.db, type, eventKey, data)]);
      } catch (err) {
        opts.logger?.error({ err, type, eventKey }, 'could not record webhook');
      }
    },
    async requeueUndelivered(olderThanSeconds, tx = opts.db) {
      let queued = 0;
      let after = null as { at: Date; id: string } | null;
      for (;;) {
        const { rows } = await sql<{ id: string; event: string; created_at: Date; body: string }>`
          SELECT id, event, created_at, payload::text AS body FROM webhook_deliveries
          WHERE delivered_at IS NULL AND gave_up_at IS NULL AND created_at < now() - make_interval(secs => ${olderThanSeconds})
            AND (${after === null} OR (created_at, id) > (${after?.at ?? new Date(0)}, ${after?.id ?? ''}))
          ORDER BY created_at, id LIMIT ${REQUEUE_PAGE}`.execute(tx);
        if (rows.length === 0) return queued;
        after = { at: rows[rows.length - 1]!.created_at, id: rows[rows.length - 1]!.id };
        const states = await Promise.all(rows.map((r) => queue.getJobState(r.id)));
        const missing = rows.filter((_, i) => states[i] === 'unknown');
        const finished = (state: string) => rows.filter((_, i) => states[i] === state).map((r) => r.id);
        // Rows whose job finished but whose mark was lost (the database was away at that moment).
        const delivered = finished('completed');
        const gaveUp = finished('failed');
        if (delivered.length) await tx.updateTable('webhook_deliveries').set({ delivered_at: sql`now()` }).where('id', 'in', delivered).execute();
        if (gaveUp.length) await tx.updateTable('webhook_deliveries').set({ gave_up_at: sql`now()` }).where('id', 'in', gaveUp).execute();
        if (missing.length) {
          await queue.addBulk(missing.map((r) => ({ name: r.event, data: { id: r.id, type: r.event as WebhookEventType, body: r.body }, opts: { jobId: r.id } })));
          queued += missing.length;
        }
      }
    },
    async counts() {
      return (await queue.getJobCounts(...WEBHOOK_DELIVERY_STATES)) as Record<WebhookDeliveryState, number>;
    },
    close: () => queue.close(),
  };
}

/** The BullMQ worker that POSTs queued deliveries. A non-2xx answer or a timeout fails the attempt (retried). */
export function startWebhookWorker(opts: {
  connection: ConnectionOptions;
  keys: RedisKeys;
  config: WebhookConfig;
  /** The outbox: each delivery's row is marked delivered (or given up) here. */
  db: Db;
  logger?: Logger;
  concurrency?: number;
}): Worker<WebhookDelivery> | null {
  const { WEBHOOK_URL: url, WEBHOOK_SECRET: secret, WEBHOOK_TIMEOUT_MS: timeoutMs } = opts.config;
  if (!url || !secret) return null;
  const worker = new Worker<WebhookDelivery>(
    QUEUE_NAMES.webhooks,
    async (job: Job<WebhookDelivery>) => {
      const timestamp = Math.floor(Date.now() / 1000);
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Sieve-Webhooks/1',
          [WEBHOOK_HEADERS.signature]: signWebhook(secret, timestamp, job.data.body),
          [WEBHOOK_HEADERS.timestamp]: String(timestamp),
          [WEBHOOK_HEADERS.event]: job.data.type,
          [WEBHOOK_HEADERS.delivery]: job.data.id,
        },
        body: job.data.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      // Drain the body so the connection is reused; the content is not ours to interpret.
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) throw new Error(`webhook endpoint answered HTTP ${res.status}`);
      // Marked before the job completes: if the database is away the attempt fails and is retried (the site may
      // get the delivery twice; receivers de-duplicate on its id), never "completed" with the row still owed.
      await opts.db.updateTable('webhook_deliveries')
        .set({ delivered_at: sql`now()`, attempts: sql`attempts + 1`, last_error: null })
        .where('id', '=', job.data.id).execute();
      return { status: res.status };
    },
    { connection: opts.connection, prefix: opts.keys.bullPrefix, concurrency: opts.concurrency ?? 4 },
  );
  worker.on('failed', (job, err) => {
    opts.logger?.warn({ delivery: job?.data.id, type: job?.data.type, attempt: job?.attemptsMade, err: err.message }, 'webhook delivery failed');
    if (!job) return;
    // finishedOn is set when BullMQ gives up (last attempt): the row is no longer owed.
    void opts.db.updateTable('webhook_deliveries')
      .set({ attempts: sql`attempts + 1`, last_error: err.message.slice(0, 500), ...(job.finishedOn ? { gave_up_at: sql`now()` } : {}) })
      .where('id', '=', job.data.id).where('delivered_at', 'is', null).execute()
      .catch(() => undefined);
  });
  worker.on('error', (err) => opts.logger?.error({ err }, 'webhook worker error'));
  return worker;
}
