/** Review states and moderator actions: defined once, typed everywhere (store, API, comment record, UI). */

/** Where a review item is. `claimed` = a moderator holds a lease on it; approved/rejected are final. */
export const REVIEW_STATES = ['pending', 'claimed', 'escalated', 'approved', 'rejected'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** States a moderator can still act on (an expired claim returns the item to one of these). */
export const OPEN_REVIEW_STATES = ['pending', 'escalated'] as const satisfies readonly ReviewState[];
export const FINAL_REVIEW_STATES = ['approved', 'rejected'] as const satisfies readonly ReviewState[];

/** What a moderator decides. `escalate` hands the item to admins. */
export const REVIEW_ACTIONS = ['approve', 'reject', 'escalate'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

export function isReviewState(value: string): value is ReviewState {
  return (REVIEW_STATES as readonly string[]).includes(value);
}

/** What the comment record shows the site (field `review` of the comment hash). */
export interface CommentReview {
  state: ReviewState;
  decidedBy?: string;
  decidedAt?: string;
  action?: ReviewAction;
  reason?: string;
}
