/**
 * The moderator workspace: the page at /moderate and its files (src/ui, plain ES modules, no build step, no
 * external requests), sign-in that trades a moderator key for a session cookie (/v1/session), and the policy's
 * thresholds the page draws on its score bars (/v1/review/policy), and the words it shows for labels, lexicon
 * categories and disguises (/v1/review/vocabulary: the page spells none of them itself).
 *
 * The page is static and public; everything it shows comes from the API with the same role checks as a key.
 */
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { Router, type CookieOptions, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Config } from '../../config';
import { LABEL_INFO, LABELS } from '../../domain/labels';
import { CATEGORY_NAMES, SLUR_CATEGORIES, TRANSFORMATION_NAMES } from '../../domain/slurs';
import type { Policy } from '../../policy/defaults';
import { loadPolicy } from '../../policy/policy';
import { TRANSFORMATION_TEXT } from '../../policy/reasons';
import type { Authenticator } from '../auth';
import { ApiError } from '../errors';
import type { SessionLifecycle } from '../session-lifecycle';
import type { Quotas } from '../quotas';

export interface UiRouterDeps {
  config: Pick<Config, 'POLICY_FILE'>;
  auth: Authenticator;
  /** Signing out also releases the session's claims and closes its live streams. */
  lifecycle?: SessionLifecycle;
  /** Per-IP back-off after failed sign-ins (src/api/quotas.ts); without it sign-in is not throttled. */
  quotas?: Quotas;
  /** The policy in force from POLICY_FILE's (accepted thresholds laid over it); default: POLICY_FILE's as it is. */
  policyInForce?: (base: Policy) => Promise<Policy>;
  /** Where the page's files are; found beside the sources by default. */
  uiDir?: string;
}

/** Files the page may load: a fixed list of names, so no request can name anything else on disk. */
export const UI_ASSET = /^[a-z][a-z0-9-]*\.(js|css|svg)$/;
const ASSET_TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', svg: 'image/svg+xml' };

/**
 * Only our own files may run or load, and nothing may frame the page: if untrusted comment text ever reached
 * the DOM as markup, its scripts and inline handlers would still be refused.
 */
const PAGE_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  // Always revalidate (ETag), so a deploy never leaves a stale page half-updated.
  'Cache-Control': 'no-cache',
};

/** src/ui when run from the sources; from dist/ prefer the checkout's src/ui, else the build's copy (Docker). */
export function findUiDir(): string | null {
  const beside = resolve(__dirname, '..', '..', 'ui');
  const inDist = basename(resolve(__dirname, '..', '..', '..')) === 'dist';
  const candidates = inDist ? [resolve(__dirname, '..', '..', '..', '..', 'src', 'ui'), beside] : [beside];
  return candidates.find((d) => existsSync(join(d, 'index.html'))) ?? null;
}

const signInBody = z.object({ key: z.string().min(1).max(512) }).strict();

