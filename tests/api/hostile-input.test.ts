/**
 * Hostile bodies get a clean 4xx with a stable code and the field path, on every route that takes JSON, and
 * nothing is stored: nesting 100,000 levels deep (objects or arrays, in a field or as the whole body), keys that
 * name the prototype machinery, lone surrogates in any free-text field, and a field a route does not take.
 */
import { sql } from 'kysely';
import type { Db } from '../../src/db';
import type { Review } from '../../src/review';
import type { Redis } from 'ioredis';
import { redisKeys } from '../../src/redis/keys';
import { KEYS, closeSieveWithStores, comment, startSieveWithStores, type TestSieve } from '../helpers/sieve';
import { makeComment, makeResult, seedComment } from '../review/fixtures';

let sieve: TestSieve;
let redis: Redis;
let db: Db;
let review: Review;
beforeAll(async () => {
  ({ sieve, redis, db, review } = await startSieveWithStores({ REVIEW_REASON_CODES: 'spam,harassment' }));
});
afterAll(() => closeSieveWithStores({ sieve, redis, db, review }));

const auditCount = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM audit_log`.execute(db)).rows[0]!.n);
const raw = (method: string, path: string, body: string, key = KEYS.admin) =>
  sieve.request(method, path, { key, rawBody: body, headers: { 'content-type': 'application/json' } });

/** Every route that reads a JSON body, with a key allowed to call it. */
const JSON_ROUTES: [string, string][] = [
  ['POST', '/v1/comments'],
  ['POST', '/v1/threads/t1/comments'],
  ['POST', '/v1/review/items/x1/release'],
  ['POST', '/v1/review/items/x1/decision'],
  ['POST', '/v1/review/decisions'],
  ['POST', '/v1/admin/lexicon/terms'],
  ['POST', '/v1/session'],
];

/** Redis keys (but sessions and quota counters) and the row count of every table of the record. */
async function storedKeys(): Promise<string[]> {
  const tables = await Promise.all(['comment_keys', 'comments', 'review_items', 'audit_log', 'site_lexicon_terms'].map(async (t) =>
    `${t}=${(await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(t)}`.execute(db)).rows[0]!.n}`));
  // Sessions and quota counters are bookkeeping, not stored data; a quota counter also expires on its own between two
  // looks (seen in CI: the requests counter of a key vanished between before and after).
  const keys = redisKeys(sieve.config.REDIS_PREFIX);
  const bookkeeping = [keys.session(''), keys.quota('requests'), keys.quota('comments')];
  return [...tables, ...(await redis.keys(`${sieve.config.REDIS_PREFIX}:*`)).filter((k) => !bookkeeping.some((b) => k.startsWith(b))).sort()];
}

describe('nesting depth (MAX_JSON_DEPTH, default 32)', () => {
  const DEEP = 100_000;

  test.each(JSON_ROUTES)('%s %s: a body that is an array nested 100,000 levels deep is a 400 too_deep, quickly', async (method, path) => {
    const before = await storedKeys();
    const started = Date.now();
    const r = await raw(method, path, '['.repeat(DEEP) + ']'.repeat(DEEP));
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'too_deep', field: '[0]'.repeat(32) });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await storedKeys()).toEqual(before);
  });

  test.each([
    ['objects', '{"a":'.repeat(DEEP) + '1' + '}'.repeat(DEEP)],
    ['arrays', '['.repeat(DEEP) + '1' + ']'.repeat(DEEP)],
  ])('metadata of %s nested 100,000 levels deep is refused with its field path and nothing is stored', async (_kind, deep) => {
    const body = JSON.stringify(comment('deep1', 'hello')).replace(/}$/, `,"metadata":{"x":${deep}}}`);
    const r = await raw('POST', '/v1/comments', body, KEYS.ingest);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('too_deep');
    expect(r.body.error.field).toMatch(/^metadata\.x(\.a|\[0\])+$/);
    expect((await sieve.request('GET', '/v1/comments/deep1', { key: KEYS.ingest })).status).toBe(404);
    expect(await sieve.queue.getJob('deep1')).toBeUndefined();
  });

  test('32 levels are accepted and stored as sent; 33 are refused naming the 33rd', async () => {
    const nest = (levels: number): unknown => (levels === 0 ? 'leaf' : { n: nest(levels - 1) });
    // The body is level 1 and metadata level 2: 30 more objects reach level 32.
    const ok = await sieve.request('POST', '/v1/comments', { key: KEYS.ingest, body: comment('depth32', 'hello', { metadata: nest(31) }) });
    expect(ok.status).toBe(202);
    const stored = await sieve.request('GET', '/v1/comments/depth32', { key: KEYS.ingest });
    expect(stored.status).toBe(200);
    const tooDeep = await sieve.request('POST', '/v1/comments', { key: KEYS.ingest, body: comment('depth33', 'hello', { metadata: nest(32) }) });
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.error).toMatchObject({ code: 'too_deep', field: `metadata${'.n'.repeat(31)}` });
    expect(tooDeep.body.error.message).toMatch(/32/);
  });
});

