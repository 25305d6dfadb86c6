/**
 * Moderator statistics, read from the audit log (no store of their own): per moderator and per UTC day, the items
 * they decided (approve, reject, escalate), the median time from their claim to their decision, and how many of
 * those decisions were later overturned.
 *
 * - Time to decision is the moderator's handling time: from their own latest claim on the item to their decision.
 *   A decision without a claim of theirs before it (a bulk decision takes items directly) counts as decided but
 *   has no time (`timed` says how many decisions the median is over).
 * - Overturned: a later `reopen`, `overturn` or overturned appeal (`appeal_overturned`) of the item by someone
 *   else (issue #11). `overturnTracked` says whether the audit can hold them at all (a server without them shows
 *   no rate rather than a false 0).
 */
import { AUDIT_ACTIONS, type AuditEntry } from './types';
import { REVIEW_ACTIONS } from '../domain/review';

/** Audit actions that undo someone's decision (issue #11). */
export const OVERTURN_ACTIONS: readonly string[] = ['reopen', 'overturn', 'appeal_overturned'];
/** Whether this server's audit log can say a decision was overturned at all. */
export const OVERTURN_TRACKED = (AUDIT_ACTIONS as readonly string[]).some((a) => OVERTURN_ACTIONS.includes(a));

/** Most days one statistics request covers. */
export const MAX_STATS_DAYS = 31;
/** Most audit entries one statistics request reads; beyond it the answer says `complete: false`. */
export const MAX_AUDIT_SCAN = 200_000;
/** Claims this long before the window are still read, so a decision early in the window gets its claim's time. */
const CLAIM_LOOKBACK_MS = 24 * 3_600_000;

export interface ModeratorDay {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  actor: string;
  decided: number;
  approved: number;
  rejected: number;
  escalated: number;
  /** Median seconds from the moderator's claim to the decision, over `timed` decisions; null when none was timed. */
  medianSecondsToDecision: number | null;
  timed: number;
  overturned: number;
  /** overturned / decided, or null when overturns are not tracked on this server. */
  overturnRate: number | null;
}

export interface ModeratorStats {
  from: string;
  to: string;
  days: ModeratorDay[];
  overturnTracked: boolean;
  /** False when the audit log was longer than MAX_AUDIT_SCAN entries and the oldest part was not read. */
  complete: boolean;
  entriesRead: number;
}

const DECISIONS: readonly string[] = REVIEW_ACTIONS;

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The statistics of the entries at or after `sinceMs` (entries in any order; earlier ones only give claim times). */
export function moderatorStats(entries: readonly AuditEntry[], sinceMs: number, overturnTracked = OVERTURN_TRACKED): ModeratorDay[] {
  const ordered = [...entries].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const rows = new Map<string, ModeratorDay & { times: number[] }>();
  const claims = new Map<string, { actor: string; at: number }>();
  const lastDecision = new Map<string, { actor: string; row: string }>();
  for (const e of ordered) {
    const at = Date.parse(e.at);
    // A take-over is the admin's claim: their handling time starts there.
    if (e.action === 'claim' || e.action === 'takeover') {
      claims.set(e.itemId, { actor: e.actor, at });
      continue;
    }
    if (at < sinceMs) continue;
    if (DECISIONS.includes(e.action)) {
      const day = e.at.slice(0, 10);
      const key = `${day}\u0000${e.actor}`;
      let row = rows.get(key);
      if (!row) {
        row = { day, actor: e.actor, decided: 0, approved: 0, rejected: 0, escalated: 0, medianSecondsToDecision: null, timed: 0, overturned: 0, overturnRate: null, times: [] };
        rows.set(key, row);
      }
      row.decided++;
      if (e.action === 'approve') row.approved++;
      else if (e.action === 'reject') row.rejected++;
      else if (e.action === 'escalate') row.escalated++;
      const claim = claims.get(e.itemId);
      if (claim && claim.actor === e.actor && claim.at <= at) row.times.push((at - claim.at) / 1000);
      claims.delete(e.itemId);
      lastDecision.set(e.itemId, { actor: e.actor, row: key });
    } else if (OVERTURN_ACTIONS.includes(e.action)) {
      const last = lastDecision.get(e.itemId);
      if (last && last.actor !== e.actor) rows.get(last.row)!.overturned++;
      lastDecision.delete(e.itemId);
    }
  }
  return [...rows.values()]
    .map(({ times, ...r }) => ({ ...r, medianSecondsToDecision: median(times), timed: times.length, overturnRate: overturnTracked ? r.overturned / r.decided : null }))
    .sort((a, b) => (a.day === b.day ? a.actor.localeCompare(b.actor) : a.day < b.day ? 1 : -1));
}

/** Reads the audit log (newest first, page by page) back to `days` UTC days ago, and counts. */
export async function moderatorStatsFromAudit(
  readPage: (opts: { cursor?: string; limit?: number }) => Promise<{ entries: AuditEntry[]; nextCursor: string | null }>,
  opts: { days: number; now?: number; maxEntries?: number },
): Promise<ModeratorStats> {
  const now = opts.now ?? Date.now();
  const today = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate());
  const since = today - (opts.days - 1) * 86_400_000;
  const max = opts.maxEntries ?? MAX_AUDIT_SCAN;
  const entries: AuditEntry[] = [];
  let cursor: string | undefined;
  let complete = true;
  for (;;) {
    const page = await readPage({ cursor, limit: 200 });
    entries.push(...page.entries);
    const oldest = page.entries[page.entries.length - 1];
    if (!page.nextCursor || !oldest || Date.parse(oldest.at) < since - CLAIM_LOOKBACK_MS) break;
    if (entries.length >= max) {
      complete = false;
      break;
    }
    cursor = page.nextCursor;
  }
  return {
    from: new Date(since).toISOString(), to: new Date(now).toISOString(),
    days: moderatorStats(entries, since), overturnTracked: OVERTURN_TRACKED, complete, entriesRead: entries.length,
  };
}
