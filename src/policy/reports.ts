/**
 * Reader reports as policy: when reports put a published comment in front of a moderator, and how much they
 * raise a held comment's priority. Pure functions of the counts and the configuration (REPORT_*); the store
 * keeps one report per reporter per comment and calls these.
 */
import type { ReportThresholds } from '../config';
import { REPORT_REASON_KIND, REPORT_REASONS, type ReportCounts, type ReportReason } from '../domain/reports';
import { PRIORITY_BANDS } from './policy';

export interface ReportRule {
  thresholds: ReportThresholds;
  /** REPORT_PRIORITY_STEP, REPORT_PRIORITY_MAX. */
  priorityStep: number;
  priorityMax: number;
}

/**
 * Whether the reports on a published comment reach a threshold: a reason's own (`threat:1`) or, for reports of
 * any reasons together, `*`. Returns the reason that reached it (the gravest, when several did), else null.
 */
export function reportThresholdReached(counts: ReportCounts, thresholds: ReportThresholds): ReportReason | '*' | null {
  const reached = REPORT_REASONS.filter((r) => {
    const t = thresholds[r];
    return t !== undefined && (counts[r] ?? 0) >= t;
  });
  if (reached.length > 0) return reached.sort((a, b) => rank(b) - rank(a))[0]!;
  const total = REPORT_REASONS.reduce((n, r) => n + (counts[r] ?? 0), 0);
  return thresholds['*'] !== undefined && total >= thresholds['*'] ? '*' : null;
}

/** How urgent a report reason is: the bottom of its kind's band, 0 for reasons with no kind. */
function rank(reason: ReportReason): number {
  const kind = REPORT_REASON_KIND[reason];
  return kind ? PRIORITY_BANDS[kind][0] : 0;
}

/**
 * The priority of an item with `reports` reader reports: its own priority — for a published comment entering
 * the queue as `reported`, the bottom of the band of the gravest reason reported — plus REPORT_PRIORITY_STEP
 * per report, at most REPORT_PRIORITY_MAX in all, at most 100.
 */
export function reportedPriority(base: number, counts: ReportCounts, rule: Pick<ReportRule, 'priorityStep' | 'priorityMax'>, entering = false): number {
  const reasons = REPORT_REASONS.filter((r) => (counts[r] ?? 0) > 0);
  const total = reasons.reduce((n, r) => n + counts[r]!, 0);
  const floor = entering ? Math.max(0, ...reasons.map(rank)) : 0;
  return Math.min(100, Math.max(base, floor) + Math.min(rule.priorityMax, rule.priorityStep * total));
}