describe('keys that name the prototype machinery', () => {
  test.each(['__proto__', 'constructor', 'prototype'])('metadata key %s is refused with 400 reserved_key and its path', async (key) => {
    const body = JSON.stringify(comment('proto1', 'hello')).replace(/}$/, `,"metadata":{"ok":1,"nested":{"${key}":{"isAdmin":true}}}}`);
    const r = await raw('POST', '/v1/comments', body, KEYS.ingest);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'reserved_key', field: `metadata.nested.${key}` });
    expect((await sieve.request('GET', '/v1/comments/proto1', { key: KEYS.ingest })).status).toBe(404);
  });

  test('in a batch, the path names the comment', async () => {
    const body = `{"comments":[${JSON.stringify(comment('b0', 'fine'))},{"id":"b1","author":{"id":"u"},"text":"x","metadata":{"__proto__":{}}}]}`;
    const r = await raw('POST', '/v1/threads/t1/comments', body, KEYS.ingest);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'reserved_key', field: 'comments[1].metadata.__proto__' });
    expect((await sieve.request('GET', '/v1/comments/b0', { key: KEYS.ingest })).status).toBe(404);
  });
});

describe('review routes', () => {
  let itemId: string;
  beforeAll(async () => {
    const c = makeComment({ id: 'rv-1' });
    await seedComment(db, c, makeResult());
    await review.recordVerdict(c, "scored", makeResult());
    itemId = c.id;
  });
  const mod = (method: string, path: string, body?: unknown) => sieve.request(method, `/v1/review${path}`, { key: KEYS.moderator, body });

  test('release with a field it does not take says unknown_field, not invalid_reason', async () => {
    expect((await mod('POST', `/items/${itemId}/claim`)).status).toBe(200);
    const r = await mod('POST', `/items/${itemId}/release`, { reason: 'spam' });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'unknown_field', field: 'reason' });
    expect(r.body.error.message).toMatch(/not a known field/);
    // A bad reason where one is taken is still invalid_reason.
    expect((await mod('POST', `/items/${itemId}/decision`, { action: 'reject', reason: 'nope' })).body.error.code).toBe('invalid_reason');
  });

  test.each([
    ['release note', `/items/rv-1/release`, { note: 'bad \ud800 note' }, 'note'],
    ['decision note', `/items/rv-1/decision`, { action: 'reject', reason: 'spam', note: 'x\udfffy' }, 'note'],
    ['bulk decision note', '/decisions', { ids: ['rv-1'], action: 'approve', note: '\ud83d' }, 'note'],
    ['bulk id', '/decisions', { ids: ['ok', 'a\ud800'], action: 'approve' }, 'ids[1]'],
  ])('a lone surrogate in the %s is refused like ingest refuses it, and the item does not move', async (_what, path, body, field) => {
    const before = await review.store.get(itemId);
    const auditBefore = await auditCount();
    const r = await mod('POST', path, body);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'invalid_unicode', field });
    expect(await review.store.get(itemId)).toEqual(before);
    expect(await auditCount()).toBe(auditBefore);
  });

  test('a lone surrogate in an admin lexicon term or a sign-in key is refused too', async () => {
    const term = await sieve.request('POST', '/v1/admin/lexicon/terms', { key: KEYS.admin, body: { term: 'bad\ud800', category: 'other', severity: 2 } });
    expect(term.body.error).toMatchObject({ code: 'invalid_unicode', field: 'term' });
    const session = await sieve.request('POST', '/v1/session', { body: { key: `${KEYS.moderator}\udc00` } });
    expect(session.body.error).toMatchObject({ code: 'invalid_unicode', field: 'key' });
  });
});

test.each([
  ['GET', '/v1/comments/%ED%A0%80'],
  ['GET', '/v1/comments/%'],
  ['GET', '/v1/review/authors/%ED%A0%80/history'],
  ['GET', '/v1/review/items/%E0%A4%A/history'],
  ['DELETE', '/v1/admin/lexicon/terms/%ED%A0%80'],
])('%s %s: a path that is not percent-encoded UTF-8 is 400 invalid_value', async (method, path) => {
  const r = await sieve.request(method, path, { key: KEYS.admin });
  expect(r.status).toBe(400);
  expect(r.body.error.code).toBe('invalid_value');
});


test.each([
  ['GET', '/v1/comments/a%00b'],
  ['GET', '/v1/review/items/%00'],
  ['POST', '/v1/review/items/%00/claim'],
  ['POST', '/v1/review/items/x%00/release'],
  ['GET', '/v1/review/authors/a%00/history'],
  ['DELETE', '/v1/admin/lexicon/terms/a%00'],
  ['GET', '/v1/review/items?thread=t%00'],
  ['GET', '/v1/review/items?q=a%00b'],
  ['GET', '/v1/review/items?who=%00'],
])('%s %s: U+0000 in the path or the query string is 400 invalid_value and stores nothing', async (method, path) => {
  const before = await storedKeys();
  const r = await sieve.request(method, path, { key: KEYS.admin });
  expect(r.status).toBe(400);
  expect(r.body.error.code).toBe('invalid_value');
  expect(await storedKeys()).toEqual(before);
});
