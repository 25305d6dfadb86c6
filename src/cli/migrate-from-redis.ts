/**
 * `npm run migrate:from-redis`: copies a Redis-only deployment's record (Sieve before PostgreSQL: comment hashes,
 * review item hashes, the audit stream, the site lexicon hash, the Perspective score suggestion stream — the key layout of `git show 0a2199b:src/redis/keys.ts`)
 * into PostgreSQL (DATABASE_URL, migrated first), then verifies it: counts per kind, and a SHA-256 checksum per
 * kind over what was copied (comments: id, text, status, verdict, accepted-at; review items: id, state, decided-by,
 * action; audit: item, ms, actor, action, to — in stream order), computed once from Redis and once read back from
 * PostgreSQL. Exit status 1 when any count or checksum differs.
 *
 * Re-runnable: every insert is `ON CONFLICT DO NOTHING` (the audit log is only copied into an empty audit log).
 * Redis is only read. Comments still `queued` are picked up by the reconciler (their jobs, if any, stay valid:
 * job id = comment id). Run it with the API and workers stopped, against REDIS_URL/REDIS_PREFIX of the old one.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Redis } from 'ioredis';
import { loadConfig } from '../config';
import { createDb, migrateToLatest, type Db } from '../db';
import type { CommentInput } from '../domain/comment';
import { createRedis } from '../redis/connection';
import { contentHash } from '../store/comments';

const PAGE = 500;
const ORDER_PRIORITY_STEP = 1e13;

export interface KindReport { redis: number; postgres: number; redisChecksum: string; postgresChecksum: string; ok: boolean }
export interface MigrationReport { comments: KindReport; reviewItems: KindReport; audit: KindReport; siteTerms: KindReport; suggestions: KindReport; ok: boolean }

async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    out.push(...keys);
  } while (cursor !== '0');
  return out.sort();
}

/** A stream's entries in order, PAGE at a time, each as its field → value record. */
async function* streamPages(redis: Redis, key: string): AsyncGenerator<Record<string, string>[]> {
  for (let start = '-'; ;) {
    const entries = await redis.xrange(key, start, '+', 'COUNT', PAGE);
    const fresh = start === '-' ? entries : entries.slice(1); // the range is inclusive: the last entry comes again
    if (fresh.length === 0) return;
    yield fresh.map(([, flat]) => {
      const f: Record<string, string> = {};
      for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i]!] = flat[i + 1]!;
      return f;
    });
    start = entries[entries.length - 1]![0];
  }
}

async function hashes(redis: Redis, keys: string[]): Promise<Record<string, string>[]> {
  const out: Record<string, string>[] = [];
  for (let i = 0; i < keys.length; i += PAGE) {
    const pipe = redis.pipeline();
    for (const k of keys.slice(i, i + PAGE)) pipe.hgetall(k);
    for (const [err, h] of (await pipe.exec()) ?? []) {
      if (err) throw err;
      out.push(h as Record<string, string>);
    }
  }
  return out;
}

const sha = (lines: string[]) => createHash('sha256').update(lines.join('\n')).digest('hex');
const ms = (v: string | undefined) => new Date(Number(v)).toISOString();
const kind = (r: number, p: number, rc: string, pc: string): KindReport => ({ redis: r, postgres: p, redisChecksum: rc, postgresChecksum: pc, ok: r === p && rc === pc });

