/** Review states and moderator actions: defined once, typed everywhere (store, API, comment record, UI). */

/** Where a review item is. `claimed` = a moderator holds a lease on it; approved/rejected are final. */
export const REVIEW_STATES = ['pending', 'claimed', 'escalated', 'approved', 'rejected'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

export const FINAL_REVIEW_STATES = ['approved', 'rejected'] as const satisfies readonly ReviewState[];

/** What the queue can be listed by: a state, or `open` = pending and claimed together (colleagues' claims in view). */
export const REVIEW_LIST_STATES = ['open', ...REVIEW_STATES] as const;
export type ReviewListState = (typeof REVIEW_LIST_STATES)[number];

/**
 * Every action a moderator can take on a review item: defined once. The API serves, with each item, the actions
 * the current user may take on it (src/review/actions.ts); the decide script's action check is generated from
 * the decisions (src/review/lua/transitions.ts); the workspace renders what it is given.
 *  - claim / extend / release / takeover: the lease (POST .../claim, .../extend, .../release, .../takeover —
 *    takeover: an admin takes a colleague's claim);
 *  - a decision (POST .../decision): `decides` is the state it moves the item to; `escalated` hands it to admins
 *    (only once), a final state ends the review. `needsReason`: one of REVIEW_REASON_CODES is required;
 *  - a revision of a final decision (POST .../reopen, .../overturn): by the moderator who decided, or an admin.
 */
export const ITEM_ACTIONS = {
  claim: { kind: 'lease' },
  extend: { kind: 'lease' },
  release: { kind: 'lease' },
  /** An admin takes a colleague's live claim (POST .../takeover; the page asks for confirmation first). */
  takeover: { kind: 'lease' },
  approve: { kind: 'decision', decides: 'approved', needsReason: false },
  reject: { kind: 'decision', decides: 'rejected', needsReason: true },
  escalate: { kind: 'decision', decides: 'escalated', needsReason: false },
  /** A decided item back to the queue (POST .../reopen, with why): the moderator who decided it, or an admin. */
  reopen: { kind: 'revision' },
  /** Approve ↔ reject in one step (POST .../overturn, with why; to reject, a reason code): the same people. */
  overturn: { kind: 'revision' },
} as const satisfies Record<string, { kind: 'lease' } | { kind: 'revision' } | { kind: 'decision'; decides: ReviewState; needsReason: boolean }>;
export type ItemAction = keyof typeof ITEM_ACTIONS;
export const ITEM_ACTION_NAMES = Object.keys(ITEM_ACTIONS) as [ItemAction, ...ItemAction[]];

/** What a moderator decides (the decisions of ITEM_ACTIONS). */
export type ReviewAction = { [A in ItemAction]: (typeof ITEM_ACTIONS)[A]['kind'] extends 'decision' ? A : never }[ItemAction];
export const REVIEW_ACTIONS = ITEM_ACTION_NAMES.filter((a) => ITEM_ACTIONS[a].kind === 'decision') as [ReviewAction, ...ReviewAction[]];
/** The state each decision moves an item to. */
export const DECISION_STATE = Object.fromEntries(REVIEW_ACTIONS.map((a) => [a, ITEM_ACTIONS[a].decides])) as { [A in ReviewAction]: (typeof ITEM_ACTIONS)[A]['decides'] };

/** What the comment record shows the site (field `review` of the comment hash). */
export interface CommentReview {
  state: ReviewState;
  decidedBy?: string;
  decidedAt?: string;
  action?: ReviewAction;
  reason?: string;
}
