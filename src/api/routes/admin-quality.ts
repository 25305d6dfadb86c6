/**
 * Live quality from moderators' decisions (issue #13), for admins:
 *   GET /v1/admin/quality?since=&until=&section=&targetPrecision=|targetPerDay=
 *     → 200 QualityOverview (src/review/quality/overview.ts): precision of holds per label and per lexicon category
 *       with 95 % intervals, outright rejections overturned, the audit sample's miss rate and recall, threshold
 *       suggestions for the target, and the same figures day by day or week by week.
 * `since` defaults to 30 days before `until` (default: now). Handlers only parse input and shape output.
 */
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { LabelledExample } from '../../domain/examples';
import type { Policy } from '../../policy/defaults';
import { qualityOverview } from '../../review/quality/overview';
import type { Target } from '../../review/quality/thresholds';
import { ApiError, toApiError } from '../errors';

/** Where the decided examples come from (the review record). */
export interface QualitySource {
  examples(q: { since: string; until: string; section?: string }): Promise<LabelledExample[]>;
}

export interface AdminQualityDeps {
  source: QualitySource;
  /** The policy in force (thresholds the figures are judged at). */
  policy: () => Policy | Promise<Policy>;
  guard?: RequestHandler;
  clock?: () => number;
}

const DAY = 86_400_000;
const MAX_DAYS = 366;
const time = z.iso.datetime({ offset: true });
const query = z.object({
  since: time.optional(),
  until: time.optional(),
  section: z.string().min(1).max(128).optional(),
  targetPrecision: z.coerce.number().gt(0).max(1).optional(),
  targetPerDay: z.coerce.number().min(0).max(1e9).optional(),
}).strict();

export function createAdminQualityRouter(deps: AdminQualityDeps): Router {
  const router = Router();
  const clock = deps.clock ?? Date.now;
  if (deps.guard) router.use('/v1/admin/quality', deps.guard);

  router.get('/v1/admin/quality', async (req, res) => {
    const r = query.safeParse(req.query ?? {});
    if (!r.success) throw toApiError(r.error, req.query ?? {});
    const q = r.data;
    if (q.targetPrecision !== undefined && q.targetPerDay !== undefined) {
      throw new ApiError(400, 'invalid_value', 'targetPerDay: give targetPrecision or targetPerDay, not both', 'targetPerDay');
    }
    const until = q.until !== undefined ? Date.parse(q.until) : clock();
    const since = q.since !== undefined ? Date.parse(q.since) : until - 30 * DAY;
    if (since >= until) throw new ApiError(400, 'invalid_value', 'since: must be before until', 'since');
    if (until - since > MAX_DAYS * DAY) throw new ApiError(400, 'invalid_value', `since: the period is at most ${MAX_DAYS} days`, 'since');
    const target: Target | undefined = q.targetPrecision !== undefined ? { kind: 'precision', precision: q.targetPrecision }
      : q.targetPerDay !== undefined ? { kind: 'volume', perDay: q.targetPerDay } : undefined;
    const period = { since: new Date(since).toISOString(), until: new Date(until).toISOString(), section: q.section };
    const [examples, policy] = await Promise.all([deps.source.examples(period), deps.policy()]);
    res.json(qualityOverview(examples, policy, { ...period, target }));
  });

  return router;
}
