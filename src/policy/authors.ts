/**
 * Author rules: the phase after the verdict. A pure function of the author's standing (the rule a moderator put
 * on them, how their recent comments ended) and the scored result, so the worker applies it to the next comment
 * and a test can state every case. Like Coral's moderation phases, each rule either decides or passes:
 *   1. ban                 — every new comment rejected (reason `author_banned`);
 *   2. suspension          — rejected (reason `author_suspended`) until its end; an ended one passes;
 *   3. pre-moderation      — a comment the policy would publish is held for review (`author_premoderated`);
 *   4. recent history      — no rule, but at least AUTHOR_HISTORY_MIN_COMMENTS decided comments in the window and
 *                            a rejected share at or above AUTHOR_HISTORY_REJECTION_RATE: held the same way
 *                            (`author_history`), until the share falls again.
 * A rule only ever makes a verdict stricter, and when it changes the verdict the reasons say so.
 */
import type { AuthorStanding } from '../domain/authors';
import type { Reason, Verdict } from '../domain/verdicts';
import type { Decision } from './policy';

export interface AuthorRuleConfig {
  /** AUTHOR_HISTORY_REJECTION_RATE; 0 = automatic pre-moderation off. */
  rejectionRate: number;
  /** AUTHOR_HISTORY_MIN_COMMENTS. */
  minComments: number;
  /** AUTHOR_HISTORY_WINDOW_DAYS: only said in the reason (the store counts within it). */
  windowDays: number;
}

/** Priority of a comment held only because of its author: below every content band (PRIORITY_BANDS starts at 10). */
export const AUTHOR_HOLD_PRIORITY = 5;

/** What the author rules did: the decision (unchanged when no rule applied) and which rule decided, if one did. */
export interface AuthorRuling<T extends Decision> {
  decision: T;
  rule: 'ban' | 'suspend' | 'premoderate' | 'history' | null;
  /** For a suspension: when it ends (the statement of reasons says it). */
  until?: string;
}

export function applyAuthorRules<T extends Decision>(decision: T, standing: AuthorStanding | null, now: number, config: AuthorRuleConfig): AuthorRuling<T> {
  // An ended suspension is no rule at all: the history rule applies again.
  const stored = standing?.rule ?? null;
  const rule = stored?.kind === 'suspend' && !(Date.parse(stored.until) > now) ? null : stored;
  const reject = (reason: Reason): T => ({ ...decision, verdict: 'reject' as Verdict, reasons: [reason, ...decision.reasons] });
  const hold = (reason: Reason): T => ({ ...decision, verdict: 'review' as Verdict, priority: Math.max(decision.priority, AUTHOR_HOLD_PRIORITY), reasons: [reason, ...decision.reasons] });

  if (rule?.kind === 'ban') {
    return { decision: reject({ code: 'author_banned', message: `the author is banned (by ${rule.by} on ${rule.at.slice(0, 10)})` }), rule: 'ban' };
  }
  if (rule?.kind === 'suspend') {
    return { decision: reject({ code: 'author_suspended', message: `the author is suspended until ${rule.until} (by ${rule.by})` }), rule: 'suspend', until: rule.until };
  }
  if (decision.verdict !== 'publish') return { decision, rule: null };
  if (rule?.kind === 'premoderate') {
    return { decision: hold({ code: 'author_premoderated', message: `the author is pre-moderated (by ${rule.by} on ${rule.at.slice(0, 10)}): every comment is held for review` }), rule: 'premoderate' };
  }
  const recent = standing?.recent;
  if (!rule && recent && config.rejectionRate > 0) {
    const decided = recent.published + recent.rejected;
    const rate = decided > 0 ? recent.rejected / decided : 0;
    if (decided >= config.minComments && rate >= config.rejectionRate) {
      const pct = (x: number) => `${Math.round(x * 100)} %`;
      return {
        decision: hold({ code: 'author_history', message: `${recent.rejected} of the author's ${decided} decided comments in the last ${config.windowDays} days were rejected (${pct(rate)} ≥ ${pct(config.rejectionRate)}): held for review` }),
        rule: 'history',
      };
    }
  }
  return { decision, rule: null };
}
