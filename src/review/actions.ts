/**
 * The actions the current user may take on an item now, as the transition scripts would decide them: the API
 * sends them with every item so the workspace renders them instead of re-deriving the rules. The scripts stay the
 * authority (a colleague may act first); this only says what is worth offering.
 */
import { AUTHOR_ACTIONS, type AuthorAction, type AuthorRule } from '../domain/authors';
import { FINAL_REVIEW_STATES, ITEM_ACTION_NAMES, ITEM_ACTIONS, type ItemAction } from '../domain/review';
import type { Actor, ReviewItem } from './types';

/**
 * A decision on an item nobody holds is offered when the user may claim it: the page claims first, a bulk
 * decision takes it directly. An expired claim counts as none (every script expires it first).
 */
export function allowedActions(item: ReviewItem, actor: Actor, now: number): ItemAction[] {
  if ((FINAL_REVIEW_STATES as readonly string[]).includes(item.state)) {
    // A final decision may be revised (reopen, overturn) by whoever made it, or by an admin.
    const mayRevise = item.decision?.by === actor.name || actor.role === 'admin';
    return mayRevise ? ITEM_ACTION_NAMES.filter((action) => ITEM_ACTIONS[action].kind === 'revision') : [];
  }
  const live = item.claim && Date.parse(item.claim.until) > now ? item.claim : null;
  const mine = live?.by === actor.name;
  const admin = actor.role === 'admin';
  const mayTake = live ? mine : item.baseState !== 'escalated' || admin;
  return ITEM_ACTION_NAMES.filter((action) => {
    const spec = ITEM_ACTIONS[action];
    if (spec.kind === 'revision') return false;
    if (spec.kind === 'decision') {
      if (!mayTake || (item.baseState === 'escalated' && !admin)) return false;
      return spec.decides !== 'escalated' || item.baseState !== 'escalated';
    }
    switch (action) {
      case 'claim': return mayTake;
      case 'extend': return mine;
      case 'release': return mine || (live !== null && admin);
      case 'takeover': return admin && live !== null && !mine;
      default: return false;
    }
  });
}

/**
 * The actions worth offering on an author with this rule in force (an ended suspension is none): a note always;
 * a rule other than the one in force (a suspension may be moved to another date); lift only when there is a rule.
 */
export function allowedAuthorActions(rule: AuthorRule | null): AuthorAction[] {
  return AUTHOR_ACTIONS.filter((action) => {
    if (action === 'lift') return rule !== null;
    if (action === 'premoderate' || action === 'ban') return rule?.kind !== action;
    return true;
  });
}
