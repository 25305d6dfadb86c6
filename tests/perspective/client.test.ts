/**
 * Sieve as a drop-in for Perspective API, driven by clients nobody here wrote: the npm package
 * `perspective-api-client` (its URL is fixed to Google's: an axios interceptor sends it to this Sieve instead)
 * and Coral's own Perspective request (body and URL built exactly as coralproject/talk's
 * services/perspective/perspective.ts builds them). Real Redis, a real worker with the lexicon and the model.
 */
import path from 'node:path';
import IORedis from 'ioredis';
import { KEYS, startSieve, type TestSieve } from '../helpers/sieve';
import { sentenceSpans } from '../../src/api/routes/perspective';
import { createDb } from '../../src/db';
import { SuggestionStore } from '../../src/store/suggestions';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const axios = require('axios');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Perspective = require('perspective-api-client');

const GOOGLE = 'https://commentanalyzer.googleapis.com';
let sieve: TestSieve;
let interceptor: number;
const client = (apiKey = KEYS.ingest) => new Perspective({ apiKey });

beforeAll(async () => {
  sieve = await startSieve({ SCORERS: 'lexicon,model', MAX_TEXT_LENGTH: '2000', SYNC_TIMEOUT_MS: '20000' }, { workers: 1 });
  // perspective-api-client posts to Google's fixed URL with axios: point that at this Sieve.
  interceptor = axios.interceptors.request.use((config: { url: string }) => ({ ...config, url: config.url.replace(GOOGLE, sieve.api.url) }));
}, 120_000);
afterAll(async () => {
  axios.interceptors.request.eject(interceptor);
  await sieve.close();
});

test('analyze with several attributes answers each with a PROBABILITY summary score', async () => {
  const result = await client().analyze('You are a stupid idiot and everyone here hates you.', { attributes: ['toxicity', 'insult', 'identity_attack', 'profanity'] });
  expect(Object.keys(result.attributeScores).sort()).toEqual(['IDENTITY_ATTACK', 'INSULT', 'PROFANITY', 'TOXICITY']);
  for (const a of Object.values(result.attributeScores) as { summaryScore: { value: number; type: string } }[]) {
    expect(a.summaryScore.type).toBe('PROBABILITY');
    expect(a.summaryScore.value).toBeGreaterThanOrEqual(0);
    expect(a.summaryScore.value).toBeLessThanOrEqual(1);
  }
  expect(result.languages).toEqual(['en']);
  const civil = await client().analyze('Thanks for the thoughtful article, I enjoyed reading it.', { attributes: ['toxicity', 'insult'] });
  expect(result.attributeScores.TOXICITY.summaryScore.value).toBeGreaterThan(0.5);
  expect(civil.attributeScores.TOXICITY.summaryScore.value).toBeLessThan(0.2);
  expect(result.attributeScores.INSULT.summaryScore.value).toBeGreaterThan(civil.attributeScores.INSULT.summaryScore.value);
});

test('spanAnnotations gives per-sentence spans with offsets in the request text; clientToken is echoed', async () => {
  const text = 'What kind of idiot name is foo? Sorry, I like your name.';
  const result = await client().analyze({
    comment: { text }, languages: ['en'], spanAnnotations: true, clientToken: 'token-42',
    requestedAttributes: { TOXICITY: {}, INSULT: {} },
  });
  expect(result.clientToken).toBe('token-42');
  const spans = result.attributeScores.INSULT.spanScores as { begin: number; end: number; score: { value: number; type: string } }[];
  // Perspective's own documented example: [0, 31) and [32, 56).
  expect(spans.map((s) => [s.begin, s.end])).toEqual([[0, 31], [32, 56]]);
  expect(text.slice(spans[0]!.begin, spans[0]!.end)).toBe('What kind of idiot name is foo?');
  expect(spans[0]!.score.type).toBe('PROBABILITY');
  expect(spans[0]!.score.value).toBeGreaterThan(spans[1]!.score.value);
});

test('scoreThreshold leaves out an attribute whose summary score is below it', async () => {
  const result = await client().analyze({
    comment: { text: 'Have a lovely afternoon, neighbour.' },
    requestedAttributes: { TOXICITY: { scoreThreshold: 0.9 }, INSULT: {} },
  });
  expect(result.attributeScores.TOXICITY).toBeUndefined();
  expect(result.attributeScores.INSULT.summaryScore.type).toBe('PROBABILITY');
});

