/**
 * Authors: the rules a moderator can put on an author and what the author's standing is made of. Defined once;
 * the policy applies them (src/policy/authors.ts), the store keeps them, the API and the workspace show them.
 */

/**
 * What a moderator can do to an author, each audited:
 *  - note: a remark for colleagues; changes nothing;
 *  - premoderate: every new comment is held for review, whatever its score;
 *  - suspend: new comments are rejected (reason `author_suspended`) until a date;
 *  - ban: new comments are rejected (reason `author_banned`) until lifted;
 *  - lift: ends a pre-moderation, suspension or ban.
 */
export const AUTHOR_ACTIONS = ['note', 'premoderate', 'suspend', 'ban', 'lift'] as const;
export type AuthorAction = (typeof AUTHOR_ACTIONS)[number];

/** The rule in force on an author (none = the policy decides alone). */
export type AuthorRule =
  | { kind: 'premoderate'; by: string; at: string }
  | { kind: 'suspend'; by: string; at: string; until: string }
  | { kind: 'ban'; by: string; at: string };
export type AuthorRuleKind = AuthorRule['kind'];

/**
 * How an author's recent comments ended, within the configured history window: `rejected` counts comments
 * rejected by the policy or a moderator, `published` those published by the policy or approved by a moderator.
 * Comments still waiting for a decision count in neither.
 */
export interface RecentHistory {
  published: number;
  rejected: number;
}

/** What the author rules read about an author when a new comment of theirs is scored. */
export interface AuthorStanding {
  authorId: string;
  rule: AuthorRule | null;
  recent: RecentHistory;
}
