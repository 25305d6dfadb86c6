/**
 * Text retention: N days after a final decision the comment's text (and the matched fragments kept in its
 * result) is dropped; the item, its decision, its history and the audit log stay.
 */
import IORedis, { type Redis } from 'ioredis';
import { redisKeys } from '../../src/redis/keys';
import { runReviewMaintenance } from '../../src/review/maintenance';
import { ReviewStore } from '../../src/review/store';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis';
import { freshDb } from '../helpers/postgres';
import type { Db } from '../../src/db';
import { alice, commentReview, makeComment, makeResult, manualClock, seedComment } from './fixtures';

const DAY = 24 * 3600 * 1000;
let server: PrivateRedis;
let redis: Redis;
let db: Db;
let closeDb: () => Promise<void>;

beforeAll(async () => {
  ({ db, close: closeDb } = await freshDb());
  server = await startPrivateRedis();
  redis = new IORedis(server.url);
});
afterAll(async () => {
  await closeDb();
  await redis.quit();
  await server.destroy();
});

it('drops the text N days after the decision, keeps decision, history and audit; undecided items keep their text', async () => {
  const keys = redisKeys('ret');
  const clock = manualClock();
  const store = new ReviewStore({ db, redis, keys, leaseSeconds: 60, clock });
  const result = makeResult({ slur: 'religious', label: 'insult' });
  const decided = makeComment({ text: 'some slur here', metadata: { url: 'https://example.org/a' } });
  const open = makeComment({ text: 'still waiting' });
  for (const c of [decided, open]) {
    await seedComment(db, c, result);
    await store.ingest(c, result);
  }
  await store.claim(decided.id, alice);
  await store.decide(decided.id, alice, { action: 'reject', reason: 'hate_speech' });

  clock.advance(7 * DAY - 1);
  expect(await runReviewMaintenance(store, 7)).toEqual({ expired: 0, redacted: 0 });
  clock.advance(1);
  expect(await runReviewMaintenance(store, 7)).toEqual({ expired: 0, redacted: 1 });

  const [c, o] = await store.comments([decided.id, open.id]);
  expect(c).toMatchObject({ textRedacted: true, input: { id: decided.id, text: '', metadata: { url: 'https://example.org/a' } } });
  expect(c!.result!.slurs).toEqual([expect.objectContaining({ term: 'xterm', category: 'religious', text: '' })]);
  expect(c!.result!.verdict).toBe('review');
  expect((await commentReview(db, decided.id) as any)).toMatchObject({ state: 'rejected', reason: 'hate_speech' });
  expect(o).toMatchObject({ textRedacted: false, input: { text: 'still waiting' } });

  const item = await store.get(decided.id);
  expect(item).toMatchObject({ state: 'rejected', textRedacted: true, decision: { by: 'alice', reason: 'hate_speech' } });
  const history = await store.history(decided.id);
  expect(history.map((e) => e.action)).toEqual(['create', 'claim', 'reject', 'redact_text']);
  const audit = (await store.audit({ limit: 50 })).entries.filter((e) => e.itemId === decided.id);
  expect(audit.map((e) => e.action)).toEqual(['redact_text', 'reject', 'claim', 'create']);
  // Nothing text-like is left in the trail.
  expect(JSON.stringify([history, audit, item])).not.toContain('some slur here');

  // A second pass has nothing to do.
  clock.advance(DAY);
  expect(await runReviewMaintenance(store, 7)).toEqual({ expired: 0, redacted: 0 });
});

it('retention 0 keeps text forever; the maintenance pass also returns expired claims', async () => {
  const keys = redisKeys('ret0');
  const clock = manualClock();
  const store = new ReviewStore({ db, redis, keys, leaseSeconds: 60, clock });
  const c1 = makeComment();
  const c2 = makeComment();
  for (const c of [c1, c2]) {
    await seedComment(db, c, makeResult());
    await store.ingest(c, makeResult());
  }
  await store.claim(c1.id, alice);
  await store.decide(c1.id, alice, { action: 'approve' });
  await store.claim(c2.id, alice);
  clock.advance(400 * DAY);
  expect(await runReviewMaintenance(store, 0)).toEqual({ expired: 1, redacted: 0 });
  expect((await store.comments([c1.id]))[0]).toMatchObject({ textRedacted: false, input: { text: c1.text } });
});
