/**
 * Signed webhooks to the site: on every verdict (`comment.scored`) and every moderator decision
 * (`comment.reviewed`).
 *
 * Publishing only adds a job to a BullMQ queue (one Redis write); a separate BullMQ worker does the HTTP POST
 * with retries and exponential backoff. So a slow or dead endpoint never holds up scoring or moderation, and a
 * retried scoring job or a crash between steps never sends two different deliveries for one event: the job id
 * is derived from the event (verdict: comment id; decision: comment id + item version).
 *
 * Signature: `X-Sieve-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`, with
 * `X-Sieve-Timestamp: <unix seconds>`. Signing the timestamp with the body is what makes the timestamp usable
 * against replays; every attempt is signed afresh, so a retry an hour later still passes a 5-minute window.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { Config } from '../config';
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

interface WebhookJobData {
  id: string;
  type: WebhookEventType;
  /** The exact body sent on every attempt (so the signature covers the same bytes each time). */
  body: string;
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

export interface WebhookPublisher {
  /** Queues one delivery; never throws (a webhook problem must not fail scoring or a decision). */
  publish(type: WebhookEventType, eventKey: string, data: Record<string, unknown>): Promise<void>;
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
export const noWebhooks: WebhookPublisher = { publish: async () => undefined, counts: async () => null, close: async () => undefined };

type WebhookConfig = Pick<Config, 'WEBHOOK_URL' | 'WEBHOOK_SECRET' | 'WEBHOOK_ATTEMPTS' | 'WEBHOOK_BACKOFF_MS' | 'WEBHOOK_TIMEOUT_MS'>;

const DAY_S = 24 * 3600;

export function createWebhookPublisher(opts: {
  connection: ConnectionOptions;
  keys: RedisKeys;
  config: WebhookConfig;
  logger?: Logger;
  clock?: () => number;
}): WebhookPublisher {
  if (!opts.config.WEBHOOK_URL) return noWebhooks;
  const clock = opts.clock ?? Date.now;
  const queue = new Queue<WebhookJobData>(QUEUE_NAMES.webhooks, {
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
  return {
    async publish(type, eventKey, data) {
      const id = deliveryId(eventKey);
      const payload: WebhookPayload = { id, type, createdAt: new Date(clock()).toISOString(), data };
      try {
        await queue.add(type, { id, type, body: JSON.stringify(payload) }, { jobId: id });
      } catch (err) {
        opts.logger?.error({ err, type, eventKey }, 'could not queue webhook');
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
  logger?: Logger;
  concurrency?: number;
}): Worker<WebhookJobData> | null {
  const { WEBHOOK_URL: url, WEBHOOK_SECRET: secret, WEBHOOK_TIMEOUT_MS: timeoutMs } = opts.config;
  if (!url || !secret) return null;
  const worker = new Worker<WebhookJobData>(
    QUEUE_NAMES.webhooks,
    async (job: Job<WebhookJobData>) => {
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
      return { status: res.status };
    },
    { connection: opts.connection, prefix: opts.keys.bullPrefix, concurrency: opts.concurrency ?? 4 },
  );
  worker.on('failed', (job, err) =>
    opts.logger?.warn({ delivery: job?.data.id, type: job?.data.type, attempt: job?.attemptsMade, err: err.message }, 'webhook delivery failed'));
  worker.on('error', (err) => opts.logger?.error({ err }, 'webhook worker error'));
  return worker;
}
