/**
 * Moderator API under /v1/review (roles moderator and admin; the app mounts it behind that guard, or passes
 * `guard`). Handlers only parse input and shape output; the workflow lives in src/review/service.ts.
 * The acting moderator is `res.locals.actor` ({ name, role }), set by the auth middleware.
 */
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { LABELS } from '../../domain/labels';
import { REVIEW_ACTIONS, REVIEW_LIST_STATES } from '../../domain/review';
import { SLUR_CATEGORIES } from '../../domain/slurs';
import type { ReviewEventHub } from '../../review/events';
import { MAX_BULK_ITEMS, MAX_NOTE_LENGTH, MAX_QUERY_LENGTH, type ReviewService } from '../../review/service';
import { AUTHOR_ACTIONS } from '../../domain/authors';
import { SECTION_PATTERN, SECTION_RULE } from '../../domain/sections';
import { MAX_PAGE } from '../../review/store';
import { MAX_STATS_DAYS, moderatorStatsFromAudit } from '../../review/stats';
import type { Actor } from '../../domain/actor';
import type { ListQuery } from '../../review/types';
import { ReviewError } from '../../review/errors';
import type { Authenticated } from '../auth';
import { ApiError, toApiError } from '../errors';
import type { SessionLifecycle } from '../session-lifecycle';

export interface ReviewRouterDeps {
  service: ReviewService;
  events: ReviewEventHub;
  /** Auth middleware to run first (e.g. requireRole('moderator')); omit when the app mounts the router behind it. */
  guard?: RequestHandler;
  /** SSE comment line interval, so proxies keep the stream open. */
  keepAliveMs?: number;
  /** Ties claims and live streams made through a browser session to that session's life (src/api/session-lifecycle.ts). */
  sessions?: SessionLifecycle;
}

const limit = z.coerce.number().int().min(1).max(MAX_PAGE).optional();
const cursor = z.string().min(1).max(512).optional();
/** A day (`2026-11-29`, the whole UTC day) or an instant with its offset (`2026-11-29T08:00:00Z`). */
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (v: string) => DAY.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v); // no 2026-02-30
const dateParam = z.string().max(40).refine((v) => isDay(v) || (z.string().datetime({ offset: true }).safeParse(v).success && Number.isFinite(Date.parse(v))), {
  message: 'must be a date (YYYY-MM-DD) or a date-time with offset (YYYY-MM-DDTHH:MM:SSZ)',
}).optional();
const listQuery = z.object({
  state: z.enum(REVIEW_LIST_STATES).default('pending'),
  label: z.enum(LABELS).optional(),
  slur: z.enum(SLUR_CATEGORIES).optional(),
  thread: z.string().min(1).max(128).optional(),
  author: z.string().min(1).max(128).optional(),
  /** Author search: the start of an author id, or of a word of a display name. */
  who: z.string().trim().min(1).max(128).optional(),
  /** Search the comments' text (normalised: disguised spellings are found). */
  q: z.string().trim().min(1).max(MAX_QUERY_LENGTH).optional(),
  section: z.string().regex(SECTION_PATTERN, `must be ${SECTION_RULE}`).optional(),
  group: z.string().min(1).max(128).optional(),
  /** Items whose comment has an appeal in this state (`pending`: the appeals to decide). */
  appeal: z.enum(['pending', 'upheld', 'overturned']).optional(),
  /** Written at or after `from`, at or before `to` (a day `to` includes that whole day). */
  from: dateParam,
  to: dateParam,
  cursor,
  limit,
}).strict();

