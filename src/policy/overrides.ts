/**
 * Thresholds an admin accepted on the quality page (issue #13), laid over the policy from POLICY_FILE: the
 * record keeps every change (and every revert) and gives the latest per label; this makes the policy in force.
 */
import type { Label } from '../domain/labels';
import type { LabelThreshold, Policy } from './defaults';

export interface ThresholdOverride extends LabelThreshold {
  label: Label;
}

export function withOverrides(base: Policy, overrides: readonly ThresholdOverride[]): Policy {
  if (overrides.length === 0) return base;
  const labels = { ...base.labels };
  for (const o of overrides) labels[o.label] = { review: o.review, reject: o.reject };
  return { ...base, labels };
}

/** Why a threshold cannot be used, or null: review in [0, 1], reject null or in [review, 1]. */
export function thresholdProblem(t: LabelThreshold): { field: 'review' | 'reject'; message: string } | null {
  if (!(t.review >= 0 && t.review <= 1)) return { field: 'review', message: 'review: must be a number from 0 to 1' };
  if (t.reject !== null && !(t.reject >= t.review && t.reject <= 1)) return { field: 'reject', message: 'reject: must be null or a number from the review threshold to 1' };
  return null;
}
