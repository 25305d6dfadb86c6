/**
 * The Express app: body parsing with precise 4xx answers, request ids and one log line per request (./request-log), auth per route, the
 * routers, and one error handler that renders every failure in the same JSON shape.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Redis } from 'ioredis';
import type { Config } from '../config';
import type { Logger } from '../ops/logger';
import type { ApiMetrics } from '../ops/metrics';
import type { RedisKeys } from '../redis/keys';
import type { ScoringQueue } from '../queue/scoring-queue';
import type { CommentStore } from '../store/comments';
import { createAuthenticator, type Authenticator } from './auth';
import { ApiError, googleError, RETRY_AFTER_SECONDS, STORE_UNAVAILABLE, storeUnavailable, toApiError } from './errors';
import { IngestService } from './ingest';
import { checkJsonBody, checkUrl } from './validation';
import { openApiDocument } from './openapi';
import { requestLogger } from './request-log';
import { createCommentsRouter } from './routes/comments';
import { createHealthRouter } from './routes/health';
import { createReviewRouter } from './routes/review';
import { createAdminLexiconRouter } from './routes/admin-lexicon';
import { createAdminQualityRouter } from './routes/admin-quality';
import { loadPolicy } from '../policy/policy';
import { SiteTermStore } from '../scoring/lexicon/site-terms';
import { createUiRouter } from './routes/ui';
import { SessionLifecycle } from './session-lifecycle';
import { SessionStore, sha256Hex } from './sessions';
import type { Review } from '../review';
import { SyncScoringClient } from '../queue/sync-scoring';
import { SuggestionStore } from '../store/suggestions';
import { createPerspectiveRouter } from './routes/perspective';
import { CORAL_PHASE_PATH, createCoralRouter } from './routes/coral';
import { chain, createQuotas, requestQuota, type Quotas } from './quotas';

export interface AppDeps {
  config: Config;
  redis: Redis;
  keys: RedisKeys;
  store: CommentStore;
  queue: ScoringQueue;
  logger: Logger;
  metrics: ApiMetrics;
  /** The review side (src/review, on PostgreSQL); closed by whoever made it. */
  review: Review;
  /** Synchronous scoring through the workers; made on first use from REDIS_URL when absent (app.locals.closeOwned). */
  sync?: SyncScoringClient;
  /** Quotas and throttles; made from redis + config when absent. */
  quotas?: Quotas;
}

export interface AppMount {
  /** Path prefix the router's own paths are relative to ('' = the router spells full paths). */
  prefix: string;
  router: Router;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Every router of the app, with its prefix: the OpenAPI test walks this list to check the document. */
export function createMounts(
  deps: AppDeps,
  auth: Authenticator,
  lifecycle?: SessionLifecycle,
  sync: () => SyncScoringClient = lazySync(deps).get,
): AppMount[] {
  const review = deps.review;
  const quotas = deps.quotas ?? createQuotas(deps.redis, deps.keys, deps.config, deps.metrics);
  return [
    { prefix: '', router: createHealthRouter(deps) },
    { prefix: '', router: createCommentsRouter({ config: deps.config, auth, quotas, ingest: new IngestService(deps.store, deps.queue), store: deps.store, metrics: deps.metrics, reports: deps.review?.service }) },
    // Perspective-compatible API and the Coral phase: synchronous scoring through the workers (issue #10).
    { prefix: '', router: createPerspectiveRouter({ config: deps.config, auth, quotas, sync, suggestions: new SuggestionStore(deps.review.db), learning: review.learning, metrics: deps.metrics }) },
    { prefix: '', router: createCoralRouter({ config: deps.config, quotas, sync, store: deps.store, metrics: deps.metrics }) },
    {
      prefix: '',
      router: createAdminLexiconRouter({
        store: new SiteTermStore(deps.redis, deps.keys, deps.review.db),
        guard: auth.requireRole('admin'),
        actor: (req) => (req.res?.locals.actor as { name?: string } | undefined)?.name,
      }),
    },
    // Live quality from moderators' decisions (issue #13).
    {
      prefix: '',
      router: createAdminQualityRouter({
        source: { examples: (q) => review.learning.examples(q), shadows: (q) => review.learning.shadows(q) },
        policy: () => review.learning.policy(loadPolicy(deps.config.POLICY_FILE)),
        thresholds: review.learning,
        identity: {
          comments: (q) => deps.store.scoredTexts(q),
          // Re-scored through the workers, 50 texts a job, a minute each at most.
          held: async (texts) => {
            const out: boolean[] = [];
            for (let i = 0; i < texts.length; i += 50) {
              for (const s of await sync().scoreTexts(texts.slice(i, i + 50), 60_000)) out.push(s.verdict !== 'publish');
            }
            return out;
          },
        },
        announce: async () => { await deps.redis.publish(deps.keys.policyEvents, 'changed'); },
        guard: auth.requireRole('admin'),
      }),
    },
    {
      prefix: '/v1/review',
      router: createReviewRouter({
        service: review.service,
        events: review.events,
        guard: chain(auth.requireRole('moderator'), requestQuota(quotas, '/v1/review')),
        sessions: lifecycle,
      }),
    },
    // The moderator workspace (/moderate), its sign-in (/v1/session) and /v1/review/policy; spells full paths.
    { prefix: '', router: createUiRouter({ config: deps.config, auth, lifecycle, quotas, policyInForce: (base) => review.learning.policy(base) }) },
  ];
}

/** deps.sync, or a client of our own made on first use (its Redis connections open only if a sync route is called). */
function lazySync(deps: AppDeps) {
  let owned: SyncScoringClient | undefined;
  return {
    get: (): SyncScoringClient => {
      if (deps.sync) return deps.sync;
      if (!deps.config.REDIS_URL) throw new ApiError(503, 'scoring_unavailable', 'synchronous scoring needs REDIS_URL');
      return (owned ??= new SyncScoringClient({ url: deps.config.REDIS_URL, maxRetriesPerRequest: null }, deps.keys));
    },
    close: async () => { await owned?.close(); },
  };
}

export function createApp(deps: AppDeps) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  const auth = createAuthenticator(deps.config.API_KEYS, {
    sessions: new SessionStore(deps.redis, deps.keys, deps.config.SESSION_TTL_SECONDS),
    cookieSecure: deps.config.SESSION_COOKIE_SECURE,
  });

