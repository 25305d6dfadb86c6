/** Reader reports: why a reader reports a published comment. Defined once (API validation, thresholds, OpenAPI). */
export const REPORT_REASONS = ['spam', 'abuse', 'hate', 'threat', 'sexual', 'misinformation', 'off_topic', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export function isReportReason(value: string): value is ReportReason {
  return (REPORT_REASONS as readonly string[]).includes(value);
}

/** Reports on one comment, counted per reason (one report per reporter per comment). */
export type ReportCounts = Partial<Record<ReportReason, number>>;