export function createUiRouter(deps: UiRouterDeps): Router {
  const { auth } = deps;
  const sessions = auth.sessions;
  const router = Router();
  const uiDir = deps.uiDir ?? findUiDir();
  const moderator = auth.requireRole('moderator');

  const sendUiFile = (res: Response, next: NextFunction, file: string, type: string) => {
    if (!uiDir) throw new ApiError(503, 'ui_missing', 'the moderator workspace files (src/ui) are not installed with this build');
    res.sendFile(file, { root: uiDir, dotfiles: 'deny', headers: { ...PAGE_HEADERS, 'Content-Type': type } }, (err) => {
      if (err && !res.headersSent) next(new ApiError(404, 'not_found', `no such file: ${file}`));
    });
  };

  router.get('/moderate', (_req, res, next) => {
    sendUiFile(res, next, 'index.html', 'text/html; charset=utf-8');
  });

  // The admin quality page (issue #13): figures from GET /v1/admin/quality, admins only (the API checks).
  router.get('/moderate/quality', (_req, res, next) => {
    sendUiFile(res, next, 'quality.html', 'text/html; charset=utf-8');
  });

  router.get('/moderate/assets/:file', (req, res, next) => {
    const file = String(req.params.file);
    if (!UI_ASSET.test(file)) throw new ApiError(404, 'not_found', `no asset ${JSON.stringify(file)}`);
    sendUiFile(res, next, file, ASSET_TYPES[file.split('.').pop()!]!);
  });

  const cookieOptions = (req: Request, maxAgeMs?: number): CookieOptions => ({
    httpOnly: true, sameSite: 'strict', secure: auth.isSecure(req), path: '/', ...(maxAgeMs ? { maxAge: maxAgeMs } : {}),
  });
  const requireSessions = () => {
    if (!sessions) throw new ApiError(503, 'sessions_unavailable', 'this server has no session store: use Authorization: Bearer <key>');
    return sessions;
  };

  router.post('/v1/session', async (req, res) => {
    const store = requireSessions();
    // An address that keeps guessing waits, twice as long after each further failure (429 + Retry-After).
    const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    await deps.quotas?.checkSignin(ip, '/v1/session');
    const parsed = signInBody.safeParse(req.body ?? {});
    if (!parsed.success) throw new ApiError(400, 'invalid_value', 'send {"key": "<your moderator key>"}', 'key');
    const found = auth.lookupKey(parsed.data.key);
    if (!found) {
      await deps.quotas?.signinFailed(ip);
      throw new ApiError(401, 'unauthorized', 'that key is not valid');
    }
    await deps.quotas?.signinSucceeded(ip);
    if (found.actor.role !== 'moderator' && found.actor.role !== 'admin') {
      throw new ApiError(403, 'forbidden', `the workspace is for moderator and admin keys; the key "${found.actor.name}" has ${found.actor.role}`);
    }
    const { token, record } = await store.create(found.keyDigest, found.actor.name);
    res.set('Cache-Control', 'no-store');
    res.cookie(auth.cookieName(req), token, cookieOptions(req, store.ttlSeconds * 1000));
    res.status(201).json({ actor: found.actor, csrfToken: record.csrfToken, expiresAt: record.expiresAt });
  });

  router.get('/v1/session', async (req, res) => {
    requireSessions();
    const who = await auth.authenticate(req);
    if (!who || who.via !== 'session') throw new ApiError(401, 'unauthorized', 'not signed in');
    res.set('Cache-Control', 'no-store');
    res.json({ actor: who.actor, csrfToken: who.session.csrfToken, expiresAt: who.session.expiresAt });
  });

  router.delete('/v1/session', moderator, async (req, res) => {
    const store = requireSessions();
    const who = res.locals.auth as Awaited<ReturnType<Authenticator['authenticate']>>;
    if (who?.via !== 'session') throw new ApiError(400, 'no_session', 'this request was not made with a session cookie');
    if (deps.lifecycle) await deps.lifecycle.signOut(who.token, who.actor);
    else await store.delete(who.token);
    res.clearCookie(auth.cookieName(req), cookieOptions(req));
    res.status(204).end();
  });

  // The thresholds the score bars mark. Read per request: the API may run without the workers' policy file at hand.
  router.get('/v1/review/policy', moderator, async (_req, res) => {
    let policy;
    try {
      policy = loadPolicy(deps.config.POLICY_FILE);
      // With the thresholds admins accepted on the quality page laid over it (issue #13).
      if (deps.policyInForce) policy = await deps.policyInForce(policy);
    } catch (err) {
      throw new ApiError(503, 'policy_unavailable', `the policy could not be read: ${(err as Error).message}`);
    }
    res.json({ policy });
  });

  // Labels, categories and disguises in plain words, from the tables that define them (src/domain, src/policy).
  router.get('/v1/review/vocabulary', moderator, (_req, res) => {
    res.set('Cache-Control', 'private, max-age=300');
    res.json(VOCABULARY);
  });

  return router;
}

/** What GET /v1/review/vocabulary serves: fixed for a build, so built once. */
export const VOCABULARY = {
  labels: Object.fromEntries(LABELS.map((l) => [l, { name: LABEL_INFO[l].name, meaning: LABEL_INFO[l].meaning }])),
  categories: Object.fromEntries(SLUR_CATEGORIES.map((c) => [c, { name: CATEGORY_NAMES[c] }])),
  transformations: Object.fromEntries(TRANSFORMATION_NAMES.map((t) => [t, { name: TRANSFORMATION_TEXT[t] }])),
};
