/**
 * Shadow against live, judged by moderators (issue #13): of the comments a shadow configuration scored that a
 * human then decided, how often each configuration held them and how often its holds were right. Pure: the
 * record joins shadow scores with the latest decision per comment; this counts.
 *
 * Only decided comments can be judged, and those are mostly ones the LIVE configuration held (plus the audit
 * sample of published ones, weighted by it): a shadow's holds on comments the live one published are judged
 * through the audit sample only. The figures say how many comments they rest on.
 */
import type { ExampleOutcome } from '../../domain/examples';
import type { ShadowDescription } from '../../domain/shadow';
import type { Verdict } from '../../domain/verdicts';
import { weightedShare, type Share } from './stats';

export interface ShadowJudged {
  liveVerdict: Verdict;
  shadowVerdict: Verdict;
  outcome: ExampleOutcome;
  weight: number;
}

export interface SideFigures {
  /** Share of the decided comments this configuration held (review or reject). */
  held: Share;
  /** Of the ones it held, the share moderators rejected. */
  precision: Share;
  /** Of the ones moderators rejected, the share it held. */
  recall: Share;
}

export interface ShadowComparison {
  shadow: ShadowDescription;
  /** Comments the shadow scored in the period, and how many of them a human decided. */
  scored: number;
  decided: number;
  live: SideFigures;
  candidate: SideFigures;
  /** Share of decided comments where both held or both published. */
  agreement: Share;
}

const isHeld = (v: Verdict) => v !== 'publish';

function side(rows: readonly ShadowJudged[], verdict: (r: ShadowJudged) => Verdict): SideFigures {
  const held = rows.filter((r) => isHeld(verdict(r)));
  const rejected = rows.filter((r) => r.outcome === 'rejected');
  return {
    held: weightedShare(rows.map((r) => ({ w: r.weight, hit: isHeld(verdict(r)) }))),
    precision: weightedShare(held.map((r) => ({ w: r.weight, hit: r.outcome === 'rejected' }))),
    recall: weightedShare(rejected.map((r) => ({ w: r.weight, hit: isHeld(verdict(r)) }))),
  };
}

export function compareShadow(shadow: ShadowDescription, scored: number, decided: readonly ShadowJudged[]): ShadowComparison {
  return {
    shadow,
    scored,
    decided: decided.length,
    live: side(decided, (r) => r.liveVerdict),
    candidate: side(decided, (r) => r.shadowVerdict),
    agreement: weightedShare(decided.map((r) => ({ w: r.weight, hit: isHeld(r.liveVerdict) === isHeld(r.shadowVerdict) }))),
  };
}
