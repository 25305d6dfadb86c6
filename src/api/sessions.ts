/**
 * Browser sessions for the moderator workspace: a moderator signs in once with an API key and the browser then
 * carries an HttpOnly cookie instead (EventSource cannot send an Authorization header, and a key kept in page
 * script would be readable by any script that ever ran there).
 *
 * Redis holds, per session and with an expiry, the SHA-256 of the key it was made from and a CSRF token. The
 * Redis key is the SHA-256 of the cookie's token, so a copy of Redis hands out no live cookie. Who acts is
 * looked up from API_KEYS on every request, so removing or re-roling a key ends or changes its sessions at once.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RedisKeys } from '../redis/keys';

export interface SessionRecord {
  /** SHA-256 (hex) of the API key the moderator signed in with. */
  keyDigest: string;
  /** Sent back in X-Sieve-CSRF on every state-changing request made with this session. */
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
  /** Who signed in (the key's name when the session was made): the holder of the claims made through it. */
  actor?: string;
}

export interface NewSession {
  /** The cookie value: only the browser ever holds it. */
  token: string;
  record: SessionRecord;
}

/** 256 bits, URL-safe: a cookie value that cannot be guessed. */
const newToken = () => randomBytes(32).toString('base64url');
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
export const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');

export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Pick<RedisKeys, 'session' | 'sessionIndex' | 'sessionClaims'>,
    readonly ttlSeconds: number,
    private readonly clock: () => number = Date.now,
  ) {}

  async create(keyDigest: string, actor?: string): Promise<NewSession> {
    const token = newToken();
    const now = this.clock();
    const expiresMs = now + this.ttlSeconds * 1000;
    const record: SessionRecord = {
      keyDigest,
      csrfToken: newToken(),
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(expiresMs).toISOString(),
      ...(actor ? { actor } : {}),
    };
    const digest = sha256Hex(token);
    await this.redis.multi()
      .set(this.keys.session(digest), JSON.stringify(record), 'EX', this.ttlSeconds)
      .zadd(this.keys.sessionIndex, expiresMs, digest)
      .zremrangebyscore(this.keys.sessionIndex, '-inf', now)
      .exec();
    return { token, record };
  }

  /** The live session for a cookie value, or null (unknown, expired, or not a token we could have made). */
  async get(token: string): Promise<SessionRecord | null> {
    if (!TOKEN_PATTERN.test(token)) return null;
    return this.byDigest(sha256Hex(token));
  }

  private async byDigest(digest: string): Promise<SessionRecord | null> {
    const raw = await this.redis.get(this.keys.session(digest));
    if (!raw) return null;
    try {
      return JSON.parse(raw) as SessionRecord;
    } catch {
      return null;
    }
  }

  /** Ends a session: its record, its place in the index and its list of claims go. */
  async end(digest: string): Promise<void> {
    await this.redis.multi()
      .del(this.keys.session(digest), this.keys.sessionClaims(digest))
      .zrem(this.keys.sessionIndex, digest)
      .exec();
  }

  async delete(token: string): Promise<void> {
    if (TOKEN_PATTERN.test(token)) await this.end(sha256Hex(token));
  }

  /** Review items claimed through the session (some may have been released or decided since). */
  claims(digest: string): Promise<string[]> {
    return this.redis.smembers(this.keys.sessionClaims(digest));
  }

  /** Remembers that `itemId` was claimed through this session; the note expires with the session. */
  async trackClaim(token: string, record: SessionRecord, itemId: string): Promise<void> {
    const key = this.keys.sessionClaims(sha256Hex(token));
    await this.redis.multi().sadd(key, itemId).pexpireat(key, Date.parse(record.expiresAt)).exec();
  }

  /** Live sessions made from keys no longer configured (`known` = digests of today's keys), with their records. */
  async revoked(known: ReadonlySet<string>): Promise<{ digest: string; record: SessionRecord }[]> {
    await this.redis.zremrangebyscore(this.keys.sessionIndex, '-inf', this.clock());
    const out: { digest: string; record: SessionRecord }[] = [];
    for (const digest of await this.redis.zrange(this.keys.sessionIndex, 0, -1)) {
      const record = await this.byDigest(digest);
      if (record && !known.has(record.keyDigest)) out.push({ digest, record });
    }
    return out;
  }
}
