/**
 * Decisions as labelled examples (issue #13): a decided review item and its comment → a LabelledExample
 * (src/domain/examples.ts); a LabelledExample → a training row (`npm run export:decisions`, read back by
 * `npm run train -- --extra FILE`).
 *
 * A moderator's decision says "keep" or "remove", not which label applies; the reason code says more. The model
 * learns four heads (toxicity, insult, identity attack, threat), so a decision becomes a label only where it
 * says something about them: an approval says none applies on this site; a rejection for harassment, hate
 * speech or a threat says which; a rejection for spam or off-topic says nothing about toxicity and is left out
 * of training (it still counts in the quality figures). A label the decision cannot tell is null (unknown: that
 * head does not learn from the row), never a guessed 0.
 */
import type { ExampleSource, LabelledExample } from '../domain/examples';
import type { Label } from '../domain/labels';
import type { ScoreResult } from '../domain/score';
import type { CommentInput } from '../domain/comment';
import { MAX_PAGE, type ReviewStore } from './store';
import type { ReviewItem } from './types';

/** The labels a training row carries: the Sieve model's heads. */
export const TRAINING_LABELS = ['toxicity', 'insult', 'identity_attack', 'threat'] as const satisfies readonly Label[];
export type TrainingLabel = (typeof TRAINING_LABELS)[number];
export type TrainingLabels = Record<TrainingLabel, 0 | 1 | null>;

/**
 * What a rejection for each default reason code (REVIEW_REASON_CODES) says about the heads. A site's own reason
 * codes not listed here say nothing (left out of training) until added.
 */
export const REASON_LABELS: Record<string, Partial<TrainingLabels>> = {
  harassment: { toxicity: 1, insult: 1 },
  hate_speech: { toxicity: 1, identity_attack: 1 },
  threat: { toxicity: 1, threat: 1 },
};

/** The heads' labels a decision implies; null when it says nothing the model can learn from. */
export function labelsOf(e: Pick<LabelledExample, 'outcome' | 'reason'>): TrainingLabels | null {
  if (e.outcome === 'approved') return { toxicity: 0, insult: 0, identity_attack: 0, threat: 0 };
  const said = e.reason ? REASON_LABELS[e.reason] : undefined;
  if (!said) return null;
  return { toxicity: null, insult: null, identity_attack: null, threat: null, ...said };
}

/** One line of `npm run export:decisions`: a labelled text and where it came from. */
export interface TrainingRow {
  text: string;
  labels: TrainingLabels;
  outcome: LabelledExample['outcome'];
  reason: string | null;
  source: ExampleSource;
  section: string | null;
  decidedAt: string;
  commentId: string;
}

/** The example as a training row; null without text (retention dropped it) or without a label it implies. */
export function trainingRow(e: LabelledExample): TrainingRow | null {
  const labels = labelsOf(e);
  if (e.text === null || e.text === '' || !labels) return null;
  return { text: e.text, labels, outcome: e.outcome, reason: e.reason, source: e.source, section: e.section, decidedAt: e.decidedAt, commentId: e.commentId };
}

/** The site's section of a comment: `metadata.section` when it is a short string. */
export function sectionOf(comment: Pick<CommentInput, 'metadata'> | null): string | null {
  const s = comment?.metadata?.section;
  return typeof s === 'string' && s.length > 0 && s.length <= 128 ? s : null;
}

/**
 * A decided review item as an example. `weight`: 1 for a comment Sieve held (every one reaches a human),
 * 1 / AUDIT_SAMPLE_RATE for an audited published one. Null when the item is not decided.
 */
export function exampleFromItem(
  item: ReviewItem,
  comment: { input: CommentInput | null; result: ScoreResult | null; textRedacted?: boolean } | null,
  opts: { source?: ExampleSource; weight?: number } = {},
): LabelledExample | null {
  if (!item.decision || (item.state !== 'approved' && item.state !== 'rejected')) return null;
  const result = comment?.result ?? null;
  return {
    commentId: item.id,
    source: opts.source ?? 'review',
    section: sectionOf(comment?.input ?? null),
    verdict: item.verdict,
    unscored: item.unscored,
    // Results saved before `modelLabels` existed carry only the merged labels: the closest there is.
    modelScores: result?.modelLabels ?? result?.labels ?? {},
    matches: (result?.slurs ?? []).map((m) => ({
      term: m.term, category: m.category, severity: m.severity,
      ...(m.context ? { context: m.context } : {}), ...(m.action ? { action: m.action } : {}),
    })),
    outcome: item.state,
    reason: item.decision.reason,
    decidedAt: item.decision.at,
    weight: opts.weight ?? 1,
    text: comment?.textRedacted || item.textRedacted ? null : (comment?.input?.text ?? null),
  };
}

/**
 * Every decided review item as an example, oldest decision first, optionally since a time and for one section.
 * Reads the review store page by page (200 items at a time).
 */
export async function decidedExamples(
  store: Pick<ReviewStore, 'list' | 'comments'>,
  opts: { since?: string; section?: string } = {},
): Promise<LabelledExample[]> {
  const out: LabelledExample[] = [];
  for (const state of ['approved', 'rejected'] as const) {
    let cursor: string | undefined;
    do {
      const page = await store.list({ state, cursor, limit: MAX_PAGE });
      const comments = await store.comments(page.items.map((i) => i.id));
      page.items.forEach((item, i) => {
        const e = exampleFromItem(item, comments[i] ?? null);
        if (!e || (opts.since && e.decidedAt < opts.since) || (opts.section !== undefined && e.section !== opts.section)) return;
        out.push(e);
      });
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return out.sort((a, b) => (a.decidedAt < b.decidedAt ? -1 : a.decidedAt > b.decidedAt ? 1 : 0));
}
