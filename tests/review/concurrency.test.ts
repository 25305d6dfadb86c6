/**
 * Many moderators acting on one item at the same moment, each on its own PostgreSQL connection: exactly one wins,
 * every time, over many runs; the others are refused and the history holds exactly one winning entry.
 */
import IORedis, { type Redis } from 'ioredis';
import { sql } from 'kysely';
import { createDb, type Db } from '../../src/db';
import { redisKeys } from '../../src/redis/keys';
import { testDatabase, type TestDatabase } from '../helpers/postgres';
import { ReviewStore } from '../../src/review/store';
import type { Actor, TransitionOutcome } from '../../src/review/types';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis';
import { makeComment, makeResult, manualClock } from './fixtures';
import { REVIEW_STATES } from '../../src/domain/review';

const CLIENTS = 16;
const RUNS = 40;

let server: PrivateRedis;
let connections: Redis[];
let database: TestDatabase;
let dbs: Db[];

beforeAll(async () => {
  server = await startPrivateRedis();
  connections = Array.from({ length: CLIENTS }, () => new IORedis(server.url));
  await Promise.all(connections.map((c) => c.ping()));
});
afterAll(async () => {
  await Promise.all(connections.map((c) => c.quit()));
  await server.destroy();
});
// A fresh database per test, and one single-connection pool per moderator.
beforeEach(async () => {
  database = await testDatabase();
  dbs = connections.map(() => createDb(database.url, { max: 1 }));
});
afterEach(async () => {
  await Promise.all(dbs.map((d) => d.destroy()));
  await database.drop();
});

const moderators: Actor[] = Array.from({ length: CLIENTS }, (_, i) => ({ name: `mod${i}`, role: 'moderator' }));

function storesFor(prefix: string) {
  const keys = redisKeys(prefix);
  return { keys, stores: connections.map((redis, i) => new ReviewStore({ db: dbs[i]!, redis, keys, leaseSeconds: 300 })) };
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
    const { stores } = storesFor('race-bulk');
    for (let run = 0; run < RUNS; run++) {
      const c = makeComment();
      await stores[0]!.ingest(c, makeResult());
      const outcomes = await Promise.all(stores.map((s, i) =>
        s.decide(c.id, moderators[i]!, { action: 'reject', reason: 'spam' }, { autoClaim: true })));
      expect(winners(outcomes)).toEqual({ ok: 1, codes: ['already_decided'] });
      expect((await stores[0]!.get(c.id))!.state).toBe('rejected');
    }
    expect((await stores[0]!.counts())).toMatchObject({ pending: 0, claimed: 0, rejected: RUNS });
  });

  it('claim next: moderators asking at once each get a different item (SKIP LOCKED), in queue order', async () => {
    const { stores } = storesFor('race-next');
    for (let run = 0; run < 5; run++) {
      const ids: string[] = [];
      for (let i = 0; i < CLIENTS; i++) {
        const c = makeComment();
        await stores[0]!.ingest(c, makeResult({ priority: 60 }));
        ids.push(c.id);
      }
      const outcomes = await Promise.all(stores.map((s, i) => s.claimNext(moderators[i]!)));
      const claimed = outcomes.map((o) => (o?.ok ? o.item.id : null));
      expect(claimed.every((id) => id !== null)).toBe(true);
      expect(new Set(claimed).size).toBe(CLIENTS);
      expect(new Set(claimed)).toEqual(new Set(ids));
      expect(await stores[0]!.claimNext(moderators[0]!)).toBeNull();
      for (const o of outcomes) if (o?.ok) await stores[0]!.decide(o.item.id, { name: o.item.claim!.by, role: 'moderator' }, { action: 'approve' });
    }
  });

  it('a storm of random claims, extends, releases, decisions and expiries keeps every invariant', async () => {
    const keys = redisKeys('storm');
    const clock = manualClock();
    const stores = connections.map((redis, i) => new ReviewStore({ db: dbs[i]!, redis, keys, leaseSeconds: 60, clock }));
    const actors: Actor[] = [...moderators.slice(0, 4), { name: 'root', role: 'admin' }];
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const c = makeComment();
      await stores[0]!.ingest(c, makeResult({ priority: i * 7 }));
      ids.push(c.id);
    }
    let seed = 42;
    const rand = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    for (let round = 0; round < 30; round++) {
      await Promise.all(stores.map((s) => {
        const id = ids[rand(ids.length)]!;
        const actor = actors[rand(actors.length)]!;
        switch (rand(8)) {
          case 0: case 1: case 2: return s.claim(id, actor);
          case 3: return s.extend(id, actor);
          case 4: return s.release(id, actor);
          case 5: return s.decide(id, actor, { action: 'escalate' });
          case 6: return s.decide(id, actor, { action: 'approve' });
          default: return s.decide(id, actor, { action: 'reject', reason: 'spam' }, { autoClaim: rand(2) === 0 });
        }
      }));
      clock.advance(rand(3) * 25_000);
      if (round % 5 === 0) await stores[0]!.expireDueClaims();
    }

    const db = dbs[0]!;
    let historyTotal = 0;
    for (const id of ids) {
      const item = (await db.selectFrom('review_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
      expect(REVIEW_STATES).toContain(item.state);
      expect(item.lease_until !== null).toBe(item.state === 'claimed');
      expect(!!item.claimed_by).toBe(item.state === 'claimed');
      const decided = item.state === 'approved' || item.state === 'rejected';
      expect(!!item.decided_by).toBe(decided);
      expect(item.decided_at !== null).toBe(decided);
      const history = await stores[0]!.history(id);
      historyTotal += history.length;
      expect(history).toHaveLength(item.version);
      // The history is one unbroken chain of states ending where the item is.
      for (let i = 1; i < history.length; i++) expect(history[i]!.from).toBe(history[i - 1]!.to);
      expect(history[history.length - 1]!.to).toBe(item.state);
      expect(history.filter((e) => e.action === 'approve' || e.action === 'reject').length).toBe(decided ? 1 : 0);
    }
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM audit_log`.execute(db);
    expect(Number(rows[0]!.n)).toBe(historyTotal);
  });
});
