/**
 * Property-based fuzzing (fast-check) of the ingest and review request bodies against the real API, PostgreSQL and Redis:
 * whatever the body — near-valid comments with any field swapped for junk, lone surrogates, reserved keys, deep
 * nesting, arbitrary JSON — the answer is a 2xx or a 4xx with a stable code, never a 5xx, and a 4xx stores nothing.
 * Runs are kept small (a few hundred requests, a few seconds); a failure prints the seed and the shrunk body.
 */
import fc from 'fast-check';
import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import { API_ERROR_CODES } from '../../src/api/errors';
import type { Db } from '../../src/db';
import type { Review } from '../../src/review';
import { REVIEW_ERROR_CODES } from '../../src/review/errors';
import { KEYS, closeSieveWithStores, startSieveWithStores, type TestSieve } from '../helpers/sieve';
import { makeComment, makeResult, seedComment } from '../review/fixtures';

/** Every error code there is: one registry per layer (README "API" lists them; tests/api/openapi.test.ts checks that). */
const STABLE_CODES = new Set<string>([...API_ERROR_CODES, ...REVIEW_ERROR_CODES]);

let sieve: TestSieve;
let redis: Redis;
let db: Db;
let review: Review;
beforeAll(async () => {
  ({ sieve, redis, db, review } = await startSieveWithStores({ MAX_TEXT_LENGTH: '200', MAX_BATCH_SIZE: '5', REVIEW_REASON_CODES: 'spam,harassment' }));
});
afterAll(() => closeSieveWithStores({ sieve, redis, db, review }));

/**
 * What the spine stores: every table of the record in PostgreSQL (each as an md5 of its rows) and, key by key with
 * its content, BullMQ's jobs, the site lexicon and counters in Redis. (Bookkeeping such as sessions or request
 * counters is not "stored" by a request.)
 */
async function snapshot(): Promise<Map<string, string>> {
  const tables = new Map<string, string>();
  for (const t of ['comment_keys', 'comments', 'review_items', 'audit_log', 'webhook_deliveries', 'site_lexicon_terms']) {
    const { rows } = await sql<{ h: string | null }>`SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) AS h FROM ${sql.table(t)} x`.execute(db);
    tables.set(`pg:${t}`, String(rows[0]!.h));
  }
  return new Map([...tables, ...(await redisSnapshot())]);
}

async function redisSnapshot(): Promise<Map<string, string>> {
  const p = sieve.config.REDIS_PREFIX;
  const data = ['review', 'bull', 'lexicon', 'stats'].map((area) => `${p}:${area}`);
  const names = (await redis.keys(`${p}:*`)).filter((k) => data.some((d) => k === d || k.startsWith(`${d}:`))).sort();
  const pipe = redis.pipeline();
  for (const k of names) pipe.dump(k);
  const dumps = (await pipe.exec()) ?? [];
  return new Map(names.map((k, i) => [k, String((dumps[i]![1] as Buffer | null)?.toString('base64'))]));
}

/** The snapshot after the last request, while nothing has changed since (a 4xx leaves it valid). */
let last: Map<string, string> | null = null;

