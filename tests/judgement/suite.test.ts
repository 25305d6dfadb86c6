/**
 * The project's functional suite is well-formed data (seeds/functional-suite.jsonl; `npm run eval:model` runs it),
 * and the geopolitical lexicon carries a usage example for every term.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSuite } from '../../scripts/functional-suite';
import { createLexiconScorer } from '../../src/scoring/lexicon/scorer';

const suite = loadSuite();

describe('the functional suite', () => {
  test('has at least 400 cases over at least 24 functionalities, each with one expected outcome', () => {
    expect(suite.length).toBeGreaterThanOrEqual(400);
    const byFn = new Map<string, Set<string>>();
    for (const c of suite) byFn.set(c.functionality, (byFn.get(c.functionality) ?? new Set()).add(c.expected));
    expect(byFn.size).toBeGreaterThanOrEqual(24);
    for (const [fn, expected] of byFn) expect([fn, expected.size]).toEqual([fn, 1]);
    for (const fn of byFn.keys()) expect([fn, suite.filter((c) => c.functionality === fn).length >= 8]).toEqual([fn, true]);
  });

  test('covers what the issue asks for', () => {
    const fns = new Set(suite.map((c) => c.functionality));
    for (const fn of ['threat_direct', 'threat_veiled', 'threat_group', 'insult_individual', 'derogation_implicit', 'dehumanisation', 'slur',
      'disguise_swapped_letters', 'disguise_deleted_letters', 'disguise_added_letters', 'disguise_leet', 'disguise_spacing', 'negated_hate',
      'counter_quoting', 'counter_referencing', 'counter_reporting', 'reclaimed_slur', 'homonym', 'identity_neutral', 'identity_positive',
      'political_heated', 'profanity_untargeted']) expect(fns).toContain(fn);
  });

  test('names at least 12 groups in neutral statements, and every group case says which group', () => {
    const groups = new Set(suite.filter((c) => c.functionality === 'identity_neutral').map((c) => c.target));
    expect(groups.size).toBeGreaterThanOrEqual(12);
    expect(groups.has(undefined)).toBe(false);
  });

  test('no text appears twice', () => {
    const texts = suite.map((c) => c.text);
    expect(new Set(texts).size).toBe(texts.length);
  });
});

describe('the geopolitical lexicon', () => {
  const geo = JSON.parse(readFileSync(join(__dirname, '../../seeds/lexicon/geopolitical.json'), 'utf8')) as { entries: { term: string; usage: string }[] };
  const lexicon = createLexiconScorer();

  test('every term has a usage example, and the example itself is matched', () => {
    for (const e of geo.entries) {
      expect([e.term, e.usage.length > 10]).toEqual([e.term, true]);
      expect([e.term, lexicon.match(e.usage).length > 0]).toEqual([e.term, true]);
    }
  });

  test('coinages of the seed thread\'s kind are found; the countries\' names are not', () => {
    for (const t of ['ruSSia will fall', 'a vatnik again', 'khokhols crying', 'amerikkka', 'zionazi lies', 'Ruzzian soldiers', 'banderite scum', 'the kung flu'])
      expect([t, lexicon.match(t).length]).toEqual([t, 1]);
    for (const t of ['Russia will fall', 'RUSSIA and CHINA', 'Ukraine, the US, Israel and China met in Geneva', 'The Russian and Ukrainian delegations', 'Zionism and its critics'])
      expect([t, lexicon.match(t)]).toEqual([t, []]);
  });
});
