/**
 * The policy: scores in, verdict out. A pure function of the scores and the configured thresholds, so the
 * same comment always gets the same verdict and every verdict carries the reasons that produced it.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { LABELS, type Label, type LabelScores } from '../domain/labels';
import { SLUR_CATEGORIES, type SlurMatch } from '../domain/slurs';
import type { Reason, Verdict } from '../domain/verdicts';
import { DEFAULT_POLICY, type Policy } from './defaults';
import { describeSlur } from './reasons';

export interface Decision {
  score: number;
  verdict: Verdict;
  priority: number;
  reasons: Reason[];
}

const VERDICT_RANK: Record<Verdict, number> = { publish: 0, review: 1, reject: 2 };
const worse = (a: Verdict, b: Verdict): Verdict => (VERDICT_RANK[b] > VERDICT_RANK[a] ? b : a);

export function decide(labels: LabelScores, slurs: readonly SlurMatch[], policy: Policy = DEFAULT_POLICY): Decision {
  let verdict: Verdict = 'publish';
  const reasons: Reason[] = [];

  // Slurs first: they are what a moderator must never miss, and the site's own "block" terms are absolute.
  let worstSeverity = 0;
  for (const m of slurs) {
    const t = policy.categories[m.category];
    const v: Verdict = m.action === 'block' || (t.reject !== null && m.severity >= t.reject) ? 'reject'
      : m.action === 'flag' || (t.review !== null && m.severity >= t.review) ? 'review' : 'publish';
    // Only matches the policy acts on raise the score: swearing the policy lets through is not "bad".
    if (v !== 'publish') worstSeverity = Math.max(worstSeverity, m.severity);
    if (v !== 'publish') reasons.push({ code: m.action === 'block' ? 'blocked_term' : 'slur', term: m.term, message: describeSlur(m) });
    verdict = worse(verdict, v);
  }

  let worstLabel = 0;
  for (const label of LABELS) {
    const p = labels[label];
    if (p === undefined) continue;
    worstLabel = Math.max(worstLabel, p);
    const t = policy.labels[label];
    if (t.reject !== null && p >= t.reject) {
      verdict = worse(verdict, 'reject');
      reasons.push({ code: 'label_reject', label, message: `${labelText(label)} ${p.toFixed(2)} ≥ reject threshold ${t.reject}` });
    } else if (p >= t.review) {
      verdict = worse(verdict, 'review');
      reasons.push({ code: 'label_review', label, message: `${labelText(label)} ${p.toFixed(2)} ≥ review threshold ${t.review}` });
    }
  }

  const score = Math.max(worstLabel, worstSeverity / 4);
  // Priority: how bad, with threats and the worst slurs lifted so moderators see them first.
  const threatBoost = (labels.threat ?? 0) >= policy.labels.threat.review ? 15 : 0;
  const priority = verdict === 'publish' ? 0 : Math.min(100, Math.round(score * 80) + threatBoost + (worstSeverity >= 4 ? 10 : 0));
  return { score: round(score), verdict, priority, reasons };
}

/** Decision for a comment whose scoring failed for good: held for a human, never published. */
export function decideUnscored(error: string, policy: Policy = DEFAULT_POLICY): Decision {
  return {
    score: 0,
    verdict: policy.unscoredVerdict,
    priority: 50,
    reasons: [{ code: 'unscored', message: `could not be scored (${error}); held for human review` }],
  };
}

function labelText(label: Label): string {
  return label.replace(/_/g, ' ');
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

const thresholdSchema = z.object({ review: z.number().min(0).max(1), reject: z.number().min(0).max(1).nullable() }).strict();
const severity = z.number().int().min(1).max(4).nullable();
const severityRule = z.object({ review: severity, reject: severity }).strict();
const policySchema = z.object({
  labels: z.object(Object.fromEntries(LABELS.map((l) => [l, thresholdSchema.optional()]))).strict().optional(),
  categories: z.object(Object.fromEntries(SLUR_CATEGORIES.map((c) => [c, severityRule.optional()]))).strict().optional(),
  unscoredVerdict: z.enum(['review', 'reject']).optional(),
}).strict();

/** The default policy with a POLICY_FILE's overrides applied; throws naming the bad field. */
export function loadPolicy(file?: string): Policy {
  if (!file) return DEFAULT_POLICY;
  const parsed = policySchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new Error(`POLICY_FILE ${file}: ${i.path.join('.')}: ${i.message}`);
  }
  const o = parsed.data;
  return {
    labels: { ...DEFAULT_POLICY.labels, ...(o.labels as Partial<Policy['labels']>) },
    categories: { ...DEFAULT_POLICY.categories, ...(o.categories as Partial<Policy['categories']>) },
    unscoredVerdict: o.unscoredVerdict ?? DEFAULT_POLICY.unscoredVerdict,
  };
}