async function expectClean(method: string, path: string, body: unknown, key: string) {
  const before = last ?? (await snapshot());
  last = null;
  const r = await sieve.request(method, path, { key, rawBody: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  if (r.status >= 500 || r.status < 200 || (r.status >= 300 && r.status < 400)) {
    throw new Error(`${method} ${path} answered ${r.status}: ${JSON.stringify(r.body)}`);
  }
  if (r.status >= 400) {
    if (!STABLE_CODES.has(errorCode(r.body))) throw new Error(`unstable error code ${JSON.stringify(r.body)}`);
    const after = await snapshot();
    if (JSON.stringify([...after]) !== JSON.stringify([...before])) {
      const changed = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
      throw new Error(`${r.status} ${errorCode(r.body)} but the store changed: ${changed.join(', ')}`);
    }
    last = after;
  }
  return r;
}

/** Sieve's error body carries its code in `error.code`; the Perspective API's (Google's shape) in `error.details[].reason`. */
const errorCode = (body: any): string => String(typeof body?.error?.code === 'string' ? body.error.code : body?.error?.details?.[0]?.reason);

// --- generators

const junk = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.constant(null));
/** Strings as hostile clients send them: lone surrogates, controls, zero-width, long ones, empty, spaces. */
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u200b', 'a\ud800b', '\udfff', 'x'.repeat(201), 'fine text'),
);
const id = fc.oneof(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._~-]{0,12}$/), fc.string({ unit: 'binary', maxLength: 10 }), fc.constantFrom('', 'a:b', 'x'.repeat(129)));
const metadata = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
  fc.constantFrom({ ['__proto__']: { admin: true } }, { a: { constructor: 1 } }, { prototype: [] }),
  fc.integer({ min: 20, max: 60 }).map((depth) => { let v: unknown = 1; for (let i = 0; i < depth; i++) v = { d: v }; return v; }),
  junk,
);
const commentLike = fc.record({
  id: fc.oneof(id, junk),
  threadId: fc.oneof(id, junk),
  author: fc.oneof(fc.record({ id: fc.oneof(text, junk), name: fc.oneof(text, junk) }, { requiredKeys: [] }), junk),
  text: fc.oneof(text, junk),
  parentId: fc.oneof(id, junk),
  createdAt: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), text),
  metadata,
  extra: junk,
}, { requiredKeys: [] });
/** Mostly-valid comments too, so 2xx answers are exercised (with a fresh id each time). */
let n = 0;
const validComment = fc.record({ text: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }).filter((s) => s.trim().length > 0), metadata: fc.option(fc.dictionary(fc.string({ maxLength: 6 }).filter((k) => !['__proto__', 'constructor', 'prototype'].includes(k)), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }), { nil: undefined }) })
  .map((c) => ({ id: `fz-${++n}`, threadId: 'fz', author: { id: 'fuzzer' }, ...c }));
const anyBody = fc.oneof(
  { weight: 3, arbitrary: commentLike },
  { weight: 2, arbitrary: validComment },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
);

test('POST /v1/comments: any body gets a 2xx or a stable 4xx, never a 5xx, and a 4xx stores nothing', async () => {
  await fc.assert(fc.asyncProperty(anyBody, async (body) => { await expectClean('POST', '/v1/comments', body, KEYS.ingest); }), { numRuns: 100 });
});

test('POST /v1/threads/:id/comments: any batch likewise', async () => {
  const batch = fc.oneof(
    fc.record({ comments: fc.array(fc.oneof(commentLike, validComment), { maxLength: 7 }), extra: junk }, { requiredKeys: ['comments'] }),
    fc.jsonValue({ maxDepth: 3 }),
  );
  await fc.assert(fc.asyncProperty(batch, async (body) => { await expectClean('POST', '/v1/threads/fz/comments', body, KEYS.ingest); }), { numRuns: 50 });
});

test('review decisions, bulk decisions and releases: any body gets a 2xx or a stable 4xx, and a 4xx changes nothing', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 30; i++) {
    const c = makeComment({ id: `fzr-${i}` });
    await seedComment(db, c, makeResult());
    await review.recordVerdict(c, "scored", makeResult());
    ids.push(c.id);
  }
  last = null;
  const itemId = fc.oneof(fc.constantFrom(...ids), id);
  const decision = fc.record({
    action: fc.oneof(fc.constantFrom('approve', 'reject', 'escalate'), junk),
    reason: fc.oneof(fc.constantFrom('spam', 'harassment'), text, junk),
    note: fc.oneof(text, junk),
    extra: junk,
  }, { requiredKeys: [] });
  const request = fc.oneof(
    fc.tuple(itemId, fc.oneof(decision, fc.jsonValue({ maxDepth: 3 }))).map(([i, body]) => ({ path: `/v1/review/items/${encodeURIComponent(String(i))}/decision`, body })),
    fc.tuple(itemId, fc.oneof(fc.record({ note: fc.oneof(text, junk), reason: junk }, { requiredKeys: [] }), fc.jsonValue({ maxDepth: 3 }))).map(([i, body]) => ({ path: `/v1/review/items/${encodeURIComponent(String(i))}/release`, body })),
    fc.tuple(itemId, fc.jsonValue({ maxDepth: 2 })).map(([i, body]) => ({ path: `/v1/review/items/${encodeURIComponent(String(i))}/claim`, body })),
    fc.record({ ids: fc.oneof(fc.array(itemId, { maxLength: 5 }), junk), action: fc.oneof(fc.constantFrom('approve', 'reject'), junk), reason: fc.oneof(fc.constant('spam'), junk), note: text }, { requiredKeys: [] })
      .map((body) => ({ path: '/v1/review/decisions', body })),
  );
  await fc.assert(fc.asyncProperty(request, fc.constantFrom(KEYS.moderator, KEYS.moderator2, KEYS.admin), async ({ path, body }, key) => {
    await expectClean('POST', path, body, key);
  }), { numRuns: 120 });
});

