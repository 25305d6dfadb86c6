/**
 * Signed webhooks, delivered through BullMQ to a real local HTTP server: valid signatures, retries when the
 * endpoint fails, one delivery per event even when the worker's job is retried, and a stuck endpoint never
 * holding up verdict intake or decisions.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config';
import { createRedis } from '../../src/redis/connection';
import { createReview, startReviewBackground } from '../../src/review';
import { signWebhook, verifyWebhookSignature, WEBHOOK_HEADERS } from '../../src/review/webhooks';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis';
import { freshDb } from '../helpers/postgres';
import type { Db } from '../../src/db';
import { alice, bob, makeComment, makeResult, seedComment } from './fixtures';

const SECRET = 'test-webhook-secret-0123456789';

interface Received {
  headers: IncomingMessage['headers'];
  rawBody: string;
  body: { id: string; type: string; createdAt: string; data: Record<string, any> };
}

/** A local endpoint; `respond` decides each answer (a status, or 'hold' to keep the request open). */
class Endpoint {
  received: Received[] = [];
  held: ServerResponse[] = [];
  respond: (r: Received) => number | 'hold' = () => 200;
  private server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const r = { headers: req.headers, rawBody: raw, body: JSON.parse(raw) };
      this.received.push(r);
      const answer = this.respond(r);
      if (answer === 'hold') this.held.push(res);
      else res.writeHead(answer).end();
    });
  });
  async start(): Promise<string> {
    this.server.listen(0, '127.0.0.1');
    await new Promise((r) => this.server.once('listening', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }
  releaseHeld(status = 200) {
    for (const res of this.held.splice(0)) res.writeHead(status).end();
  }
  async stop() {
    this.releaseHeld();
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

async function until(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let server: PrivateRedis;
let redis: Redis;
let db: Db;
let closeDb: () => Promise<void>;
let endpoint: Endpoint;
let url: string;
let n = 0;

beforeAll(async () => {
  server = await startPrivateRedis();
  redis = createRedis(server.url);
});
afterAll(async () => {
  await redis.quit();
  await server.destroy();
});
// A fresh database per test: the queue counts below are per test.
beforeEach(async () => {
  ({ db, close: closeDb } = await freshDb());
  endpoint = new Endpoint();
  url = await endpoint.start();
});
afterEach(async () => {
  await endpoint.stop();
  await closeDb();
});

function setup(extra: Record<string, string> = {}) {
  const config = loadConfig({
    REDIS_PREFIX: `wh${++n}`, WEBHOOK_URL: url, WEBHOOK_SECRET: SECRET, WEBHOOK_BACKOFF_MS: '10', WEBHOOK_ATTEMPTS: '5', ...extra,
  });
  const review = createReview({ redis, db, config });
  const background = startReviewBackground({ redis, db, config, maintenanceIntervalMs: 60_000 });
  return { review, background, close: async () => { await background.close(); await review.close(); } };
}

const validSignature = (r: Received) => verifyWebhookSignature(SECRET, {
  signature: r.headers[WEBHOOK_HEADERS.signature.toLowerCase()] as string,
  timestamp: r.headers[WEBHOOK_HEADERS.timestamp.toLowerCase()] as string,
  rawBody: r.rawBody,
});

describe('webhook signatures', () => {
  it('verify the exact body and timestamp; a changed byte, another secret or a stale timestamp fail', () => {
    const body = '{"id":"wh_1","type":"comment.scored"}';
    const ts = Math.floor(Date.now() / 1000);
    const sig = signWebhook(SECRET, ts, body);
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(SECRET, { signature: sig, timestamp: String(ts), rawBody: body })).toBe(true);
    expect(verifyWebhookSignature(SECRET, { signature: sig, timestamp: String(ts), rawBody: body.replace('1', '2') })).toBe(false);
    expect(verifyWebhookSignature('another-secret-0123456789', { signature: sig, timestamp: String(ts), rawBody: body })).toBe(false);
    expect(verifyWebhookSignature(SECRET, { signature: sig, timestamp: String(ts + 1), rawBody: body })).toBe(false);
    const old = ts - 3600;
    expect(verifyWebhookSignature(SECRET, { signature: signWebhook(SECRET, old, body), timestamp: String(old), rawBody: body })).toBe(false);
  });
});

/** A comment held for review and claimed by alice. */
async function claimedComment(review: ReturnType<typeof setup>['review']) {
  const c = makeComment();
  await seedComment(db, c, makeResult({ verdict: 'review' }));
  await review.recordVerdict(c, 'scored', makeResult({ verdict: 'review' }));
  await review.service.claim(c.id, alice);
  return c;
}

/**
 * The database itself refuses the outbox rows of one event (a real failure inside the transaction, not a mock).
 * Returns what lifts the refusal.
 */
async function refuseOutboxRows(event: string): Promise<() => Promise<void>> {
  const name = `refuse_${event.replace(/\W/g, '_')}`;
  await sql.raw(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.event = '${event}' THEN RAISE EXCEPTION 'outbox refused'; END IF; RETURN NEW; END $$`).execute(db);
  await sql.raw(`CREATE TRIGGER ${name} BEFORE INSERT ON webhook_deliveries FOR EACH ROW EXECUTE FUNCTION ${name}()`).execute(db);
  return async () => { await sql.raw(`DROP TRIGGER ${name} ON webhook_deliveries`).execute(db); };
}

/** The one outbox row of `event` carries `data`, and the site's endpoint receives that delivery. */
async function expectDelivered(event: string, data: Record<string, unknown>): Promise<void> {
  const row = await db.selectFrom('webhook_deliveries').selectAll().where('event', '=', event).executeTakeFirstOrThrow();
  expect(row.payload).toMatchObject({ type: event, data });
  await until(() => endpoint.received.some((r) => r.body.type === event && r.body.id === row.id), `the ${event} delivery`);
}

describe('webhook delivery', () => {
  it('sends a signed comment.scored for every verdict and comment.reviewed for each decision', async () => {
    const { review, close } = setup();
    try {
      const flagged = makeComment();
      const clean = makeComment();
      await seedComment(db, flagged, makeResult({ verdict: 'reject', slur: 'racial_ethnic' }));
      await review.recordVerdict(flagged, "scored", makeResult({ verdict: 'reject', slur: 'racial_ethnic' }));
      await review.recordVerdict(clean, "scored", makeResult({ verdict: 'publish' }));
      await review.service.claim(flagged.id, alice);
      await review.service.decide(flagged.id, alice, { action: 'approve', note: 'reclaimed word, in context' });
      await until(() => endpoint.received.length === 3, 'three deliveries');

      for (const r of endpoint.received) {
        expect(validSignature(r)).toBe(true);
        expect(r.headers['content-type']).toBe('application/json');
        expect(r.headers[WEBHOOK_HEADERS.delivery.toLowerCase()]).toBe(r.body.id);
        expect(r.headers[WEBHOOK_HEADERS.event.toLowerCase()]).toBe(r.body.type);
      }
      const byType = (t: string) => endpoint.received.filter((r) => r.body.type === t).map((r) => r.body.data);
      expect(byType('comment.scored')).toEqual(expect.arrayContaining([
        expect.objectContaining({ comment: { id: flagged.id, threadId: 't1', authorId: 'u1' }, verdict: 'reject', heldForReview: true,
          slurs: [{ term: 'xterm', category: 'racial_ethnic', severity: 3 }] }),
        expect.objectContaining({ comment: expect.objectContaining({ id: clean.id }), verdict: 'publish', heldForReview: false }),
      ]));
      expect(byType('comment.reviewed')).toEqual([{
        comment: { id: flagged.id, threadId: 't1', authorId: 'u1' },
        review: { state: 'approved', decidedBy: 'alice', decidedAt: expect.any(String), action: 'approve', reason: null },
        // An approval needs no statement of reasons (rejections carry one: tests/people).
        statement: null,
      }]);
      // Webhooks never carry comment text or the moderator's internal note.
      expect(endpoint.received.map((r) => r.rawBody).join()).not.toMatch(/comment text|reclaimed word/);
    } finally {
      await close();
    }
  });

  it("a decision's comment.reviewed outbox row commits with the decision: when the row cannot be written, the decision is not made", async () => {
    const { review, close } = setup();
    try {
      const c = await claimedComment(review);
      const allow = await refuseOutboxRows('comment.reviewed');
      await expect(review.service.decide(c.id, alice, { action: 'reject', reason: 'spam' })).rejects.toThrow(/outbox refused/);
      // Nothing of the decision committed: still claimed by alice, no audit entry, the comment not marked rejected.
      expect((await review.store.get(c.id))).toMatchObject({ state: 'claimed', decision: null });
      expect((await db.selectFrom('audit_log').select('action').where('item_id', '=', c.id).execute()).map((r) => r.action)).toEqual(['create', 'claim']);
      expect((await db.selectFrom('comments').select('review').where('id', '=', c.id).executeTakeFirstOrThrow()).review).toMatchObject({ state: 'pending' });
      // Once the row can be written, the decision and its webhook commit together and the site gets it.
      await allow();
      expect((await review.service.decide(c.id, alice, { action: 'reject', reason: 'spam' })).state).toBe('rejected');
      await expectDelivered('comment.reviewed', { review: { state: 'rejected', reason: 'spam' } });
    } finally {
      await close();
    }
  });

  it("an appeal's comment.appeal_decided outbox row commits with the appeal's decision: when the row cannot be written, the appeal stays pending", async () => {
    const { review, close } = setup();
    try {
      const c = await claimedComment(review);
      await review.service.decide(c.id, alice, { action: 'reject', reason: 'spam' });
      await review.service.appeal(c.id, 'it was not spam');
      const allow = await refuseOutboxRows('comment.appeal_decided');
      await expect(review.service.decideAppeal(c.id, bob, { outcome: 'overturn' })).rejects.toThrow(/outbox refused/);
      // Nothing of the appeal's decision committed: still pending, the item still rejected, no audit entry for it.
      expect((await db.selectFrom('appeals').select('state').where('comment_id', '=', c.id).executeTakeFirstOrThrow()).state).toBe('pending');
      expect(await review.store.get(c.id)).toMatchObject({ state: 'rejected' });
      expect((await db.selectFrom('audit_log').select('action').where('item_id', '=', c.id).execute()).map((r) => r.action)).not.toContain('appeal_overturned');
      await allow();
      expect((await review.service.decideAppeal(c.id, bob, { outcome: 'overturn', message: 'sorry' })).state).toBe('overturned');
      await expectDelivered('comment.appeal_decided', { appeal: { state: 'overturned', message: 'sorry' }, review: { state: 'approved' } });
    } finally {
      await close();
    }
  });

  it('retries a failing endpoint with backoff until it answers 2xx: same delivery id and body, fresh valid signature', async () => {
    const { review, close } = setup();
    try {
      let failures = 2;
      endpoint.respond = () => (failures-- > 0 ? 503 : 200);
      const c = makeComment();
      await review.recordVerdict(c, "scored", makeResult());
      await until(() => endpoint.received.length === 3, 'two failures and a success');
      const [first, ...rest] = endpoint.received;
      for (const r of rest) {
        expect(r.body.id).toBe(first!.body.id);
        expect(r.rawBody).toBe(first!.rawBody);
      }
      expect(endpoint.received.every(validSignature)).toBe(true);
      await new Promise((r) => setTimeout(r, 200));
      expect(endpoint.received).toHaveLength(3);
    } finally {
      await close();
    }
  });

  it('a retried scoring job (ingestVerdict twice) sends one delivery', async () => {
    const { review, close } = setup();
    try {
      const c = makeComment();
      await review.recordVerdict(c, "scored", makeResult());
      await review.recordVerdict(c, "scored", makeResult());
      await until(() => endpoint.received.length >= 1, 'a delivery');
      await new Promise((r) => setTimeout(r, 300));
      expect(endpoint.received).toHaveLength(1);
    } finally {
      await close();
    }
  });

  it('a stuck endpoint never holds up verdict intake or moderation', async () => {
    const { review, close } = setup({ WEBHOOK_TIMEOUT_MS: '60000' });
    try {
      endpoint.respond = () => 'hold';
      const comments = Array.from({ length: 20 }, () => makeComment());
      for (const c of comments) await review.recordVerdict(c, "scored", makeResult());
      // All intake finished while the endpoint has not answered a single request.
      await until(() => endpoint.received.length > 0, 'the first (held) request');
      expect(endpoint.held.length).toBe(endpoint.received.length);
      expect((await review.service.counts()).pending).toBe(20);
      // Moderation goes on too.
      await review.service.claim(comments[0]!.id, alice);
      expect((await review.service.decide(comments[0]!.id, alice, { action: 'reject', reason: 'spam' })).state).toBe('rejected');
      // Once the endpoint recovers, everything queued is delivered.
      endpoint.respond = () => 200;
      endpoint.releaseHeld();
      await until(() => new Set(endpoint.received.map((r) => r.body.id)).size === 21, 'all 21 deliveries');
    } finally {
      await close();
    }
  });
});
