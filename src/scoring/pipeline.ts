/**
 * The scoring pipeline: the one entry point the workers and the CLI share.
 *
 * Phases, in order (each a small step, like Coral's moderation phases):
 *   1. scorers   — each configured scorer sees the whole batch; the lexicon runs first so the model can use its
 *                  de-obfuscated text and matches;
 *   2. combine   — labels merged by maximum, slur matches appended;
 *   3. decide    — the policy turns scores into a verdict, priority and reasons.
 */
import { maxLabelScores } from '../domain/labels';
import type { ScoreResult } from '../domain/score';
import { decide } from '../policy/policy';
import type { Policy } from '../policy/defaults';
import { DEFAULT_POLICY } from '../policy/defaults';
import type { Scorer, ScorerOutput, ScoringItem } from './types';

export interface Pipeline {
  readonly scorers: readonly string[];
  /** Scores texts in one pass; results are in input order. Throws if any scorer fails. */
  scoreBatch(texts: readonly string[]): Promise<ScoreResult[]>;
  close(): Promise<void>;
}

export function createPipeline(scorers: readonly Scorer[], policy: Policy = DEFAULT_POLICY): Pipeline {
  const names = scorers.map((s) => s.name);
  return {
    scorers: names,
    async scoreBatch(texts) {
      const items: ScoringItem[] = texts.map((text) => ({ text, slurs: [], labels: {} }));
      if (items.length === 0) return [];
      for (const scorer of scorers) {
        const outputs = await scorer.scoreBatch(items);
        if (outputs.length !== items.length) {
          throw new Error(`scorer ${scorer.name} returned ${outputs.length} results for ${items.length} texts`);
        }
        outputs.forEach((out, i) => merge(items[i]!, out));
      }
      return items.map((item) => ({ labels: item.labels, slurs: item.slurs, ...decide(item.labels, item.slurs, policy), scorers: names }));
    },
    async close() {
      await Promise.all(scorers.map((s) => s.close?.()));
    },
  };
}

function merge(item: ScoringItem, out: ScorerOutput): void {
  if (out.normalized !== undefined) item.normalized = out.normalized;
  if (out.slurs) item.slurs.push(...out.slurs);
  if (out.labels) item.labels = maxLabelScores(item.labels, out.labels);
}
