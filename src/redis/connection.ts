import IORedis, { type Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';

/**
 * Two kinds of Redis connection, because the API and the workers want opposite things while Redis is away.
 *
 * Workers (and BullMQ Workers, which require it on the connections they block on): `maxRetriesPerRequest: null`
 * with the offline queue on, so a Redis restart makes commands wait and retry instead of failing accepted work.
 */
export function createRedis(url: string, extra: RedisOptions = {}): Redis {
  return new IORedis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    ...extra,
  });
}

/**
 * The API's connections fail fast instead (BullMQ's own advice for a Queue behind a REST API): a request must get
 * a quick, clear 503 while Redis is unreachable, and nothing it was told failed may be written later.
 *  - `enableOfflineQueue: false`: while not connected a command fails at once instead of being queued and sent
 *    when Redis returns;
 *  - `maxRetriesPerRequest: 0` and `autoResendUnfulfilledCommands: false`: commands in flight when the connection
 *    drops fail at once and are never re-sent after the reconnect;
 *  - `commandTimeout`: a Redis that accepts the connection but does not answer (hung, partitioned) fails a
 *    command after `timeoutMs` (STORE_TIMEOUT_MS);
 *  - reconnect attempts every 100–500 ms, so the API serves again within half a second of Redis returning.
 */
export function createFailFastRedis(url: string, timeoutMs: number, extra: RedisOptions = {}): Redis {
  return new IORedis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: timeoutMs,
    enableReadyCheck: true,
    retryStrategy: (attempt) => Math.min(attempt * 100, 500),
    ...extra,
  });
}

/** Options for a connection duplicated from a fail-fast one that must wait instead (a pub/sub subscriber). */
export const WAITING_OPTIONS: RedisOptions = {
  enableOfflineQueue: true,
  maxRetriesPerRequest: null,
  autoResendUnfulfilledCommands: true,
  commandTimeout: undefined,
};

const UNAVAILABLE = /Stream isn't writeable|Connection is closed|Command timed out|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|^LOADING|^BUSY|^MISCONF|^READONLY|^MASTERDOWN|^TRYAGAIN/;

/**
 * Whether an error means "Redis is not there (or not taking writes) right now" rather than a bug or bad input:
 * the API answers these with 503 `store_unavailable`.
 */
export function isStoreUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'MaxRetriesPerRequestError' || err.name === 'StoreTimeoutError') return true;
  return UNAVAILABLE.test(err.message);
}

/** A write the store refused because it reached Redis after the caller had already given up on it. */
export class StoreTimeoutError extends Error {
  constructor(what: string) {
    super(`${what} reached Redis after its deadline and was not written`);
    this.name = 'StoreTimeoutError';
  }
}

/**
 * Logs a connection going away and coming back once each (not one line per reconnect attempt), so an outage reads
 * as two lines: "Redis unreachable: <what> paused" and "Redis back: <what> resumed".
 */
export function logConnectionState(redis: Redis, logger: Pick<Logger, 'warn' | 'info'>, what: string): void {
  let down = false;
  const lost = () => {
    if (down) return;
    down = true;
    logger.warn({ redis: what }, `Redis unreachable: ${what} paused until it is back`);
  };
  redis.on('reconnecting', lost); // not on a deliberate quit: that ends the connection without reconnecting
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info({ redis: what }, `Redis back: ${what} resumed`);
  });
}
