import type { LabelScores } from '../domain/labels';
import type { NearDuplicateSignature } from '../domain/score';
import type { SlurMatch } from '../domain/slurs';

/** One text on its way through the scorers; later scorers may read what earlier ones found. */
export interface ScoringItem {
  readonly text: string;
  /** De-obfuscated text (set by the lexicon scorer) so the model sees `fuck` rather than `f u c k`. */
  normalized?: string;
  slurs: SlurMatch[];
  labels: LabelScores;
  /** Set by the pipeline's sign phase when raid grouping is on. */
  nearDuplicate?: NearDuplicateSignature;
}

/** What one scorer adds to one item. Labels are merged by maximum, slurs are appended. */
export interface ScorerOutput {
  labels?: LabelScores;
  slurs?: SlurMatch[];
  normalized?: string;
}

/**
 * A pluggable scorer. It scores a whole batch in one call (the model is much faster that way) and must return
 * exactly one output per item, in the same order. Throwing fails the whole batch; the worker retries it.
 */
export interface Scorer {
  /** Stable name recorded with every result, e.g. "lexicon" or "model:sieve". */
  readonly name: string;
  scoreBatch(items: readonly ScoringItem[]): Promise<ScorerOutput[]>;
  close?(): Promise<void>;
}

export type { ScorerName } from '../domain/scorers';
