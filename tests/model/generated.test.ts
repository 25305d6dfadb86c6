/**
 * Sieve's generated training sentences (scripts/training/generated.ts) are written independently of the
 * project's functional suite: no sentence equals a suite case and none shares a run of six words with one,
 * so the suite's figures are not bought by training on its cases.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedExamples } from '../../scripts/training/generated';

const words = (s: string) => s.toLowerCase().replace(/[^a-z0-9 ]+/g, ' ').split(/\s+/).filter(Boolean);
const runs = (w: string[], n: number) => Array.from({ length: Math.max(0, w.length - n + 1) }, (_, i) => w.slice(i, i + n).join(' '));

describe('generated training sentences', () => {
  const generated = generatedExamples();
  const withV22 = generatedExamples(undefined, { v22: true });
  const suite = readFileSync(join(__dirname, '../../seeds/functional-suite.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { text: string }).text);

  test('are the same set on every run (seeded)', () => {
    expect(generatedExamples().map((e) => e.text)).toEqual(generated.map((e) => e.text));
  });

  test('share no sentence and no six-word run with the functional suite', () => {
    const suiteRuns = new Set(suite.flatMap((t) => runs(words(t), 6)));
    const suiteTexts = new Set(suite.map((t) => words(t).join(' ')));
    const clashes = withV22.filter((e) => suiteTexts.has(words(e.text).join(' ')) || runs(words(e.text), 6).some((r) => suiteRuns.has(r)));
    expect(clashes.map((e) => e.text)).toEqual([]);
  });

  test("v2.2's sentences are opt-in and leave v2.1's set as it was", () => {
    expect(withV22.slice(0, generated.length).map((e) => e.text)).toEqual(generated.map((e) => e.text));
    expect(withV22.length).toBeGreaterThan(generated.length + 3000);
  });

  test('a share of v2.2\'s templated sentences: fewer drawn, each weighing that share; the idioms keep weight 1', () => {
    const half = generatedExamples(undefined, { v22: true, v22Share: 0.5 });
    const added = (xs: typeof withV22) => xs.slice(generated.length);
    expect(added(half).length).toBeLessThan(added(withV22).length * 0.6);
    expect(added(half).length).toBeGreaterThan(added(withV22).length * 0.4);
    const claims = added(half).filter((e) => e.original === 'claim-attack');
    expect(claims.length).toBeGreaterThan(300);
    for (const e of claims) expect(e.weight).toBe(1);
    for (const e of added(half).filter((x) => x.original === 'claim-negated')) expect(e.weight).toBe(0.5);
    for (const e of added(half).filter((x) => x.original === 'veiled-words-harmless')) expect(e.weight ?? 1).toBe(1);
  });

  test('label dehumanisation and implicit derogation as identity attacks, and neutral statements as civil', () => {
    const byKind = (k: string) => generated.filter((e) => e.original === k);
    for (const k of ['dehumanisation', 'implicit-derogation']) {
      expect(byKind(k).length).toBeGreaterThan(100);
      for (const e of byKind(k)) expect(e.target).toMatchObject({ toxicity: 1, identity_attack: 1, threat: 0 });
    }
    for (const k of ['identity-neutral-group', 'identity-positive-group', 'identity-self', 'counter-dehumanising']) {
      expect(byKind(k).length).toBeGreaterThan(50);
      for (const e of byKind(k)) expect(e.target).toEqual({ toxicity: 0, insult: 0, identity_attack: 0, threat: 0 });
    }
  });
});
