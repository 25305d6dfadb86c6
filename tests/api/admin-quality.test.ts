/**
 * GET /v1/admin/quality: the figures from seeded decisions, for admins only, with every bad query refused with a
 * precise 400.
 */
import type { ScoreResult } from '../../src/domain/score';
import { DEFAULT_POLICY } from '../../src/policy/defaults';
import { alice, makeComment, seedComment } from '../review/fixtures';
import { closeSieveWithStores, KEYS, startSieveWithStores, type SieveWithStores } from '../helpers/sieve';

let s: SieveWithStores;

const held = (insult: number): ScoreResult => ({
  labels: { insult }, modelLabels: { insult }, slurs: [], score: insult, verdict: 'review', priority: 50,
  reasons: [{ code: 'label_review', label: 'insult', message: 'insult high' }], scorers: ['model:sieve'],
});

beforeAll(async () => {
  s = await startSieveWithStores();
  // 10 held for insult in section "politics": moderators rejected 8; 2 in "sport": both approved.
  for (let i = 0; i < 12; i++) {
    const c = makeComment({ metadata: { section: i < 10 ? 'politics' : 'sport' } });
    await seedComment(s.db, c, held(0.5 + i / 40));
    await s.review.store.ingest(c, held(0.5 + i / 40));
    const reject = i < 8;
    expect(await s.review.store.decide(c.id, alice, reject ? { action: 'reject', reason: 'harassment' } : { action: 'approve' }, { autoClaim: true })).toMatchObject({ ok: true });
  }
}, 60_000);
afterAll(async () => { await closeSieveWithStores(s); });

const get = (query: string, key = KEYS.admin) => s.sieve.request('GET', `/v1/admin/quality${query}`, { key });

test('precision of holds per label with its 95 % interval, per section, with suggestions and a series', async () => {
  const r = await get('');
  expect(r.status).toBe(200);
  expect(r.body.examples).toBe(12);
  expect(r.body.byLabel.insult.precision).toMatchObject({ k: 8, n: 12 });
  expect(r.body.days).toBe(30);
  expect(r.body.series).toHaveLength(5); // 30 days in weeks: 4 whole weeks and 2 days
  expect(r.body.suggestions[0]).toMatchObject({ label: 'insult', current: { threshold: DEFAULT_POLICY.labels.insult!.review } });
  // All labels together: only insult has model scores here, so the joint search moves insult alone.
  expect(r.body.joint).toMatchObject({ labels: ['insult'], current: { thresholds: { insult: DEFAULT_POLICY.labels.insult!.review }, recall: 1 } });
  expect(r.body.joint.current.precision).toMatchObject({ k: 8, n: 12 });

  const politics = await get('?section=politics');
  expect(politics.body.byLabel.insult.precision).toMatchObject({ k: 8, n: 10, rate: 0.8 });
  expect(politics.body.byLabel.insult.precision.interval[0]).toBeCloseTo(0.49016, 4);
  expect(politics.body.section).toBe('politics');

  const target = await get('?section=politics&targetPrecision=0.5');
  expect(target.body.target).toEqual({ kind: 'precision', precision: 0.5 });
  const volume = await get('?targetPerDay=0.1');
  expect(volume.body.target).toEqual({ kind: 'volume', perDay: 0.1 });
});

test('a period without decisions has no figures, not errors', async () => {
  const r = await get('?since=2020-01-01T00:00:00Z&until=2020-02-01T00:00:00Z');
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({ examples: 0, byLabel: {}, recall: null });
  expect(r.body.holds.precision).toEqual({ k: 0, n: 0, rate: null, interval: null });
});

test('admins only; every bad query is a precise 400', async () => {
  expect((await get('', KEYS.moderator)).status).toBe(403);
  expect((await s.sieve.request('GET', '/v1/admin/quality')).status).toBe(401);
  const bad: [string, string, string][] = [
    ['?since=yesterday', 'invalid_value', 'since'],
    ['?since=2026-11-02T00:00:00Z&until=2026-11-01T00:00:00Z', 'invalid_value', 'since'],
    ['?since=2020-01-01T00:00:00Z&until=2026-01-01T00:00:00Z', 'invalid_value', 'since'],
    ['?targetPrecision=1.5', 'invalid_value', 'targetPrecision'],
    ['?targetPrecision=0', 'invalid_value', 'targetPrecision'],
    ['?targetPerDay=-1', 'invalid_value', 'targetPerDay'],
    ['?targetPrecision=0.8&targetPerDay=10', 'invalid_value', 'targetPerDay'],
    ['?section=', 'invalid_value', 'section'],
    ['?colour=blue', 'unknown_field', 'colour'],
  ];
  for (const [q, code, field] of bad) {
    const r = await get(q);
    expect({ q, status: r.status, code: r.body.error?.code, field: r.body.error?.field }).toEqual({ q, status: 400, code, field });
  }
});