/** The list's query as the store takes it: dates as a half-open range of ms; `from` after `to` is refused. */
function listFilters(raw: z.output<typeof listQuery>): ListQuery {
  const { from, to, ...rest } = raw;
  const fromMs = from === undefined ? undefined : Date.parse(DAY.test(from) ? `${from}T00:00:00Z` : from);
  const beforeMs = to === undefined ? undefined : DAY.test(to) ? Date.parse(`${to}T00:00:00Z`) + 86_400_000 : Date.parse(to) + 1;
  if (fromMs !== undefined && beforeMs !== undefined && fromMs >= beforeMs) {
    throw new ApiError(400, 'invalid_range', `from (${from}) is after to (${to})`, 'from');
  }
  return { ...rest, ...(fromMs !== undefined ? { fromMs } : {}), ...(beforeMs !== undefined ? { beforeMs } : {}) };
}
const pageQuery = z.object({ cursor, limit }).strict();
const statsQuery = z.object({ days: z.coerce.number().int().min(1).max(MAX_STATS_DAYS).default(7) }).strict();
const note = z.string().optional();
const decisionBody = z.object({ action: z.enum(REVIEW_ACTIONS), reason: z.string().min(1).optional(), note }).strict();
const reopenBody = z.object({ reason: z.string().min(1).max(MAX_NOTE_LENGTH), note }).strict();
const overturnBody = z.object({ why: z.string().min(1).max(MAX_NOTE_LENGTH), reason: z.string().min(1).optional(), note }).strict();
const authorActionBody = z.object({ action: z.enum(AUTHOR_ACTIONS), until: z.iso.datetime({ offset: true }).optional(), note }).strict();
const groupsQuery = z.object({
  section: z.string().regex(SECTION_PATTERN, `must be ${SECTION_RULE}`).optional(),
  minSize: z.coerce.number().int().min(2).max(MAX_BULK_ITEMS).optional(),
  limit,
}).strict();
/** `comment`: that comment's appeal, whatever its state unless `state` is given; else the pending ones by default. */
const appealsQuery = z.object({ state: z.enum(['pending', 'upheld', 'overturned']).optional(), comment: z.string().min(1).max(128).optional(), limit }).strict()
  .transform(({ comment, state, ...rest }) => ({ ...rest, ...(comment !== undefined ? { commentId: comment } : {}), ...(state ?? comment === undefined ? { state: state ?? 'pending' as const } : {}) }));
const appealDecisionBody = z.object({ outcome: z.enum(['uphold', 'overturn']), message: z.string().max(2000).optional(), note }).strict();
const authorDecisionBody = decisionBody.extend({ since: z.iso.datetime({ offset: true }).optional() }).strict();
const bulkBody = decisionBody.extend({ ids: z.array(z.string().min(1).max(128)).min(1).max(MAX_BULK_ITEMS) }).strict();
const releaseBody = z.object({ note }).strict();
const takeoverBody = z.object({ note }).strict();

function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const error = toApiError(r.error, value ?? {});
  // The review API names a bad action or reason more precisely than the generic codes; a field the route does
  // not take at all (release has no reason) stays `unknown_field`.
  if (error.code !== 'unknown_field' && (error.field === 'action' || error.field === 'reason')) {
    throw new ApiError(400, error.field === 'action' ? 'invalid_action' : 'invalid_reason', error.message, error.field);
  }
  if (error.field === 'cursor' && error.code !== 'unknown_field') throw new ApiError(400, 'invalid_cursor', error.message, 'cursor');
  throw error;
}

const actorOf = (res: Response): Actor => {
  const actor = res.locals.actor as Actor | undefined;
  if (!actor) throw new ApiError(401, 'unauthorized', 'a valid API key is required: Authorization: Bearer <key>');
  return actor;
};

