/**
 * Page cursors, opaque to clients: base64url of a small JSON array `[kind, ...fields]`. A cursor is checked
 * strictly on the way in — canonical encoding, the right kind for the route, every field in the exact form this
 * API writes — so a forged or truncated one is refused (ReviewError → 400 `invalid_cursor`) before the
 * database ever sees it.
 *
 *  - `items`:  queue position in a state's sorted set — order score (a non-negative integer) and item id;
 *  - `author`: position in an author's comments — created-at in ms (an integer, negative before 1970) and comment id;
 *  - `audit`:  the last audit log entry seen — its id (a positive integer, the audit_log identity).
 */
import { ID_PATTERN } from '../domain/comment';
import { ReviewError } from './errors';

export type CursorKind = 'items' | 'author' | 'audit' | 'reports';

/** A cursor this API did not return for this list: ReviewError `invalid_cursor` (the API answers 400). */
function badCursor(kind: CursorKind): ReviewError {
  return new ReviewError('invalid_cursor', `cursor is not one this API returned for this list (${kind}): pass nextCursor back unchanged`, 'cursor');
}

const ENCODED = /^[A-Za-z0-9_-]{1,512}$/;
/** Integers as the store prints them: no sign on 0, no leading zeros, no spaces, no other radix; safe in a double. */
const UNSIGNED = /^(0|[1-9][0-9]{0,15})$/;
const SIGNED = /^(0|-?[1-9][0-9]{0,15})$/;
const safe = (s: string) => Number.isSafeInteger(Number(s));

export function encodeCursor(kind: CursorKind, ...fields: string[]): string {
  return Buffer.from(JSON.stringify([kind, ...fields])).toString('base64url');
}

function decode(kind: CursorKind, cursor: string, arity: number): string[] {
  if (ENCODED.test(cursor)) {
    const raw = Buffer.from(cursor, 'base64url');
    // Canonical only: the same bytes must encode back to exactly this cursor (no padding, no stray bits).
    if (raw.toString('base64url') === cursor) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw.toString('utf8'));
      } catch {
        parsed = null;
      }
      if (Array.isArray(parsed) && parsed.length === arity + 1 && parsed[0] === kind && parsed.every((f) => typeof f === 'string')) {
        return (parsed as string[]).slice(1);
      }
    }
  }
  throw badCursor(kind);
}

/** The review queue: (order score, item id). */
export function decodeItemsCursor(cursor: string): { score: string; id: string } {
  const [score, id] = decode('items', cursor, 2) as [string, string];
  if (UNSIGNED.test(score) && safe(score) && ID_PATTERN.test(id)) return { score, id };
  throw badCursor('items');
}

/** An author's comments: (created-at ms, comment id). */
export function decodeAuthorCursor(cursor: string): { score: string; id: string } {
  const [score, id] = decode('author', cursor, 2) as [string, string];
  if (SIGNED.test(score) && safe(score) && ID_PATTERN.test(id)) return { score, id };
  throw badCursor('author');
}

/** The audit log: the id of the last entry seen (audit_log ids: positive integers). */
export function decodeAuditCursor(cursor: string): string {
  const [id] = decode('audit', cursor, 1) as [string];
  if (/^[1-9][0-9]{0,15}$/.test(id) && safe(id)) return id;
  throw badCursor('audit');
}

/** A comment's reader reports: (report time ms, reporter id: any string of 1–128 characters, as the report route takes it). */
export function decodeReportsCursor(cursor: string): { score: string; id: string } {
  const [score, id] = decode('reports', cursor, 2) as [string, string];
  if (SIGNED.test(score) && safe(score) && id.length >= 1 && id.length <= 128) return { score, id };
  throw badCursor('reports');
}
