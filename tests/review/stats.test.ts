/** Moderator statistics are read from the audit log: counts per moderator and UTC day, handling time, overturns. */
import { moderatorStats, moderatorStatsFromAudit, OVERTURN_TRACKED } from '../../src/review/stats';
import type { AuditEntry } from '../../src/review/types';

const T0 = Date.parse('2026-03-10T09:00:00Z');
let n = 0;
function entry(action: string, itemId: string, actor: string, atMs: number): AuditEntry {
  n++;
  return {
    id: `${atMs}-${n}`, itemId, at: new Date(atMs).toISOString(), actor, role: actor === 'root' ? 'admin' : 'moderator',
    action: action as AuditEntry['action'], from: null, to: 'pending', reason: null, note: null,
  };
}
const s = 1000;

test('per moderator and day: decisions by kind, the median from their own claim to their decision', () => {
  const log = [
    entry('create', 'i1', 'sieve', T0 - 600 * s),
    entry('claim', 'i1', 'alice', T0), entry('approve', 'i1', 'alice', T0 + 30 * s),
    entry('claim', 'i2', 'alice', T0 + 40 * s), entry('reject', 'i2', 'alice', T0 + 130 * s),
    entry('claim', 'i4', 'alice', T0 + 140 * s), entry('escalate', 'i4', 'alice', T0 + 150 * s),
    // A bulk decision takes the item without a claim: counted, not timed.
    entry('reject', 'i3', 'bob', T0 + 60 * s),
    // Bob's claim, then Alice decides after it expired and she claimed it: her claim times her decision.
    entry('claim', 'i5', 'bob', T0 + 100 * s), entry('expire', 'i5', 'sieve', T0 + 400 * s),
    entry('claim', 'i5', 'alice', T0 + 500 * s), entry('approve', 'i5', 'alice', T0 + 520 * s),
  ];
  const rows = moderatorStats(log.reverse(), T0 - 3_600_000, false);
  expect(rows).toEqual([
    { day: '2026-03-10', actor: 'alice', decided: 4, approved: 2, rejected: 1, escalated: 1, medianSecondsToDecision: 25, timed: 4, overturned: 0, overturnRate: null },
    { day: '2026-03-10', actor: 'bob', decided: 1, approved: 0, rejected: 1, escalated: 0, medianSecondsToDecision: null, timed: 0, overturned: 0, overturnRate: null },
  ]);
});

test('days are UTC days, newest first; before the window only claims count (a decision early in the window keeps its time)', () => {
  const midnight = Date.parse('2026-03-11T00:00:00Z');
  const log = [
    entry('claim', 'old', 'alice', midnight - 100 * s), entry('approve', 'old', 'alice', midnight - 50 * s),
    entry('claim', 'a', 'alice', midnight - 10 * s), entry('approve', 'a', 'alice', midnight + 20 * s),
    entry('claim', 'b', 'alice', midnight + 86_400 * s), entry('reject', 'b', 'alice', midnight + 86_460 * s),
  ];
  const rows = moderatorStats(log, midnight, false);
  expect(rows.map((r) => [r.day, r.decided, r.medianSecondsToDecision])).toEqual([['2026-03-12', 1, 60], ['2026-03-11', 1, 30]]);
});

test('a decision reopened by someone else is overturned; reopening your own is not (once the audit can hold a reopen)', () => {
  const log = [
    entry('claim', 'x', 'alice', T0), entry('reject', 'x', 'alice', T0 + 10 * s), entry('reopen', 'x', 'root', T0 + 60 * s),
    entry('claim', 'y', 'alice', T0), entry('reject', 'y', 'alice', T0 + 10 * s), entry('reopen', 'y', 'alice', T0 + 12 * s),
    entry('claim', 'y', 'alice', T0 + 20 * s), entry('approve', 'y', 'alice', T0 + 30 * s),
    entry('approve', 'z', 'alice', T0 + 40 * s),
  ];
  const [alice] = moderatorStats(log, T0 - 1, true);
  expect(alice).toMatchObject({ decided: 4, overturned: 1, overturnRate: 0.25 });
  // The audit holds reopen and overturn (issue #11), so the rate is shown; a server without them shows none, not a false 0.
  expect(OVERTURN_TRACKED).toBe(true);
  expect(moderatorStats(log, T0 - 1)[0]!.overturnRate).toBe(0.25);
  expect(moderatorStats(log, T0 - 1, false)[0]!.overturnRate).toBeNull();
});

test('the audit log is read newest first, page by page, only back to the window (plus a day of claims), and says when it stopped early', async () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  // One decision an hour for ten days, each after a claim a minute before, newest first as the API pages it.
  const log: AuditEntry[] = [];
  for (let h = 0; h < 240; h++) log.push(entry('approve', `i${h}`, 'alice', now - h * 3_600_000), entry('claim', `i${h}`, 'alice', now - h * 3_600_000 - 60 * s));
  const pages: number[] = [];
  const readPage = async (o: { cursor?: string; limit?: number }) => {
    const start = o.cursor ? Number(o.cursor) : 0;
    pages.push(start);
    const end = start + (o.limit ?? 50);
    return { entries: log.slice(start, end), nextCursor: end < log.length ? String(end) : null };
  };
  const stats = await moderatorStatsFromAudit(readPage, { days: 2, now });
  expect(stats.from).toBe('2026-03-09T00:00:00.000Z');
  expect(stats.complete).toBe(true);
  // Yesterday's 24 decisions and today's 13 (00:00 to 12:00), each timed at 60 s.
  expect(stats.days.map((d) => [d.day, d.decided, d.medianSecondsToDecision])).toEqual([['2026-03-10', 13, 60], ['2026-03-09', 24, 60]]);
  // Stopped a day of claims past the window, not at the end of the log.
  expect(stats.entriesRead).toBeLessThan(log.length);
  expect(pages.length).toBe(Math.ceil(stats.entriesRead / 200));

  const capped = await moderatorStatsFromAudit(readPage, { days: 7, now, maxEntries: 200 });
  expect(capped.complete).toBe(false);
  expect(capped.entriesRead).toBe(200);
});
