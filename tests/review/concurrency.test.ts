/**
 * Many moderators acting on one item at the same moment, each on its own Redis connection: exactly one wins,
 * every time, over many runs; the others are refused and the history holds exactly one winning entry.
 */
import IORedis, { type Redis } from 'ioredis';
import { redisKeys } from '../../src/redis/keys';
import { ReviewStore } from '../../src/review/store';
import type { Actor, TransitionOutcome } from '../../src/review/types';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis';
import { makeComment, makeResult } from './fixtures';

const CLIENTS = 16;
const RUNS = 40;

let server: PrivateRedis;
let connections: Redis[];

beforeAll(async () => {
  server = await startPrivateRedis();
  connections = Array.from({ length: CLIENTS }, () => new IORedis(server.url));
  await Promise.all(connections.map((c) => c.ping()));
});
afterAll(async () => {
  await Promise.all(connections.map((c) => c.quit()));
  await server.destroy();
});

const moderators: Actor[] = Array.from({ length: CLIENTS }, (_, i) => ({ name: `mod${i}`, role: 'moderator' }));

function storesFor(prefix: string) {
  const keys = redisKeys(prefix);
  return { keys, stores: connections.map((redis) => new ReviewStore({ redis, keys, leaseSeconds: 300 })) };
}

function winners(outcomes: TransitionOutcome[]) {
  return { ok: outcomes.filter((o) => o.ok).length, codes: [...new Set(outcomes.filter((o) => !o.ok).map((o) => !o.ok && o.code))] };
}

describe(`${CLIENTS} clients at once, ${RUNS} runs each`, () => {
  it('claim: exactly one moderator gets the item, the rest are told it is claimed by someone else', async () => {
    const { stores } = storesFor('race-claim');
    for (let run = 0; run < RUNS; run++) {
      const c = makeComment();
      await stores[0]!.ingest(c, makeResult());
      const outcomes = await Promise.all(stores.map((s, i) => s.claim(c.id, moderators[i]!)));
      expect(winners(outcomes)).toEqual({ ok: 1, codes: ['claimed_by_other'] });
      const holder = (await stores[0]!.get(c.id))!.claim!.by;
      expect(outcomes[moderators.findIndex((m) => m.name === holder)]!.ok).toBe(true);
    }
  });

  it('decide: the holder deciding from many tabs at once (approve vs reject) yields exactly one decision', async () => {
    const { stores } = storesFor('race-decide');
    const alice: Actor = { name: 'alice', role: 'moderator' };
    for (let run = 0; run < RUNS; run++) {
      const c = makeComment();
      await stores[0]!.ingest(c, makeResult());
      await stores[0]!.claim(c.id, alice);
      const outcomes = await Promise.all(stores.map((s, i) =>
        s.decide(c.id, alice, i % 2 ? { action: 'approve' } : { action: 'reject', reason: 'spam' })));
      expect(winners(outcomes)).toEqual({ ok: 1, codes: ['already_decided'] });
      const decisions = (await stores[0]!.history(c.id)).filter((e) => e.action === 'approve' || e.action === 'reject');
      expect(decisions).toHaveLength(1);
      const winner = outcomes.find((o) => o.ok)!;
      expect(winner.item!.state).toBe(decisions[0]!.to);
    }
  });

  it('bulk-style decisions by different moderators on one unclaimed item: exactly one wins', async () => {
    const { stores, keys } = storesFor('race-bulk');
    for (let run = 0; run < RUNS; run++) {
      const c = makeComment();
      await stores[0]!.ingest(c, makeResult());
      const outcomes = await Promise.all(stores.map((s, i) =>
        s.decide(c.id, moderators[i]!, { action: 'reject', reason: 'spam' }, { autoClaim: true })));
      expect(winners(outcomes)).toEqual({ ok: 1, codes: ['already_decided'] });
      expect(await connections[0]!.zscore(keys.reviewState('rejected'), c.id)).not.toBeNull();
    }
    expect((await stores[0]!.counts())).toMatchObject({ pending: 0, claimed: 0, rejected: RUNS });
  });
});
