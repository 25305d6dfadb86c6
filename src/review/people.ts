/**
 * The people side of the record (migration 0002): rules on authors and the log of actions on them, an author's
 * standing as the author rules read it, and near-duplicate (raid) groups. The decisions are policy
 * (src/policy/authors.ts, src/policy/near-duplicates.ts); this file reads and writes what they need.
 */
import { sql } from 'kysely';
import type { Actor } from '../domain/actor';
import { AUTHOR_ACTIONS, type AuthorAction, type AuthorRule, type AuthorStanding } from '../domain/authors';
import type { NearDuplicateSignature } from '../domain/score';
import type { Db, DbOrTx, DbTx } from '../db';
import { pickGroup, type GroupCandidate, type NearDuplicateRule } from '../policy/near-duplicates';
import { ReviewError } from './errors';

export interface AuthorActionInput {
  action: AuthorAction;
  /** ISO date-time, with suspend. */
  until?: string;
  note?: string;
}

export interface AuthorActionEntry {
  id: string;
  authorId: string;
  at: string;
  actor: string;
  role: string;
  action: AuthorAction;
  until: string | null;
  note: string | null;
}

const DAY_MS = 86_400_000;
/** Most earlier comments a new comment is compared with when it is grouped. */
export const MAX_CANDIDATES = 64;

export class PeopleStore {
  constructor(private readonly db: Db, readonly clock: () => number = Date.now) {}

  /** The rule in force on an author (an ended suspension included: the policy knows it has ended). */
  async rule(tx: DbOrTx, authorId: string): Promise<AuthorRule | null> {
    const r = await tx.selectFrom('authors').selectAll().where('author_id', '=', authorId).executeTakeFirst();
    if (!r?.rule || !r.rule_by || !r.rule_at) return null;
    const base = { by: r.rule_by, at: r.rule_at.toISOString() };
    if (r.rule === 'suspend') return { kind: 'suspend', ...base, until: r.rule_until!.toISOString() };
    return { kind: r.rule as 'premoderate' | 'ban', ...base };
  }

  /**
   * What the author rules read: the rule, and how the author's other comments of the last `windowDays` ended —
   * rejected (by the policy, unless a moderator approved it, or by a moderator) or published (by the policy,
   * unless a moderator rejected it, or approved by a moderator). Held comments still waiting count in neither.
   */
  async standing(tx: DbOrTx, authorId: string, windowDays: number, excludeId?: string): Promise<AuthorStanding> {
    const since = new Date(this.clock() - windowDays * DAY_MS);
    const state = sql<string>`coalesce(review->>'state', '')`;
    let q = tx.selectFrom('comments')
      .select([
        sql<string>`count(*) FILTER (WHERE ${state} = 'rejected' OR (verdict = 'reject' AND ${state} NOT IN ('approved')))`.as('rejected'),
        sql<string>`count(*) FILTER (WHERE ${state} = 'approved' OR (verdict = 'publish' AND ${state} NOT IN ('rejected')))`.as('published'),
      ])
      .where('author_id', '=', authorId).where('created_at', '>=', since).where('verdict', 'is not', null);
    if (excludeId) q = q.where('id', '!=', excludeId);
    const counts = await q.executeTakeFirstOrThrow();
    return { authorId, rule: await this.rule(tx, authorId), recent: { rejected: Number(counts.rejected), published: Number(counts.published) } };
  }

  /** standing() outside a transaction (the author record). */
  currentStanding(authorId: string, windowDays: number): Promise<AuthorStanding> {
    return this.standing(this.db, authorId, windowDays);
  }

  /** Acts on an author: the rule changes (or not, for a note) and the action is logged, in one transaction. */
  async act(authorId: string, actor: Actor, input: AuthorActionInput): Promise<AuthorActionEntry> {
    if (!(AUTHOR_ACTIONS as readonly string[]).includes(input.action)) {
      throw new ReviewError('invalid_value', `action must be one of ${AUTHOR_ACTIONS.join(', ')}`, 'action');
    }
    const now = this.clock();
    let until: Date | null = null;
    if (input.action === 'suspend') {
      const ms = input.until ? Date.parse(input.until) : NaN;
      if (!Number.isFinite(ms)) throw new ReviewError('invalid_value', 'suspend needs `until`: an ISO date-time', 'until');
      if (ms <= now) throw new ReviewError('invalid_value', '`until` must be in the future', 'until');
      until = new Date(ms);
    } else if (input.until !== undefined) {
      throw new ReviewError('invalid_value', '`until` goes only with suspend', 'until');
    }
    if (input.action === 'note' && !input.note) throw new ReviewError('invalid_value', 'a note needs `note`', 'note');
    return this.db.transaction().execute(async (tx) => {
      const at = new Date(now);
      if (input.action === 'lift') {
        const current = await this.rule(tx, authorId);
        if (!current) throw new ReviewError('no_rule', `author ${JSON.stringify(authorId)} has no rule to lift`, 'action');
        await tx.updateTable('authors').set({ rule: null, rule_by: null, rule_at: null, rule_until: null }).where('author_id', '=', authorId).execute();
      } else if (input.action !== 'note') {
        const row = { rule: input.action, rule_by: actor.name, rule_at: at, rule_until: until };
        await tx.insertInto('authors').values({ author_id: authorId, ...row })
          .onConflict((oc) => oc.column('author_id').doUpdateSet(row)).execute();
      }
      const r = await tx.insertInto('author_actions').values({
        author_id: authorId, at, actor: actor.name, role: actor.role, action: input.action, until, note: input.note ?? null,
      }).returningAll().executeTakeFirstOrThrow();
      return toAction(r);
    });
  }

