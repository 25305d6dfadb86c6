/**
 * Redis key names and queue names: the one module that spells them. Nothing else builds a key string.
 *
 * Redis holds what is transient: BullMQ queues, rate limits, live-event channels, sessions, counters for /metrics.
 * The record (comments, verdicts, review items, the audit log) is in PostgreSQL (src/db).
 *
 * All keys share REDIS_PREFIX so several Sieve deployments (or test runs) can share one Redis.
 */
export const QUEUE_NAMES = {
  /** One job per accepted comment; job id = comment id. */
  scoring: 'scoring',
  /** Signed webhook deliveries to the site. */
  webhooks: 'webhooks',
  /**
   * Synchronous scoring (Perspective-compatible API, Coral phase): a queue of its own, worked by its own BullMQ
   * worker slots in every scoring process, so a waiting caller never queues behind the ingest backlog.
   */
  scoringSync: 'scoring-sync',
} as const;

export function redisKeys(prefix: string) {
  const k = (...parts: string[]) => [prefix, ...parts].join(':');
  return {
    /** BullMQ's own prefix: its keys live under `<prefix>:bull:<queue>:...`. */
    bullPrefix: k('bull'),
    /** Counter per verdict (for /metrics and the dashboard; moved once per comment, after its verdict committed). */
    verdictCount: (verdict: string) => k('stats', 'verdict', verdict),

    // --- review: live events only (items, history and the audit log are in PostgreSQL)
    /** Pub/sub channel: review queue changes (for live moderator pages). */
    reviewEvents: k('review', 'events'),

    // --- the site's own lexicon terms
    /** Hash: site-added lexicon terms, term -> JSON entry. */
    siteLexicon: k('lexicon', 'site'),
    /** Pub/sub channel: the site lexicon changed; workers reload it. */
    lexiconEvents: k('lexicon', 'events'),

    // --- learning from moderators (issue #13)
    /** Pub/sub channel: an admin accepted or reverted a threshold; workers reload the thresholds in force. */
    policyEvents: k('policy', 'events'),

    // --- moderator workspace sessions
    /** String (JSON, with expiry): one signed-in browser session, keyed by the SHA-256 of its cookie token. */
    session: (tokenDigest: string) => k('session', tokenDigest),
    /** Sorted set: every live session's token digest, scored by its expiry (ms); revoked keys' sessions are found here. */
    sessionIndex: k('sessions'),
    /** Set (expires with its session): review item ids claimed through one session, released when it ends. */
    sessionClaims: (tokenDigest: string) => k('session', tokenDigest, 'claims'),

    // --- Perspective-compatible API (issue #10)

    // --- quotas and throttles (issue #15); rate-limiter-flexible appends `:<id>` to these prefixes
    /** Prefix of the per-key (digest) counters of one quota: `requests` or `comments`. */
    quota: (kind: 'requests' | 'comments') => k('quota', kind),
    /** Prefix of the per-IP failed sign-in counters and of the per-IP sign-in back-off blocks. */
    signinFailures: k('throttle', 'signin', 'failures'),
    signinBlock: k('throttle', 'signin', 'block'),
  };
}

export type RedisKeys = ReturnType<typeof redisKeys>;
