/**
 * The actions the API offers with an item are exactly the ones the transition scripts accept: for every
 * situation an item can be in and every kind of user, each offered action succeeds and each one left out is
 * refused (against a real Redis). A decision on an item nobody holds counts as "claim, then decide", the way
 * the workspace does it (a bulk decision takes it directly: autoClaim).
 */
import IORedis, { type Redis } from 'ioredis';
import { ITEM_ACTION_NAMES, ITEM_ACTIONS, type ItemAction } from '../../src/domain/review';
import { redisKeys } from '../../src/redis/keys';
import { allowedActions } from '../../src/review/actions';
import { ReviewStore } from '../../src/review/store';
import type { Actor, TransitionOutcome } from '../../src/review/types';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis';
import { freshDb } from '../helpers/postgres';
import type { Db } from '../../src/db';
import { alice, bob, makeComment, makeResult, manualClock, root, seedComment } from './fixtures';

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

const keys = redisKeys('actions');
const clock = manualClock();
const store = () => new ReviewStore({ db, redis, keys, leaseSeconds: 60, clock });

/** How an item got where it is, done by others (or by `me` earlier). */
const SITUATIONS: Record<string, (s: ReviewStore, id: string, me: Actor) => Promise<unknown>> = {
  pending: async () => {},
  'claimed by me': (s, id, me) => s.claim(id, me),
  'claimed by a colleague': (s, id) => s.claim(id, bob),
  'my claim expired': async (s, id, me) => { await s.claim(id, me); clock.advance(61_000); },
  escalated: async (s, id) => { await s.claim(id, bob); await s.decide(id, bob, { action: 'escalate' }); },
  'escalated, claimed by an admin': async (s, id) => {
    await s.claim(id, bob); await s.decide(id, bob, { action: 'escalate' }); await s.claim(id, { name: 'other-admin', role: 'admin' });
  },
  approved: async (s, id) => { await s.claim(id, bob); await s.decide(id, bob, { action: 'approve' }); },
  'approved by me': async (s, id, me) => { await s.claim(id, me); await s.decide(id, me, { action: 'approve' }); },
  'rejected by me': async (s, id, me) => { await s.claim(id, me); await s.decide(id, me, { action: 'reject', reason: 'spam' }); },
};

async function attempt(s: ReviewStore, id: string, me: Actor, action: ItemAction): Promise<TransitionOutcome> {
  const spec = ITEM_ACTIONS[action];
  if (spec.kind === 'decision') return s.decide(id, me, { action: action as never, reason: spec.needsReason ? 'spam' : undefined }, { autoClaim: true });
  switch (action) {
    case 'claim': return s.claim(id, me);
    case 'extend': return s.extend(id, me);
    case 'takeover': return s.takeover(id, me);
    case 'reopen': return s.reopen(id, me, 'a second look');
    case 'overturn': return s.overturn(id, me, { why: 'a second look', reason: 'spam' });
    default: return s.release(id, me);
  }
}

describe.each([['a moderator', alice], ['an admin', root]] as const)('for %s', (_who, me) => {
  test.each(Object.keys(SITUATIONS))('an item %s: offered actions succeed, the others are refused', async (situation) => {
    const offered = new Map<ItemAction, boolean>();
    const accepted = new Map<ItemAction, boolean>();
    for (const action of ITEM_ACTION_NAMES) {
      // A fresh item per action: each attempt starts from the same situation.
      const s = store();
      const c = makeComment();
      const result = makeResult();
      await seedComment(db, c, result);
      await s.ingest(c, result);
      await SITUATIONS[situation]!(s, c.id, me);
      const item = (await s.get(c.id))!;
      offered.set(action, allowedActions(item, me, clock()).includes(action));
      accepted.set(action, (await attempt(s, c.id, me, action)).ok);
    }
    expect(Object.fromEntries(offered)).toEqual(Object.fromEntries(accepted));
  });
});
