import IORedis, { type Redis, type RedisOptions } from 'ioredis';

/**
 * A Redis connection for Sieve's own commands and for BullMQ.
 * BullMQ requires `maxRetriesPerRequest: null` on connections its workers block on; we use it everywhere so a
 * Redis restart makes commands wait and retry instead of failing accepted work.
 */
export function createRedis(url: string, extra: RedisOptions = {}): Redis {
  return new IORedis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    ...extra,
  });
}
