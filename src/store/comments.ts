/**
 * The comment store: the only reader and writer of comment rows (PostgreSQL tables `comment_keys` and the
 * month-partitioned `comments`, see src/db/migrations/0001_record.ts). The review side asks it, and changes a
 * comment inside its own transactions through `setReview` / `redact`, which take the caller's transaction.
 *
 * Accepting is one statement however many comments (see `accept`): `INSERT INTO comment_keys … ON CONFLICT DO
 * NOTHING RETURNING id` (the ids that are new), then the comment rows for exactly those ids. A resubmission writes
 * nothing; a crash mid-way commits nothing. Whether a resubmission is the same comment is decided against the
 * stored row (thread, author, text, parent, section); comment_keys also keeps a content hash of them.
 *
 * Writes from the API run with a server-side statement timeout (DB_STATEMENT_TIMEOUT_MS, else STORE_TIMEOUT_MS):
 * a statement PostgreSQL could not finish in time is cancelled and its transaction rolled back, so a comment the
 * site was told failed (503) is never stored later.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Redis } from 'ioredis';
import type { CommentInput, CommentRecord } from '../domain/comment';
import type { ScoreResult } from '../domain/score';
import type { CommentStatus } from '../domain/verdicts';
import type { Db, DbOrTx } from '../db';
import type { RedisKeys } from '../redis/keys';

export interface AcceptOutcome {
  record: CommentRecord;
  created: boolean;
  /** The id was stored before with different content (`record` is then the input, not stored). */
  conflict?: true;
}

/** A comment as the review side needs it: the input, the result and the review state kept on the record. */
export interface StoredComment {
  input: CommentInput;
  result: ScoreResult | null;
  review: unknown;
  textRedacted: boolean;
}

