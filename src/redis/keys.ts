/**
 * Redis key names and queue names: the one module that spells them. Nothing else builds a key string.
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
    /** Hash: one stored comment (fields: data, status, result, acceptedAt, scoredAt, ...). */
    comment: (id: string) => k('comment', id),
    /** Sorted set: comment ids of a thread, scored by created-at (ms) = thread order. */
    thread: (threadId: string) => k('thread', threadId),
    /** Sorted set: comment ids by one author, scored by created-at (ms). */
    author: (authorId: string) => k('author', authorId),
    /** Counter per verdict (for /metrics and the dashboard). */
    verdictCount: (verdict: string) => k('stats', 'verdict', verdict),

    // --- review store: items, their queues and history, the audit log
    /** Hash: one review item (state, priority, claimedBy, leaseUntil, ...). */
    reviewItem: (id: string) => k('review', 'item', id),
    /** Sorted set per state: item ids ordered for moderators (highest priority, then oldest, first). */
    reviewState: (state: string) => k('review', 'state', state),
    /** Sorted set: claimed items by lease expiry (ms), so expired claims can be returned to pending. */
    reviewLeases: k('review', 'leases'),
    /** List: the item's history (JSON entries, append-only). */
    reviewHistory: (id: string) => k('review', 'history', id),
    /** Stream: the audit log across items (append-only). */
    audit: k('audit'),
    /** Pub/sub channel: review queue changes (for live moderator pages). */
    reviewEvents: k('review', 'events'),
    /** Set: review item ids having one facet value (facet: label | slur | thread | author), for list filters. */
    reviewIndex: (facet: string, value: string) => k('review', 'by', facet, value),
    /** Sorted set: decided item ids by decision time (ms); the text-retention sweep reads it. */
    reviewRetention: k('review', 'retention'),

    // --- the site's own lexicon terms
    /** Hash: site-added lexicon terms, term -> JSON entry. */
    siteLexicon: k('lexicon', 'site'),
    /** Pub/sub channel: the site lexicon changed; workers reload it. */
    lexiconEvents: k('lexicon', 'events'),

    // --- moderator workspace sessions
    /** String (JSON, with expiry): one signed-in browser session, keyed by the SHA-256 of its cookie token. */
    session: (tokenDigest: string) => k('session', tokenDigest),
    /** Sorted set: every live session's token digest, scored by its expiry (ms); revoked keys' sessions are found here. */
    sessionIndex: k('sessions'),
    /** Set (expires with its session): review item ids claimed through one session, released when it ends. */
    sessionClaims: (tokenDigest: string) => k('session', tokenDigest, 'claims'),

    // --- Perspective-compatible API (issue #10)
    /** Stream: score suggestions sent to `comments:suggestscore` (labelled examples for calibration). */
    perspectiveSuggestions: k('perspective', 'suggestions'),

    // --- quotas and throttles (issue #15); rate-limiter-flexible appends `:<id>` to these prefixes
    /** Prefix of the per-key (digest) counters of one quota: `requests` or `comments`. */
    quota: (kind: 'requests' | 'comments') => k('quota', kind),
    /** Prefix of the per-IP failed sign-in counters and of the per-IP sign-in back-off blocks. */
    signinFailures: k('throttle', 'signin', 'failures'),
    signinBlock: k('throttle', 'signin', 'block'),
  };
}

export type RedisKeys = ReturnType<typeof redisKeys>;
