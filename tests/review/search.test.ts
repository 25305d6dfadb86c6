/**
 * Finding items (issue #12, Find) and an admin's take-over of a claim, through the /v1/review router on a real
 * PostgreSQL (pg_trgm) and Redis. The search key is the scoring layer's (src/scoring/search-text.ts), handed to
 * the review side as the API and the worker hand it.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import { ApiError } from '../../src/api/errors';
import { createReviewRouter } from '../../src/api/routes/review';
import { loadConfig } from '../../src/config';
import { createRedis } from '../../src/redis/connection';
import { createReview, type Review } from '../../src/review';
import { searchText } from '../../src/scoring/search-text';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis';
import { freshDb } from '../helpers/postgres';
import type { Db } from '../../src/db';
import { makeComment, makeResult, seedComment } from './fixtures';

let server: PrivateRedis;
let redis: Redis;
let db: Db;
let closeDb: () => Promise<void>;
let review: Review;
let http: Server;
let base: string;

beforeAll(async () => {
  ({ db, close: closeDb } = await freshDb());
  server = await startPrivateRedis();
  redis = createRedis(server.url);
  const config = loadConfig({ REDIS_PREFIX: 'search', REVIEW_REASON_CODES: 'spam,harassment,hate_speech' });
  review = createReview({ redis, db, config, searchText });
  const app = express();
  app.use(express.json());
  app.use((req, res, next) => {
    const [name, role] = String(req.get('x-test-actor') ?? '').split(':');
    if (name && role) res.locals.actor = { name, role };
    next();
  });
  app.use('/v1/review', createReviewRouter({ service: review.service, events: review.events, keepAliveMs: 200 }));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err instanceof ApiError ? err : new ApiError(500, 'internal', String(err));
    res.status(e.status).json(e.toJSON());
  });
  http = app.listen(0, '127.0.0.1');
  await new Promise((r) => http.once('listening', r));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}/v1/review`;
});
afterAll(async () => {
  await closeDb();
  http.closeAllConnections();
  await new Promise((r) => http.close(r));
  await review.close();
  await redis.quit();
  await server.destroy();
});

async function call(method: string, path: string, actor = 'alice:moderator', body?: unknown) {
  const res = await fetch(base + path, { method, headers: { 'x-test-actor': actor, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}
const ids = async (query: string) => {
  const r = await call('GET', `/items?${query}`);
  expect(r.status).toBe(200);
  return (r.body.items as { id: string }[]).map((i) => i.id).sort();
};

async function flagged(over: Parameters<typeof makeComment>[0] = {}) {
  const c = makeComment(over);
  const result = makeResult();
  await seedComment(db, c, result);
  await review.recordVerdict(c, 'scored', result);
  return c;
}

describe('search key', () => {
  it('folds disguises both ways: look-alikes, spacing, leetspeak, repeats, separators inside a word', () => {
    const key = searchText('idiot');
    for (const disguised of ['1d10t', 'I D I O T', 'іdіоt' /* Cyrillic і, о */, 'idiooooot!', 'id-iot', 'i\u200bdiot']) {
      expect(searchText(disguised)).toBe(key);
    }
    expect(searchText('sh!t happens!')).toBe(searchText('shit happens'));
    expect(searchText('!!! ...')).toBe('');
  });
});

