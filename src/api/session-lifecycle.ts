/**
 * When a workspace session ends, everything it holds ends with it:
 *  - its live-event streams (GET /v1/review/events) close: at once on sign-out in this process, at the session's
 *    expiry time, and within `checkMs` when the session is gone for any other reason (signed out through another
 *    API process, or its key removed from API_KEYS);
 *  - its claims: a claim made through a session never outlives it (the lease is capped at the session's expiry),
 *    signing out releases every item claimed through it, and at start-up the API ends the sessions of keys no
 *    longer in API_KEYS and releases their claims.
 */
import type { Request } from 'express';
import type { Logger } from 'pino';
import type { Actor } from '../domain/actor';
import { isStoreUnavailable } from '../redis/connection';
import type { ReviewService } from '../review/service';
import type { Authenticated, Authenticator } from './auth';
import { sha256Hex, type SessionStore } from './sessions';

export interface SessionLifecycleDeps {
  auth: Authenticator;
  sessions: SessionStore;
  review: ReviewService;
  /** Digests of the configured API keys (a session made from any other key is revoked). */
  knownKeyDigests: ReadonlySet<string>;
  logger?: Logger;
  /** How often an open stream re-checks its session (ms). */
  checkMs?: number;
}

export class SessionLifecycle {
  private readonly streams = new Map<string, Set<() => void>>();
  private readonly checkMs: number;

  constructor(private readonly deps: SessionLifecycleDeps) {
    this.checkMs = deps.checkMs ?? 5000;
  }

  /** Limits a claim or extension made with `auth` to its session's lifetime (undefined for API keys). */
  notAfter(auth: Authenticated | undefined): number | undefined {
    return auth?.via === 'session' ? Date.parse(auth.session.expiresAt) : undefined;
  }

  /** Notes an item claimed through a session, so signing out releases it. */
  async claimed(auth: Authenticated | undefined, itemId: string): Promise<void> {
    if (auth?.via === 'session') await this.deps.sessions.trackClaim(auth.token, auth.session, itemId);
  }

  /**
   * Calls `end` when the session behind a stream ends; returns the function that stops watching (call it when the
   * stream closes for any other reason). Streams opened with an API key are not watched: a key ends with its process.
   */
  watchStream(req: Request, auth: Authenticated | undefined, end: () => void): () => void {
    if (auth?.via !== 'session') return () => undefined;
    const digest = sha256Hex(auth.token);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      stop();
      end();
    };
    const set = this.streams.get(digest) ?? new Set();
    set.add(finish);
    this.streams.set(digest, set);
    const expiry = setTimeout(finish, Math.max(0, Date.parse(auth.session.expiresAt) - Date.now()));
    const check = setInterval(() => {
      // A session we cannot look up because Redis is away is not known to be over: keep the stream until we know.
      this.deps.auth.authenticate(req).then((again) => { if (!again) finish(); }, () => undefined);
    }, this.checkMs);
    const stop = () => {
      done = true;
      clearTimeout(expiry);
      clearInterval(check);
      set.delete(finish);
      if (set.size === 0) this.streams.delete(digest);
    };
    return stop;
  }

  /** Signs a session out: releases what was claimed through it, ends its record, closes its streams here. */
  async signOut(token: string, actor: Actor): Promise<void> {
    const digest = sha256Hex(token);
    await this.releaseAll(await this.deps.sessions.claims(digest), actor, 'signed out');
    await this.deps.sessions.end(digest);
    for (const end of [...(this.streams.get(digest) ?? [])]) end();
  }

  /** At start-up: sessions made from keys that are no longer configured end, and their claims are released. */
  async endRevoked(): Promise<number> {
    const revoked = await this.deps.sessions.revoked(this.deps.knownKeyDigests);
    for (const { digest, record } of revoked) {
      // The key is gone, so its name is known only from the session record.
      if (record.actor) await this.releaseAll(await this.deps.sessions.claims(digest), { name: record.actor, role: 'moderator' }, 'key revoked');
      await this.deps.sessions.end(digest);
    }
    if (revoked.length > 0) this.deps.logger?.info({ sessions: revoked.length }, 'ended the sessions of keys no longer in API_KEYS');
    return revoked.length;
  }

  get openStreams(): number {
    let n = 0;
    for (const s of this.streams.values()) n += s.size;
    return n;
  }

  private async releaseAll(ids: readonly string[], actor: Actor, note: string): Promise<void> {
    for (const id of ids) {
      // Refused (already decided, released, expired, taken by someone else since): nothing of this session's to
      // release. Redis being away is not a refusal: the sign-out fails (503) and can be tried again.
      await this.deps.review.release(id, actor, note).catch((err: unknown) => {
        if (isStoreUnavailable(err)) throw err;
      });
    }
  }
}
