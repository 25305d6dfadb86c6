import { createPipeline } from '../../src/scoring/pipeline';
import { createLexiconScorer } from '../../src/scoring/lexicon/scorer';
import { labelsFromMatches } from '../../src/scoring/lexicon/labels';
import { createScorers } from '../../src/scoring/scorers';

const scorer = createLexiconScorer();
const score = async (text: string) => (await scorer.scoreBatch([{ text, slurs: [], labels: {} }]))[0]!;

describe('the lexicon scorer', () => {
  test("is named 'lexicon' and returns one output per item, in order", async () => {
    expect(scorer.name).toBe('lexicon');
    const out = await scorer.scoreBatch(['hello', 'sh1t', 'fine'].map((text) => ({ text, slurs: [], labels: {} })));
    expect(out.map((o) => o.slurs?.length)).toEqual([0, 1, 0]);
  });

  test('gives the model de-obfuscated text: disguised terms spelled out, look-alikes resolved', async () => {
    expect((await score('You f u c k i n g ｉｄｉｏｔ')).normalized).toBe('you fucking idiot');
    expect((await score('what a n1gg@ move')).normalized).toBe('what a nigga move');
    expect((await score('Nothing to see here.')).normalized).toBe('nothing to see here.');
  });

  test('labels are derived from categories in the pipeline (after the context phase), documented as lexicon-derived', async () => {
    expect((await score('kikes')).labels).toBeUndefined(); // the scorer reports matches; the pipeline derives labels
    const [plain, quoted] = await createPipeline([scorer]).scoreBatch(['kikes', 'He called me a kike on the bus.']);
    expect(plain!.labels.identity_attack).toBeGreaterThan(0.5);
    expect(plain!.labels.toxicity).toBeUndefined(); // left to the model
    expect(quoted!.labels).toEqual({}); // a reported slur implies no label: the model judges such comments
    expect(labelsFromMatches([{ term: 'x', category: 'profanity', severity: 2, start: 0, end: 1, text: 'x', transformations: [] }])).toEqual({ profanity: 0.6 });
  });

  test('in the pipeline, a disguised slur becomes a verdict with a reason a moderator can read', async () => {
    const pipeline = createPipeline([scorer]);
    const [result] = await pipeline.scoreBatch(['go away you nіgger']); // Cyrillic і
    expect(result!.verdict).not.toBe('publish');
    expect(result!.reasons.map((r) => r.message)).toContain("racial/ethnic slur 'nigger' (severity 4), written with look-alike letters");
    expect(result!.slurs[0]).toMatchObject({ start: 12, end: 18, text: 'nіgger', source: 'dsojevic' });
  });

  test("createScorers(['lexicon']) builds it without Redis (no site terms)", async () => {
    const [s] = await createScorers(['lexicon'], { MODEL_PROVIDER: 'sieve', TF_BACKEND: 'auto', REDIS_PREFIX: 'sieve', LEXICON_FILES: [] } as never);
    expect(s!.name).toBe('lexicon');
    const [out] = await s!.scoreBatch([{ text: 'f*ck', slurs: [], labels: {} }]);
    expect(out!.slurs![0]!.term).toBe('fuck');
    await s!.close?.();
  });
});
