/**
 * Live quality from moderators' decisions (issue #13): how good the automatic checks are on this site, at the
 * thresholds in force now. Pure functions of labelled examples (src/domain/examples.ts) and a policy: the review
 * side keeps the examples; the API serves what these compute.
 *
 * Every example is judged again by the policy in force (src/policy), so the figures answer "what do the current
 * thresholds do", not "what did they do when the comment came in". Examples carry a weight — an audited
 * published comment stands for 1 / AUDIT_SAMPLE_RATE published comments — and every share is weighted by it
 * (src/review/quality/stats.ts: with all weights 1 these are plain counts with Wilson intervals).
 *
 *  - precision of holds, per label and per lexicon category: of the comments the current policy holds (review or
 *    reject) for that label or category, the share moderators rejected;
 *  - overturned: of the comments the current policy rejects outright, the share a moderator approved;
 *  - miss rate: of the comments the current policy publishes, the share moderators rejected — from the audit
 *    sample (and comments once held that the current policy would publish);
 *  - recall: rejected comments held / all rejected comments, the missed ones estimated from the audit sample.
 */
import type { ExampleMatch, LabelledExample } from '../../domain/examples';
import { LABELS, type Label } from '../../domain/labels';
import { SLUR_CATEGORIES, type SlurCategory, type SlurMatch } from '../../domain/slurs';
import type { Verdict } from '../../domain/verdicts';
import type { Policy } from '../../policy/defaults';
import { decide } from '../../policy/policy';
import { weightedShare, type Share } from './stats';

/** What the current policy says about one example: its verdict, and the labels and categories that held it. */
export interface Judgement {
  verdict: Verdict;
  labels: Label[];
  categories: SlurCategory[];
}

const asMatch = (m: ExampleMatch): SlurMatch => ({ ...m, start: 0, end: 0, text: '', transformations: [] });

/** The example judged again by `policy` (unscored comments are held whatever the thresholds). */
export function judge(e: Pick<LabelledExample, 'modelScores' | 'matches' | 'unscored'>, policy: Policy): Judgement {
  if (e.unscored) return { verdict: policy.unscoredVerdict, labels: [], categories: [] };
  const d = decide(e.modelScores, e.matches.map(asMatch), policy);
  const labels = new Set<Label>();
  const categories = new Set<SlurCategory>();
  for (const r of d.reasons) {
    if (r.label && (r.code === 'label_review' || r.code === 'label_reject')) labels.add(r.label as Label);
    if (r.term !== undefined && r.code !== 'counter_speech_cap') {
      for (const m of e.matches) if (m.term === r.term) categories.add(m.category);
    }
  }
  return { verdict: d.verdict, labels: [...labels], categories: [...categories] };
}

/**
 * One example per comment: the latest decision (an appeal decided after the review wins). Perspective score
 * suggestions are labels sent by a client, not a sample of what Sieve held or published, so the figures leave
 * them out (the training export keeps them).
 */
export function latestPerComment(examples: readonly LabelledExample[]): LabelledExample[] {
  const latest = new Map<string, LabelledExample>();
  for (const e of examples) {
    if (e.source === 'suggestion') continue;
    const prev = latest.get(e.commentId);
    if (!prev || e.decidedAt >= prev.decidedAt) latest.set(e.commentId, e);
  }
  return [...latest.values()];
}

export interface HoldQuality {
  /** Share of the held comments moderators rejected, with its 95 % interval. */
  precision: Share;
  /** Share of the comments rejected outright that a moderator approved. */
  overturned: Share;
}

export interface QualityReport {
  /** Decided comments the figures rest on (after one-per-comment), and how many came from the audit sample. */
  examples: number;
  audited: number;
  holds: HoldQuality;
  byLabel: Partial<Record<Label, HoldQuality>>;
  byCategory: Partial<Record<SlurCategory, HoldQuality>>;
  /** Share of the comments the current policy publishes that moderators rejected (audit sample). */
  missRate: Share;
  /** Rejected comments held / rejected comments in all (weighted); null without any rejected comment. */
  recall: number | null;
}

interface Judged { e: LabelledExample; j: Judgement }

const obs = (xs: readonly Judged[], hit: (x: Judged) => boolean) => xs.map((x) => ({ w: x.e.weight, hit: hit(x) }));
const rejected = (x: Judged) => x.e.outcome === 'rejected';

function holdQuality(held: readonly Judged[]): HoldQuality {
  const outright = held.filter((x) => x.j.verdict === 'reject');
  return {
    precision: weightedShare(obs(held, rejected)),
    overturned: weightedShare(obs(outright, (x) => x.e.outcome === 'approved')),
  };
}

export function qualityReport(examples: readonly LabelledExample[], policy: Policy): QualityReport {
  const judged: Judged[] = latestPerComment(examples).map((e) => ({ e, j: judge(e, policy) }));
  const held = judged.filter((x) => x.j.verdict !== 'publish');
  const published = judged.filter((x) => x.j.verdict === 'publish');
  const byLabel: QualityReport['byLabel'] = {};
  for (const label of LABELS) {
    const xs = held.filter((x) => x.j.labels.includes(label));
    if (xs.length > 0) byLabel[label] = holdQuality(xs);
  }
  const byCategory: QualityReport['byCategory'] = {};
  for (const c of SLUR_CATEGORIES) {
    const xs = held.filter((x) => x.j.categories.includes(c));
    if (xs.length > 0) byCategory[c] = holdQuality(xs);
  }
  const caught = held.filter(rejected).reduce((a, x) => a + x.e.weight, 0);
  const missed = published.filter(rejected).reduce((a, x) => a + x.e.weight, 0);
  return {
    examples: judged.length,
    audited: judged.filter((x) => x.e.source === 'audit').length,
    holds: holdQuality(held),
    byLabel,
    byCategory,
    missRate: weightedShare(obs(published, rejected)),
    recall: caught + missed > 0 ? caught / (caught + missed) : null,
  };
}

