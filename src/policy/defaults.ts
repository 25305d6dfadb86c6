import type { Label } from '../domain/labels';
import type { Severity } from '../domain/slurs';

/** Per-label thresholds: at or above `review` a human looks; at or above `reject` it is hidden at once. */
export interface LabelThreshold {
  review: number;
  /** null = this label alone never rejects. */
  reject: number | null;
}

export interface Policy {
  labels: Record<Label, LabelThreshold>;
  /** Slur severity (1-4) at or above which a comment is held for review / rejected. */
  slurSeverity: { review: Severity; reject: Severity };
  /** Verdict for a comment that could not be scored (never `publish`). */
  unscoredVerdict: 'review' | 'reject';
}

/**
 * The default policy. Label thresholds for the model's labels come from the model card (`models/`): `review`
 * is set for high recall, `reject` only where the dev-set precision was high. Operators override any part
 * with POLICY_FILE.
 */
export const DEFAULT_POLICY: Policy = {
  labels: {
    toxicity: { review: 0.5, reject: 0.95 },
    severe_toxicity: { review: 0.4, reject: 0.9 },
    insult: { review: 0.6, reject: null },
    threat: { review: 0.5, reject: 0.9 },
    identity_attack: { review: 0.5, reject: null },
    obscene: { review: 0.8, reject: null },
    sexual_explicit: { review: 0.6, reject: null },
  },
  slurSeverity: { review: 2, reject: 4 },
  unscoredVerdict: 'review',
};
