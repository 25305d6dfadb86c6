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
    private readonly keys: Pick<RedisKeys, 'session'>,
    readonly ttlSeconds: number,
    private readonly clock: () => number = Date.now,
  ) {}

  async create(keyDigest: string): Promise<NewSession> {
    const token = newToken();
    const now = this.clock();
    const record: SessionRecord = {
      keyDigest,
      csrfToken: newToken(),
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + this.ttlSeconds * 1000).toISOString(),
    };
    await this.redis.set(this.keys.session(sha256Hex(token)), JSON.stringify(record), 'EX', this.ttlSeconds);
    return { token, record };
  }

  /** The live session for a cookie value, or null (unknown, expired, or not a token we could have made). */
  async get(token: string): Promise<SessionRecord | null> {
    if (!TOKEN_PATTERN.test(token)) return null;
    const raw = await this.redis.get(this.keys.session(sha256Hex(token)));
    if (!raw) return null;
    try {
      return JSON.parse(raw) as SessionRecord;
    } catch {
      return null;
    }
  }

  async delete(token: string): Promise<void> {
    if (TOKEN_PATTERN.test(token)) await this.redis.del(this.keys.session(sha256Hex(token)));
  }
}
