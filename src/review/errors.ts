/**
 * Errors are data: the review layer refuses with a stable code, a message, the field at fault and details — no
 * HTTP here. The API maps codes to statuses (src/api/errors.ts); a bulk decision reports them per item.
 */
import { REVIEW_ACTIONS } from '../domain/review';
import { REVIEW_REFUSALS, type ReviewItem, type ReviewRefusal } from './types';

/** Every code the review layer refuses with: a transition's refusals, then bad input. */
export const REVIEW_ERROR_CODES = [
  ...REVIEW_REFUSALS, 'invalid_reason', 'note_too_long', 'invalid_ids', 'too_many_items', 'invalid_cursor', 'invalid_value', 'no_rule', 'not_removed', 'appeal_decided', 'same_decider', 'invalid_query',
] as const;
export type ReviewErrorCode = (typeof REVIEW_ERROR_CODES)[number];

export class ReviewError extends Error {
  constructor(
    readonly code: ReviewErrorCode,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ReviewError';
  }
}

export function refusalMessage(code: ReviewRefusal, id: string, item: ReviewItem | null): string {
  const q = JSON.stringify(id);
  switch (code) {
    case 'not_found': return `review item ${q} does not exist`;
    case 'already_decided': return `review item ${q} was already decided (${item?.state}) by ${item?.decision?.by ?? 'someone'}`;
    case 'claimed_by_other': return `review item ${q} is claimed by ${item?.claim?.by ?? 'another moderator'} until ${item?.claim?.until ?? '?'}`;
    case 'escalated_admin_only': return `review item ${q} is escalated: only admins may take or decide it`;
    case 'lease_expired': return `your claim on review item ${q} expired; it is back in the queue (claim it again)`;
    case 'not_claimed': return `review item ${q} is not claimed: claim it first (POST .../claim)`;
    case 'already_escalated': return `review item ${q} is already escalated: approve or reject it`;
    case 'invalid_action': return `action must be one of ${REVIEW_ACTIONS.join(', ')}`;
    case 'not_decided': return `review item ${q} is not decided (${item?.state}): there is nothing to reopen or overturn`;
    case 'not_decider': return `review item ${q} was decided by ${item?.decision?.by ?? 'someone else'}: only they or an admin may reopen or overturn it`;
    case 'admin_only': return `only admins may take over a claim (review item ${q})`;
    case 'already_claimed_by_you': return `you already hold review item ${q}: nothing to take over`;
  }
}

/** A transition's refusal of item `id`, with the item's state and, for a colleague's claim, who holds it until when. */
export function refusal(code: ReviewRefusal, id: string, item: ReviewItem | null): ReviewError {
  return new ReviewError(code, refusalMessage(code, id, item), undefined, {
    itemId: id,
    ...(item ? { state: item.state } : {}),
    ...(code === 'claimed_by_other' && item?.claim ? { claimedBy: item.claim.by, leaseUntil: item.claim.until } : {}),
  });
}
