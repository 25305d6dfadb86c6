/**
 * The judgement a newsroom acts on, through the real pipeline (lexicon → context → the committed model → policy):
 * threats outrank swearing, counter-speech quoting a slur is never rejected (and its span is still reported),
 * reclaimed and innocent uses are not held, untargeted swearing is published unless the operator's POLICY_FILE
 * says otherwise, and swearing is reported as profanity, never as a slur.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LABEL_INFO, LABELS, NEWSROOM_LABELS } from '../../src/domain/labels';
import type { SlurMatch } from '../../src/domain/slurs';
import { DEFAULT_POLICY } from '../../src/policy/defaults';
import { decide, loadPolicy } from '../../src/policy/policy';
import { createPipeline, type Pipeline } from '../../src/scoring/pipeline';
import { createLexiconScorer } from '../../src/scoring/lexicon/scorer';
import { createModelScorer } from '../../src/scoring/model';
import type { Scorer } from '../../src/scoring/types';

const THREAT = 'I know where you live… I will kill you and your family.';
const SWEARING = 'This fucking policy is a disaster for renters.';

let scorers: Scorer[];
let pipeline: Pipeline;
const policyFile = (o: unknown) => {
  const f = join(mkdtempSync(join(tmpdir(), 'sieve-policy-')), 'policy.json');
  writeFileSync(f, JSON.stringify(o));
  return f;
};

beforeAll(async () => {
  scorers = [createLexiconScorer(), await createModelScorer({ log: () => {} })];
  pipeline = createPipeline(scorers);
});
afterAll(() => pipeline?.close());

const match = (over: Partial<SlurMatch>): SlurMatch => ({ term: 'fuck', category: 'profanity', severity: 4, start: 0, end: 4, text: 'fuck', transformations: [], ...over });

describe('labels a newsroom needs', () => {
  test('toxicity, insult, identity_attack, threat and profanity, each documented with what produces it', () => {
    expect(NEWSROOM_LABELS).toEqual(['toxicity', 'insult', 'identity_attack', 'threat', 'profanity']);
    // The Google provider's extra labels are kept, each mapped to what it answers — not dropped silently.
    for (const l of LABELS) expect(LABEL_INFO[l].from.length).toBeGreaterThan(0);
    expect(LABEL_INFO.profanity.from).toEqual(['lexicon:profanity']);
  });

  test('swearing is reported as profanity, never as a slur: reason code, label and priority band', async () => {
    const policy = loadPolicy(policyFile({ categories: { profanity: { review: 2 } } }));
    const [r] = await createPipeline(scorers.slice(0, 1), policy).scoreBatch([SWEARING]);
    expect(r!.verdict).toBe('review');
    expect(r!.reasons.map((x) => x.code)).toEqual(['profanity']);
    expect(r!.reasons[0]!.message).toBe("profanity 'fuck' (severity 4)");
    expect(r!.labels).toEqual({ profanity: 0.9 });
    expect(r!.priority).toBeLessThan(35); // the profanity band, under every insult, slur and threat
  });
});

describe('priority: threat > identity attack and slurs > insult > profanity', () => {
  test('on the policy: the same strength ranks by kind', () => {
    const threat = decide({ threat: 0.6 }, []);
    const slur = decide({}, [match({ term: 'kike', category: 'racial_ethnic', severity: 4 })]);
    const insult = decide({ insult: 0.95 }, []);
    const swearing = decide({}, [match({})], loadPolicy(policyFile({ categories: { profanity: { review: 1 } } })));
    expect([threat, slur, insult, swearing].map((d) => d.verdict)).toEqual(['review', 'reject', 'review', 'review']);
    expect(threat.priority).toBeGreaterThan(slur.priority);
    expect(slur.priority).toBeGreaterThan(insult.priority);
    expect(insult.priority).toBeGreaterThan(swearing.priority);
  });

  test('through the pipeline: "I know where you live… kill you and your family" outranks "This fucking policy…"', async () => {
    const [threat, swearing] = await pipeline.scoreBatch([THREAT, SWEARING]);
    expect(threat!.verdict).not.toBe('publish');
    expect(threat!.priority).toBeGreaterThan(swearing!.priority);
    // Even when the operator holds swearing, the threat stays ahead of it.
    const strict = createPipeline(scorers, loadPolicy(policyFile({ categories: { profanity: { review: 1 } } })));
    const [t2, s2] = await strict.scoreBatch([THREAT, SWEARING]);
    expect(s2!.verdict).toBe('review');
    expect(t2!.priority).toBeGreaterThan(s2!.priority);
  });
});

describe('threat phrases: what the model misses is held at threat priority', () => {
  // Sentences written for this test, not the suite's.
  const VEILED = 'Your editor takes the same bus home every night. Sleep with one eye open.';
  const DIRECT = 'Print that again and I will break your legs.';

  test('a veiled and a direct threat are held above a slur, with the phrase as the reason and its span', async () => {
    const [veiled, direct] = await pipeline.scoreBatch([VEILED, DIRECT]);
    const slur = decide({}, [match({ term: 'kike', category: 'racial_ethnic', severity: 4 })], { ...DEFAULT_POLICY, categories: { ...DEFAULT_POLICY.categories, racial_ethnic: { ...DEFAULT_POLICY.categories.racial_ethnic, reject: null } } });
    for (const [r, text, term] of [[veiled!, VEILED, 'veiled threat'], [direct!, DIRECT, 'direct threat']] as const) {
      expect(r.verdict).toBe('review');
      expect(r.reasons).toContainEqual(expect.objectContaining({ code: 'threat_phrase', term }));
      const s = r.slurs.find((m) => m.category === 'threat')!;
      expect(text.slice(s.start, s.end)).toBe(s.text);
      expect(r.labels.threat).toBeGreaterThan(0.5); // the client's threat label says so too
      expect(r.priority).toBeGreaterThan(slur.priority);
    }
    expect(direct!.priority).toBeGreaterThan(veiled!.priority);
    expect(veiled!.modelLabels!.threat!).toBeLessThan(DEFAULT_POLICY.labels.threat.review); // the model alone would publish it
  });

  test('a threat quoted to report it is not held by the phrase; a site may reject direct threats in POLICY_FILE', async () => {
    const [reported] = await pipeline.scoreBatch(['A reader emailed me "I know where you live" last week. I reported it to the police.']);
    expect(reported!.slurs[0]).toMatchObject({ category: 'threat', context: expect.stringMatching(/quoted|reported|condemned/) });
    expect(reported!.reasons.map((r) => r.code)).not.toContain('threat_phrase');
    const strict = createPipeline(scorers, loadPolicy(policyFile({ categories: { threat: { reject: 3 } } })));
    const [direct, veiled] = await strict.scoreBatch([DIRECT, VEILED]);
    expect([direct!.verdict, veiled!.verdict]).toEqual(['reject', 'review']);
  });
});

describe('dehumanising phrases: blatant hate the model can miss', () => {
  test('a group likened to vermin is held at identity-attack priority with the phrase as the reason and its span', async () => {
    // The model alone publishes it (toxicity 0.37 for "Jews are vermin." with v2.1): the phrase holds it.
    const text = 'Sikhs are vermin.';
    const [r] = await pipeline.scoreBatch([text]);
    expect(r!.verdict).toBe('review');
    expect(r!.reasons.map((x) => x.code)).toContain('dehumanising_phrase');
    expect(r!.slurs).toEqual([expect.objectContaining({ category: 'dehumanising', text: 'Sikhs are vermin' })]);
    expect(r!.labels.identity_attack).toBeGreaterThanOrEqual(0.8);
  });
});

describe('counter-speech: a slur quoted, reported or condemned', () => {
  test('is never rejected, and is still reported with its span', async () => {
    const texts = ['Calling people faggots is disgusting.', 'He called me a kike on the bus this morning and nobody said a word.', 'Someone sprayed "nigger" on our neighbour\'s fence. The police are looking into it.'];
    const results = await pipeline.scoreBatch(texts);
    results.forEach((r, i) => {
      expect(r.verdict).not.toBe('reject');
      expect(r.slurs).toHaveLength(1);
      const s = r.slurs[0]!;
      expect(texts[i]!.slice(s.start, s.end)).toBe(s.text);
      expect(['quoted', 'reported', 'condemned']).toContain(s.context);
    });
  });

  test('the model may hold it for a human, but a reject-level score is capped at review', () => {
    // A policy whose toxicity threshold rejects (the default one may not reject on toxicity at all).
    const rejecting = { ...DEFAULT_POLICY, labels: { ...DEFAULT_POLICY.labels, toxicity: { review: 0.5, reject: 0.9 } } };
    const d = decide({ toxicity: 0.99 }, [match({ term: 'faggot', category: 'sexual_orientation_gender', severity: 3, context: 'condemned' })], rejecting);
    expect(d.verdict).toBe('review');
    expect(d.reasons.map((r) => r.code)).toEqual(['label_reject', 'counter_speech_cap']);
    // The same slur used plainly, with the same model score, is rejected.
    expect(decide({ toxicity: 0.99 }, [match({ term: 'faggot', category: 'sexual_orientation_gender', severity: 3 })], rejecting).verdict).toBe('reject');
  });

  test("POLICY_FILE can hold counter-speech for a human per category (never reject): {mentioned: 'review'}", () => {
    const policy = loadPolicy(policyFile({ categories: { racial_ethnic: { mentioned: 'review' } } }));
    const m = match({ term: 'kike', category: 'racial_ethnic', severity: 4, context: 'reported' });
    expect(decide({}, [m], policy)).toMatchObject({ verdict: 'review', reasons: [{ code: 'term_in_context', term: 'kike' }] });
    expect(decide({}, [m]).verdict).toBe('publish'); // default: the model decides
    expect(policy.categories.racial_ethnic).toEqual({ ...DEFAULT_POLICY.categories.racial_ethnic, mentioned: 'review' });
  });

  test('a hateful statement quoted to report it is published; the same statement endorsed is held', async () => {
    // The suite's own counter_quoting cases are not repeated here: these sentences are written for this test.
    const [reported, endorsed] = await pipeline.scoreBatch([
      'A man on the tram shouted "all immigrants are rats" at my neighbour. I reported him to the driver.',
      'A man on the tram shouted "all immigrants are rats" and honestly he has a point.',
    ]);
    expect(reported!.verdict).toBe('publish');
    expect(endorsed!.verdict).not.toBe('publish');
  });

  test('a hateful claim named as bigotry without quotation marks is published; the same claim made is held', async () => {
    // Written for this test, not the suite's counter_referencing cases.
    const [countered, made] = await pipeline.scoreBatch([
      'Anyone who says Black people should be deported is a bigot.',
      'Black people should be deported.',
    ]);
    expect(countered!.verdict).toBe('publish');
    expect(made!.verdict).not.toBe('publish');
  });

  test('a slur quoted AT someone is plain abuse, whatever the quotation marks say', async () => {
    const [r] = await pipeline.scoreBatch(['You\'re a "kike" and everyone here knows it.']);
    expect(r!.slurs[0]!.context).toBeUndefined();
    expect(r!.verdict).not.toBe('publish');
  });
});

describe('reclaimed and innocent uses are not held', () => {
  test.each([
    'A bundle of faggots for the fire.', // the issue's own example
    'Crackers and cheese for lunch again.',
    "I'm a proud dyke and I love my wife.",
    'Our Labrador bitch had eight puppies last night.',
    'Scunthorpe United won 3-1 on Saturday.',
    'Add the shiitake mushrooms to the pan.',
  ])('%s', async (text) => {
    const [r] = await pipeline.scoreBatch([text]);
    expect(r!.verdict).toBe('publish');
    for (const s of r!.slurs) expect(['reclaimed', 'homonym']).toContain(s.context);
  });

  test('the lexicon and policy hold none of the innocent-word sentences of the issue (the model may still; see the model card)', async () => {
    const texts = ['Scunthorpe United won again.', 'The cocktails at the new bar are excellent.', 'Add the shiitake mushrooms.', 'Dick Van Dyke was wonderful in that film.', 'Crackers and cheese for lunch.', 'A bundle of faggots for the fire.'];
    const results = await createPipeline(scorers.slice(0, 1)).scoreBatch(texts);
    expect(results.map((r) => r.verdict)).toEqual(texts.map(() => 'publish'));
  });
});

describe('untargeted profanity', () => {
  test('is published by default', async () => {
    const texts = ['Holy shit, what a game last night!', 'Damn, that is a brilliant piece of reporting.', SWEARING];
    const results = await pipeline.scoreBatch(texts);
    expect(results.map((r) => r.verdict)).toEqual(['publish', 'publish', 'publish']);
    expect(results.every((r) => r.slurs.length === 1 && r.slurs[0]!.category === 'profanity')).toBe(true);
  });

  test('is held when POLICY_FILE says so, with the reason "profanity"', async () => {
    const strict = createPipeline(scorers, loadPolicy(policyFile({ categories: { profanity: { review: 1 } } })));
    const [r] = await strict.scoreBatch(['Holy shit, what a game last night!']);
    expect(r!.verdict).toBe('review');
    expect(r!.reasons.map((x) => x.code)).toContain('profanity');
    expect(r!.reasons.map((x) => x.code)).not.toContain('slur');
  });

  test('swearing AT someone is an insult, held even without the model', async () => {
    const [r] = await createPipeline(scorers.slice(0, 1)).scoreBatch(['shut up, you stupid cunt']);
    expect(r!.slurs[0]).toMatchObject({ term: 'cunt', category: 'profanity', context: 'addressed' });
    expect(r!.verdict).toBe('review');
    expect(r!.reasons.map((x) => x.code)).toEqual(['insult_term']);
    expect(r!.labels).toEqual({ insult: 0.9 });
  });

  test('swearing AT someone is still the model\'s insult to judge', async () => {
    const [r] = await pipeline.scoreBatch(['Fuck you, you worthless piece of shit.']);
    expect(r!.verdict).not.toBe('publish');
  });
});

describe('POLICY_FILE', () => {
  test('a bad context rule is refused, naming the field', () => {
    expect(() => loadPolicy(policyFile({ categories: { religious: { mentioned: 'reject' } } }))).toThrow(/categories\.religious\.mentioned/);
  });
});
