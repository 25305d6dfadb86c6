import type { LabelScores } from './labels';
import type { SlurMatch } from './slurs';
import type { Reason, Verdict } from './verdicts';

/** What the scoring pipeline says about one text: the contract between scoring, policy, store and API. */
export interface ScoreResult {
  labels: LabelScores;
  slurs: SlurMatch[];
  /** Combined badness in [0, 1]. */
  score: number;
  verdict: Verdict;
  /** 0..100, higher = a moderator should see it sooner. */
  priority: number;
  reasons: Reason[];
  /**
   * The model's own label scores, before lexicon-derived labels were merged in: what the policy's label
   * thresholds compared. Kept with the result so moderators' decisions can be turned into threshold figures
   * (src/review/quality); not shown to the site (it sees `labels`). Absent on results saved before it existed.
   */
  modelLabels?: LabelScores;
  /** Which scorers ran, e.g. ["lexicon", "model:sieve"]. */
  scorers: string[];
  /** True when scoring failed for good and the comment is held for review without scores. */
  unscored?: boolean;
}