export async function migrateFromRedis(redis: Redis, db: Db, prefix: string): Promise<MigrationReport> {
  const k = (...parts: string[]) => [prefix, ...parts].join(':');

  // --- comments
  const commentKeys = await scanKeys(redis, `${k('comment')}:*`);
  const commentHashes = (await hashes(redis, commentKeys)).filter((h) => h.data);
  const comments = commentHashes.map((h) => {
    const input = JSON.parse(h.data!) as CommentInput;
    const result = h.result ? JSON.parse(h.result) as { verdict?: string } : null;
    return { h, input, result, acceptedAt: h.acceptedAt || new Date(0).toISOString() };
  });
  const months = [...new Set(comments.map((c) => c.acceptedAt.slice(0, 7)))];
  for (const m of months) await sql`SELECT sieve_ensure_month_partition('comments', ${`${m}-01T00:00:00Z`}::timestamptz)`.execute(db);
  for (let i = 0; i < comments.length; i += PAGE) {
    const page = comments.slice(i, i + PAGE);
    await db.transaction().execute(async (tx) => {
      const fresh = await tx.insertInto('comment_keys')
        .values(page.map((c) => ({ id: c.input.id, accepted_at: c.acceptedAt, content_hash: contentHash(c.input) })))
        .onConflict((oc) => oc.column('id').doNothing()).returning('id').execute();
      const ids = new Set(fresh.map((r) => r.id));
      const rows = page.filter((c) => ids.has(c.input.id));
      if (rows.length === 0) return;
      await tx.insertInto('comments').values(rows.map((c) => ({
        id: c.input.id, accepted_at: c.acceptedAt, thread_id: c.input.threadId,
        section: typeof c.input.metadata?.section === 'string' ? c.input.metadata.section : null,
        author_id: c.input.author.id, author_name: c.input.author.name ?? null, parent_id: c.input.parentId ?? null,
        created_at: c.input.createdAt, text: c.input.text,
        metadata: c.input.metadata === undefined ? null : JSON.stringify(c.input.metadata),
        status: c.h.status || 'queued', verdict: c.result?.verdict ?? null, result: c.h.result ? c.h.result : null,
        scored_at: c.h.scoredAt || null, review: c.h.review ? c.h.review : null, text_redacted: c.h.textRedacted === '1',
      }))).execute();
    });
  }
  const commentLine = (id: string, text: string, status: string, verdict: string | null, at: string) => JSON.stringify([id, text, status, verdict, at]);
  const redisComments = comments.map((c) => commentLine(c.input.id, c.input.text, c.h.status || 'queued', c.result?.verdict ?? null, new Date(c.acceptedAt).toISOString())).sort();
  const ids = comments.map((c) => c.input.id);
  const pgComments: string[] = [];
  for (let i = 0; i < ids.length; i += PAGE) {
    const rows = await db.selectFrom('comments').select(['id', 'text', 'status', 'verdict', 'accepted_at']).where('id', 'in', ids.slice(i, i + PAGE)).execute();
    pgComments.push(...rows.map((r) => commentLine(r.id, r.text, r.status, r.verdict, r.accepted_at.toISOString())));
  }
  pgComments.sort();

  // --- review items
  const items = (await hashes(redis, await scanKeys(redis, `${k('review', 'item')}:*`))).filter((h) => h.id && h.state);
  for (let i = 0; i < items.length; i += PAGE) {
    await db.insertInto('review_items').values(items.slice(i, i + PAGE).map((h) => {
      const priority = Number(h.priority ?? 0);
      const decided = h.decidedAt ? Number(h.decidedAt) : null;
      const claimed = h.state === 'claimed' && h.claimedBy && h.leaseUntil;
      return {
        id: h.id!, state: h.state!, base_state: h.baseState ?? 'pending', priority,
        position: decided !== null && !['pending', 'claimed', 'escalated'].includes(h.state!) ? -decided : (100 - priority) * ORDER_PRIORITY_STEP + Number(h.commentCreatedAt ?? 0),
        verdict: h.verdict ?? 'review', unscored: h.unscored === '1', thread_id: h.threadId ?? '', author_id: h.authorId ?? '',
        labels: h.labels ? JSON.parse(h.labels) as string[] : [], slur_categories: h.slurCategories ? JSON.parse(h.slurCategories) as string[] : [],
        created_at: ms(h.createdAt), comment_created_at: ms(h.commentCreatedAt),
        claimed_by: claimed ? h.claimedBy! : null, claimed_role: claimed ? h.claimedRole ?? '' : null,
        claimed_at: claimed && h.claimedAt ? ms(h.claimedAt) : null, lease_until: claimed ? ms(h.leaseUntil) : null,
        decided_by: h.decidedBy ?? null, decided_role: h.decidedRole ?? null, decided_at: h.decidedAt ? ms(h.decidedAt) : null,
        action: h.action ?? null, reason: h.reason ?? null, note: h.note ?? null,
        escalated_by: h.escalatedBy ?? null, escalated_at: h.escalatedAt ? ms(h.escalatedAt) : null,
        escalation_reason: h.escalationReason ?? null, escalation_note: h.escalationNote ?? null,
        text_redacted: h.textRedacted === '1', version: Number(h.version ?? 0),
      };
    })).onConflict((oc) => oc.column('id').doNothing()).execute();
  }
  const itemLine = (id: string, state: string, by: string | null, action: string | null) => JSON.stringify([id, state, by, action]);
  const redisItems = items.map((h) => itemLine(h.id!, h.state!, h.decidedBy ?? null, h.action ?? null)).sort();
  const itemIds = items.map((h) => h.id!);
  const pgItems: string[] = [];
  for (let i = 0; i < itemIds.length; i += PAGE) {
    const rows = await db.selectFrom('review_items').select(['id', 'state', 'decided_by', 'action']).where('id', 'in', itemIds.slice(i, i + PAGE)).execute();
    pgItems.push(...rows.map((r) => itemLine(r.id, r.state, r.decided_by, r.action)));
  }
  pgItems.sort();

  // --- the audit stream, in order (only into an empty audit log: it has no natural key to de-duplicate on)
  const auditLine = (item: string, at: number, actor: string, action: string, to: string) => JSON.stringify([item, at, actor, action, to]);
  const redisAudit: string[] = [];
  const auditEmpty = Number((await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n) === 0;
  for await (const page of streamPages(redis, k('audit'))) {
    const rows = page.map((f) => {
      redisAudit.push(auditLine(f.itemId ?? '', Number(f.at), f.actor ?? '', f.action ?? '', f.to ?? ''));
      return { at: ms(f.at), item_id: f.itemId ?? '', actor: f.actor ?? '', role: f.role ?? '', action: f.action ?? '', from_state: f.from ?? null, to_state: f.to ?? '', reason: f.reason ?? null, note: f.note ?? null };
    });
    if (auditEmpty) {
      for (const m of new Set(rows.map((r) => r.at.slice(0, 7)))) await sql`SELECT sieve_ensure_month_partition('audit_log', ${`${m}-01T00:00:00Z`}::timestamptz)`.execute(db);
      await db.insertInto('audit_log').values(rows).execute();
    }
  }
  const pgAuditRows = await db.selectFrom('audit_log').select(['item_id', 'at', 'actor', 'action', 'to_state']).orderBy('id').execute();
  const pgAudit = pgAuditRows.map((r) => auditLine(r.item_id, r.at.getTime(), r.actor, r.action, r.to_state));

  // --- the site's lexicon terms
  const terms = await redis.hgetall(k('lexicon', 'site'));
  const termRows = Object.entries(terms).map(([term, entry]) => ({ term, entry }));
  if (termRows.length) await db.insertInto('site_lexicon_terms').values(termRows).onConflict((oc) => oc.column('term').doNothing()).execute();
  const redisTerms = termRows.map((t) => JSON.stringify([t.term, JSON.parse(t.entry)])).sort();
  const pgTerms = termRows.length
    ? (await db.selectFrom('site_lexicon_terms').select(['term', 'entry']).where('term', 'in', termRows.map((t) => t.term)).execute()).map((r) => JSON.stringify([r.term, r.entry]))
    : [];
  // --- Perspective score suggestions (a Redis stream until they moved to PostgreSQL; copied into an empty table only)
  const suggestionsEmpty = !(await db.selectFrom('perspective_suggestions').select('id').limit(1).executeTakeFirst());
  const redisSuggestions: string[] = [];
  const suggestionLine = (at: string, s: { attribute?: string; value?: number; text?: string; by?: string }) => JSON.stringify([at, s.attribute, s.value ?? null, s.text ?? null, s.by]);
  for await (const page of streamPages(redis, k('perspective', 'suggestions'))) {
    const rows = page.map((f) => {
      const suggestion = {
        attribute: f.attribute, by: f.by,
        ...(f.value !== undefined ? { value: Number(f.value) } : {}),
        ...(f.spans !== undefined ? { spans: JSON.parse(f.spans) } : {}),
        ...(f.text !== undefined ? { text: f.text } : {}),
        ...(f.communityId !== undefined ? { communityId: f.communityId } : {}),
        ...(f.clientToken !== undefined ? { clientToken: f.clientToken } : {}),
        ...(f.languages !== undefined ? { languages: f.languages.split(',') } : {}),
      };
      const at = new Date(f.at ?? 0).toISOString();
      redisSuggestions.push(suggestionLine(at, suggestion));
      return { at, suggestion: JSON.stringify(suggestion) };
    });
    if (suggestionsEmpty) await db.insertInto('perspective_suggestions').values(rows).execute();
  }
  const pgSuggestions = (await db.selectFrom('perspective_suggestions').select(['at', 'suggestion']).orderBy('id').execute())
    .map((r) => suggestionLine(r.at.toISOString(), r.suggestion as Record<string, never>));

  // jsonb reorders keys: compare the parsed values, canonicalised the same way on both sides.
  const canon = (lines: string[]) => lines.map((l) => JSON.stringify(sortKeys(JSON.parse(l)))).sort();

  const report = {
    comments: kind(redisComments.length, pgComments.length, sha(redisComments), sha(pgComments)),
    reviewItems: kind(redisItems.length, pgItems.length, sha(redisItems), sha(pgItems)),
    audit: kind(redisAudit.length, pgAudit.length, sha(redisAudit), sha(pgAudit)),
    siteTerms: kind(redisTerms.length, pgTerms.length, sha(canon(redisTerms)), sha(canon(pgTerms))),
    suggestions: kind(redisSuggestions.length, pgSuggestions.length, sha(redisSuggestions), sha(pgSuggestions)),
  };
  return { ...report, ok: Object.values(report).every((r) => r.ok) };
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((key) => [key, sortKeys((v as Record<string, unknown>)[key])]));
  return v;
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.REDIS_URL || !config.DATABASE_URL) throw new Error('set REDIS_URL (the old deployment\'s Redis) and DATABASE_URL');
  const redis = createRedis(config.REDIS_URL);
  const db = createDb(config.DATABASE_URL, { max: 2, applicationName: 'sieve-migrate-from-redis' });
  try {
    await migrateToLatest(db);
    const report = await migrateFromRedis(redis, db, config.REDIS_PREFIX);
    for (const [name, r] of Object.entries(report)) {
      if (name === 'ok') continue;
      const x = r as KindReport;
      process.stdout.write(`${name}: redis ${x.redis}, postgres ${x.postgres}, checksum ${x.redisChecksum.slice(0, 16)} / ${x.postgresChecksum.slice(0, 16)} ${x.ok ? 'OK' : 'MISMATCH'}\n`);
    }
    if (!report.ok) process.exitCode = 1;
  } finally {
    redis.disconnect();
    await db.destroy();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`migrate:from-redis failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
