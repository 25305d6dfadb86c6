/**
 * The learning record (issue #13) in PostgreSQL (migration 0002): decisions as labelled examples, shadow scores,
 * and the threshold changes admins accept. The review store writes an example in the same transaction as the
 * decision it comes from; the quality endpoint and `export:decisions` read them back.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../db';
import type { ExampleMatch, ExampleSource, LabelledExample } from '../../domain/examples';
import { isLabel, type Label, type LabelScores } from '../../domain/labels';
import type { ScoreResult } from '../../domain/score';
import { shadowKey, type ShadowDescription, type ShadowScore } from '../../domain/shadow';
import type { Verdict } from '../../domain/verdicts';
import type { Policy } from '../../policy/defaults';
import { withOverrides, type ThresholdOverride } from '../../policy/overrides';
import type { Actor, ReviewItem } from '../types';
import { compareShadow, type ShadowComparison, type ShadowJudged } from './shadow-compare';

export interface Period { since: string; until: string; section?: string }

export interface PolicyChange {
  id: string;
  at: string;
  actor: string;
  kind: 'apply' | 'revert';
  label: Label;
  review: number | null;
  reject: number | null;
  previous: { review: number; reject: number | null };
  reverts: string | null;
  note: string | null;
  /** Set on an `apply` that a later revert undid. */
  revertedBy?: string | null;
}

/** The lexicon matches as an example keeps them (no span, no original text). */
export function matchesOf(result: ScoreResult | null): ExampleMatch[] {
  return (result?.slurs ?? []).map((m) => ({
    term: m.term, category: m.category, severity: m.severity,
    ...(m.context ? { context: m.context } : {}), ...(m.action ? { action: m.action } : {}),
  }));
}

export const modelScoresOf = (result: ScoreResult | null): LabelScores => result?.modelLabels ?? result?.labels ?? {};

export class LearningRecord {
  constructor(private readonly db: Db, private readonly clock: () => number = Date.now) {}

  /** Keeps a decision as an example (idempotent per comment, source and time). Joins the caller's transaction. */
  async addExample(tx: DbOrTx, e: Omit<LabelledExample, 'text'> & { decidedBy: string | null; humanLabels?: Record<string, number> | null }): Promise<void> {
    await tx.insertInto('decision_examples').values({
      comment_id: e.commentId, source: e.source, section: e.section, verdict: e.verdict, unscored: e.unscored,
      model_scores: JSON.stringify(e.modelScores), matches: JSON.stringify(e.matches), outcome: e.outcome,
      reason: e.reason, decided_by: e.decidedBy, decided_at: e.decidedAt, weight: e.weight,
      human_labels: e.humanLabels ? JSON.stringify(e.humanLabels) : null, text: null,
    }).onConflict((oc) => oc.columns(['comment_id', 'source', 'decided_at']).doNothing()).execute();
  }

  /**
   * A final decision on a review item as an example, in the decision's transaction: the scores and matches come
   * from the comment's saved result. `auditWeight`: what an audited comment stands for (1 / AUDIT_SAMPLE_RATE).
   */
  async addDecision(tx: DbOrTx, item: ReviewItem, auditWeight: number): Promise<void> {
    if (!item.decision || (item.state !== 'approved' && item.state !== 'rejected')) return;
    const c = await tx.selectFrom('comments').select(['result', 'section']).where('id', '=', item.id).executeTakeFirst();
    const result = (c?.result ?? null) as ScoreResult | null;
    await this.addExample(tx, {
      commentId: item.id,
      source: item.queue === 'audit' ? 'audit' : 'review',
      section: c?.section ?? null,
      verdict: item.verdict,
      unscored: item.unscored,
      modelScores: modelScoresOf(result),
      matches: matchesOf(result),
      outcome: item.state,
      reason: item.decision.reason,
      decidedAt: item.decision.at,
      weight: item.queue === 'audit' ? auditWeight : 1,
      decidedBy: item.decision.by,
    });
  }

  /**
   * A Perspective score suggestion (`comments:suggestscore`) as an example: a person's score per label for a text
   * Sieve did not judge. Outcome: `rejected` when the toxicity suggested (or, without one, the highest) is 0.5 or
   * more. It trains (`export:decisions`) but stays out of the quality figures, which are about Sieve's own holds.
   */
  async addSuggestion(s: { text: string; humanLabels: Partial<Record<Label, number>>; section: string | null; by: string }): Promise<void> {
    const values = Object.values(s.humanLabels) as number[];
    if (values.length === 0) return;
    const tox = s.humanLabels.toxicity ?? Math.max(...values);
    await this.db.insertInto('decision_examples').values({
      comment_id: `suggestion:${randomUUID()}`, source: 'suggestion', section: s.section, verdict: null, unscored: false,
      model_scores: '{}', matches: '[]', outcome: tox >= 0.5 ? 'rejected' : 'approved', reason: null, decided_by: s.by,
      decided_at: new Date(this.clock()), weight: 1, human_labels: JSON.stringify(s.humanLabels), text: s.text,
    }).execute();
  }