  /** Actions on an author, newest first. */
  async actions(authorId: string, limit = 50): Promise<AuthorActionEntry[]> {
    const rows = await this.db.selectFrom('author_actions').selectAll().where('author_id', '=', authorId).orderBy('id', 'desc').limit(limit).execute();
    return rows.map(toAction);
  }

  /**
   * Puts a signed comment in its near-duplicate group, inside the caller's transaction, and returns the group id
   * (its own id when it starts one). Comments sharing a band are serialised by transaction-scoped advisory locks
   * on the bands (taken in sorted order, so never a deadlock): two raid members scored at once by two workers still
   * see each other. Groups the comment bridges are merged into the oldest (their review items follow).
   */
  async group(tx: DbTx, commentId: string, signature: NearDuplicateSignature, atMs: number, rule: NearDuplicateRule): Promise<string> {
    const existing = await tx.selectFrom('near_duplicates').select('group_id').where('comment_id', '=', commentId).executeTakeFirst();
    if (existing) return existing.group_id;
    const bands = [...new Set(signature.bands)].sort();
    for (const band of bands) await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`nd:${band}`}, 0))`.execute(tx);
    const since = new Date(atMs - rule.windowMs);
    // The most recent comments sharing a band, at most MAX_CANDIDATES: a raid of thousands costs each new member a
    // bounded look-up (its recent fellows are enough to find the group), not a comparison with every member.
    // One backward index scan per band (LATERAL … LIMIT), never every row a popular band has collected.
    const recent = (await sql<{ comment_id: string; at: Date }>`
      SELECT x.comment_id, x.at FROM unnest(${bands}::text[]) AS b(band)
      CROSS JOIN LATERAL (
        SELECT comment_id, at FROM near_duplicate_bands
        WHERE band = b.band AND at >= ${since} ORDER BY at DESC LIMIT ${MAX_CANDIDATES}
      ) AS x ORDER BY x.at DESC`.execute(tx)).rows;
    const ids = [...new Set(recent.map((r) => r.comment_id))].slice(0, MAX_CANDIDATES);
    const rows = ids.length === 0 ? [] : await tx.selectFrom('near_duplicates')
      .select(['comment_id', 'group_id', 'at', 'scheme', 'minhash'])
      .where('comment_id', 'in', ids).where('scheme', '=', signature.scheme).execute();
    const candidates: GroupCandidate[] = rows.map((r) => ({
      commentId: r.comment_id, groupId: r.group_id, at: r.at.getTime(), signature: { scheme: r.scheme, bands: [], minhash: r.minhash },
    }));
    const picked = pickGroup(signature, atMs, candidates, rule);
    const groupId = picked?.groupId ?? commentId;
    if (picked && picked.merge.length > 0) {
      await tx.updateTable('near_duplicates').set({ group_id: groupId }).where('group_id', 'in', picked.merge).execute();
      await tx.updateTable('review_items').set({ group_id: groupId }).where('group_id', 'in', picked.merge).execute();
    }
    const at = new Date(atMs);
    await tx.insertInto('near_duplicates').values({ comment_id: commentId, group_id: groupId, at, scheme: signature.scheme, minhash: signature.minhash }).execute();
    await tx.insertInto('near_duplicate_bands').values(bands.map((band) => ({ band, at, comment_id: commentId }))).onConflict((oc) => oc.doNothing()).execute();
    return groupId;
  }

  /** Band rows older than the window can match nothing any more (maintenance). */
  async dropOldBands(windowMs: number): Promise<number> {
    const r = await this.db.deleteFrom('near_duplicate_bands').where('at', '<', new Date(this.clock() - windowMs)).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}

function toAction(r: { id: string; author_id: string; at: Date; actor: string; role: string; action: string; until: Date | null; note: string | null }): AuthorActionEntry {
  return { id: String(r.id), authorId: r.author_id, at: r.at.toISOString(), actor: r.actor, role: r.role, action: r.action as AuthorAction, until: r.until?.toISOString() ?? null, note: r.note };
}
