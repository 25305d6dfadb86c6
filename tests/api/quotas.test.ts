/**
 * Quotas and throttles (src/api/quotas.ts) against the real API and Redis: per-key requests/s and comments/s
 * (429, Retry-After, stable code; Google's RESOURCE_EXHAUSTED on the Perspective routes) and recovery; a default
 * that lets a site's normal traffic through; per-IP back-off on sign-in, doubling after each further failure;
 * the throttled-requests metric.
 */
import { KEYS, comment, startSieve, type TestSieve } from '../helpers/sieve';

let sieve: TestSieve;
beforeAll(async () => {
  // The ingest key ("site") gets a small quota; the others keep the defaults.
  sieve = await startSieve({ QUOTA_KEYS: 'site:3:5,bob:2:100', SIGNIN_FREE_FAILURES: '3', SIGNIN_BACKOFF_SECONDS: '1', SIGNIN_MAX_BACKOFF_SECONDS: '4' });
}, 60_000);
afterAll(async () => { await sieve.close(); });

/** Waits until the next whole second of the limiter's window has certainly passed. */
const waitSeconds = (s: number) => new Promise((r) => setTimeout(r, s * 1000 + 100));

test('over the key\'s requests/s: 429 quota_exceeded with Retry-After, then it recovers', async () => {
  await waitSeconds(1);
  // All five at once: the limiter's one-second window starts at the first request, and five requests one after
  // another can outlast it on a loaded machine (seen in CI: the API's event loop lagged 0.37 s).
  const answers = await Promise.all(Array.from({ length: 5 }, () => sieve.request('GET', '/v1/comments/none', { key: KEYS.ingest })));
  const statuses = answers.map((r) => r.status).sort();
  const refused = answers.find((r) => r.status === 429);
  expect(statuses).toEqual([404, 404, 404, 429, 429]);
  expect(refused!.body.error).toMatchObject({ code: 'quota_exceeded', limit: 'requests' });
  const retryAfter = Number(refused!.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  await waitSeconds(retryAfter);
  expect((await sieve.request('GET', '/v1/comments/none', { key: KEYS.ingest })).status).toBe(404);
});

test('comments/s counts each comment of a batch; the refused batch stores nothing', async () => {
  await waitSeconds(1);
  const batch = Array.from({ length: 6 }, (_, i) => comment(`q-${i}`, `comment number ${i}`));
  const r = await sieve.request('POST', '/v1/threads/t1/comments', { key: KEYS.ingest, body: { comments: batch } });
  expect(r.status).toBe(429);
  expect(r.body.error).toMatchObject({ code: 'quota_exceeded', limit: 'comments' });
  expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
  await waitSeconds(Number(r.headers.get('retry-after')));
  expect((await sieve.request('GET', '/v1/comments/q-0', { key: KEYS.ingest })).status).toBe(404);
  const small = await sieve.request('POST', '/v1/threads/t1/comments', { key: KEYS.ingest, body: { comments: batch.slice(0, 2) } });
  expect(small.status).toBe(202);
});

test('review requests count against the moderator key\'s quota, by key or by the session made from it', async () => {
  await waitSeconds(1);
  const viaKey = [];
  for (let i = 0; i < 3; i++) viaKey.push((await sieve.request('GET', '/v1/review/counts', { key: KEYS.moderator2 })).status);
  expect(viaKey).toEqual([200, 200, 429]);
  await waitSeconds(1);
  const session = await sieve.request('POST', '/v1/session', { body: { key: KEYS.moderator2 } });
  expect(session.status).toBe(201);
  const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
  const viaSession = [];
  for (let i = 0; i < 3; i++) viaSession.push((await sieve.request('GET', '/v1/review/counts', { headers: { cookie } })).status);
  expect(viaSession).toEqual([200, 200, 429]);
});

test('on the Perspective routes the 429 is Google\'s RESOURCE_EXHAUSTED', async () => {
  await waitSeconds(1);
  let last: Awaited<ReturnType<TestSieve['request']>> | undefined;
  for (let i = 0; i < 4; i++) last = await sieve.request('POST', `/v1alpha1/comments:suggestscore?key=${KEYS.ingest}`, { body: { comment: { text: 'fine' }, attributeScores: { TOXICITY: { summaryScore: { value: 0 } } } } });
  expect(last!.status).toBe(429);
  expect(last!.body.error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
  expect(last!.headers.get('retry-after')).toMatch(/^\d+$/);
});

test('the default quota never throttles a site\'s normal traffic: 60 requests in a second from one key pass', async () => {
  const results = await Promise.all(Array.from({ length: 60 }, () => sieve.request('GET', '/v1/review/counts', { key: KEYS.moderator })));
  expect(results.filter((r) => r.status === 429)).toHaveLength(0);
  expect(results.every((r) => r.status === 200)).toBe(true);
  expect(sieve.config.QUOTA_REQUESTS_PER_SECOND).toBeGreaterThanOrEqual(50);
});

test('sign-in: free failures, then 429 signin_throttled with a back-off that doubles; success clears it', async () => {
  const signIn = (key: string) => sieve.request('POST', '/v1/session', { body: { key } });
  for (let i = 0; i < 3; i++) expect((await signIn('wrong-key-000000000000')).status).toBe(401);
  // The 4th failure is counted and makes the address wait 1 s; the 5th (right away) is refused unread.
  expect((await signIn('wrong-key-000000000000')).status).toBe(401);
  const blocked = await signIn(KEYS.moderator);
  expect(blocked.status).toBe(429);
  expect(blocked.body.error.code).toBe('signin_throttled');
  expect(blocked.headers.get('retry-after')).toBe('1');
  await waitSeconds(1);
  // Another failure doubles the wait.
  expect((await signIn('wrong-key-000000000000')).status).toBe(401);
  const longer = await signIn(KEYS.moderator);
  expect(longer.status).toBe(429);
  expect(longer.headers.get('retry-after')).toBe('2');
  await waitSeconds(2);
  expect((await signIn(KEYS.moderator)).status).toBe(201);
  // The success cleared the count: the next failure is a free one again.
  expect((await signIn('wrong-key-000000000000')).status).toBe(401);
  expect((await signIn(KEYS.moderator)).status).toBe(201);
});

test('throttled requests are counted in /metrics', async () => {
  const metrics = await sieve.request('GET', '/metrics');
  expect(metrics.body).toMatch(/sieve_throttled_total\{limit="requests",route="ingest"\} [1-9]/);
  expect(metrics.body).toMatch(/sieve_throttled_total\{limit="comments",route="\/v1\/threads\/:threadId\/comments"\} [1-9]/);
  expect(metrics.body).toMatch(/sieve_throttled_total\{limit="signin",route="\/v1\/session"\} [1-9]/);
});

test('QUOTA_KEYS naming a key that does not exist is a configuration error', async () => {
  const { loadConfig } = await import('../../src/config');
  expect(() => loadConfig({ API_KEYS: `${KEYS.ingest}:ingest:site`, QUOTA_KEYS: 'nobody:10:10' })).toThrow(/QUOTA_KEYS: no key named "nobody"/);
  expect(() => loadConfig({ QUOTA_KEYS: 'site:ten:10' })).toThrow(/QUOTA_KEYS/);
});