/** What makes two submissions under one id the same comment. */
export function contentHash(c: Pick<CommentInput, 'threadId' | 'author' | 'text' | 'parentId' | 'section'>): string {
  // A comment without a section hashes as before the field existed.
  const fields: unknown[] = [c.threadId, c.author.id, c.text, c.parentId ?? null];
  if (c.section !== undefined) fields.push(c.section);
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

const COLUMNS = [
  'id', 'accepted_at', 'thread_id', 'section', 'author_id', 'author_name', 'parent_id', 'created_at', 'text', 'metadata', 'status',
  'result', 'scored_at', 'review', 'text_redacted',
] as const;

type Row = {
  id: string; accepted_at: Date; thread_id: string; section: string | null; author_id: string; author_name: string | null; parent_id: string | null;
  created_at: Date; text: string; metadata: Record<string, unknown> | null; status: string; result: unknown; scored_at: Date | null;
  review: unknown; text_redacted: boolean;
};

export class CommentStore {
  /**
   * `stats`: where the per-verdict counters for /metrics live (Redis counters, moved once per comment, after
   * commit); absent = not counted.
   */
  constructor(private readonly db: Db, private readonly stats?: { redis: Redis; keys: Pick<RedisKeys, 'verdictCount'> }) {}

  /**
   * Stores each comment unless its id exists; returns every comment's record in input order.
   *
   * One statement (so one implicit transaction and one round trip, whatever the batch size): the input arrives as
   * one array per column (`unnest`, ten parameters instead of ten per row), the ids already stored are compared
   * with the input, `comment_keys` takes the new ids (`ON CONFLICT DO NOTHING`) and `comments` the rows of exactly
   * those. With `refuseConflicts`, an id already stored with different content (thread, author, text, parent,
   * section) makes the statement write nothing at all; its outcome says `conflict`. Existing records are read
   * only when there are any (a resubmission).
   */
  async accept(inputs: readonly CommentInput[], opts: { refuseConflicts?: boolean } = {}): Promise<AcceptOutcome[]> {
    if (inputs.length === 0) return [];
    const acceptedAt = new Date();
    const col = <T>(f: (c: CommentInput) => T) => inputs.map(f);
    const { rows } = await sql<{ id: string; created: boolean; same: boolean | null }>`
      WITH input AS (
        SELECT * FROM unnest(${col((c) => c.id)}::text[], ${col((c) => c.threadId)}::text[], ${col(sectionOf)}::text[],
          ${col((c) => c.author.id)}::text[], ${col((c) => c.author.name ?? null)}::text[], ${col((c) => c.parentId ?? null)}::text[],
          ${col((c) => c.createdAt)}::timestamptz[], ${col((c) => c.text)}::text[],
          ${col((c) => (c.metadata === undefined ? null : JSON.stringify(c.metadata)))}::jsonb[], ${col(contentHash)}::text[])
          WITH ORDINALITY AS t(id, thread_id, section, author_id, author_name, parent_id, created_at, text, metadata, content_hash, n)
      ),
      prev AS (
        SELECT i.id, (c.thread_id = i.thread_id AND c.author_id = i.author_id AND c.text = i.text
          AND c.parent_id IS NOT DISTINCT FROM i.parent_id AND c.section IS NOT DISTINCT FROM i.section) AS same
        FROM input i JOIN comment_keys k ON k.id = i.id JOIN comments c ON c.id = k.id AND c.accepted_at = k.accepted_at
      ),
      keys AS (
        INSERT INTO comment_keys (id, accepted_at, content_hash)
        SELECT id, ${acceptedAt}, content_hash FROM input
        WHERE NOT ${opts.refuseConflicts ?? false} OR NOT EXISTS (SELECT 1 FROM prev WHERE NOT same)
        ON CONFLICT (id) DO NOTHING
        RETURNING id
      ),
      added AS (
        INSERT INTO comments (id, accepted_at, thread_id, section, author_id, author_name, parent_id, created_at, text, metadata, status)
        SELECT i.id, ${acceptedAt}, i.thread_id, i.section, i.author_id, i.author_name, i.parent_id, i.created_at, i.text, i.metadata, 'queued'
        FROM input i JOIN keys USING (id)
        RETURNING id
      )
      SELECT i.id, a.id IS NOT NULL AS created, p.same FROM input i LEFT JOIN added a USING (id) LEFT JOIN prev p USING (id)
      ORDER BY i.n`.execute(this.db);
    const iso = acceptedAt.toISOString();
    // Ids not created: stored before (prev saw them) or by a concurrent request since (prev did not): read them.
    const missing = rows.filter((r) => !r.created && r.same !== false).map((r) => r.id);
    const existing = new Map((await this.getMany(missing)).map((r, i) => [missing[i]!, r]));
    return inputs.map((c, i) => {
      const r = rows[i]!;
      if (r.created) return { created: true, record: { ...c, status: 'queued', acceptedAt: iso } };
      if (r.same === false) return { created: false, conflict: true, record: { ...c, status: 'queued', acceptedAt: iso } };
      return { created: false, record: existing.get(c.id)! };
    });
  }

  /** Undoes an accept whose comments could not be queued (the API answers 503: the site retries). */
  async forget(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.transaction().execute(async (tx) => {
      const keys = await tx.deleteFrom('comment_keys').where('id', 'in', [...ids]).returning(['id', 'accepted_at']).execute();
      for (const k of keys) await tx.deleteFrom('comments').where('id', '=', k.id).where('accepted_at', '=', k.accepted_at).execute();
    });
  }

  async get(id: string): Promise<CommentRecord | null> {
    return (await this.getMany([id]))[0] ?? null;
  }

  async getMany(ids: readonly string[], db: DbOrTx = this.db): Promise<(CommentRecord | null)[]> {
    const rows = await this.rows(ids, db);
    return ids.map((id) => { const r = rows.get(id); return r ? toRecord(r) : null; });
  }

  /** Comments for the given ids (null where absent), as the review side needs them. */
  async stored(ids: readonly string[]): Promise<(StoredComment | null)[]> {
    const rows = await this.rows(ids, this.db);
    return ids.map((id) => {
      const r = rows.get(id);
      if (!r) return null;
      const rec = toRecord(r);
      return { input: toInput(r), result: rec.result ?? null, review: r.review ?? null, textRedacted: r.text_redacted };
    });
  }

  /** Rows by id, each found through comment_keys (so only its month's partition is read). */
  private async rows(ids: readonly string[], db: DbOrTx): Promise<Map<string, Row>> {
    if (ids.length === 0) return new Map();
    const rows = await db.selectFrom('comment_keys as k')
      .innerJoin('comments as c', (j) => j.onRef('c.id', '=', 'k.id').onRef('c.accepted_at', '=', 'k.accepted_at'))
      .select(COLUMNS.map((c) => `c.${c}` as const))
      .where('k.id', 'in', [...new Set(ids)])
      .execute();
    return new Map(rows.map((r) => [r.id, r as Row]));
  }

  /** The thread's comments in thread order (created-at, then id). */
  async thread(threadId: string): Promise<CommentRecord[]> {
    const rows = await this.db.selectFrom('comments').select([...COLUMNS]).where('thread_id', '=', threadId)
      .orderBy('created_at').orderBy('id').execute();
    return rows.map((r) => toRecord(r as Row));
  }

  /**
   * One page of an author's comment ids, newest first, as [id, created-at ms] pairs; `after` = the last pair of
   * the previous page. Returns one pair more than `limit` when there is a next page.
   */
  async authorPage(authorId: string, after: { score: string; id: string } | null, limit: number): Promise<{ pairs: [string, string][]; total: number }> {
    let q = this.db.selectFrom('comments').select(['id', 'created_at']).where('author_id', '=', authorId);
    if (after) {
      const at = new Date(Number(after.score));
      q = q.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', after.id)])]));
    }
    const [rows, total] = await Promise.all([
      q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute(),
      this.db.selectFrom('comments').select((eb) => eb.fn.countAll<string>().as('n')).where('author_id', '=', authorId).executeTakeFirstOrThrow(),
    ]);
    return { pairs: rows.map((r) => [r.id, String(r.created_at.getTime())]), total: Number(total.n) };
  }

  /**
   * Saves the verdict (in `tx` when given: the worker saves verdict, review item and audit entry together).
   * Idempotent: a retried job overwrites the same fields. Returns true on the first save of this comment.
   */
  /**
   * Scored comments accepted in [since, until) whose text is still kept, newest first, at most `limit`: id, text and
   * whether the policy held them (the identity watch re-scores these; issue #13).
   */
  async scoredTexts(q: { since: string; until: string; section?: string; limit: number }): Promise<{ id: string; text: string; held: boolean }[]> {
    let query = this.db.selectFrom('comments').select(['id', 'text', 'verdict'])
      .where('accepted_at', '>=', new Date(q.since)).where('accepted_at', '<', new Date(q.until))
      .where('status', '=', 'scored').where('text_redacted', '=', false)
      .orderBy('accepted_at', 'desc').limit(q.limit);
    if (q.section !== undefined) query = query.where('section', '=', q.section);
    return (await query.execute()).map((r) => ({ id: r.id, text: r.text, held: r.verdict !== null && r.verdict !== 'publish' }));
  }

  async saveResult(id: string, status: Exclude<CommentStatus, 'queued'>, result: ScoreResult, tx?: DbOrTx): Promise<boolean> {
    // The sub-select locks the row and still sees scored_at as it was: null means this is the first verdict.
    const { rows } = await sql<{ first: boolean }>`
      UPDATE comments c SET status = ${status}, verdict = ${result.verdict}, result = ${JSON.stringify(result)}::jsonb,
        scored_at = coalesce(c.scored_at, now())
      FROM (SELECT k.accepted_at, p.scored_at AS before FROM comment_keys k
            JOIN comments p ON p.id = k.id AND p.accepted_at = k.accepted_at WHERE k.id = ${id} FOR UPDATE OF p) prev
      WHERE c.id = ${id} AND c.accepted_at = prev.accepted_at
      RETURNING prev.before IS NULL AS first`.execute(tx ?? this.db);
    return rows[0]?.first ?? false;
  }

  /** Moves the per-verdict counter (call after the transaction that saved the first verdict committed). */
  async countVerdict(verdict: string): Promise<void> {
    if (this.stats) await this.stats.redis.incr(this.stats.keys.verdictCount(verdict));
  }

  /** What the site sees of the review on the comment record; in the review transition's transaction. */
  async setReview(tx: DbOrTx, id: string, review: Record<string, unknown>): Promise<void> {
    await tx.updateTable('comments').set({ review: JSON.stringify(review) })
      .where('id', '=', id)
      .where('accepted_at', '=', (eb) => eb.selectFrom('comment_keys').select('accepted_at').where('id', '=', id))
      .execute();
  }

  /** Retention: drops the text and the matched fragments kept in the result; the rest of the record stays. */
  async redact(tx: DbOrTx, id: string): Promise<void> {
    await tx.updateTable('comments')
      .set({
        text: '',
        text_redacted: true,
        result: sql`CASE WHEN result ? 'slurs' THEN jsonb_set(result, '{slurs}',
          (SELECT coalesce(jsonb_agg(s || '{"text": ""}'::jsonb), '[]'::jsonb) FROM jsonb_array_elements(result->'slurs') s))
          ELSE result END`,
      })
      .where('id', '=', id)
      .where('accepted_at', '=', (eb) => eb.selectFrom('comment_keys').select('accepted_at').where('id', '=', id))
      .execute();
  }
}

/** The comment's section: the `section` field (src/domain/sections.ts), else a string `metadata.section` as sites sent it before. */
export function sectionOf(c: Pick<CommentInput, 'section' | 'metadata'>): string | null {
  if (c.section !== undefined) return c.section;
  return typeof c.metadata?.section === 'string' ? c.metadata.section : null;
}

function toInput(r: Row): CommentInput {
  return {
    id: r.id,
    threadId: r.thread_id,
    author: r.author_name === null ? { id: r.author_id } : { id: r.author_id, name: r.author_name },
    text: r.text,
    ...(r.parent_id !== null ? { parentId: r.parent_id } : {}),
    ...(r.section !== null ? { section: r.section } : {}),
    createdAt: r.created_at.toISOString(),
    ...(r.metadata !== null ? { metadata: r.metadata } : {}),
  };
}

function toRecord(r: Row): CommentRecord {
  return {
    ...toInput(r),
    status: r.status as CommentStatus,
    acceptedAt: r.accepted_at.toISOString(),
    ...(r.scored_at ? { scoredAt: r.scored_at.toISOString() } : {}),
    ...(r.result ? { result: r.result as ScoreResult } : {}),
    ...(r.review ? { review: r.review as CommentRecord['review'] } : {}),
    ...(r.text_redacted ? { textRedacted: true } : {}),
  };
}