describe('search the queue', () => {
  let idiot: string;
  let plain: string;
  let sports: string;
  beforeAll(async () => {
    idiot = (await flagged({ threadId: 's-t1', authorId: 's-a1', text: 'what an 1d10t wrote this', metadata: { section: 'politics' }, createdAt: '2026-03-02T10:00:00Z' })).id;
    plain = (await flagged({ threadId: 's-t2', authorId: 's-a2', text: 'Only an IDIOT would say so', metadata: { section: 'sports' }, createdAt: '2026-03-05T10:00:00Z' })).id;
    sports = (await flagged({ threadId: 's-t2', authorId: 's-a1', text: 'the referee was blind', metadata: { section: 'sports' }, createdAt: '2026-03-09T10:00:00Z' })).id;
  });

  it('finds a comment by a disguised spelling of its words, and the disguised one by the plain word', async () => {
    expect(await ids('q=idiot')).toEqual([idiot, plain].sort());
    expect(await ids('q=1d10t')).toEqual([idiot, plain].sort());
    expect(await ids(`q=${encodeURIComponent('i d i o t')}`)).toEqual([idiot, plain].sort());
    // Every word must be there, in any order; part of a word counts.
    expect(await ids(`q=${encodeURIComponent('wrote idio')}`)).toEqual([idiot]);
    expect(await ids('q=referee')).toEqual([sports]);
    expect(await ids('q=nowhere')).toEqual([]);
  });

  it('filters by author, thread, section, state, label and the date written, together with the text', async () => {
    expect(await ids('author=s-a1')).toEqual([idiot, sports].sort());
    expect(await ids('q=idiot&author=s-a1')).toEqual([idiot]);
    expect(await ids('q=idiot&thread=s-t2')).toEqual([plain]);
    expect(await ids('section=sports')).toEqual([plain, sports].sort());
    expect(await ids('q=idiot&section=politics')).toEqual([idiot]);
    expect(await ids('section=sports&from=2026-03-06')).toEqual([sports]);
    expect(await ids('section=sports&to=2026-03-05')).toEqual([plain]);
    expect(await ids('q=idiot&from=2026-03-02T10:00:00Z&to=2026-03-02T10:00:00Z')).toEqual([idiot]);
    expect(await ids('q=idiot&state=approved')).toEqual([]);
    expect(await ids('q=idiot&label=threat')).toEqual([]);
  });

  it('the results are a queue: decided in bulk, then found under their new state', async () => {
    const found = await ids('q=idiot');
    const bulk = await call('POST', '/decisions', 'alice:moderator', { ids: found, action: 'reject', reason: 'harassment' });
    expect(bulk.body.summary).toEqual({ ok: 2, failed: 0 });
    expect(await ids('q=idiot')).toEqual([]);
    expect(await ids('q=idiot&state=rejected')).toEqual(found);
  });

  it('refuses what it cannot search with a precise 400', async () => {
    expect(await call('GET', '/items?q=')).toMatchObject({ status: 400, body: { error: { field: 'q' } } });
    expect(await call('GET', `/items?q=${encodeURIComponent('!!! ...')}`)).toMatchObject({ status: 400, body: { error: { code: 'invalid_query', field: 'q' } } });
    expect(await call('GET', `/items?q=${'a'.repeat(201)}`)).toMatchObject({ status: 400, body: { error: { field: 'q' } } });
    expect(await call('GET', '/items?from=yesterday')).toMatchObject({ status: 400, body: { error: { code: 'invalid_value', field: 'from' } } });
    expect(await call('GET', '/items?to=2026-02-30')).toMatchObject({ status: 400, body: { error: { field: 'to' } } });
    expect(await call('GET', '/items?from=2026-03-05&to=2026-03-01')).toMatchObject({ status: 400, body: { error: { code: 'invalid_range', field: 'from' } } });
    expect(await call('GET', '/items?section=')).toMatchObject({ status: 400, body: { error: { field: 'section' } } });
  });

  it('uses the trigram index for the text (pg_trgm GIN), not a scan of every item', async () => {
    await sql`SET enable_seqscan = off`.execute(db);
    const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN SELECT id FROM review_items WHERE search_text LIKE ${'%idiot%'}`.execute(db);
    expect(rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/review_items_search/);
  });

  it('retention drops the search key with the text', async () => {
    const c = await flagged({ text: 'a forgettable idiot' });
    await call('POST', `/items/${c.id}/claim`);
    await call('POST', `/items/${c.id}/decision`, 'alice:moderator', { action: 'approve' });
    expect(await ids('q=forgettable&state=approved')).toEqual([c.id]);
    await review.store.redactDecidedBefore(Date.now() + 1000);
    expect(await ids('q=forgettable&state=approved')).toEqual([]);
  });
});

describe('admin take-over of a claim', () => {
  it('an admin takes a colleague\'s claim; the audit names the former holder; the colleague can no longer decide', async () => {
    const c = await flagged();
    expect((await call('POST', `/items/${c.id}/claim`, 'bob:moderator')).status).toBe(200);
    // Offered to admins only, on someone else's live claim.
    expect((await call('GET', `/items/${c.id}`, 'root:admin')).body.item.actions).toContain('takeover');
    expect((await call('GET', `/items/${c.id}`, 'alice:moderator')).body.item.actions).not.toContain('takeover');
    expect((await call('GET', `/items/${c.id}`, 'bob:moderator')).body.item.actions).not.toContain('takeover');

    expect(await call('POST', `/items/${c.id}/takeover`, 'alice:moderator', {})).toMatchObject({ status: 403, body: { error: { code: 'admin_only' } } });
    expect(await call('POST', `/items/${c.id}/takeover`, 'root:admin', { bogus: 1 })).toMatchObject({ status: 400, body: { error: { code: 'unknown_field' } } });
    const taken = await call('POST', `/items/${c.id}/takeover`, 'root:admin', { note: 'bob went home' });
    expect(taken.status).toBe(200);
    expect(taken.body.item).toMatchObject({ state: 'claimed', claim: { by: 'root', role: 'admin' } });
    expect(taken.body.item.actions).not.toContain('takeover');
    expect(await call('POST', `/items/${c.id}/takeover`, 'root:admin', {})).toMatchObject({ status: 409, body: { error: { code: 'already_claimed_by_you' } } });

    const history = (await call('GET', `/items/${c.id}/history`)).body.entries;
    expect(history.at(-1)).toMatchObject({ action: 'takeover', actor: 'root', role: 'admin', from: 'claimed', to: 'claimed', reason: 'bob', note: 'bob went home' });
    expect(await call('POST', `/items/${c.id}/decision`, 'bob:moderator', { action: 'approve' })).toMatchObject({ status: 409, body: { error: { code: 'claimed_by_other', claimedBy: 'root' } } });
    expect((await call('POST', `/items/${c.id}/decision`, 'root:admin', { action: 'approve' })).status).toBe(200);
    expect(await call('POST', `/items/${c.id}/takeover`, 'root:admin', {})).toMatchObject({ status: 409, body: { error: { code: 'already_decided' } } });
  });

  it('nothing to take over on an unclaimed item or an unknown one', async () => {
    const c = await flagged();
    expect(await call('POST', `/items/${c.id}/takeover`, 'root:admin', {})).toMatchObject({ status: 409, body: { error: { code: 'not_claimed' } } });
    expect(await call('POST', '/items/nope/takeover', 'root:admin', {})).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });
});