  /** Examples decided in the period, oldest first, with the comment's text while retention keeps it. */
  async examples(p: Partial<Period> = {}): Promise<LabelledExample[]> {
    let q = this.db.selectFrom('decision_examples as e')
      .leftJoin('comments as c', 'c.id', 'e.comment_id')
      .select(['e.comment_id', 'e.source', 'e.section', 'e.verdict', 'e.unscored', 'e.model_scores', 'e.matches', 'e.outcome', 'e.reason',
        'e.decided_at', 'e.weight', 'e.human_labels', 'e.text as own_text', 'c.text', 'c.text_redacted'])
      .orderBy('e.decided_at').orderBy('e.id');
    if (p.since) q = q.where('e.decided_at', '>=', new Date(p.since));
    if (p.until) q = q.where('e.decided_at', '<', new Date(p.until));
    if (p.section !== undefined) q = q.where('e.section', '=', p.section);
    const rows = await q.execute();
    return rows.map((r) => ({
      commentId: r.comment_id,
      source: r.source as ExampleSource,
      section: r.section,
      verdict: r.verdict as Verdict | null,
      unscored: r.unscored,
      modelScores: r.model_scores as LabelScores,
      matches: r.matches as ExampleMatch[],
      outcome: r.outcome as LabelledExample['outcome'],
      reason: r.reason,
      decidedAt: new Date(r.decided_at as unknown as Date).toISOString(),
      weight: Number(r.weight),
      text: r.own_text ?? (r.text_redacted || r.text === null || r.text === undefined ? null : r.text),
      ...(r.human_labels ? { humanLabels: r.human_labels as Partial<Record<Label, number>> } : {}),
    }));
  }

  /** Keeps shadow scores (idempotent per comment and shadow configuration). */
  async addShadowScores(scores: readonly ShadowScore[], d: ShadowDescription): Promise<void> {
    if (scores.length === 0) return;
    const at = new Date(this.clock());
    const key = shadowKey(d);
    await this.db.insertInto('shadow_scores').values(scores.map((s) => ({
      comment_id: s.commentId, scored_at: at, shadow: key, description: JSON.stringify(d),
      live_verdict: s.live.verdict, shadow_verdict: s.shadow.verdict,
      live_scores: JSON.stringify(modelScoresOf(s.live)), shadow_scores: JSON.stringify(modelScoresOf(s.shadow)),
      shadow_matches: JSON.stringify(matchesOf(s.shadow)),
    }))).onConflict((oc) => oc.columns(['comment_id', 'shadow']).doNothing()).execute();
  }

  /**
   * Per shadow configuration scored in the period: how many comments it scored, and the ones a human decided
   * (the latest decision per comment, suggestions left out) with both verdicts.
   */
  async shadowJudged(p: Period): Promise<{ description: ShadowDescription; scored: number; decided: ShadowJudged[] }[]> {
    let q = this.db.selectFrom('shadow_scores as s')
      .leftJoin(
        (eb) => eb.selectFrom('decision_examples').distinctOn('comment_id')
          .select(['comment_id', 'outcome', 'weight', 'section'])
          .where('source', '!=', 'suggestion')
          .orderBy('comment_id').orderBy('decided_at', 'desc').as('e'),
        (join) => join.onRef('e.comment_id', '=', 's.comment_id'),
      )
      .select(['s.shadow', 's.description', 's.live_verdict', 's.shadow_verdict', 'e.outcome', 'e.weight', 'e.section'])
      .where('s.scored_at', '>=', new Date(p.since)).where('s.scored_at', '<', new Date(p.until));
    const rows = await q.execute();
    const by = new Map<string, { description: ShadowDescription; scored: number; decided: ShadowJudged[] }>();
    for (const r of rows) {
      if (p.section !== undefined && r.section !== p.section && r.outcome !== null) continue;
      const g = by.get(r.shadow) ?? { description: r.description as ShadowDescription, scored: 0, decided: [] };
      by.set(r.shadow, g);
      g.scored++;
      if (r.outcome) g.decided.push({ liveVerdict: r.live_verdict as Verdict, shadowVerdict: r.shadow_verdict as Verdict, outcome: r.outcome as 'approved' | 'rejected', weight: Number(r.weight) });
    }
    return [...by.values()];
  }