/**
 * Every operation /openapi.json documents, with hostile path parameters, query values and bodies: still a 2xx or a
 * stable 4xx, and a 4xx stores nothing. (Streams are left out: an SSE answer never ends.) This is how the 500 on
 * `POST /v1/review/items/%00/claim` would have been found before a fixed route list named it.
 */
test('every documented operation: any path parameter, query value or body gets a 2xx or a stable 4xx', async () => {
  const doc = (await sieve.request('GET', '/openapi.json')).body as { paths: Record<string, Record<string, Operation>> };
  const operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item)
    .filter(([method, op]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method) && !streams(op))
    .map(([method, op]) => ({ method: method.toUpperCase(), path, op })));
  /** Hostile values first: the ones that broke routes before (U+0000, lone surrogates) or commonly do. */
  const value = fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom('\u0000', 'a\ud800', '\udfff', '%', '..', '/', 'a/b', '-1', '0', '1e309', 'true', '[]', '{}', 'x'.repeat(300)) },
    { weight: 1, arbitrary: id },
    { weight: 1, arbitrary: text },
  );
  for (const { method, path, op } of operations) {
    const params = op.parameters ?? [];
    const inPath = params.filter((p) => p.in === 'path').map((p) => p.name);
    const inQuery = params.filter((p) => p.in === 'query').map((p) => p.name);
    const request = fc.record({
      path: fc.tuple(...inPath.map(() => value)).map((vs) => inPath.reduce((s, name, i) => s.replace(`{${name}}`, pct(vs[i]!)), path)),
      query: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...inQuery, 'zz'), fc.string({ maxLength: 6 })), value), { maxLength: 4 }),
      body: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.dictionary(fc.constantFrom(...bodyFields(op), 'zz'), junk, { maxKeys: 5 })),
      key: fc.constantFrom(KEYS.ingest, KEYS.moderator, KEYS.admin, KEYS.admin),
    });
    await fc.assert(fc.asyncProperty(request, async ({ path: p, query, body, key }) => {
      const qs = query.map(([k, v]) => `${pct(k)}=${pct(v)}`).join('&');
      await expectClean(method, qs ? `${p}?${qs}` : p, method === 'GET' ? undefined : body, key);
    }), { numRuns: 25 });
  }
}, 180_000); // about 1,400 requests: 12 s alone, several times that beside the rest of the suite on 2 cores

interface Operation { parameters?: { name: string; in: string }[]; requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> }; responses?: Record<string, { content?: Record<string, unknown> }> }
const streams = (op: Operation) => Object.values(op.responses ?? {}).some((r) => Object.keys(r.content ?? {}).includes('text/event-stream'));
const bodyFields = (op: Operation) => Object.keys(op.requestBody?.content?.['application/json']?.schema?.properties ?? {});
/** Percent-encoding as a hostile client may send it: a lone surrogate goes out as its three UTF-8-style bytes. */
const pct = (s: string) => [...s].map((ch) => {
  const cp = ch.codePointAt(0)!;
  if (cp < 0xd800 || cp > 0xdfff) return encodeURIComponent(ch);
  return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
}).join('');
