/**
 * What the quality endpoint and the admin page show (GET /v1/admin/quality): the figures over a period and
 * section, at the policy in force, with threshold suggestions (per label, and all labels together) and the same figures week by week (or day by day
 * over a short period). A pure function of the examples the record returns and the policy.
 */
import type { LabelledExample } from '../../domain/examples';
import type { Policy } from '../../policy/defaults';
import { jointSuggestion, type JointSuggestion } from './joint';
import { qualityReport, type QualityReport } from './quality';
import { suggestThresholds, type Suggestion, type Target } from './thresholds';
import type { Share } from './stats';

export interface QualityQuery {
  /** ISO times; examples decided in [since, until). */
  since: string;
  until: string;
  section?: string;
  /** What the suggestions aim at; default: the precision of holds the site has now, rounded up to 0.05, at least 0.5. */
  target?: Target;
}

export interface QualityPoint {
  from: string;
  to: string;
  examples: number;
  precision: Share;
  missRate: Share;
}

export interface QualityOverview extends QualityReport {
  since: string;
  until: string;
  days: number;
  section: string | null;
  /** The review threshold per label in force (what "current" means below). */
  thresholds: Record<string, { review: number; reject: number | null }>;
  target: Target;
  suggestions: Suggestion[];
  /** The labels' thresholds moved together so the whole queue meets the target (null: no model scores). */
  joint: JointSuggestion | null;
  series: QualityPoint[];
}

const DAY = 86_400_000;

export function qualityOverview(examples: readonly LabelledExample[], policy: Policy, q: QualityQuery): QualityOverview {
  const from = Date.parse(q.since);
  const to = Date.parse(q.until);
  const inRange = examples.filter((e) => {
    const t = Date.parse(e.decidedAt);
    return t >= from && t < to && (q.section === undefined || e.section === q.section);
  });
  const days = Math.max((to - from) / DAY, 1 / 24);
  const report = qualityReport(inRange, policy);
  const now = report.holds.precision.rate;
  const target: Target = q.target ?? { kind: 'precision', precision: Math.max(0.5, Math.min(0.95, Math.ceil(((now ?? 0.5) + 1e-9) * 20) / 20)) };
  // Buckets: days over two weeks or less, else weeks; the last bucket ends at `until`.
  const step = days <= 14 ? DAY : 7 * DAY;
  const series: QualityPoint[] = [];
  for (let start = from; start < to; start += step) {
    const end = Math.min(start + step, to);
    const xs = inRange.filter((e) => { const t = Date.parse(e.decidedAt); return t >= start && t < end; });
    const r = qualityReport(xs, policy);
    series.push({ from: new Date(start).toISOString(), to: new Date(end).toISOString(), examples: r.examples, precision: r.holds.precision, missRate: r.missRate });
  }
  return {
    since: new Date(from).toISOString(),
    until: new Date(to).toISOString(),
    days: Math.round(days * 100) / 100,
    section: q.section ?? null,
    thresholds: Object.fromEntries(Object.entries(policy.labels).map(([l, t]) => [l, { review: t.review, reject: t.reject }])),
    ...report,
    target,
    suggestions: suggestThresholds(inRange, policy, target, { days }),
    joint: jointSuggestion(inRange, policy, target, { days }),
    series,
  };
}
