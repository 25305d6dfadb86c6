/**
 * Workspace sign-in over HTTP: a moderator key becomes an HttpOnly, SameSite=Strict session cookie kept in Redis
 * with an expiry; the cookie passes the same role checks as the key, state changes made with it need the
 * session's CSRF token, and signing out (or removing the key) ends it. Plus the page's own safety nets: a strict
 * Content-Security-Policy, assets by fixed name only, and no HTML-parsing DOM calls in its code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Request } from 'express';
import { createAuthenticator } from '../../src/api/auth';
import { SessionStore, sha256Hex } from '../../src/api/sessions';
import { createRedis } from '../../src/redis/connection';
import { DEFAULT_POLICY } from '../../src/policy/defaults';
import { redisKeys } from '../../src/redis/keys';
import { KEYS, startSieve, type TestSieve } from '../helpers/sieve';

let sieve: TestSieve;
beforeAll(async () => { sieve = await startSieve({ SESSION_TTL_SECONDS: '600' }); });
afterAll(async () => {
  await (sieve.api.app.locals.ownedReview as { close(): Promise<void> } | null)?.close();
  await sieve.close();
});

async function signIn(key: string, headers: Record<string, string> = {}) {
  const res = await sieve.request('POST', '/v1/session', { body: { key }, headers });
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0]!;
  return { ...res, setCookie, cookie };
}

describe('sign-in', () => {
  test('a moderator key becomes an HttpOnly SameSite=Strict cookie for Path=/, kept in Redis by digest with an expiry', async () => {
    const r = await signIn(KEYS.moderator);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ actor: { name: 'alice', role: 'moderator' }, csrfToken: expect.any(String), expiresAt: expect.any(String) });
    expect(r.setCookie).toMatch(/^sieve_session=[A-Za-z0-9_-]{43};/);
    expect(r.setCookie).toMatch(/; HttpOnly/);
    expect(r.setCookie).toMatch(/; SameSite=Strict/);
    expect(r.setCookie).toMatch(/; Path=\//);
    expect(r.setCookie).not.toMatch(/; Secure/); // plain HTTP here: a Secure cookie would never come back
    expect(r.headers.get('cache-control')).toBe('no-store');

    const token = r.cookie.split('=')[1]!;
    const keys = redisKeys(sieve.config.REDIS_PREFIX);
    const redis = createRedis(sieve.redis.url);
    try {
      expect(await redis.exists(keys.session(token))).toBe(0); // the token itself is no key
      const ttl = await redis.ttl(keys.session(sha256Hex(token)));
      expect(ttl).toBeGreaterThan(590);
      expect(ttl).toBeLessThanOrEqual(600);
      const stored = await redis.get(keys.session(sha256Hex(token)));
      expect(stored).not.toContain(KEYS.moderator);
    } finally {
      redis.disconnect();
    }
  });

  test('over TLS (as a proxy reports it) the cookie is Secure and __Host- prefixed', async () => {
    const r = await signIn(KEYS.moderator, { 'x-forwarded-proto': 'https' });
    expect(r.setCookie).toMatch(/^__Host-sieve_session=/);
    expect(r.setCookie).toMatch(/; Secure/);
    const me = await sieve.request('GET', '/v1/session', { headers: { cookie: r.cookie, 'x-forwarded-proto': 'https' } });
    expect(me.body.actor.name).toBe('alice');
  });

  test.each([
    [{ key: 'not-a-key-0123456789abc' }, 401, 'unauthorized'],
    [{ key: KEYS.ingest }, 403, 'forbidden'],
    [{}, 400, 'invalid_value'],
  ])('%j is refused with %i', async (body, status, code) => {
    const r = await sieve.request('POST', '/v1/session', { body });
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(code);
    expect(r.headers.get('set-cookie')).toBeNull();
  });
});

describe('the session cookie in place of a key', () => {
  test('reads pass the same role checks; GET /v1/session returns who and the CSRF token', async () => {
    const { cookie, body } = await signIn(KEYS.moderator2);
    const me = await sieve.request('GET', '/v1/session', { headers: { cookie } });
    expect(me.body).toEqual(body);
    expect((await sieve.request('GET', '/v1/review/counts', { headers: { cookie } })).status).toBe(200);
    expect((await sieve.request('GET', '/v1/review/counts', { headers: { cookie: 'sieve_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } })).status).toBe(401);
    // An Authorization header always wins: a bad key is not rescued by a good cookie.
    expect((await sieve.request('GET', '/v1/review/counts', { key: 'wrong-key-0123456789abcdef', headers: { cookie } })).status).toBe(401);
    // The site's ingest role is not in a moderator session's reach, and vice versa the session cannot submit comments.
    const submit = await sieve.request('POST', '/v1/comments', { headers: { cookie, 'x-sieve-csrf': body.csrfToken }, body: { id: 'x1', threadId: 't', author: { id: 'a' }, text: 'hi' } });
    expect(submit.status).toBe(403);
    expect(submit.body.error.code).toBe('forbidden');
  });

  test('a state change with the cookie needs the session\'s CSRF token; a key needs none', async () => {
    const { cookie, body } = await signIn(KEYS.moderator);
    const path = '/v1/review/decisions';
    const decision = { ids: ['no-such-item'], action: 'approve' };
    const without = await sieve.request('POST', path, { headers: { cookie }, body: decision });
    expect(without.status).toBe(403);
    expect(without.body.error.code).toBe('csrf_failed');
    const wrong = await sieve.request('POST', path, { headers: { cookie, 'x-sieve-csrf': 'guess' }, body: decision });
    expect(wrong.body.error.code).toBe('csrf_failed');
    const right = await sieve.request('POST', path, { headers: { cookie, 'x-sieve-csrf': body.csrfToken }, body: decision });
    expect(right.status).toBe(200);
    expect(right.body.results[0]).toMatchObject({ id: 'no-such-item', ok: false, error: { code: 'not_found' } });
    expect((await sieve.request('POST', path, { key: KEYS.moderator, body: decision })).status).toBe(200);
  });

  test('the live-events stream opens with the cookie (EventSource cannot send a header)', async () => {
    const { cookie } = await signIn(KEYS.moderator);
    const ctrl = new AbortController();
    const res = await fetch(`${sieve.api.url}/v1/review/events`, { headers: { cookie }, signal: ctrl.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    let buf = '';
    while (!buf.includes(': subscribed')) buf += new TextDecoder().decode((await reader.read()).value);
    ctrl.abort();
    expect((await fetch(`${sieve.api.url}/v1/review/events`)).status).toBe(401);
  });

  test('signing out ends the session and clears the cookie', async () => {
    const { cookie, body } = await signIn(KEYS.moderator);
    expect((await sieve.request('DELETE', '/v1/session', { headers: { cookie } })).body.error.code).toBe('csrf_failed');
    const out = await sieve.request('DELETE', '/v1/session', { headers: { cookie, 'x-sieve-csrf': body.csrfToken } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^sieve_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await sieve.request('GET', '/v1/review/counts', { headers: { cookie } })).status).toBe(401);
    expect((await sieve.request('GET', '/v1/session', { headers: { cookie } })).status).toBe(401);
  });

  test('a session ends when its key is removed from API_KEYS, and follows the key\'s role', async () => {
    const keys = redisKeys(sieve.config.REDIS_PREFIX);
    const redis = createRedis(sieve.redis.url);
    try {
      const store = new SessionStore(redis, keys, 60);
      const { token } = await store.create(sha256Hex(KEYS.moderator));
      const req = (cookie: string) => ({ get: (h: string) => (h.toLowerCase() === 'cookie' ? cookie : undefined), secure: false }) as unknown as Request;
      const withKey = createAuthenticator([{ key: KEYS.moderator, role: 'moderator', name: 'alice' }], { sessions: store });
      expect(await withKey.authenticate(req(`other=1; sieve_session=${token}`))).toMatchObject({ via: 'session', actor: { name: 'alice', role: 'moderator' } });
      const promoted = createAuthenticator([{ key: KEYS.moderator, role: 'admin', name: 'alice' }], { sessions: store });
      expect((await promoted.authenticate(req(`sieve_session=${token}`)))?.actor.role).toBe('admin');
      const removed = createAuthenticator([{ key: KEYS.moderator2, role: 'moderator', name: 'bob' }], { sessions: store });
      expect(await removed.authenticate(req(`sieve_session=${token}`))).toBeNull();
    } finally {
      redis.disconnect();
    }
  });
});

describe('the page', () => {
  test('/moderate is served with a strict Content-Security-Policy; assets only by fixed name', async () => {
    const page = await fetch(`${sieve.api.url}/moderate`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await page.text();
    // Nothing from elsewhere: every src/href is our own path.
    expect([...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((u) => !u!.startsWith('/moderate/') && !u!.startsWith('#'))).toEqual([]);

    const js = await fetch(`${sieve.api.url}/moderate/assets/app.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/text\/javascript/);
    for (const bad of ['..%2Fapi%2Fauth.ts', '.env', 'tsconfig.json', 'nope.js']) {
      expect((await fetch(`${sieve.api.url}/moderate/assets/${bad}`)).status).toBe(404);
    }
  });

  test('the page code never parses strings as HTML (untrusted comment text is always text)', () => {
    const dir = join(__dirname, '..', '..', 'src', 'ui');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
      const code = readFileSync(join(dir, file), 'utf8');
      expect({ file, sinks: code.match(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser|eval\(|new Function/g) }).toEqual({ file, sinks: null });
    }
  });

  test('GET /v1/review/policy gives the thresholds the score bars mark (moderators only)', async () => {
    const r = await sieve.request('GET', '/v1/review/policy', { key: KEYS.moderator });
    expect(r.status).toBe(200);
    // The default policy's thresholds, as served (a label whose reject is null never rejects alone).
    expect(r.body.policy.labels.toxicity).toEqual(DEFAULT_POLICY.labels.toxicity);
    expect(r.body.policy.labels.threat).toEqual(DEFAULT_POLICY.labels.threat);
    expect(r.body.policy.categories).toHaveProperty('racial_ethnic');
    expect((await sieve.request('GET', '/v1/review/policy', { key: KEYS.ingest })).status).toBe(403);
  });
});
