/**
 * Shadow scoring never changes a verdict: the same comments get the same verdicts, reasons and review items
 * whether a shadow that rejects everything runs beside the live pipeline, one that throws, or none — and the
 * shadow's scores reach its sink for exactly the sampled comments.
 */
import { DEFAULT_POLICY, type Policy } from '../../src/policy/defaults';
import { inSample, SAMPLE_SALTS } from '../../src/domain/sampling';
import { createPipeline } from '../../src/scoring/pipeline';
import { shadowFrom, type ShadowDescription, type ShadowScore } from '../../src/scoring/shadow';
import type { Scorer } from '../../src/scoring/types';
import { eventually, KEYS, startSieve, submit, type TestSieve } from '../helpers/sieve';

const TEXTS = [
  'Thanks for the article, very clear.',
  'You are a complete idiot and a moron.',
  'This fucking policy is a disgrace.',
  'I disagree with the mayor on housing.',
  'Go back to where you came from, you dirty wetback.',
  'Great match last night!',
  'shut up you stupid b1tch',
  'Could the council publish the minutes?',
];
const N = 120;
const text = (i: number) => TEXTS[i % TEXTS.length]!;

/** A planted shadow model: says every comment is toxic, under a policy that rejects toxicity ≥ 0.5. */
const toxicEverything: Scorer = { name: 'model:planted', scoreBatch: async (items) => items.map(() => ({ labels: { toxicity: 0.99 } })) };
const throwing: Scorer = { name: 'model:broken', scoreBatch: async () => { throw new Error('shadow model exploded'); } };
const strict: Policy = { ...DEFAULT_POLICY, labels: { ...DEFAULT_POLICY.labels, toxicity: { review: 0.1, reject: 0.5 } } };
const description = (sampleRate: number): ShadowDescription => ({ scorers: ['lexicon', 'model:planted'], modelProvider: 'sieve', modelDir: null, policyFile: null, sampleRate });

interface Seen { verdict: string; reasons: unknown; score: number; priority: number; status: string; visibility: string }

async function scoreThread(sieve: TestSieve, thread: string): Promise<Seen[]> {
  const comments = Array.from({ length: N }, (_, i) => ({ id: `${thread}-${i}`, author: { id: 'u' }, text: text(i) }));
  // As a site does: a 503 store_unavailable (the store slower than STORE_TIMEOUT_MS under a loaded machine) is sent again.
  const r = await submit(sieve, `/v1/threads/${thread}/comments`, { comments });
  expect(r.status).toBe(202);
  const all = await eventually(async () => {
    const t = await sieve.request('GET', `/v1/threads/${thread}`, { key: KEYS.ingest });
    const cs = t.body.comments as { id: string; status: string }[];
    return cs.every((c) => c.status !== 'queued') ? cs : undefined;
  }, 60_000, `verdicts in ${thread}`);
  return (all as unknown as (Seen & { id: string })[])
    .sort((a, b) => Number(a.id.split('-')[1]) - Number(b.id.split('-')[1]))
    .map(({ verdict, reasons, score, priority, status, visibility }) => ({ verdict, reasons, score, priority, status, visibility }));
}

describe('shadow scoring', () => {
  let sieve: TestSieve;
  beforeAll(async () => { sieve = await startSieve(); }, 60_000);
  afterAll(async () => { await sieve.close(); });

  test('never changes a verdict, and its scores reach the sink for exactly the sampled comments', async () => {
    const plain = await sieve.startWorker({ shadow: null });
    const live = await scoreThread(sieve, 'plain');
    await plain.close();
    expect(new Set(live.map((c) => c.verdict))).toEqual(new Set(['publish', 'review']));

    const got: ShadowScore[] = [];
    const withShadow = await sieve.startWorker({
      shadow: shadowFrom(createPipeline([...(await lexicon()), toxicEverything], strict), description(0.5)),
      shadowSink: async (scores) => { got.push(...scores); },
    });
    const shadowed = await scoreThread(sieve, 'shadowed');
    await withShadow.close(); // waits for the shadow pass in flight
    expect(shadowed).toEqual(live);

    // The shadow rejected everything it saw; the live verdicts (above) did not move.
    const sampledIds = Array.from({ length: N }, (_, i) => `shadowed-${i}`).filter((id) => inSample(SAMPLE_SALTS.shadow, id, 0.5));
    expect(sampledIds.length).toBeGreaterThan(30);
    // A batch whose sample finds the previous pass still running is skipped, never queued behind it.
    expect(got.length).toBeGreaterThan(0);
    expect(got.every((s) => sampledIds.includes(s.commentId))).toBe(true);
    expect(got.every((s) => s.shadow.verdict === 'reject')).toBe(true);
    expect(got.some((s) => s.live.verdict === 'publish')).toBe(true);

    const broken = await sieve.startWorker({ shadow: shadowFrom(createPipeline([throwing], strict), description(1)) });
    const afterThrow = await scoreThread(sieve, 'broken');
    await broken.close();
    expect(afterThrow).toEqual(live);
  }, 120_000);
});

async function lexicon(): Promise<Scorer[]> {
  const { createLexiconScorer } = await import('../../src/scoring/lexicon/scorer');
  return [await createLexiconScorer({})];
}
