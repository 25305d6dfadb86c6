/**
 * The /v1/review router over HTTP, mounted on a bare express app the way the API app mounts it (JSON parsing,
 * an auth stand-in that sets res.locals.actor, and the ApiError renderer), against a real Redis.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Redis } from 'ioredis';
import { ApiError } from '../../src/api/errors';
import { createReviewRouter } from '../../src/api/routes/review';
import { loadConfig } from '../../src/config';
import { redisKeys } from '../../src/redis/keys';
import { createRedis } from '../../src/redis/connection';
import { createReview, type Review } from '../../src/review';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis';
import { freshDb } from '../helpers/postgres';
import type { Db } from '../../src/db';
import { commentReview, makeComment, makeResult, seedComment } from './fixtures';

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
  const config = loadConfig({ REDIS_PREFIX: 'api', REVIEW_REASON_CODES: 'spam,harassment,hate_speech' });
  review = createReview({ redis, db, config });
  const app = express();
  app.use(express.json());
  // Stand-in for the app's requireRole: "X-Test-Actor: alice:moderator".
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

const keys = redisKeys('api');
const as = (actor: string) => ({ 'x-test-actor': actor, 'content-type': 'application/json' });
async function call(method: string, path: string, actor = 'alice:moderator', body?: unknown) {
  const res = await fetch(base + path, { method, headers: as(actor), body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

async function flagged(over: Parameters<typeof makeComment>[0] = {}, result = makeResult()) {
  const c = makeComment(over);
  await seedComment(db, c, result);
  await review.recordVerdict(c, "scored", result);
  return c;
}

describe('moderator API', () => {
  it('lists the queue with the comment beside each item, filters, counts and cursors', async () => {
    const a = await flagged({ threadId: 'list-t', authorId: 'list-a' }, makeResult({ priority: 20, label: 'insult' }));
    const b = await flagged({ threadId: 'list-t', authorId: 'list-b' }, makeResult({ priority: 80, slur: 'religious' }));
    const page = await call('GET', '/items?thread=list-t&limit=1');
    expect(page.status).toBe(200);
    expect(page.body.items.map((i: { id: string }) => i.id)).toEqual([b.id]);
    expect(page.body.items[0]).toMatchObject({ state: 'pending', priority: 80, slurCategories: ['religious'], comment: { text: b.text, author: { id: 'list-b' } } });
    const next = await call('GET', `/items?thread=list-t&limit=1&cursor=${page.body.nextCursor}`);
    expect(next.body).toMatchObject({ items: [{ id: a.id }], nextCursor: null });
    expect((await call('GET', '/items?label=insult&thread=list-t')).body.items.map((i: { id: string }) => i.id)).toEqual([a.id]);
    expect((await call('GET', '/counts')).body.counts).toMatchObject({ pending: expect.any(Number), claimed: 0, escalated: 0, approved: 0, rejected: 0 });
    expect(await call('GET', '/items?state=bogus')).toMatchObject({ status: 400, body: { error: { code: 'invalid_value', field: 'state' } } });
    expect(await call('GET', '/items?label=rude')).toMatchObject({ status: 400, body: { error: { field: 'label' } } });
    expect(await call('GET', '/items?cursor=nonsense')).toMatchObject({ status: 400, body: { error: { code: 'invalid_cursor' } } });
  });

  it('claim, refusals with clear codes, decision, and the comment record shows the decision', async () => {
    const c = await flagged();
    expect(await call('POST', `/items/${c.id}/decision`, 'alice:moderator', { action: 'approve' }))
      .toMatchObject({ status: 409, body: { error: { code: 'not_claimed', itemId: c.id, state: 'pending' } } });
    expect(await call('POST', `/items/${c.id}/claim`)).toMatchObject({ status: 200, body: { item: { state: 'claimed', claim: { by: 'alice' } } } });
    expect(await call('POST', `/items/${c.id}/claim`, 'bob:moderator'))
      .toMatchObject({ status: 409, body: { error: { code: 'claimed_by_other', claimedBy: 'alice' } } });
    expect(await call('POST', `/items/${c.id}/extend`)).toMatchObject({ status: 200 });
    expect(await call('POST', `/items/${c.id}/decision`, 'alice:moderator', { action: 'reject' }))
      .toMatchObject({ status: 400, body: { error: { code: 'invalid_reason', field: 'reason' } } });
    expect(await call('POST', `/items/${c.id}/decision`, 'alice:moderator', { action: 'reject', reason: 'rude' }))
      .toMatchObject({ status: 400, body: { error: { code: 'invalid_reason' } } });
    expect(await call('POST', `/items/${c.id}/decision`, 'alice:moderator', { action: 'nuke' }))
      .toMatchObject({ status: 400, body: { error: { code: 'invalid_action', field: 'action' } } });
    const decided = await call('POST', `/items/${c.id}/decision`, 'alice:moderator', { action: 'reject', reason: 'spam', note: 'link farm' });
    expect(decided).toMatchObject({ status: 200, body: { item: { state: 'rejected', decision: { by: 'alice', action: 'reject', reason: 'spam', note: 'link farm' } } } });
    expect(await call('POST', `/items/${c.id}/decision`, 'alice:moderator', { action: 'approve' }))
      .toMatchObject({ status: 409, body: { error: { code: 'already_decided' } } });
    expect((await commentReview(db, c.id) as any)).toMatchObject({ state: 'rejected', decidedBy: 'alice', action: 'reject', reason: 'spam' });
    expect(await call('GET', '/items/missing')).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });

  it('state=open lists pending and claimed items in one queue order, each with the actions the caller may take now', async () => {
    const low = await flagged({ threadId: 'open-t' }, makeResult({ priority: 10 }));
    const high = await flagged({ threadId: 'open-t' }, makeResult({ priority: 90 }));
    const mid = await flagged({ threadId: 'open-t' }, makeResult({ priority: 50 }));
    await call('POST', `/items/${mid.id}/claim`, 'bob:moderator');
    const open = await call('GET', '/items?state=open&thread=open-t');
    expect(open.body.items.map((i: { id: string; state: string }) => [i.id, i.state])).toEqual([[high.id, 'pending'], [mid.id, 'claimed'], [low.id, 'pending']]);
    expect(open.body.items.map((i: { actions: string[] }) => i.actions)).toEqual([
      ['claim', 'approve', 'reject', 'escalate'], [], ['claim', 'approve', 'reject', 'escalate'],
    ]);
    // Pages of the merged queue follow each other without a gap or a repeat.
    const first = await call('GET', '/items?state=open&thread=open-t&limit=2');
    const second = await call('GET', `/items?state=open&thread=open-t&limit=2&cursor=${first.body.nextCursor}`);
    expect([...first.body.items, ...second.body.items].map((i: { id: string }) => i.id)).toEqual([high.id, mid.id, low.id]);
    expect(second.body.nextCursor).toBeNull();
    // The holder is offered the lease and the decisions; an admin may also release or take over a colleague's claim.
    expect((await call('GET', `/items/${mid.id}`, 'bob:moderator')).body.item.actions).toEqual(['claim', 'extend', 'release', 'approve', 'reject', 'escalate']);
    expect((await call('GET', `/items/${mid.id}`, 'root:admin')).body.item.actions).toEqual(['release', 'takeover']);
  });

  it('escalation: a moderator escalates, is then refused (403), an admin decides', async () => {
    const c = await flagged();
    await call('POST', `/items/${c.id}/claim`);
    expect(await call('POST', `/items/${c.id}/decision`, 'alice:moderator', { action: 'escalate', note: 'not sure' }))
      .toMatchObject({ status: 200, body: { item: { state: 'escalated', escalation: { by: 'alice', note: 'not sure' } } } });
    expect(await call('POST', `/items/${c.id}/claim`, 'bob:moderator')).toMatchObject({ status: 403, body: { error: { code: 'escalated_admin_only' } } });
    expect((await call('GET', '/items?state=escalated')).body.items.map((i: { id: string }) => i.id)).toContain(c.id);
    await call('POST', `/items/${c.id}/claim`, 'root:admin');
    expect(await call('POST', `/items/${c.id}/decision`, 'root:admin', { action: 'approve' })).toMatchObject({ status: 200, body: { item: { state: 'approved' } } });
  });

  it('bulk decisions report each item: decided, claimed by another, already decided, unknown, escalated', async () => {
    const free1 = await flagged({ authorId: 'raider' });
    const free2 = await flagged({ authorId: 'raider' });
    const othersClaim = await flagged({ authorId: 'raider' });
    const done = await flagged({ authorId: 'raider' });
    const escalated = await flagged({ authorId: 'raider' });
    await call('POST', `/items/${othersClaim.id}/claim`, 'bob:moderator');
    await call('POST', `/items/${done.id}/claim`, 'bob:moderator');
    await call('POST', `/items/${done.id}/decision`, 'bob:moderator', { action: 'approve' });
    await call('POST', `/items/${escalated.id}/claim`, 'bob:moderator');
    await call('POST', `/items/${escalated.id}/decision`, 'bob:moderator', { action: 'escalate' });
    const ids = [free1.id, othersClaim.id, done.id, 'ghost', escalated.id, free2.id];
    const res = await call('POST', '/decisions', 'alice:moderator', { ids, action: 'reject', reason: 'harassment' });
    expect(res.status).toBe(200);
    expect(res.body.summary).toEqual({ ok: 2, failed: 4 });
    expect(res.body.results.map((r: { id: string; ok: boolean; error?: { code: string } }) => [r.id, r.ok ? 'ok' : r.error!.code])).toEqual([
      [free1.id, 'ok'], [othersClaim.id, 'claimed_by_other'], [done.id, 'already_decided'], ['ghost', 'not_found'],
      [escalated.id, 'escalated_admin_only'], [free2.id, 'ok'],
    ]);
    expect(await call('POST', '/decisions', 'alice:moderator', { ids: [], action: 'approve' })).toMatchObject({ status: 400, body: { error: { field: 'ids' } } });
  });

  it('history, audit log pages and author history', async () => {
    const c1 = await flagged({ authorId: 'hist-a' });
    const c2 = await flagged({ authorId: 'hist-a' });
    const clean = makeComment({ authorId: 'hist-a' });
    await seedComment(db, clean, makeResult({ verdict: 'publish' }));
    await call('POST', `/items/${c1.id}/claim`);
    await call('POST', `/items/${c1.id}/decision`, 'alice:moderator', { action: 'reject', reason: 'hate_speech' });
    const h = await call('GET', `/items/${c1.id}/history`);
    expect(h.body).toMatchObject({ itemId: c1.id, state: 'rejected' });
    expect(h.body.entries.map((e: { action: string }) => e.action)).toEqual(['create', 'claim', 'reject']);
    expect(h.body.entries[2]).toMatchObject({ actor: 'alice', role: 'moderator', from: 'claimed', to: 'rejected', reason: 'hate_speech' });

    const first = await call('GET', '/audit?limit=2');
    expect(first.body.entries.map((e: { action: string }) => e.action)).toEqual(['reject', 'claim']);
    const second = await call('GET', `/audit?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.entries[0].id < first.body.entries[1].id).toBe(true);

    const author = await call('GET', '/authors/hist-a/history');
    expect(author.body.summary).toMatchObject({ comments: 3, reviewItems: 2, rejected: 1, pending: 1 });
    expect(author.body.comments.map((c: { id: string }) => c.id)).toEqual([clean.id, c2.id, c1.id]);
    expect(author.body.comments[2]).toMatchObject({ verdict: 'review', review: { state: 'rejected', decision: { by: 'alice', reason: 'hate_speech' } } });
    expect(author.body.comments[0]).toMatchObject({ verdict: 'publish', review: null });
    const paged = await call('GET', '/authors/hist-a/history?limit=2');
    const rest = await call('GET', `/authors/hist-a/history?limit=2&cursor=${paged.body.nextCursor}`);
    expect([...paged.body.comments, ...rest.body.comments].map((c: { id: string }) => c.id)).toEqual([clean.id, c2.id, c1.id]);
    expect(rest.body.nextCursor).toBeNull();
  });

  it('streams queue changes as server-sent events', async () => {
    const c = await flagged();
    const ctrl = new AbortController();
    const res = await fetch(`${base}/events`, { headers: as('alice:moderator'), signal: ctrl.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buf = '';
    // The stream says when its subscription is live; changes from then on are delivered.
    while (!buf.includes(': subscribed')) buf += decoder.decode((await reader.read()).value);
    await call('POST', `/items/${c.id}/claim`);
    while (!buf.includes(`"itemId":"${c.id}"`)) buf += decoder.decode((await reader.read()).value);
    const line = buf.split('\n').find((l) => l.startsWith('data: ') && l.includes(c.id))!;
    expect(JSON.parse(line.slice(6))).toMatchObject({ type: 'review.changed', itemId: c.id, action: 'claim', from: 'pending', to: 'claimed', actor: 'alice' });
    expect(buf).toContain('event: review');
    ctrl.abort();
  });
});
