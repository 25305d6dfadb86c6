/**
 * Who is calling. Scripts and the site use API keys: `Authorization: Bearer <key>`. The moderator workspace
 * (a browser) signs in once with a key and then carries a session cookie (src/api/sessions.ts); both pass the
 * same role checks. Keys are compared by SHA-256 digest in constant time, so neither a timing side channel nor a
 * key held in a log line of ours gives a key away.
 *
 * Cookies are sent by the browser on its own, so a state-changing request authenticated by the cookie must also
 * carry the session's CSRF token in `X-Sieve-CSRF`: a page on another site can neither read that token nor set
 * a custom header without a CORS preflight we never allow. SameSite=Strict on the cookie is the second guard.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { ApiKey, Role } from '../config';
import type { Actor } from '../domain/actor';
import { sectionAllowed } from '../domain/sections';
import { ApiError } from './errors';
import type { SessionRecord, SessionStore } from './sessions';

export type { Actor };

export type Authenticated =
  | { via: 'key'; actor: Actor; keyDigest: string }
  | { via: 'session'; actor: Actor; token: string; session: SessionRecord };

export interface AuthOptions {
  /** Where browser sessions live; without it only API keys authenticate. */
  sessions?: SessionStore;
  /** SESSION_COOKIE_SECURE: `auto` = Secure when the request came over TLS. */
  cookieSecure?: 'auto' | 'true' | 'false';
}

export const CSRF_HEADER = 'X-Sieve-CSRF';
/** Over TLS the cookie gets the `__Host-` prefix: the browser then refuses it unless Secure, Path=/, no Domain. */
const COOKIE_NAME = { plain: 'sieve_session', secure: '__Host-sieve_session' } as const;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const digest = (s: string) => createHash('sha256').update(s).digest();

function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/** One cookie's value from the Cookie header (no library: we read one name we set ourselves). */
function readCookie(req: Request, name: string): string | null {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export function createAuthenticator(keys: readonly ApiKey[], opts: AuthOptions = {}) {
  const table = keys.map((k) => ({ digest: digest(k.key), actor: { name: k.name, role: k.role, ...(k.sections ? { sections: k.sections } : {}) } as Actor }));
  const byHex = new Map(table.map((e) => [e.digest.toString('hex'), e.actor]));

  /** The key's table entry, compared in constant time; null for an unknown key. */
  const lookupKey = (key: string): { actor: Actor; keyDigest: string } | null => {
    const d = digest(key);
    let found: Actor | null = null;
    for (const entry of table) if (timingSafeEqual(entry.digest, d)) found = entry.actor;
    return found ? { actor: found, keyDigest: d.toString('hex') } : null;
  };

  /** The key in `Authorization: Bearer <key>`, looked up; null when absent or unknown. */
  const bearer = (req: Request) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    return m ? lookupKey(m[1]!) : null;
  };
  const identify = (req: Request): Actor | null => bearer(req)?.actor ?? null;

  /** Whether the browser reached us over TLS: directly, or through a proxy that says so. */
  const isSecure = (req: Request): boolean => {
    if (opts.cookieSecure === 'true') return true;
    if (opts.cookieSecure === 'false') return false;
    const forwarded = String(req.get('x-forwarded-proto') ?? '').split(',')[0]!.trim().toLowerCase();
    return req.secure || forwarded === 'https';
  };
  const cookieName = (req: Request) => (isSecure(req) ? COOKIE_NAME.secure : COOKIE_NAME.plain);

  /** The caller, by API key when an Authorization header is sent (a bad one is never rescued by a cookie), else by session cookie. */
  const authenticate = async (req: Request): Promise<Authenticated | null> => {
    if (req.get('authorization') !== undefined) {
      const found = bearer(req);
      return found ? { via: 'key', actor: found.actor, keyDigest: found.keyDigest } : null;
    }
    const token = opts.sessions ? readCookie(req, cookieName(req)) : null;
    if (!token) return null;
    const session = await opts.sessions!.get(token);
    const actor = session ? byHex.get(session.keyDigest) : undefined;
    return session && actor ? { via: 'session', actor, token, session } : null;
  };

  /**
   * Route guard: 401 without a valid key or session, 403 when the role is not allowed here (`admin` may do
   * everything), 403 `csrf_failed` for a cookie-authenticated state change without the session's CSRF token.
   */
  const requireRole = (...roles: Role[]) => async (req: Request, res: Response, next: NextFunction) => {
    const auth = await authenticate(req);
    if (!auth) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      throw new ApiError(401, 'unauthorized', 'a valid API key is required: Authorization: Bearer <key> (or sign in at /moderate)');
    }
    if (auth.via === 'session' && !SAFE_METHODS.has(req.method)) {
      const sent = req.get(CSRF_HEADER);
      if (!sent || !sameSecret(sent, auth.session.csrfToken)) {
        throw new ApiError(403, 'csrf_failed', `a request made with the session cookie must send the session's CSRF token in ${CSRF_HEADER}`);
      }
    }
    const { actor } = auth;
    if (actor.role !== 'admin' && !(roles as readonly string[]).includes(actor.role)) {
      throw new ApiError(403, 'forbidden', `this needs the ${roles.join(' or ')} role; the key "${actor.name}" has ${actor.role}`);
    }
    res.locals.actor = actor;
    res.locals.auth = auth;
    next();
  };

  return { identify, lookupKey, authenticate, requireRole, isSecure, cookieName, sessions: opts.sessions ?? null };
}

export type Authenticator = ReturnType<typeof createAuthenticator>;

/**
 * Refuses a section-limited caller (API_KEYS' fourth field) something outside its sections: 403
 * `section_forbidden` naming the field. `section` undefined = the thing carries no section, which a limited key
 * may not touch either (src/domain/sections.ts).
 */
export function requireSection(actor: Actor, section: string | undefined, field?: string): void {
  if (sectionAllowed(actor.sections, section)) return;
  throw new ApiError(403, 'section_forbidden', `the key "${actor.name}" is limited to section${actor.sections!.length === 1 ? '' : 's'} ${actor.sections!.join(', ')}; this is in ${section === undefined ? 'no section' : `section ${JSON.stringify(section)}`}`, field, { sections: actor.sections });
}
