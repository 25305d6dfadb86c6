/**
 * Joint review thresholds: the model labels' review thresholds chosen TOGETHER for what the whole policy holds.
 * Each label's threshold chosen alone (per-label suggestions, thresholds.ts; the trainer's `choose_thresholds`)
 * meets a target for that label's holds, but a comment is held when any label or lexicon rule says so, and the queue
 * as a whole is less precise than each part. This raises the searched labels' thresholds until the queue meets the
 * target — a precision of holds, or a review volume — losing as little recall as it can.
 *
 * Greedy, on a 0.01 grid, from the thresholds in force upward: at each step every searched label proposes its next
 * threshold that releases at least one held comment; the step that releases the most civil comments per abusive one
 * lost (both as shares, at the prevalence) is taken, until the target is met. Comments held by something the search
 * does not move (a lexicon rule, a label not searched) stay held whatever the thresholds. Items carry a weight (an
 * audited published comment stands for 1 / AUDIT_SAMPLE_RATE of them, src/review/audit.ts).
 *
 * Used on a site's own decisions (`jointSuggestion`, GET /v1/admin/quality) and on the training data's splits
 * (`npm run calibrate`, scripts/calibrate.ts).
 */
import type { LabelledExample } from '../../domain/examples';
import type { Label } from '../../domain/labels';
import type { Policy } from '../../policy/defaults';
import { judge, latestPerComment } from './quality';
import { weightedShare, type Share } from './stats';
import { withThreshold, type Target } from './thresholds';

/** Precision of a rule with this recall and this share of civil comments held, at `prevalence` abusive. */
export function precisionAt(recall: number, civilHeld: number, prevalence: number): number | null {
  const tp = recall * prevalence;
  const fp = civilHeld * (1 - prevalence);
  return tp + fp > 0 ? tp / (tp + fp) : null;
}

export interface JointItem {
  abusive: boolean;
  /** Held by something the search does not move: a lexicon rule or a label not searched. */
  heldByOther: boolean;
  /** The model's label scores (what the policy's thresholds compare). */
  scores: Partial<Record<Label, number>>;
  /** How many comments it stands for; default 1. */
  w?: number;
}

export type Thresholds = Partial<Record<Label, number>>;

export interface Operating {
  /** At the prevalence asked for, or the items' own when none was. */
  precision: number | null;
  recall: number;
  /** Share of civil comments held. */
  civilHeld: number;
  /** Share of all comments held (weighted). */
  held: number;
}

export interface JointResult extends Operating {
  thresholds: Thresholds;
  /** Where the search started, for the report. */
  start: Operating;
  /** False when the target cannot be met: the thresholds are then those of the best precision on the way. */
  reached: boolean;
}

const GRID = 0.01;
const round2 = (x: number) => Math.round(x * 100) / 100;
const weight = (it: JointItem) => it.w ?? 1;
const sum = (xs: readonly JointItem[]) => xs.reduce((a, it) => a + weight(it), 0);
/** Held at these thresholds: by something the search does not move, or by a searched label at or over its threshold. */
const heldAt = (it: JointItem, t: Thresholds) => it.heldByOther || (Object.keys(t) as Label[]).some((l) => (it.scores[l] ?? 0) >= t[l]!);

/** What the items' holds are at these thresholds; `prevalence` reweights precision (default: the items' own). */
export function operatingPoint(items: readonly JointItem[], thresholds: Thresholds, prevalence?: number): Operating {
  const isHeld = (it: JointItem) => heldAt(it, thresholds);
  const pos = items.filter((it) => it.abusive);
  const neg = items.filter((it) => !it.abusive);
  const all = Math.max(sum(items), 1e-12);
  const recall = sum(pos.filter(isHeld)) / Math.max(sum(pos), 1e-12);
  const civilHeld = sum(neg.filter(isHeld)) / Math.max(sum(neg), 1e-12);
  return { precision: precisionAt(recall, civilHeld, prevalence ?? sum(pos) / all), recall, civilHeld, held: sum(items.filter(isHeld)) / all };
}

/**
 * `start`: the searched labels and their starting review thresholds. Raises them until `done` says the operating
 * point meets the target (e.g. `o => (o.precision ?? 0) >= 0.3`).
 */
