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
  /** For raid grouping: present when the pipeline computes it (the workers do) and the text is long enough. */
  nearDuplicate?: NearDuplicateSignature;
}

/**
 * The near-duplicate signature of a comment's normalised text (src/scoring/near-duplicate.ts): a MinHash over its
 * character shingles and the LSH band keys drawn from it. Two comments sharing a band key are candidates; they are
 * near-duplicates when their MinHashes agree on at least NEAR_DUPLICATE_SIMILARITY of positions
 * (src/policy/near-duplicates.ts). Absent for texts too short to compare.
 */
export interface NearDuplicateSignature {
  /** How it was computed (hash count, shingle size, bands): signatures of different schemes never compare. */
  scheme: string;
  /** One key per LSH band, `<band>.<hex>`; the store indexes these. */
  bands: string[];
  /** The MinHash values, 32-bit each, base64 (little-endian Int32Array). */
  minhash: string;
}
