/**
 * Live quality from moderators' decisions (issue #13), for admins:
 *   GET /v1/admin/quality?since=&until=&section=&targetPrecision=|targetPerDay=
 *     → 200 QualityOverview (src/review/quality/overview.ts): precision of holds per label and per lexicon category
 *       with 95 % intervals, outright rejections overturned, the audit sample's miss rate and recall, threshold
 *       suggestions for the target, and the same figures day by day or week by week.
 *   GET  /v1/admin/quality/identity?since=&until=&section= → 200 IdentityWatchReport: held share per identity group
 *        and a neutralised re-score of the held comments (through the workers), a likely bias flagged
 *   GET  /v1/admin/quality/thresholds                 → 200 { inForce, changes }: thresholds admins accepted, newest first
 *   POST /v1/admin/quality/thresholds {label, review, reject?, note?} → 201 { change }: accept a threshold (audited)
 *   POST /v1/admin/quality/thresholds/:id/revert      → 201 { change }: undo an accepted threshold
 * `since` defaults to 30 days before `until` (default: now). Handlers only parse input and shape output; the
 * record keeps every change (src/review/quality/record.ts) and workers pick the thresholds up at once.
 */
import { Router, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { LabelledExample } from '../../domain/examples';
import { LABELS, type Label } from '../../domain/labels';
import type { Actor } from '../../domain/actor';
import type { Policy } from '../../policy/defaults';
import { thresholdProblem } from '../../policy/overrides';
import { qualityOverview } from '../../review/quality/overview';
import type { PolicyChange } from '../../review/quality/record';
import type { ShadowComparison } from '../../review/quality/shadow-compare';
import { identityWatch, type WatchedComment } from '../../scoring/identity-watch';
import type { Target } from '../../review/quality/thresholds';
import { ApiError, toApiError } from '../errors';

/** Where the decided examples come from (the review record). */
export interface QualitySource {
  examples(q: { since: string; until: string; section?: string }): Promise<LabelledExample[]>;
  /** Shadow configurations scored in the period, each compared with the live one on decided comments. */
  shadows?(q: { since: string; until: string; section?: string }): Promise<ShadowComparison[]>;
}

/** Accepted thresholds: the record's (src/review/quality/record.ts LearningRecord). */
export interface ThresholdRecord {
  changes(limit?: number): Promise<PolicyChange[]>;
  apply(actor: Actor, label: Label, t: { review: number; reject: number | null }, inForce: { review: number; reject: number | null }, note: string | null): Promise<PolicyChange>;
  revert(actor: Actor, id: string): Promise<{ ok: true; change: PolicyChange } | { ok: false; code: 'not_found' | 'already_reverted' | 'not_latest' | 'not_revertible' }>;
}

export interface AdminQualityDeps {
  source: QualitySource;
  /** The policy in force (thresholds the figures are judged at). */
  policy: () => Policy | Promise<Policy>;
  guard?: RequestHandler;
  clock?: () => number;
  /** The identity watch: scored comments with their text, and a way to re-score texts (the workers). */
  identity?: {
    comments(q: { since: string; until: string; section?: string; limit: number }): Promise<WatchedComment[]>;
    held(texts: readonly string[]): Promise<boolean[]>;
  };
  /** Threshold changes; without it the threshold routes answer 404. */
  thresholds?: ThresholdRecord;
  /** Tells every worker the thresholds changed (Redis pub/sub). */
  announce?: () => Promise<void>;
  /** Who is acting (the auth middleware's actor). */
  actor?: (res: Response) => Actor;
}

const DAY = 86_400_000;
const MAX_DAYS = 366;
/** Most comments (the newest) one identity-watch request looks at: its re-scores go through the workers. */
const IDENTITY_LIMIT = 5000;
const time = z.iso.datetime({ offset: true });
const query = z.object({
  since: time.optional(),
  until: time.optional(),
  section: z.string().min(1).max(128).optional(),
  targetPrecision: z.coerce.number().gt(0).max(1).optional(),
  targetPerDay: z.coerce.number().min(0).max(1e9).optional(),
}).strict();

const thresholdBody = z.object({
  label: z.enum(LABELS),
  review: z.number().min(0).max(1),
  reject: z.number().min(0).max(1).nullable().optional(),
  note: z.string().max(2000).optional(),
}).strict();

export function createAdminQualityRouter(deps: AdminQualityDeps): Router {
  const router = Router();
  const clock = deps.clock ?? Date.now;
  if (deps.guard) router.use('/v1/admin/quality', deps.guard);

  /** The period and filters of a quality query, checked. */
  const parseQuery = (raw: unknown) => {
    const r = query.safeParse(raw ?? {});
    if (!r.success) throw toApiError(r.error, raw ?? {});
    const q = r.data;
    const until = q.until !== undefined ? Date.parse(q.until) : clock();
    const since = q.since !== undefined ? Date.parse(q.since) : until - 30 * DAY;
    if (since >= until) throw new ApiError(400, 'invalid_value', 'since: must be before until', 'since');
    if (until - since > MAX_DAYS * DAY) throw new ApiError(400, 'invalid_value', `since: the period is at most ${MAX_DAYS} days`, 'since');
    return { q, period: { since: new Date(since).toISOString(), until: new Date(until).toISOString(), section: q.section } };
  };

  router.get('/v1/admin/quality/identity', async (req, res) => {
    if (!deps.identity) throw new ApiError(404, 'route_not_found', 'the identity watch needs the PostgreSQL record and the workers');
    const { q, period } = parseQuery(req.query);
    if (q.targetPrecision !== undefined || q.targetPerDay !== undefined) throw new ApiError(400, 'unknown_field', 'targets belong to GET /v1/admin/quality', q.targetPrecision !== undefined ? 'targetPrecision' : 'targetPerDay');
    const comments = await deps.identity.comments({ ...period, limit: IDENTITY_LIMIT });
    const report = await identityWatch(comments, (texts) => deps.identity!.held(texts));
    res.json({ ...period, section: period.section ?? null, comments: comments.length, limit: IDENTITY_LIMIT, ...report });
  });

  router.get('/v1/admin/quality', async (req, res) => {
    const { q, period } = parseQuery(req.query);
    if (q.targetPrecision !== undefined && q.targetPerDay !== undefined) {
      throw new ApiError(400, 'invalid_value', 'targetPerDay: give targetPrecision or targetPerDay, not both', 'targetPerDay');
    }
    const target: Target | undefined = q.targetPrecision !== undefined ? { kind: 'precision', precision: q.targetPrecision }
      : q.targetPerDay !== undefined ? { kind: 'volume', perDay: q.targetPerDay } : undefined;
    const [examples, policy, shadows] = await Promise.all([deps.source.examples(period), deps.policy(), deps.source.shadows?.(period) ?? []]);
    res.json({ ...qualityOverview(examples, policy, { ...period, target }), shadows });
  });

  const thresholds = () => {
    if (!deps.thresholds) throw new ApiError(404, 'route_not_found', 'threshold changes need the PostgreSQL record');
    return deps.thresholds;
  };
  const actorOf = (res: Response): Actor => deps.actor?.(res) ?? (res.locals.actor as Actor);

  router.get('/v1/admin/quality/thresholds', async (_req, res) => {
    const policy = await deps.policy();
    res.json({ inForce: policy.labels, changes: await thresholds().changes() });
  });

  router.post('/v1/admin/quality/thresholds', async (req, res) => {
    const record = thresholds();
    const body: unknown = req.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ApiError(400, 'wrong_type', 'body must be a JSON object');
    const r = thresholdBody.safeParse(body);
    if (!r.success) throw toApiError(r.error, body);
    const policy = await deps.policy();
    const inForce = policy.labels[r.data.label];
    // Omitted reject: keep the label's reject threshold, raised to the new review threshold if below it.
    const reject = r.data.reject !== undefined ? r.data.reject : inForce.reject === null ? null : Math.max(inForce.reject, r.data.review);
    const problem = thresholdProblem({ review: r.data.review, reject });
    if (problem) throw new ApiError(400, 'invalid_value', problem.message, problem.field);
    const change = await record.apply(actorOf(res), r.data.label, { review: r.data.review, reject }, inForce, r.data.note ?? null);
    await deps.announce?.();
    res.status(201).json({ change });
  });

  router.post('/v1/admin/quality/thresholds/:id/revert', async (req, res) => {
    const record = thresholds();
    const id = String(req.params.id);
    if (!/^[1-9][0-9]{0,17}$/.test(id)) throw new ApiError(404, 'not_found', `no threshold change ${JSON.stringify(id)}`);
    const done = await record.revert(actorOf(res), id);
    if (!done.ok) {
      if (done.code === 'not_found') throw new ApiError(404, 'not_found', `no threshold change ${id}`);
      const why = { already_reverted: 'it was already reverted', not_latest: 'a later change to the same label came after it: revert that first', not_revertible: 'it is itself a revert' }[done.code];
      throw new ApiError(409, done.code, `threshold change ${id} cannot be reverted: ${why}`);
    }
    await deps.announce?.();
    res.status(201).json({ change: done.change });
  });

  return router;
}
