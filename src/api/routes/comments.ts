/** Ingest routes: submit one comment or a thread's batch, read a comment or a thread. */
import { Router, type Response } from 'express';
import { z } from 'zod';
import { REPORT_REASONS } from '../../domain/reports';
import type { ReviewService } from '../../review/service';
import { ApiError, toApiError } from '../errors';
import type { Config } from '../../config';
import type { CommentStore } from '../../store/comments';
import type { Actor } from '../../domain/actor';
import { sectionAllowed } from '../../domain/sections';
import { requireSection, type Authenticator } from '../auth';
import { notFound } from '../errors';
import type { IngestService } from '../ingest';
import { ID_PATTERN, commentSchemas, parseBatch, parseComment } from '../validation';
import { acceptedView, commentView } from '../views';
import type { ApiMetrics } from '../../ops/metrics';
import { requestQuota, subjectOf, type Quotas } from '../quotas';

const appealBody = z.object({ text: z.string().min(1).max(5000), authorId: z.string().min(1).max(128).optional() }).strict();
const reportBody = z.object({ reporterId: z.string().min(1).max(128), reason: z.enum(REPORT_REASONS), note: z.string().max(1000).optional() }).strict();

export interface CommentRoutesDeps {
  /** Reader reports (the review side); absent = the route answers 404. */
  reports?: Pick<ReviewService, 'report' | 'appeal'>;
  config: Pick<Config, 'MAX_TEXT_LENGTH' | 'MAX_BATCH_SIZE'>;
  auth: Authenticator;
  quotas: Quotas;
  ingest: IngestService;
  store: CommentStore;
  metrics: ApiMetrics;
}

export function createCommentsRouter(deps: CommentRoutesDeps): Router {
  const router = Router();
  const limits = { maxTextLength: deps.config.MAX_TEXT_LENGTH, maxBatchSize: deps.config.MAX_BATCH_SIZE };
  const schemas = commentSchemas(limits);
  const { quotas } = deps;
  // Each request counts against the key's requests/s; each submitted comment against its comments/s.
  const submit = [deps.auth.requireRole('ingest'), requestQuota(quotas, 'ingest')];
  const read = [deps.auth.requireRole('ingest', 'moderator'), requestQuota(quotas, 'ingest')];
  const takeComments = async (res: Response, n: number, route: string) => {
    const subject = subjectOf(res);
    if (subject) await quotas.comments(subject, n, route);
  };

  // A key limited to sections submits only comments of its sections, and reads nothing outside them (404, as if
  // absent: a limited key does not learn what other desks hold).
  const actorOf = (res: Response) => res.locals.actor as Actor;
  const visible = (res: Response, c: { section?: string }) => sectionAllowed(actorOf(res).sections, c.section);

  router.post('/v1/comments', ...submit, async (req, res) => {
    const comment = parseComment(schemas, req.body);
    requireSection(actorOf(res), comment.section, 'section');
    await takeComments(res, 1, '/v1/comments');
    const [outcome] = await deps.ingest.accept([comment], () => 'id');
    deps.metrics.accepted.inc(outcome!.created ? 1 : 0);
    res.status(outcome!.created ? 202 : 200).json(acceptedView(outcome!.record, outcome!.created));
  });

  router.post('/v1/threads/:threadId/comments', ...submit, async (req, res) => {
    const threadId = String(req.params.threadId);
    const comments = parseBatch(schemas, limits, threadId, req.body);
    comments.forEach((c, i) => requireSection(actorOf(res), c.section, `comments[${i}].section`));
    await takeComments(res, comments.length, '/v1/threads/:threadId/comments');
    const outcomes = await deps.ingest.accept(comments, (i) => `comments[${i}].id`);
    const created = outcomes.filter((o) => o.created).length;
    deps.metrics.accepted.inc(created);
    res.status(202).json({
      threadId,
      accepted: created,
      duplicates: outcomes.length - created,
      comments: outcomes.map((o) => acceptedView(o.record, o.created)),
      links: { thread: `/v1/threads/${encodeURIComponent(threadId)}` },
    });
  });

  // A reader reports a comment (the site relays it): one report per reporter per comment.
  router.post('/v1/comments/:id/reports', ...submit, async (req, res) => {
    const id = String(req.params.id);
    const parsed = reportBody.safeParse(req.body ?? {});
    if (!parsed.success) throw toApiError(parsed.error, req.body ?? {});
    const record = ID_PATTERN.test(id) ? await deps.store.get(id) : null;
    if (!record || !visible(res, record) || !deps.reports) throw notFound('comment', id);
    const outcome = await deps.reports.report(id, parsed.data);
    if (!outcome) throw notFound('comment', id);
    res.status(outcome.duplicate ? 200 : 201).json(outcome);
  });

  // The site submits its author's appeal of a removed comment (the appeals queue decides it).
  router.post('/v1/comments/:id/appeals', ...submit, async (req, res) => {
    const id = String(req.params.id);
    const parsed = appealBody.safeParse(req.body ?? {});
    if (!parsed.success) throw toApiError(parsed.error, req.body ?? {});
    const record = ID_PATTERN.test(id) ? await deps.store.get(id) : null;
    if (!record || !visible(res, record) || !deps.reports) throw notFound('comment', id);
    if (parsed.data.authorId !== undefined && parsed.data.authorId !== record.author.id) {
      throw new ApiError(400, 'author_mismatch', 'authorId is not the author of this comment', 'authorId');
    }
    const { appeal, created } = await deps.reports.appeal(id, parsed.data.text);
    res.status(created ? 201 : 200).json(appeal);
  });

  router.get('/v1/comments/:id', ...read, async (req, res) => {
    const id = String(req.params.id);
    const record = ID_PATTERN.test(id) ? await deps.store.get(id) : null;
    if (!record || !visible(res, record)) throw notFound('comment', id);
    res.json(commentView(record));
  });

  router.get('/v1/threads/:threadId', ...read, async (req, res) => {
    const threadId = String(req.params.threadId);
    const comments = ID_PATTERN.test(threadId) ? (await deps.store.thread(threadId)).filter((c) => visible(res, c)) : [];
    if (comments.length === 0) throw notFound('thread', threadId);
    res.json({ threadId, count: comments.length, comments: comments.map(commentView) });
  });

  return router;
}
