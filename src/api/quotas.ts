/**
 * Quotas and throttles, the one module that owns them (rate-limiter-flexible over Redis, so every API process
 * counts against the same numbers):
 *
 *  - per API key: requests per second and comments per second (a batch counts each comment). A default for every
 *    key (QUOTA_REQUESTS_PER_SECOND, QUOTA_COMMENTS_PER_SECOND) and per-key overrides by key name (QUOTA_KEYS).
 *    Counted by the key's SHA-256, so a key never appears in Redis; a moderator's session counts against the key
 *    it was made from.
 *  - per IP address on sign-in: SIGNIN_FREE_FAILURES failed sign-ins are free, then each failure makes the
 *    address wait SIGNIN_BACKOFF_SECONDS × 2^(failures beyond the free ones), up to SIGNIN_MAX_BACKOFF_SECONDS.
 *    A successful sign-in clears the address's count.
 *
 * Over a limit the caller gets a QuotaExceeded (429, `Retry-After`, stable code); each route renders it in its own
 * error shape (Google's RESOURCE_EXHAUSTED on the Perspective routes). `sieve_throttled_total` counts them.
 * A Redis failure is not a reason to let traffic through unmetered nor to refuse it silently: it propagates as
 * the store error it is.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config, QuotaOverride } from '../config';
import type { ApiMetrics } from '../ops/metrics';
import type { RedisKeys } from '../redis/keys';

export type QuotaKind = 'requests' | 'comments' | 'signin';

/** Thrown when a caller is over a limit; `retryAfterSeconds` goes into the Retry-After header. */
export class QuotaExceeded extends Error {
  constructor(readonly kind: QuotaKind, readonly retryAfterSeconds: number, message: string) {
    super(message);
    this.name = 'QuotaExceeded';
  }

  /** The stable code of Sieve's own error shape. */
  get code(): 'signin_throttled' | 'quota_exceeded' {
    return this.kind === 'signin' ? 'signin_throttled' : 'quota_exceeded';
  }
}

/** Who a quota counts against: the key's digest (never the key) and its name (what QUOTA_KEYS speaks of). */
export interface QuotaSubject {
  id: string;
  name: string;
}

export type QuotaConfig = Pick<Config,
  'QUOTA_REQUESTS_PER_SECOND' | 'QUOTA_COMMENTS_PER_SECOND' | 'QUOTA_KEYS' | 'SIGNIN_FREE_FAILURES' | 'SIGNIN_BACKOFF_SECONDS' | 'SIGNIN_MAX_BACKOFF_SECONDS'>;

const retryAfter = (msBeforeNext: number) => Math.max(1, Math.ceil(msBeforeNext / 1000));

export function createQuotas(redis: Redis, keys: RedisKeys, config: QuotaConfig, metrics?: Pick<ApiMetrics, 'throttled'>) {
  // One limiter per distinct rate: keys sharing a rate share the limiter object, never the counter.
  const limiters = new Map<string, RateLimiterRedis>();
  const limiter = (kind: 'requests' | 'comments', points: number) => {
    const id = `${kind}:${points}`;
    let l = limiters.get(id);
    if (!l) {
      l = new RateLimiterRedis({ storeClient: redis, keyPrefix: keys.quota(kind), points, duration: 1 });
      limiters.set(id, l);
    }
    return l;
  };
  const limitsOf = (name: string): QuotaOverride => config.QUOTA_KEYS[name] ?? {
    requestsPerSecond: config.QUOTA_REQUESTS_PER_SECOND,
    commentsPerSecond: config.QUOTA_COMMENTS_PER_SECOND,
  };

  const take = async (kind: 'requests' | 'comments', subject: QuotaSubject, n: number, route: string) => {
    const limits = limitsOf(subject.name);
    const points = kind === 'requests' ? limits.requestsPerSecond : limits.commentsPerSecond;
    try {
      await limiter(kind, points).consume(subject.id, n);
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      metrics?.throttled.inc({ limit: kind, route });
      throw new QuotaExceeded(kind, retryAfter(e.msBeforeNext),
        `the key "${subject.name}" is over its quota of ${points} ${kind} per second${kind === 'comments' && n > 1 ? ` (this request has ${n})` : ''}; retry after the Retry-After seconds`);
    }
  };

  // Sign-in: a count of failures per address (kept an hour past the last one) and a block while it must wait.
  const failures = new RateLimiterRedis({ storeClient: redis, keyPrefix: keys.signinFailures, points: Number.MAX_SAFE_INTEGER, duration: 3600 });
  const blocks = new RateLimiterRedis({ storeClient: redis, keyPrefix: keys.signinBlock, points: 1, duration: 1 });

  return {
    /** Counts one request against the key; throws QuotaExceeded over the limit. */
    requests: (subject: QuotaSubject, route: string) => take('requests', subject, 1, route),
    /** Counts `n` comments against the key (a batch as a whole: either all are within the quota or none is taken). */
    comments: (subject: QuotaSubject, n: number, route: string) => take('comments', subject, n, route),

    /** Throws QuotaExceeded while the address must wait after failed sign-ins. */
    async checkSignin(ip: string, route: string): Promise<void> {
      const blocked = await blocks.get(ip);
      if (blocked && blocked.consumedPoints > 1 && blocked.msBeforeNext > 0) {
        metrics?.throttled.inc({ limit: 'signin', route });
        throw new QuotaExceeded('signin', retryAfter(blocked.msBeforeNext), 'too many failed sign-ins from this address; wait the Retry-After seconds before trying again');
      }
    },
    /** Records a failed sign-in; past the free ones the address waits, twice as long after each further failure. */
    async signinFailed(ip: string): Promise<number> {
      const res = await failures.penalty(ip, 1);
      const beyond = res.consumedPoints - config.SIGNIN_FREE_FAILURES;
      if (beyond <= 0) return 0;
      const seconds = Math.min(config.SIGNIN_MAX_BACKOFF_SECONDS, config.SIGNIN_BACKOFF_SECONDS * 2 ** Math.min(beyond - 1, 30));
      await blocks.block(ip, seconds);
      return seconds;
    },
    async signinSucceeded(ip: string): Promise<void> {
      await Promise.all([failures.delete(ip), blocks.delete(ip)]);
    },
  };
}

export type Quotas = ReturnType<typeof createQuotas>;

/** The key a request authenticated with (by API key or by a session made from one), for counting. */
export function subjectOf(res: Response): QuotaSubject | null {
  const auth = res.locals.auth as { via: 'key'; keyDigest: string; actor: { name: string } } | { via: 'session'; session: { keyDigest: string }; actor: { name: string } } | undefined;
  if (!auth) return null;
  return { id: auth.via === 'key' ? auth.keyDigest : auth.session.keyDigest, name: auth.actor.name };
}

/** Middleware: one request against the authenticated key's quota (place it after the auth guard). */
export function requestQuota(quotas: Quotas, route: string): RequestHandler {
  return async (_req, res, next) => {
    const subject = subjectOf(res);
    if (subject) await quotas.requests(subject, route);
    next();
  };
}

/** Runs handlers in order as one (an auth guard, then a quota), passing errors and async rejections to `next`. */
export function chain(...handlers: RequestHandler[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    let i = 0;
    const step = (err?: unknown): void => {
      if (err) return next(err);
      const h = handlers[i++];
      if (!h) return next();
      try {
        const r = h(req, res, step) as unknown;
        if (r && typeof (r as Promise<unknown>).then === 'function') (r as Promise<unknown>).catch(next);
      } catch (e) {
        next(e);
      }
    };
    step();
  };
}
