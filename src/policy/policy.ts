/**
 * The policy: scores in, verdict out. A pure function of the scores and the configured thresholds, so the
 * same comment always gets the same verdict and every verdict carries the reasons that produced it.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CATEGORY_KIND, LABEL_INFO, LABELS, type Label, type LabelScores, type PriorityKind } from '../domain/labels';
import { isMention, SLUR_CATEGORIES, type SlurMatch } from '../domain/slurs';
import type { Reason, Verdict } from '../domain/verdicts';
import { DEFAULT_POLICY, type Policy } from './defaults';
import { contextText, describeSlur, reasonCode } from './reasons';
import { statementsSchema } from './statements';

export interface Decision {
  score: number;
  verdict: Verdict;
  priority: number;
  reasons: Reason[];
}

const VERDICT_RANK: Record<Verdict, number> = { publish: 0, review: 1, reject: 2 };
const worse = (a: Verdict, b: Verdict): Verdict => (VERDICT_RANK[b] > VERDICT_RANK[a] ? b : a);

/** What one phase found: the verdict it asks for, how strong (0..1), what kind (for priority) and why. */
interface Finding {
  verdict: Verdict;
  strength: number;
  kind: PriorityKind;
  reason?: Reason;
}

interface Input {
  labels: LabelScores;
  slurs: readonly SlurMatch[];
  policy: Policy;
}

/**
 * Priority bands, worst kind first: a held threat always outranks a held slur, which outranks an insult, which
 * outranks swearing; within a band, the stronger finding first. [lowest, highest].
 */
export const PRIORITY_BANDS: Record<PriorityKind, [number, number]> = {
  threat: [80, 100],
  identity: [60, 79],
  insult: [35, 59],
  profanity: [10, 34],
};

/** Phase: each lexicon match, by its category's rule — or its context's rule when the context phase recognised one. */
function lexiconMatches({ slurs, policy }: Input): Finding[] {
  return slurs.map((m) => {
    const rule = policy.categories[m.category];
    const kind = CATEGORY_KIND[m.category];
    const strength = m.severity / 4;
    // The site's own "block" and "flag" terms are the operator's decision and hold whatever the context.
    if (m.action === 'block') return { verdict: 'reject', strength, kind, reason: { code: 'blocked_term', term: m.term, message: describeSlur(m) } };
    // Swearing aimed at someone is an insult: the insult rule decides it, in the insult band.
    if (m.context === 'addressed') {
      const r = policy.categories.insult;
      const v: Verdict = r.reject !== null && m.severity >= r.reject ? 'reject' : r.review !== null && m.severity >= r.review ? 'review' : 'publish';
      return v === 'publish' ? { verdict: v, strength: 0, kind: 'insult' } : { verdict: v, strength, kind: 'insult', reason: { code: 'insult_term', term: m.term, message: `${describeSlur(m)}, ${contextText(m)}` } };
    }
    if (m.context) {
      const held = (isMention(m) ? rule.mentioned : rule.reclaimed) === 'review' || m.action === 'flag';
      return held
        ? { verdict: 'review', strength, kind, reason: { code: 'term_in_context', term: m.term, message: `${describeSlur(m)} — ${contextText(m)}; held for a human by policy` } }
        : { verdict: 'publish', strength: 0, kind };
    }
    const verdict: Verdict = rule.reject !== null && m.severity >= rule.reject ? 'reject'
      : m.action === 'flag' || (rule.review !== null && m.severity >= rule.review) ? 'review' : 'publish';
    // Only matches the policy acts on count: swearing the policy lets through is not "bad".
    return verdict === 'publish' ? { verdict, strength: 0, kind } : { verdict, strength, kind, reason: { code: reasonCode(m.category), term: m.term, message: describeSlur(m) } };
  });
}