/** The client rejects with ResponseError carrying Google's message and the response. */
async function failure(p: Promise<unknown>) {
  const err = await p.then(() => { throw new Error('expected the call to fail'); }, (e: unknown) => e as { name: string; message: string; response: { status: number; data: { error: { code: number; status: string; message: string; details: { reason: string }[] } } } });
  expect(err.name).toBe('ResponseError');
  expect(err.message).toBe(err.response.data.error.message);
  expect(err.response.data.error.code).toBe(err.response.status);
  return { status: err.response.status, error: err.response.data.error, reason: err.response.data.error.details[0]!.reason };
}

test('THREAT is answered by the model\'s threat head: a threat scores far above a greeting', async () => {
  const threat = await client().analyze('I know where you live and I will kill you and your family.', { attributes: ['threat'] });
  const greeting = await client().analyze('Thanks for the article, have a nice weekend.', { attributes: ['threat'] });
  const value = (r: { attributeScores: { THREAT: { summaryScore: { value: number } } } }) => r.attributeScores.THREAT.summaryScore.value;
  expect(value(threat)).toBeGreaterThan(value(greeting) + 0.1);
});

test('errors surface through the client in Google\'s shape', async () => {
  const unknown = await failure(client().analyze('hello there', { attributes: ['FLIRTATION'] }));
  expect(unknown).toMatchObject({ status: 400, error: { status: 'INVALID_ARGUMENT' }, reason: 'unknown_attribute' });

  // Sieve's own model does not predict SEVERE_TOXICITY: refused, with the reason, never a made-up score.
  const unserved = await failure(client().analyze('hello there', { attributes: ['SEVERE_TOXICITY'] }));
  expect(unserved).toMatchObject({ status: 400, error: { status: 'INVALID_ARGUMENT' }, reason: 'attribute_not_served' });
  expect(unserved.error.message).toMatch(/SEVERE_TOXICITY is not served/);

  const german = await failure(client().analyze({ comment: { text: 'Guten Tag' }, languages: ['de'] }));
  expect(german.error).toMatchObject({ status: 'INVALID_ARGUMENT', message: 'Attribute TOXICITY does not support request languages: de' });

  const empty = await failure(client().analyze({ comment: { text: '' } }, { validate: false }));
  expect(empty).toMatchObject({ status: 400, reason: 'text_empty' });
  const missing = await failure(client().analyze({ comment: {} }, { validate: false, stripHTML: false }));
  expect(missing).toMatchObject({ status: 400, reason: 'text_empty' });

  const long = await failure(client().analyze('word '.repeat(500)));
  expect(long).toMatchObject({ status: 400, error: { status: 'INVALID_ARGUMENT' }, reason: 'text_too_long' });

  const noAttributes = await failure(client().analyze({ comment: { text: 'hi' }, requestedAttributes: {} }));
  expect(noAttributes).toMatchObject({ status: 400, reason: 'missing_attributes' });

  const badKey = await failure(client('not-a-key-at-all-0000').analyze('hello'));
  expect(badKey).toMatchObject({ status: 403, error: { status: 'PERMISSION_DENIED', message: 'API key not valid. Please pass a valid API key.' } });
  const moderator = await failure(client(KEYS.moderator).analyze('hello'));
  expect(moderator).toMatchObject({ status: 403, error: { status: 'PERMISSION_DENIED' } });
});

test('Coral\'s own Perspective request (endpoint setting + key) gets the score Coral reads', async () => {
  // coralproject/talk services/perspective/perspective.ts: URL from the tenant's endpoint, `?key=`, this body.
  const endpoint = `${sieve.api.url}/v1alpha1`;
  const url = new URL(endpoint.trim());
  url.pathname = path.join(url.pathname, '/comments:analyze');
  url.searchParams.set('key', KEYS.ingest.trim());
  const body = JSON.stringify({
    comment: { text: 'You are a worthless moron.' },
    doNotStore: true,
    requestedAttributes: { TOXICITY: {} },
    languages: ['en'],
  });
  const res = await fetch(url.toString(), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  expect(res.status).toBe(200);
  const data = (await res.json()) as { attributeScores: { TOXICITY: { summaryScore: { value: number } } } };
  // Coral's toxic phase: score > threshold withholds the comment. Sieve's scores are calibrated for a comment
  // section (README "Moving from Perspective"): with Coral's threshold set to the recommended 0.45 (not Google's
  // default 0.8) an insult is withheld.
  expect(data.attributeScores.TOXICITY.summaryScore.value).toBeGreaterThan(0.45);

  // Coral's suggestscore body (a moderator approved a comment: value 0).
  const suggest = new URL(endpoint);
  suggest.pathname = path.join(suggest.pathname, '/comments:suggestscore');
  suggest.searchParams.set('key', KEYS.ingest);
  const s = await fetch(suggest.toString(), {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      comment: { text: 'A perfectly fine remark about the story.' },
      context: { entries: [{ text: JSON.stringify({ url: 'https://news.example/story?commentID=c1', reply_to_id_Coral_comment_id: undefined, Coral_comment_id: 'c1' }) }] },
      attributeScores: { TOXICITY: { summaryScore: { value: 0 } } },
      languages: ['en'],
      communityId: 'Coral:https://news.example',
      clientToken: 'comment:c1',
    }),
  });
  expect(s.status).toBe(200);
  expect(await s.json()).toEqual({ clientToken: 'comment:c1' });
});

