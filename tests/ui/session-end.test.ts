/**
 * A workspace session's end ends what it holds: signing out closes its live-event streams and releases the items
 * claimed through it; expiry closes its streams and its claims never outlive it; removing its key from API_KEYS
 * ends its sessions and releases their claims when the API starts with the new keys.
 */
import type { Redis } from 'ioredis';
import { sha256Hex } from '../../src/api/sessions';
import { redisKeys } from '../../src/redis/keys';
import type { Review } from '../../src/review';
import type { Db } from '../../src/db';
import { KEYS, closeSieveWithStores, startSieve, startSieveWithStores, type TestSieve } from '../helpers/sieve';
import { makeComment, makeResult, seedComment } from '../review/fixtures';

let sieve: TestSieve;
let redis: Redis;
let db: Db;
let review: Review;
beforeAll(async () => {
  ({ sieve, redis, db, review } = await startSieveWithStores({ SESSION_TTL_SECONDS: '120', REVIEW_LEASE_SECONDS: '600' }));
});
afterAll(() => closeSieveWithStores({ sieve, redis, db, review }));

const keys = () => redisKeys(sieve.config.REDIS_PREFIX);

async function flagged(id: string): Promise<string> {
  const c = makeComment({ id });
  await seedComment(db, c, makeResult());
  await review.recordVerdict(c, "scored", makeResult());
  return id;
}

async function signIn(s: TestSieve, key: string) {
  const r = await s.request('POST', '/v1/session', { body: { key } });
  expect(r.status).toBe(201);
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { cookie, csrf: r.body.csrfToken as string, expiresAt: r.body.expiresAt as string, token: cookie.split('=')[1]! };
}

/** Opens GET /v1/review/events with the cookie; resolves once the subscription is live. */
async function openStream(s: TestSieve, cookie: string) {
  const res = await fetch(`${s.api.url}/v1/review/events`, { headers: { cookie } });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes(': subscribed')) {
    const { value, done } = await reader.read();
    if (done) throw new Error('stream ended before subscribing');
    text += decoder.decode(value);
  }
  /** Resolves with the time it took the server to end the stream (or rejects after `ms`). */
  const ended = (ms: number) => new Promise<number>((resolve, reject) => {
    const t0 = Date.now();
    const timer = setTimeout(() => { void reader.cancel(); reject(new Error(`stream still open after ${ms} ms`)); }, ms);
    void (async () => {
      for (;;) {
        const { done } = await reader.read().catch(() => ({ done: true }));
        if (done) break;
      }
      clearTimeout(timer);
      resolve(Date.now() - t0);
    })();
  });
  return { ended };
}

const itemState = async (id: string) => (await sieve.request('GET', `/v1/review/items/${id}`, { key: KEYS.admin })).body.item;

test('signing out closes the open live-event stream at once and releases the items claimed through the session', async () => {
  const id = await flagged('se-1');
  const other = await flagged('se-2');
  const s = await signIn(sieve, KEYS.moderator);
  const stream = await openStream(sieve, s.cookie);

  const claim = await sieve.request('POST', `/v1/review/items/${id}/claim`, { headers: { cookie: s.cookie, 'x-sieve-csrf': s.csrf } });
  expect(claim.status).toBe(200);
  // The lease (600 s) is capped at the session's end (120 s).
  expect(Date.parse(claim.body.item.claim.until)).toBeLessThanOrEqual(Date.parse(s.expiresAt));
  // A claim alice makes with her API key is not the session's: it stays.
  expect((await sieve.request('POST', `/v1/review/items/${other}/claim`, { key: KEYS.moderator })).status).toBe(200);

  const closed = stream.ended(3000);
  const out = await sieve.request('DELETE', '/v1/session', { headers: { cookie: s.cookie, 'x-sieve-csrf': s.csrf } });
  expect(out.status).toBe(204);
  expect(await closed).toBeLessThan(1000);

  const item = await itemState(id);
  expect(item.state).toBe('pending');
  expect(item.claim).toBeNull();
  const history = (await sieve.request('GET', `/v1/review/items/${id}/history`, { key: KEYS.admin })).body.entries;
  expect(history[history.length - 1]).toMatchObject({ action: 'release', actor: 'alice', note: 'signed out' });
  expect((await itemState(other)).state).toBe('claimed');
  // The cookie is dead, and so is a stream opened with it.
  expect((await fetch(`${sieve.api.url}/v1/review/events`, { headers: { cookie: s.cookie } })).status).toBe(401);
});

test('a session that expires closes its stream', async () => {
  const s = await signIn(sieve, KEYS.moderator);
  const stream = await openStream(sieve, s.cookie);
  const closed = stream.ended(12_000);
  // Expire it in Redis (as the TTL would), without waiting the two minutes: the stream notices within its check interval.
  await redis.pexpire(keys().session(sha256Hex(s.token)), 100);
  expect(await closed).toBeLessThan(11_000);
});

test('a key removed from API_KEYS: at the next start its sessions end and their claims return to the queue', async () => {
  const id = await flagged('se-3');
  const s = await signIn(sieve, KEYS.moderator2);
  expect((await sieve.request('POST', `/v1/review/items/${id}/claim`, { headers: { cookie: s.cookie, 'x-sieve-csrf': s.csrf } })).status).toBe(200);
  expect((await itemState(id)).claim.by).toBe('bob');
  const alice = await signIn(sieve, KEYS.moderator);

  // Restart the API with bob's key gone.
  const withoutBob = `${KEYS.ingest}:ingest:site,${KEYS.moderator}:moderator:alice,${KEYS.admin}:admin:root`;
  const next = await startSieve({ API_KEYS: withoutBob, SESSION_TTL_SECONDS: '120' }, { redis: sieve.redis, database: sieve.database });
  try {
    const item = (await next.request('GET', `/v1/review/items/${id}`, { key: KEYS.admin })).body.item;
    expect(item.state).toBe('pending');
    const history = (await next.request('GET', `/v1/review/items/${id}/history`, { key: KEYS.admin })).body.entries;
    expect(history[history.length - 1]).toMatchObject({ action: 'release', actor: 'bob', note: 'key revoked' });
    expect(await redis.exists(keys().session(sha256Hex(s.token)))).toBe(0);
    expect((await next.request('GET', '/v1/session', { headers: { cookie: s.cookie } })).status).toBe(401);
    // Alice's key is still configured: her session lives on.
    expect((await next.request('GET', '/v1/session', { headers: { cookie: alice.cookie } })).status).toBe(200);
  } finally {
    await next.close();
  }
});
