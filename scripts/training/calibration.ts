/**
 * Joint review thresholds for the whole policy. Each label's threshold chosen alone (finetune.py
 * `choose_thresholds`) reaches the stated review precision for that label, but the policy holds the UNION of every
 * label and lexicon rule, so the queue's own precision is lower. This chooses the model labels' review thresholds
 * together so that the held comments as a whole reach the stated precision at the stated prevalence, losing as
 * little recall as it can.
 *
 * Greedy, on a 0.01 grid, from the per-label thresholds upward: at each step every searched label proposes its next
 * threshold that releases at least one held text; the step that releases the most civil comments per abusive one
 * lost (both as shares, weighted to the prevalence) is taken; until the precision target is met. Texts held by
 * something the search does not move (a lexicon rule, a label left out) stay held whatever the thresholds.
 */
import type { Label } from '../../src/domain/labels';

/** Precision of a rule with this recall and this share of civil comments held, at `prevalence` abusive. */
export function precisionAt(recall: number, civilHeld: number, prevalence: number): number | null {
  const tp = recall * prevalence;
  const fp = civilHeld * (1 - prevalence);
  return tp + fp > 0 ? tp / (tp + fp) : null;
}

export interface CalibrationItem {
  abusive: boolean;
  /** Held by something the search does not move: a lexicon rule or a label not searched. */
  heldByOther: boolean;
  /** The model's label scores (what the policy's thresholds compare). */
  scores: Partial<Record<Label, number>>;
}

export interface Operating { precision: number | null; recall: number; civilHeld: number }

export interface JointResult extends Operating {
  thresholds: Partial<Record<Label, number>>;
  /** Where the search started (the per-label thresholds), for the report. */
  start: Operating;
  /** True when the target was reached; false when it cannot be (the thresholds are then those of the best precision on the way). */
  reached: boolean;
}

const GRID = 0.01;
const round2 = (x: number) => Math.round(x * 100) / 100;

export function operatingPoint(items: readonly CalibrationItem[], thresholds: Partial<Record<Label, number>>, prevalence: number): Operating {
  const labels = Object.keys(thresholds) as Label[];
  const held = (it: CalibrationItem) => it.heldByOther || labels.some((l) => (it.scores[l] ?? 0) >= thresholds[l]!);
  const pos = items.filter((it) => it.abusive);
  const neg = items.filter((it) => !it.abusive);
  const recall = pos.filter(held).length / Math.max(pos.length, 1);
  const civilHeld = neg.filter(held).length / Math.max(neg.length, 1);
  return { precision: precisionAt(recall, civilHeld, prevalence), recall, civilHeld };
}

/**
 * `start`: the searched labels and their starting review thresholds. Raises them until the whole policy's precision
 * at `prevalence` is at least `precision`.
 */
export function jointThresholds(items: readonly CalibrationItem[], start: Partial<Record<Label, number>>, opts: { prevalence: number; precision: number }): JointResult {
  const labels = Object.keys(start) as Label[];
  const t: Partial<Record<Label, number>> = { ...start };
  const nPos = Math.max(items.filter((it) => it.abusive).length, 1);
  const nNeg = Math.max(items.filter((it) => !it.abusive).length, 1);
  const begin = operatingPoint(items, t, opts.prevalence);
  let now = begin;
  let bestSeen = { thresholds: { ...t }, ...now };
  while ((now.precision ?? 0) < opts.precision) {
    let best: { label: Label; to: number; ratio: number } | null = null;
    for (const label of labels) {
      // Texts only this label holds now, by their score: raising the threshold past a score releases that text.
      const mine = items.filter((it) => !it.heldByOther && (it.scores[label] ?? 0) >= t[label]!
        && !labels.some((o) => o !== label && (it.scores[o] ?? 0) >= t[o]!));
      if (mine.length === 0) continue;
      const lowest = Math.min(...mine.map((it) => it.scores[label] ?? 0));
      const to = Math.min(1, round2(Math.floor(lowest / GRID + 1e-9) * GRID + GRID));
      if (to <= t[label]!) continue;
      const released = mine.filter((it) => (it.scores[label] ?? 0) < to);
      const civil = released.filter((it) => !it.abusive).length / nNeg;
      const lost = released.filter((it) => it.abusive).length / nPos;
      const ratio = (civil * (1 - opts.prevalence)) / (lost * opts.prevalence + 1e-12);
      if (!best || ratio > best.ratio) best = { label, to, ratio };
    }
    if (!best) return { ...bestSeen, start: begin, reached: false };
    t[best.label] = best.to;
    now = operatingPoint(items, t, opts.prevalence);
    if ((now.precision ?? 0) > (bestSeen.precision ?? 0)) bestSeen = { thresholds: { ...t }, ...now };
  }
  return { thresholds: t, ...now, start: begin, reached: true };
}
