/**
 * A site adds its own term through the admin API; a scorer that is already running (as in a worker) matches it
 * without a restart. Real private Redis (pub/sub) and PostgreSQL (the terms' table), the real router on a bare
 * express app.
 */
import type { AddressInfo } from 'node:net';
import { request, type Server } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Redis } from 'ioredis';
import { ApiError } from '../../src/api/errors';
import { createAdminLexiconRouter } from '../../src/api/routes/admin-lexicon';
import { createRedis } from '../../src/redis/connection';
import { redisKeys } from '../../src/redis/keys';
import { createLexiconScorer, type LexiconScorer } from '../../src/scoring/lexicon/scorer';
import { SiteTermStore } from '../../src/scoring/lexicon/site-terms';
import { loadDefaultLexicon } from '../../src/scoring/lexicon/sources';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis';
import { freshDb } from '../helpers/postgres';

let pg: Awaited<ReturnType<typeof freshDb>>;

let redis: PrivateRedis;
let api: Redis;
let worker: Redis;
let server: Server;
let base: string;
let scorer: LexiconScorer;
const keys = redisKeys('sieve-test');
// A small base lexicon keeps rebuilds fast; the behaviour is the same with the full one.
const lexicon = loadDefaultLexicon({ npm: false });

beforeAll(async () => {
  redis = await startPrivateRedis();
  pg = await freshDb();
  api = createRedis(redis.url);
  worker = createRedis(redis.url);
  const app = express();
  app.use(express.json());
  app.use(createAdminLexiconRouter({ store: new SiteTermStore(api, keys, pg.db), actor: () => 'test-admin' }));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err instanceof ApiError ? err : new ApiError(500, 'internal', String(err));
    res.status(e.status).json(e.toJSON());
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The "worker": its own connection, its own store, running before any term exists.
  scorer = createLexiconScorer({ lexicon, siteTerms: new SiteTermStore(worker, keys, pg.db) });
  await scorer.ready;
});

afterAll(async () => {
  await scorer.close?.();
  await new Promise((r) => server.close(r));
  api.disconnect();
  worker.disconnect();
  await redis.destroy();
  await pg.close();
});

/** A plain HTTP call without keep-alive (fetch's pooled sockets would outlive the test). */
function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: () => Promise<any> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, agent: false, headers: body === undefined ? {} : { 'content-type': 'application/json' } }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode!, json: async () => JSON.parse(data) }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}
const post = (body: unknown) => call('POST', '/v1/admin/lexicon/terms', body);
const terms = async (text: string) => (await scorer.scoreBatch([{ text, slurs: [], labels: {} }]))[0]!.slurs ?? [];

async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; ; i++) {
    const v = await probe();
    if (ok(v) || i > 200) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('site terms at runtime', () => {
  test('a term added through the API takes effect in a running scorer, disguised or not', async () => {
    expect(await terms('those gremlinoids again')).toEqual([]);
    const res = await post({ term: 'gremlinoid', category: 'insult', severity: 3, action: 'block' });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ term: 'gremlinoid', category: 'insult', severity: 3, action: 'block', addedBy: 'test-admin' });

    const found = await eventually(() => terms('those gr3mlin0ids again'), (m) => m.length > 0);
    expect(found).toEqual([expect.objectContaining({ term: 'gremlinoid', action: 'block', source: 'site', text: 'gr3mlin0ids', transformations: ['leet'] })]);

    const list = await (await call('GET', '/v1/admin/lexicon/terms')).json();
    expect(list.terms.map((t: { term: string }) => t.term)).toEqual(['gremlinoid']);
  });

  test('a removed term stops matching; removing it twice is a 404', async () => {
    await post({ term: 'blorpmonger', category: 'insult', severity: 2 });
    await eventually(() => terms('blorpmonger'), (m) => m.length > 0);
    expect((await call('DELETE', '/v1/admin/lexicon/terms/blorpmonger')).status).toBe(204);
    expect(await eventually(() => terms('blorpmonger'), (m) => m.length === 0)).toEqual([]);
    const again = await call('DELETE', '/v1/admin/lexicon/terms/blorpmonger');
    expect(again.status).toBe(404);
    expect((await again.json()).error.code).toBe('not_found');
  });

  test('a site term overrides a list term: its category, severity and action win', async () => {
    await post({ term: 'idiot', category: 'insult', severity: 4, action: 'block' });
    const [m] = await eventually(() => terms('you idiot'), (ms) => ms[0]?.severity === 4);
    expect(m).toMatchObject({ term: 'idiot', severity: 4, action: 'block', source: 'site' });
  });

  test("a site's own term is matched even where the allow-list would spare a list term", async () => {
    await post({ term: 'cocktail', category: 'insult', severity: 2, action: 'flag' });
    const [m] = await eventually(() => terms('a cocktail'), (ms) => ms.length > 0);
    expect(m).toMatchObject({ term: 'cocktail', source: 'site', action: 'flag' });
  });

  test.each([
    [{ category: 'insult', severity: 2 }, 400, 'missing_field', 'term'],
    [{ term: 'x', category: 'rude', severity: 2 }, 400, 'invalid_value', 'category'],
    [{ term: 'x', category: 'insult', severity: 5 }, 400, 'invalid_value', 'severity'],
    [{ term: 'x', category: 'insult', severity: '2' }, 400, 'wrong_type', 'severity'],
    [{ term: 'x', category: 'insult', severity: 2, action: 'delete' }, 400, 'invalid_value', 'action'],
    [{ term: 'x', category: 'insult', severity: 2, colour: 'red' }, 400, 'unknown_field', 'colour'],
    [{ term: '***', category: 'insult', severity: 2 }, 400, 'invalid_value', 'term'],
  ])('invalid input %j → %i %s on %s', async (body, status, code, field) => {
    const res = await post(body);
    expect(res.status).toBe(status);
    expect((await res.json()).error).toMatchObject({ code, field });
  });
});
