/**
 * The operator's gauges on the API's /metrics, against a real Redis and real processes: comments accepted while
 * no worker runs make the scoring backlog grow and age; a worker scores them, the backlog drains, flagged ones
 * show as pending review items with the age of the oldest; a webhook endpoint that fails shows as failed
 * deliveries, counted by the API from the webhook queue even though a separate process delivers.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startWebhookWorkerProcess } from '../../workers/webhook-worker';
import { comment, eventually, KEYS, startSieve, type TestSieve } from '../helpers/sieve';

let sieve: TestSieve;
let hook: Server;
let hookCalls = 0;

beforeAll(async () => {
  // The site's endpoint is down: every delivery answers 500.
  hook = createServer((req, res) => {
    req.resume();
    req.on('end', () => { hookCalls++; res.writeHead(500).end(); });
  });
  hook.listen(0, '127.0.0.1');
  await new Promise((r) => hook.once('listening', r));
  sieve = await startSieve({
    WEBHOOK_URL: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`, WEBHOOK_SECRET: 'metrics-test-secret-0123',
    WEBHOOK_ATTEMPTS: '2', WEBHOOK_BACKOFF_MS: '10',
  });
});
afterAll(async () => {
  await sieve?.close();
  hook.closeAllConnections();
  await new Promise((r) => hook.close(r));
});

/** The samples of /metrics as `name{labels}` → value. */
async function scrape(): Promise<Map<string, number>> {
  const r = await sieve.request('GET', '/metrics');
  expect(r.status).toBe(200);
  const samples = new Map<string, number>();
  for (const line of String(r.body).split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

const sample = (m: Map<string, number>, key: string) => {
  expect(m.has(key)).toBe(true);
  return m.get(key)!;
};

it('the backlog, the review queue and webhook failures move on /metrics', async () => {
  let m = await scrape();
  expect(sample(m, 'sieve_scoring_backlog_jobs')).toBe(0);
  expect(sample(m, 'sieve_scoring_oldest_waiting_age_seconds')).toBe(0);
  expect(sample(m, 'sieve_scoring_workers')).toBe(0);
  expect(sample(m, 'sieve_review_items{state="pending"}')).toBe(0);
  expect(sample(m, 'sieve_review_oldest_comment_age_seconds{state="pending"}')).toBe(0);
  expect(sample(m, 'sieve_webhook_queue_jobs{state="failed"}')).toBe(0);

  // No worker runs: accepted comments wait, and the one next in line ages.
  const posted = Date.now() - 90_000;
  const texts = ['what a lovely day', 'you stupid fucking idiot', 'shut up you retard', 'thanks for the article'];
  for (const [i, text] of texts.entries()) {
    const r = await sieve.request('POST', '/v1/comments', {
      key: KEYS.ingest, body: comment(`om-${i}`, text, { createdAt: new Date(posted + i * 1000).toISOString() }),
    });
    expect(r.status).toBe(202);
  }
  await new Promise((r) => setTimeout(r, 1100));
  m = await scrape();
  expect(sample(m, 'sieve_scoring_backlog_jobs')).toBe(4);
  expect(sample(m, 'sieve_scoring_oldest_waiting_age_seconds')).toBeGreaterThanOrEqual(1);
  expect(sample(m, 'sieve_scoring_oldest_waiting_age_seconds')).toBeLessThan(60);

  // A worker (webhooks delivered elsewhere, as in production) and the webhook process start.
  await sieve.startWorker();
  const delivery = await startWebhookWorkerProcess(sieve.config);
  try {
    m = await eventually(async () => {
      const s = await scrape();
      return s.get('sieve_scoring_backlog_jobs') === 0 && s.get('sieve_review_items{state="pending"}') === 2 ? s : undefined;
    }, 30_000, 'the backlog drained into the review queue');
    expect(sample(m, 'sieve_scoring_oldest_waiting_age_seconds')).toBe(0);
    expect(sample(m, 'sieve_scoring_workers')).toBe(1);
    // The two flagged comments were posted 89 and 88 seconds ago (the queue orders by the comment's time).
    const oldest = sample(m, 'sieve_review_oldest_comment_age_seconds{state="pending"}');
    expect(oldest).toBeGreaterThanOrEqual(89);
    expect(oldest).toBeLessThan(89 + 60);
    expect(sample(m, 'sieve_review_oldest_comment_age_seconds{state="claimed"}')).toBe(0);

    // A moderator claims one: it moves from pending to claimed.
    const claimed = await sieve.request('POST', '/v1/review/items/om-1/claim', { key: KEYS.moderator });
    expect(claimed.status).toBe(200);
    m = await scrape();
    expect(sample(m, 'sieve_review_items{state="pending"}')).toBe(1);
    expect(sample(m, 'sieve_review_items{state="claimed"}')).toBe(1);
    expect(sample(m, 'sieve_review_oldest_comment_age_seconds{state="claimed"}')).toBeGreaterThanOrEqual(89);
    expect(sample(m, 'sieve_review_oldest_comment_age_seconds{state="pending"}')).toBeGreaterThanOrEqual(88);
    expect(sample(m, 'sieve_review_oldest_comment_age_seconds{state="pending"}')).toBeLessThan(oldest);

    // Four comment.scored deliveries (and a claim is not an event): each tried twice, then given up.
    m = await eventually(async () => {
      const s = await scrape();
      return (s.get('sieve_webhook_queue_jobs{state="failed"}') ?? 0) >= 4 ? s : undefined;
    }, 30_000, 'failed deliveries counted');
    expect(sample(m, 'sieve_webhook_queue_jobs{state="completed"}')).toBe(0);
    expect(hookCalls).toBeGreaterThanOrEqual(8);
  } finally {
    await delivery.close();
  }
}, 60_000);