test('suggestscore stores a labelled example in PostgreSQL (it survives Redis FLUSHALL); with doNotStore, without its text', async () => {
  const redis = new IORedis(sieve.redis.url);
  const db = createDb(sieve.database.url, { max: 1 });
  try {
    const post = (body: unknown) => sieve.request('POST', `/v1alpha1/comments:suggestscore?key=${KEYS.ingest}`, { body });
    const kept = await post({ comment: { text: 'suggested-keep example' }, attributeScores: { INSULT: { summaryScore: { value: 0.9 } } }, communityId: 'forum-1', clientToken: 'ct-1' });
    expect(kept).toMatchObject({ status: 200, body: { clientToken: 'ct-1' } });
    const secret = await post({ comment: { text: 'suggested-private example' }, attributeScores: { TOXICITY: { summaryScore: { value: 0.1 } } }, doNotStore: true, clientToken: 'ct-2' });
    expect(secret.status).toBe(200);
    // Redis is not where they live: flushing it loses none.
    await redis.flushall();
    const stored = await new SuggestionStore(db).latest(10);
    expect(stored).toContainEqual(expect.objectContaining({ attribute: 'INSULT', value: 0.9, text: 'suggested-keep example', communityId: 'forum-1', clientToken: 'ct-1', by: 'site' }));
    const priv = stored.find((f) => f.clientToken === 'ct-2')!;
    expect(priv).toMatchObject({ attribute: 'TOXICITY', value: 0.1 });
    expect(priv.text).toBeUndefined();
    expect(Date.parse(priv.at)).toBeGreaterThan(Date.now() - 60_000);
    expect(await redis.keys('*suggestion*')).toEqual([]);
    const bad = await post({ comment: { text: 'x' }, attributeScores: { NOPE: { summaryScore: { value: 1 } } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.status).toBe('INVALID_ARGUMENT');
  } finally {
    redis.disconnect();
    await db.destroy();
  }
});

/** Every value of every key in Redis, as text (strings, hashes, lists, sets, sorted sets, streams). */
async function everything(redis: IORedis): Promise<string> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      out.push(key);
      const type = await redis.type(key);
      if (type === 'string') out.push((await redis.getBuffer(key))?.toString('latin1') ?? '');
      else if (type === 'hash') out.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'list') out.push(JSON.stringify(await redis.lrange(key, 0, -1)));
      else if (type === 'set') out.push(JSON.stringify(await redis.smembers(key)));
      else if (type === 'zset') out.push(JSON.stringify(await redis.zrange(key, 0, -1, 'WITHSCORES')));
      else if (type === 'stream') out.push(JSON.stringify(await redis.xrange(key, '-', '+')));
      else out.push(`<${type}>`);
    }
  } while (cursor !== '0');
  return out.join('\n');
}

test('doNotStore: nothing of the text is left anywhere in Redis once the answer is given', async () => {
  const redis = new IORedis(sieve.redis.url);
  try {
    const text = 'Quixotic zebrafinch marmalade: you are a pathetic clown.';
    const result = await client().analyze(text, { attributes: ['toxicity', 'insult'], doNotStore: true });
    expect(result.attributeScores.INSULT.summaryScore.value).toBeGreaterThan(0);
    const dump = await everything(redis);
    expect(dump.length).toBeGreaterThan(0);
    for (const needle of ['zebrafinch', 'Quixotic', 'marmalade', 'pathetic clown']) expect(dump).not.toContain(needle);
  } finally {
    redis.disconnect();
  }
});

test('sentence spans skip blank runs and keep offsets in the original text', () => {
  const text = '  First one.   Second?! Third';
  expect(sentenceSpans(text).map((s) => text.slice(s.begin, s.end))).toEqual(['First one.', 'Second?!', 'Third']);
});