/** Phase: each model label against its thresholds. */
function modelLabels({ labels, policy }: Input): Finding[] {
  const out: Finding[] = [];
  for (const label of LABELS) {
    const p = labels[label];
    if (p === undefined) continue;
    const t = policy.labels[label];
    const kind = LABEL_INFO[label].kind;
    if (t.reject !== null && p >= t.reject) {
      out.push({ verdict: 'reject', strength: p, kind, reason: { code: 'label_reject', label, message: `${labelText(label)} ${p.toFixed(2)} ≥ reject threshold ${t.reject}` } });
    } else if (p >= t.review) {
      out.push({ verdict: 'review', strength: p, kind, reason: { code: 'label_review', label, message: `${labelText(label)} ${p.toFixed(2)} ≥ review threshold ${t.review}` } });
    } else {
      out.push({ verdict: 'publish', strength: p, kind });
    }
  }
  return out;
}

/**
 * Phase: a comment quoting, reporting or condemning a slur is never rejected without a human — at most held — unless
 * a term used plainly (or a site's block term) asks for rejection on its own. Runs last: it caps what came before.
 */
function counterSpeechCap(input: Input, findings: Finding[]): Reason | null {
  const mention = input.slurs.find(isMention);
  if (!mention) return null;
  const plainReject = findings.some((f) => f.verdict === 'reject' && f.reason && (f.reason.code === 'blocked_term' || (f.reason.term !== undefined && f.reason.code !== 'term_in_context')));
  if (plainReject || !findings.some((f) => f.verdict === 'reject')) return null;
  for (const f of findings) if (f.verdict === 'reject') f.verdict = 'review';
  return { code: 'counter_speech_cap', term: mention.term, message: `'${mention.term}' is ${contextText(mention)}: held for a human, never rejected automatically` };
}

export function decide(labels: LabelScores, slurs: readonly SlurMatch[], policy: Policy = DEFAULT_POLICY): Decision {
  const input: Input = { labels, slurs, policy };
  const findings = [...lexiconMatches(input), ...modelLabels(input)];
  const cap = counterSpeechCap(input, findings);
  const verdict = findings.reduce<Verdict>((v, f) => worse(v, f.verdict), 'publish');
  const reasons = findings.filter((f) => f.verdict !== 'publish' && f.reason).map((f) => f.reason!);
  if (cap) reasons.push(cap);

  // Score: the strongest thing the policy acts on or the model says, in [0, 1].
  const score = Math.max(0, ...findings.map((f) => f.strength));
  // Priority: the band of the worst kind that held the comment, placed within it by that finding's strength.
  let priority = 0;
  if (verdict !== 'publish') {
    for (const f of findings) {
      if (f.verdict === 'publish') continue;
      const [lo, hi] = PRIORITY_BANDS[f.kind];
      priority = Math.max(priority, Math.round(lo + (hi - lo) * Math.min(1, f.strength)));
    }
  }
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
  return LABEL_INFO[label].name;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

const thresholdSchema = z.object({ review: z.number().min(0).max(1), reject: z.number().min(0).max(1).nullable() }).strict();
const severity = z.number().int().min(1).max(4).nullable();
const contextRule = z.enum(['model', 'review']);
const severityRule = z.object({ review: severity.optional(), reject: severity.optional(), mentioned: contextRule.optional(), reclaimed: contextRule.optional() }).strict();
const policySchema = z.object({
  labels: z.object(Object.fromEntries(LABELS.map((l) => [l, thresholdSchema.optional()]))).strict().optional(),
  categories: z.object(Object.fromEntries(SLUR_CATEGORIES.map((c) => [c, severityRule.optional()]))).strict().optional(),
  unscoredVerdict: z.enum(['review', 'reject']).optional(),
  statements: statementsSchema.optional(),
  appeals: z.boolean().optional(),
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
    // Per category, per field: {"profanity": {"review": 3}} holds strong swearing and keeps the context rules.
    categories: Object.fromEntries(SLUR_CATEGORIES.map((c) => [c, { ...DEFAULT_POLICY.categories[c], ...stripUndefined(o.categories?.[c] ?? {}) }])) as Policy['categories'],
    unscoredVerdict: o.unscoredVerdict ?? DEFAULT_POLICY.unscoredVerdict,
    statements: { ...DEFAULT_POLICY.statements, ...stripUndefined(o.statements ?? {}) } as Policy['statements'],
    appeals: o.appeals ?? DEFAULT_POLICY.appeals,
  };
}
