/**
 * Threshold suggestions (issue #13): per model label, the review threshold that meets a target on this site's
 * own decisions — a hold precision (the share of held comments moderators reject), or a review volume per day —
 * with what it would do to the queue. A suggestion is only a figure: the policy changes when an admin accepts it.
 *
 * How: thresholds on a 0.01 grid; for each, the examples (src/domain/examples.ts, weighted) are judged as the
 * policy would with only that label's threshold changed. A comment held by something else (another label, a
 * slur) stays held whatever this label's threshold, so the volume counts every hold, not only this label's.
 * Of the thresholds that meet the target, the LOWEST is suggested: it holds the most abuse.
 */
import type { LabelledExample } from '../../domain/examples';
import { LABELS, type Label } from '../../domain/labels';
import type { Policy } from '../../policy/defaults';
import { judge, latestPerComment } from './quality';
import { weightedShare, type Share } from './stats';

export type Target = { kind: 'precision'; precision: number } | { kind: 'volume'; perDay: number };

export interface ThresholdPoint {
  threshold: number;
  /** Precision of this label's holds at the threshold. */
  precision: Share;
  /** Expected held comments per day (any reason) with this label's threshold here. */
  heldPerDay: number;
}

export interface Suggestion {
  label: Label;
  current: ThresholdPoint;
  /** null when no threshold meets the target on the data there is (`why` says which). */
  suggested: ThresholdPoint | null;
  /** suggested.heldPerDay − current.heldPerDay: negative = fewer comments for moderators. */
  volumeChangePerDay: number | null;
  why?: 'not_enough_holds' | 'target_not_reachable';
}

export interface SuggestOptions {
  /** Days the examples cover: turns weighted counts into comments per day. */
  days: number;
  /** Fewest held examples (unweighted) a threshold needs before its precision counts; default 20. */
  minHolds?: number;
  /** Labels to suggest for; default: every label any example has a model score for. */
  labels?: readonly Label[];
}

const GRID = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);

interface Row { w: number; score: number; heldByOther: boolean; rejected: boolean }

/** The policy with one label's review threshold set to `t` (its reject threshold raised to `t` if below). */
export function withThreshold(policy: Policy, label: Label, t: number): Policy {
  const cur = policy.labels[label];
  return { ...policy, labels: { ...policy.labels, [label]: { review: t, reject: cur.reject === null ? null : Math.max(cur.reject, t) } } };
}

function point(rows: readonly Row[], t: number, days: number): ThresholdPoint & { holds: number } {
  const mine = rows.filter((r) => r.score >= t);
  const heldW = rows.reduce((a, r) => a + (r.heldByOther || r.score >= t ? r.w : 0), 0);
  return {
    threshold: t,
    precision: weightedShare(mine.map((r) => ({ w: r.w, hit: r.rejected }))),
    heldPerDay: round(heldW / days),
    holds: mine.length,
  };
}

export function suggestThresholds(examples: readonly LabelledExample[], policy: Policy, target: Target, opts: SuggestOptions): Suggestion[] {
  const days = Math.max(opts.days, 1e-9);
  const minHolds = opts.minHolds ?? 20;
  const decided = latestPerComment(examples).filter((e) => !e.unscored);
  const labels = opts.labels ?? LABELS.filter((l) => decided.some((e) => e.modelScores[l] !== undefined));
  const unscoredW = latestPerComment(examples).filter((e) => e.unscored).reduce((a, e) => a + e.weight, 0);
  return labels.map((label) => {
    // Held by something other than this label: the policy with this label out of reach.
    const never = withThreshold(policy, label, Infinity);
    const rows: Row[] = decided.map((e) => ({
      w: e.weight,
      score: e.modelScores[label] ?? 0,
      heldByOther: judge(e, never).verdict !== 'publish',
      rejected: e.outcome === 'rejected',
    }));
    const at = (t: number) => {
      const p = point(rows, t, days);
      return { ...p, heldPerDay: round(p.heldPerDay + unscoredW / days) };
    };
    const { holds: _h, ...current } = at(policy.labels[label].review);
    let why: Suggestion['why'];
    let best: ReturnType<typeof at> | null = null;
    for (const t of GRID) {
      const p = at(t);
      if (target.kind === 'precision') {
        if (p.holds < minHolds) { why ??= 'not_enough_holds'; continue; }
        if ((p.precision.rate ?? 0) >= target.precision) { best = p; break; }
        why = 'target_not_reachable';
      } else if (p.heldPerDay <= target.perDay) {
        best = p;
        break;
      } else {
        why = 'target_not_reachable';
      }
    }
    if (!best) return { label, current, suggested: null, volumeChangePerDay: null, why };
    const { holds: _b, ...suggested } = best;
    return { label, current, suggested, volumeChangePerDay: round(suggested.heldPerDay - current.heldPerDay) };
  });
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
