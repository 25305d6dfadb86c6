/**
 * Cursors are opaque and checked strictly: every list that pages (the review queue, an author's history, the audit
 * log) answers a forged, truncated or foreign cursor with 400 `invalid_cursor` — never a 500 from Redis, never a
 * silently different page — and follows its own nextCursor to the end without repeats.
 */
import type { Redis } from 'ioredis';
import { createRedis } from '../../src/redis/connection';
import { createDb, type Db } from '../../src/db';
import { redisKeys } from '../../src/redis/keys';
import { createReview, type Review } from '../../src/review';
import { encodeCursor } from '../../src/review/cursors';
import { KEYS, startSieve, type TestSieve } from '../helpers/sieve';
import { makeComment, makeResult, seedComment } from './fixtures';

let sieve: TestSieve;
let redis: Redis;
let db: Db;
let closeDb: () => Promise<void>;
let review: Review;
beforeAll(async () => {
  sieve = await startSieve();
  db = createDb(sieve.database.url);
  closeDb = () => db.destroy();
  redis = createRedis(sieve.redis.url);
  review = createReview({ redis, db, config: sieve.config });
  const keys = redisKeys(sieve.config.REDIS_PREFIX);
  for (let i = 0; i < 5; i++) {
    const c = makeComment({ id: `cur-${i}`, authorId: 'cur-author' });
    await seedComment(db, c, makeResult());
    await review.recordVerdict(c, "scored", makeResult());
  }
});
afterAll(async () => {
  await closeDb();
  await review.close();
  redis.disconnect();
  await sieve.close();
});

const get = (path: string) => sieve.request('GET', `/v1/review${path}`, { key: KEYS.moderator });
const q = encodeURIComponent;

/** The three paged lists, each with the route that takes its cursor. */
const LISTS = {
  items: (cursor: string) => get(`/items?limit=2&cursor=${q(cursor)}`),
  author: (cursor: string) => get(`/authors/cur-author/history?limit=2&cursor=${q(cursor)}`),
  audit: (cursor: string) => get(`/audit?limit=2&cursor=${q(cursor)}`),
} as const;
type Kind = keyof typeof LISTS;

async function walk(kind: Kind): Promise<string[]> {
  const seen: string[] = [];
  let r = await ({ items: () => get('/items?limit=2'), author: () => get('/authors/cur-author/history?limit=2'), audit: () => get('/audit?limit=2') })[kind]();
  for (;;) {
    expect(r.status).toBe(200);
    const rows = (r.body.items ?? r.body.comments ?? r.body.entries) as { id: string }[];
    seen.push(...rows.map((x) => x.id));
    if (!r.body.nextCursor) return seen;
    expect(r.body.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    r = await LISTS[kind](r.body.nextCursor);
  }
}

test.each(['items', 'author', 'audit'] as Kind[])('%s: nextCursor is opaque and walks every row once', async (kind) => {
  const seen = await walk(kind);
  expect(seen.length).toBe(5);
  expect(new Set(seen).size).toBe(5);
});

const FORGED_SCORES = ['1\n', '0b1', '  ', '', '1e3', '-0', '0x10', '1.5', 'Infinity', 'NaN', '01', '99999999999999999999'];

test.each([
  // The forged audit cursors, raw (as the old API took them) and wrapped in our encoding.
  ['audit', '0-0'],
  ['audit', '18446744073709551616-0'],
  ['audit', encodeCursor('audit', '0-0')],
  ['audit', encodeCursor('audit', '18446744073709551616-0')],
  ['audit', encodeCursor('audit', '1-18446744073709551616')],
  ['audit', encodeCursor('audit', '1764230000000-0')],
  ['audit', encodeCursor('audit', '0')],
  ['audit', encodeCursor('audit', ' 1-0')],
  ...FORGED_SCORES.map((s) => ['items', encodeCursor('items', s, 'cur-1')] as [Kind, string]),
  ...FORGED_SCORES.map((s) => ['author', encodeCursor('author', s, 'cur-1')] as [Kind, string]),
  ['items', encodeCursor('items', '5000000000000', 'bad:id')],
  ['author', encodeCursor('author', '1', '')],
  // Right shape, wrong list: a cursor is only good for the list that returned it.
  ['items', encodeCursor('author', '1', 'cur-1')],
  ['author', encodeCursor('items', '1', 'cur-1')],
  ['audit', encodeCursor('items', '1', 'cur-1')],
  // Not our encoding at all.
  ['items', 'nonsense'],
  ['items', `${encodeCursor('items', '1', 'cur-1')}=`],
  ['author', encodeCursor('author', '1', 'cur-1').slice(0, -3)],
  ['items', Buffer.from(JSON.stringify(['items', 1, 'cur-1'])).toString('base64url')],
  ['items', Buffer.from(JSON.stringify(['items', '1', 'cur-1', 'extra'])).toString('base64url')],
  ['audit', 'x'.repeat(600)],
] as [Kind, string][])('%s: forged cursor %j is 400 invalid_cursor', async (kind, cursor) => {
  const r = await LISTS[kind](cursor);
  expect(r.status).toBe(400);
  expect(r.body.error).toMatchObject({ code: 'invalid_cursor', field: 'cursor' });
});