  /** Each shadow configuration scored in the period, compared with the live one on the comments a human decided. */
  async shadows(p: Period): Promise<ShadowComparison[]> {
    return (await this.shadowJudged(p)).map((g) => compareShadow(g.description, g.scored, g.decided));
  }

  /** The policy in force: `base` (POLICY_FILE's) with the thresholds admins accepted laid over it. */
  async policy(base: Policy): Promise<Policy> {
    return withOverrides(base, await this.overrides());
  }

  /** The latest change per label that is in force: the thresholds laid over POLICY_FILE's. */
  async overrides(): Promise<ThresholdOverride[]> {
    const rows = await this.db.selectFrom('policy_changes').distinctOn('label')
      .select(['label', 'review', 'reject']).orderBy('label').orderBy('id', 'desc').execute();
    return rows.filter((r) => r.review !== null && isLabel(r.label)).map((r) => ({ label: r.label as Label, review: Number(r.review), reject: r.reject === null ? null : Number(r.reject) }));
  }

  /** The changes, newest first; an applied change says which revert undid it. */
  async changes(limit = 100): Promise<PolicyChange[]> {
    const rows = await this.db.selectFrom('policy_changes').selectAll().orderBy('id', 'desc').limit(limit).execute();
    const revertedBy = new Map(rows.filter((r) => r.reverts).map((r) => [String(r.reverts), String(r.id)]));
    return rows.map((r) => ({ ...toChange(r), ...(r.kind === 'apply' ? { revertedBy: revertedBy.get(String(r.id)) ?? null } : {}) }));
  }

  /**
   * Applies a threshold (an accepted suggestion). `inForce`: the label's threshold before it (what a revert
   * restores). Serialised per label by an advisory lock so two admins cannot interleave.
   */
  async apply(actor: Actor, label: Label, t: { review: number; reject: number | null }, inForce: { review: number; reject: number | null }, note: string | null): Promise<PolicyChange> {
    const row = await this.db.transaction().execute(async (tx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtext(${'sieve-policy:' + label}))`.execute(tx);
      return tx.insertInto('policy_changes').values({
        at: new Date(this.clock()), actor: actor.name, role: actor.role, kind: 'apply', label, review: t.review, reject: t.reject,
        previous: JSON.stringify(inForce), reverts: null, note,
      }).returningAll().executeTakeFirstOrThrow();
    });
    return toChange(row);
  }

  /**
   * Undoes an applied change: the label goes back to what was in force before it. Refused (null + why) when the
   * change is not an `apply`, was already reverted, or a later change to the label came after it (revert that first).
   */
  async revert(actor: Actor, id: string): Promise<{ ok: true; change: PolicyChange } | { ok: false; code: 'not_found' | 'already_reverted' | 'not_latest' | 'not_revertible' }> {
    return this.db.transaction().execute(async (tx) => {
      const target = await tx.selectFrom('policy_changes').selectAll().where('id', '=', id).executeTakeFirst();
      if (!target) return { ok: false as const, code: 'not_found' as const };
      if (target.kind !== 'apply') return { ok: false as const, code: 'not_revertible' as const };
      await sql`SELECT pg_advisory_xact_lock(hashtext(${'sieve-policy:' + target.label}))`.execute(tx);
      const latest = await tx.selectFrom('policy_changes').select(['id', 'reverts']).where('label', '=', target.label).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
      if (String(latest.reverts) === id) return { ok: false as const, code: 'already_reverted' as const };
      if (String(latest.id) !== id) return { ok: false as const, code: 'not_latest' as const };
      const prev = target.previous as { review: number; reject: number | null };
      const row = await tx.insertInto('policy_changes').values({
        at: new Date(this.clock()), actor: actor.name, role: actor.role, kind: 'revert', label: target.label,
        review: prev.review, reject: prev.reject, previous: JSON.stringify({ review: target.review, reject: target.reject }), reverts: id, note: null,
      }).returningAll().executeTakeFirstOrThrow();
      return { ok: true as const, change: toChange(row) };
    });
  }
}

type ChangeRow = { id: string; at: Date | string; actor: string; kind: string; label: string; review: number | null; reject: number | null; previous: unknown; reverts: string | null; note: string | null };

function toChange(r: ChangeRow): PolicyChange {
  return {
    id: String(r.id), at: new Date(r.at).toISOString(), actor: r.actor, kind: r.kind as PolicyChange['kind'], label: r.label as Label,
    review: r.review === null ? null : Number(r.review), reject: r.reject === null ? null : Number(r.reject),
    previous: r.previous as PolicyChange['previous'], reverts: r.reverts === null ? null : String(r.reverts), note: r.note,
  };
}