  app.use(requestLogger(deps.logger));

  app.use((req, res, next) => {
    const end = deps.metrics.duration.startTimer();
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${req.route.path}` : 'unmatched';
      deps.metrics.requests.inc({ method: req.method, route, status: res.statusCode });
      end({ method: req.method, route });
    });
    next();
  });

  // A body must be JSON; say so with 415 rather than guessing.
  app.use((req, _res, next) => {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && !req.is('application/json')) {
      throw new ApiError(415, 'unsupported_media_type', `send JSON with Content-Type: application/json (got ${req.headers['content-type'] ?? 'none'})`);
    }
    next();
  });
  app.use(express.json({
    limit: deps.config.MAX_BODY_BYTES,
    strict: true,
    // Bytes that are not UTF-8 would otherwise be decoded to U+FFFD silently and scored as something else.
    verify: (req, _res, buf) => {
      // The Coral phase's signature is over the raw bytes: keep them for that route only.
      if ((req as { url?: string }).url?.startsWith(CORAL_PHASE_PATH)) (req as { rawBody?: Buffer }).rawBody = buf;
      try {
        utf8.decode(buf);
      } catch {
        throw new ApiError(400, 'invalid_unicode', 'the body is not valid UTF-8');
      }
    },
  }));
  // Every URL and JSON body, before any route reads or stores them: U+0000 and lone surrogates in the path and query;
  // the body's depth, reserved keys and text (validation.ts).
  app.use((req, _res, next) => {
    checkUrl(req.path, req.query);
    checkJsonBody(req.body, deps.config.MAX_JSON_DEPTH);
    next();
  });

  // Fail fast without Redis: while the API's fail-fast connection (createFailFastRedis) is down every /v1 request
  // answers 503 at once — what the connection would answer to its first command anyway (it neither queues nor
  // re-sends). A connection that waits for Redis instead (enableOfflineQueue) is left to wait.
  const failFast = deps.redis.options.enableOfflineQueue === false;
  app.use('/v1', (_req, _res, next) => {
    if (failFast && deps.redis.status !== 'ready') throw storeUnavailable();
    next();
  });

  app.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  const review = deps.review;
  const lifecycle = new SessionLifecycle({
    auth, sessions: auth.sessions!, review: review.service, logger: deps.logger,
    knownKeyDigests: new Set(deps.config.API_KEYS.map((k) => sha256Hex(k.key))),
  });
  // startApi ends the sessions of revoked keys with it (app.locals.sessionLifecycle.endRevoked()).
  app.locals.sessionLifecycle = lifecycle;
  // Likewise a sync client made here on first use: app.locals.closeOwned() closes it.
  const sync = lazySync(deps);
  app.locals.closeOwned = sync.close;
  const mounts = createMounts({ ...deps, review }, auth, lifecycle, sync.get);
  // Kept so tests/api/openapi.test.ts can compare the served routes with the OpenAPI document.
  app.locals.mounts = mounts;
  for (const m of mounts) m.prefix ? app.use(m.prefix, m.router) : app.use(m.router);

  app.use((req: Request) => {
    throw new ApiError(404, 'route_not_found', `no route for ${req.method} ${req.path}`);
  });
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const apiError = toApiError(err);
    if (apiError.code === STORE_UNAVAILABLE) req.log?.warn({ err: (err as Error)?.message }, 'Redis unavailable: answered 503');
    // A scoring deadline or failure answered as such is expected under load: one line, no stack.
    else if (apiError.code === 'scoring_timeout' || apiError.code === 'scoring_failed') req.log?.warn({ code: apiError.code }, apiError.message);
    else if (apiError.status >= 500) req.log?.error({ err }, 'request failed');
    if (res.headersSent) return void res.end(); // a live-event stream that had already started
    const retry = apiError.code === STORE_UNAVAILABLE ? RETRY_AFTER_SECONDS : apiError.details?.retryAfterSeconds;
    if (typeof retry === 'number') res.setHeader('Retry-After', String(retry));
    // The Perspective-compatible routes answer in Google's error shape, as its clients expect.
    if (req.path.startsWith('/v1alpha1/')) return void res.status(apiError.status).json(googleError(apiError));
    res.status(apiError.status).json(apiError.toJSON());
  });
  return app;
}