export function jointThresholds(items: readonly JointItem[], start: Thresholds, opts: { prevalence?: number; done: (o: Operating) => boolean }): JointResult {
  const labels = Object.keys(start) as Label[];
  const t: Thresholds = { ...start };
  const posW = Math.max(sum(items.filter((it) => it.abusive)), 1e-12);
  const negW = Math.max(sum(items.filter((it) => !it.abusive)), 1e-12);
  const prevalence = opts.prevalence ?? posW / Math.max(posW + negW, 1e-12);
  const begin = operatingPoint(items, t, opts.prevalence);
  let now = begin;
  let bestSeen = { thresholds: { ...t }, ...now };
  while (!opts.done(now)) {
    let best: { label: Label; to: number; ratio: number } | null = null;
    for (const label of labels) {
      // Comments only this label holds now: raising its threshold past a comment's score releases it.
      const mine = items.filter((it) => !it.heldByOther && (it.scores[label] ?? 0) >= t[label]!
        && !labels.some((o) => o !== label && (it.scores[o] ?? 0) >= t[o]!));
      if (mine.length === 0) continue;
      // A loop, not Math.min(...): a site's decisions can outnumber the arguments a call may take.
      const lowest = mine.reduce((m, it) => Math.min(m, it.scores[label] ?? 0), Infinity);
      const to = Math.min(1, round2(Math.floor(lowest / GRID + 1e-9) * GRID + GRID));
      if (to <= t[label]!) continue;
      const released = mine.filter((it) => (it.scores[label] ?? 0) < to);
      const civil = sum(released.filter((it) => !it.abusive)) / negW;
      const lost = sum(released.filter((it) => it.abusive)) / posW;
      const ratio = (civil * (1 - prevalence)) / (lost * prevalence + 1e-12);
      if (!best || ratio > best.ratio) best = { label, to, ratio };
    }
    if (!best) return { ...bestSeen, start: begin, reached: false };
    t[best.label] = best.to;
    now = operatingPoint(items, t, opts.prevalence);
    if ((now.precision ?? 0) > (bestSeen.precision ?? 0)) bestSeen = { thresholds: { ...t }, ...now };
  }
  return { thresholds: t, ...now, start: begin, reached: true };
}

/**
 * Labels a joint search leaves where they are: a threat missed costs more than a civil comment read, and threats
 * rank first in the queue, so the threat threshold is only ever changed on its own.
 */
export const JOINT_FIXED: readonly Label[] = ['threat'];

export interface JointPoint {
  thresholds: Thresholds;
  /** Share of the held comments moderators rejected, with its 95 % interval. */
  precision: Share;
  /** Rejected comments held ÷ all rejected (misses estimated from the audit sample). */
  recall: number;
  heldPerDay: number;
}

export interface JointSuggestion {
  /** The labels whose thresholds were searched together. */
  labels: Label[];
  current: JointPoint;
  /** null when no setting meets the target on the data there is (`why` says which). */
  suggested: JointPoint | null;
  why?: 'not_enough_holds' | 'target_not_reachable';
}

/**
 * On a site's own decisions: the review thresholds of every label with model scores (but JOINT_FIXED), raised
 * together until the whole queue meets `target`. Judged as the quality figures judge (quality.ts `judge`): each
 * decided comment again by the policy, weighted; a rejected comment is abusive.
 */
export function jointSuggestion(examples: readonly LabelledExample[], policy: Policy, target: Target, opts: { days: number; /** fewest held comments a precision target needs; default 20 */ minHolds?: number }): JointSuggestion | null {
  const days = Math.max(opts.days, 1e-9);
  const latest = latestPerComment(examples);
  const decided = latest.filter((e) => !e.unscored);
  const unscoredW = latest.filter((e) => e.unscored).reduce((a, e) => a + e.weight, 0);
  const labels = ([...new Set(decided.flatMap((e) => Object.keys(e.modelScores)))] as Label[])
    .filter((l) => !JOINT_FIXED.includes(l) && policy.labels[l] !== undefined).sort();
  if (labels.length === 0) return null;
  const never = labels.reduce((p, l) => withThreshold(p, l, Infinity), policy);
  const items: JointItem[] = decided.map((e) => ({ abusive: e.outcome === 'rejected', heldByOther: judge(e, never).verdict !== 'publish', scores: e.modelScores, w: e.weight }));
  const totalW = items.reduce((a, it) => a + weight(it), 0);
  const point = (t: Thresholds): JointPoint => {
    const o = operatingPoint(items, t);
    const held = items.filter((it) => heldAt(it, t));
    return { thresholds: t, precision: weightedShare(held.map((it) => ({ w: weight(it), hit: it.abusive }))), recall: Math.round(o.recall * 1000) / 1000, heldPerDay: round2((o.held * totalW + unscoredW) / days) };
  };
  const start = Object.fromEntries(labels.map((l) => [l, policy.labels[l].review]));
  const current = point(start);
  const heldNow = items.filter((it) => heldAt(it, start)).length;
  // A precision needs holds to be measured on; a volume is a count.
  if (target.kind === 'precision' && heldNow < (opts.minHolds ?? 20)) return { labels, current, suggested: null, why: 'not_enough_holds' };
  const done = target.kind === 'precision'
    ? (o: Operating) => (o.precision ?? 0) >= target.precision
    : (o: Operating) => (o.held * totalW + unscoredW) / days <= target.perDay;
  const r = jointThresholds(items, start, { done });
  return r.reached ? { labels, current, suggested: point(r.thresholds) } : { labels, current, suggested: null, why: 'target_not_reachable' };
}
