/**
 * API keys with roles: `Authorization: Bearer <key>`. Keys are compared by SHA-256 digest in constant time, so
 * neither a timing side channel nor a key held in a log line of ours gives a key away.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { ApiKey, Role } from '../config';
import { ApiError } from './errors';

export interface Actor {
  name: string;
  role: Role;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export function createAuthenticator(keys: readonly ApiKey[]) {
  const table = keys.map((k) => ({ digest: digest(k.key), actor: { name: k.name, role: k.role } as Actor }));

  const identify = (req: Request): Actor | null => {
    const header = req.get('authorization') ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) return null;
    const d = digest(m[1]!);
    let found: Actor | null = null;
    for (const entry of table) if (timingSafeEqual(entry.digest, d)) found = entry.actor;
    return found;
  };

  /** Route guard: 401 without a valid key, 403 when the key's role is not allowed here. `admin` may do everything. */
  const requireRole = (...roles: Role[]) => (req: Request, res: Response, next: NextFunction) => {
    const actor = identify(req);
    if (!actor) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      throw new ApiError(401, 'unauthorized', 'a valid API key is required: Authorization: Bearer <key>');
    }
    if (actor.role !== 'admin' && !roles.includes(actor.role)) {
      throw new ApiError(403, 'forbidden', `this needs the ${roles.join(' or ')} role; the key "${actor.name}" has ${actor.role}`);
    }
    res.locals.actor = actor;
    next();
  };

  return { identify, requireRole };
}

export type Authenticator = ReturnType<typeof createAuthenticator>;
