import type { PriorityKind } from './labels';

/** Reader reports: why a reader reports a published comment. Defined once (API validation, thresholds, OpenAPI). */
export const REPORT_REASONS = ['spam', 'abuse', 'hate', 'threat', 'sexual', 'misinformation', 'off_topic', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export function isReportReason(value: string): value is ReportReason {
  return (REPORT_REASONS as readonly string[]).includes(value);
}

/** Reports on one comment, counted per reason (one report per reporter per comment). */
export type ReportCounts = Partial<Record<ReportReason, number>>;

/**
 * How urgent a reader's report reason is, as the priority kinds held comments use (src/policy/policy.ts
 * PRIORITY_BANDS): a published comment reported as a threat enters the queue in the threat band; spam,
 * misinformation and off-topic reports below every band (null).
 */
export const REPORT_REASON_KIND: Record<ReportReason, PriorityKind | null> = {
  threat: 'threat',
  hate: 'identity',
  abuse: 'insult',
  sexual: 'profanity',
  spam: null,
  misinformation: null,
  off_topic: null,
  other: null,
};