export function createReviewRouter(deps: ReviewRouterDeps): Router {
  const { service } = deps;
  const router = Router();
  if (deps.guard) router.use(deps.guard);

  router.get('/items', async (req, res) => {
    res.json(await service.list(listFilters(parse(listQuery, req.query)), actorOf(res)));
  });

  router.get('/counts', async (_req, res) => {
    res.json({ counts: await service.counts() });
  });

  router.get('/reasons', (_req, res) => {
    res.json({ reasons: service.reasonCodes });
  });

  router.get('/items/:id', async (req, res) => {
    res.json({ item: await service.get(String(req.params.id), actorOf(res)) });
  });

  router.get('/items/:id/reports', async (req, res) => {
    res.json(await service.reports(String(req.params.id), actorOf(res), parse(pageQuery, req.query)));
  });

  router.get('/items/:id/history', async (req, res) => {
    const { item, entries } = await service.history(String(req.params.id));
    res.json({ itemId: item.id, state: item.state, entries });
  });

  // A claim made through a browser session ends with the session at the latest; signing out releases it.
  const authOf = (res: Response) => res.locals.auth as Authenticated | undefined;
  router.post('/items/:id/claim', async (req, res) => {
    const id = String(req.params.id);
    const item = await service.claim(id, actorOf(res), { notAfterMs: deps.sessions?.notAfter(authOf(res)) });
    await deps.sessions?.claimed(authOf(res), id);
    res.json({ item });
  });

  router.post('/items/:id/extend', async (req, res) => {
    res.json({ item: await service.extend(String(req.params.id), actorOf(res), { notAfterMs: deps.sessions?.notAfter(authOf(res)) }) });
  });

  router.post('/items/:id/release', async (req, res) => {
    const body = parse(releaseBody, req.body);
    res.json({ item: await service.release(String(req.params.id), actorOf(res), body.note) });
  });

  // An admin takes a colleague's claim (the page asks first); like a claim, it ends with the admin's session.
  router.post('/items/:id/takeover', async (req, res) => {
    const id = String(req.params.id);
    const body = parse(takeoverBody, req.body);
    const item = await service.takeover(id, actorOf(res), { notAfterMs: deps.sessions?.notAfter(authOf(res)), note: body.note });
    await deps.sessions?.claimed(authOf(res), id);
    res.json({ item });
  });

  router.post('/items/:id/decision', async (req, res) => {
    const body = parse(decisionBody, req.body);
    res.json({ item: await service.decide(String(req.params.id), actorOf(res), body) });
  });

  router.post('/decisions', async (req, res) => {
    const { ids, ...decision } = parse(bulkBody, req.body);
    res.json(await service.bulkDecide(ids, actorOf(res), decision));
  });

  // Moderating people (issue #11): undo, authors, raids.
  router.post('/items/:id/reopen', async (req, res) => {
    res.json({ item: await service.reopen(String(req.params.id), actorOf(res), parse(reopenBody, req.body)) });
  });
  router.post('/items/:id/overturn', async (req, res) => {
    res.json({ item: await service.overturn(String(req.params.id), actorOf(res), parse(overturnBody, req.body)) });
  });
  router.get('/authors/:authorId', async (req, res) => {
    res.json(await service.author(String(req.params.authorId)));
  });
  router.post('/authors/:authorId/actions', async (req, res) => {
    res.json(await service.actOnAuthor(String(req.params.authorId), actorOf(res), parse(authorActionBody, req.body)));
  });
  router.post('/authors/:authorId/decisions', async (req, res) => {
    res.json(await service.decideAuthor(String(req.params.authorId), actorOf(res), parse(authorDecisionBody, req.body)));
  });
  router.get('/groups', async (req, res) => {
    res.json(await service.groups(actorOf(res), parse(groupsQuery, req.query)));
  });
  router.get('/groups/:groupId', async (req, res) => {
    res.json(await service.group(String(req.params.groupId), actorOf(res)));
  });
  router.post('/groups/:groupId/decision', async (req, res) => {
    res.json(await service.decideGroup(String(req.params.groupId), actorOf(res), parse(decisionBody, req.body)));
  });

  router.get('/appeals', async (req, res) => {
    res.json(await service.appeals(actorOf(res), parse(appealsQuery, req.query)));
  });
  router.post('/appeals/:appealId/decision', async (req, res) => {
    res.json(await service.decideAppeal(String(req.params.appealId), actorOf(res), parse(appealDecisionBody, req.body)));
  });

  router.get('/audit', async (req, res) => {
    res.json(await service.audit(parse(pageQuery, req.query)));
  });

  // Moderator statistics, read from the audit log page by page (src/review/stats.ts): for admins only.
  router.get('/stats', async (req, res) => {
    const actor = actorOf(res);
    if (actor.role !== 'admin') throw new ApiError(403, 'forbidden', `moderator statistics are for admins; the key "${actor.name}" has ${actor.role}`);
    const { days } = parse(statsQuery, req.query);
    res.json(await moderatorStatsFromAudit((o) => service.audit(o), { days }));
  });

  router.get('/authors/:authorId/history', async (req, res) => {
    res.json(await service.authorHistory(String(req.params.authorId), parse(pageQuery, req.query)));
  });

  // Server-sent events: one `review` event per transition, as JSON (ReviewEvent). Comment lines keep it open.
  router.get('/events', async (req, res) => {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 3000\n\n');
    // res 'close' fires when the client goes away (req 'close' may fire as soon as the request is read).
    let unsubscribe: (() => void) | null = null;
    let closed = false;
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), deps.keepAliveMs ?? 25_000);
    // A stream opened with a session ends when the session does (sign-out, expiry, key revoked).
    const unwatch = deps.sessions?.watchStream(req, authOf(res), () => res.end()) ?? (() => undefined);
    res.on('close', () => {
      closed = true;
      clearInterval(keepAlive);
      unwatch();
      unsubscribe?.();
    });
    const off = await deps.events.subscribe((event) => {
      res.write(`id: ${event.auditId}\nevent: review\ndata: ${JSON.stringify(event)}\n\n`);
    });
    if (closed) off();
    else unsubscribe = off;
    // Only now are events delivered: a client may wait for this line before acting.
    res.write(': subscribed\n\n');
  });

  // The review layer refuses with codes; the status is the API's to choose.
  router.use((err: unknown, _req: Request, _res: Response, next: NextFunction) => next(err instanceof ReviewError ? toApiError(err) : err));

  return router;
}
