import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompiledLexicon } from '../../src/scoring/lexicon/lexicon';
import { cussRatings, loadDefaultLexicon, loadLexiconFile, parseCsv } from '../../src/scoring/lexicon/sources';
import { sharedFile } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'sieve-lexicon-'));

describe('lexicon sources', () => {
  test("cuss's ratings are read from the ESM package", () => {
    const r = cussRatings();
    expect(r.size).toBeGreaterThan(1700);
    expect(r.get('christ')).toBe(0);
    expect(r.get('alligator bait')).toBe(2);
  });

  test("cuss guards ambiguous words: a form it rates 0 ('christ') is not matched", () => {
    const { entries } = loadDefaultLexicon();
    const forms = new Set(entries.flatMap((e) => [e.term, ...(e.variants ?? [])]));
    expect(forms.has('christ')).toBe(false);
    expect(forms.has('kike')).toBe(true);
    // Terms only cuss knows are included, with a category from overrides.json
    expect(entries.find((e) => e.term === 'zipperheads')).toMatchObject({ source: 'cuss', category: 'racial_ethnic' });
  });

  test("an exception may name whole words around the term ('* hound', 'heaven or *'), spaced as written", () => {
    const lexicon = new CompiledLexicon(loadDefaultLexicon().entries, []);
    const terms = (t: string) => lexicon.match(t).map((m) => m.term);
    expect(terms('We took the coon hound out at dawn.')).toEqual([]);
    expect(terms('I do not believe in heaven or hell.')).toEqual([]);
    expect(terms('She has been to hell and back.')).toEqual([]);
    expect(terms('What the hell happened to the buses?')).toEqual(['hell']);
  });

  test('CSV files in the Surge AI format (quoted fields too)', () => {
    const file = join(dir, 'list.csv');
    writeFileSync(file, 'text,canonical_form_1,canonical_form_2,canonical_form_3,category_1,category_2,category_3,severity_rating,severity_description\n'
      + 'bl0rp,blorp,,,"other / general insult",,,2.2,Strong\nblorp,blorp,,,other / general insult,,,1,Mild\n');
    const [e] = loadLexiconFile(file);
    expect(e).toMatchObject({ term: 'blorp', variants: ['bl0rp'], category: 'insult', severity: 3, source: 'file:list.csv' });
    expect(parseCsv('a,"b,""c"""\n1,2')).toEqual([['a', 'b,"c"'], ['1', '2']]);
  });

  test('JSON in dsojevic format or as Sieve entries; invalid entries name the field', () => {
    const ds = join(dir, 'ds.json');
    writeFileSync(ds, JSON.stringify([{ id: 'zonk', match: 'zo*nk|zonky', tags: ['racial'], severity: 4 }]));
    expect(loadLexiconFile(ds)[0]).toMatchObject({ term: 'zonk', variants: ['zonk', 'zonky'], category: 'racial_ethnic', severity: 4 });
    const ours = join(dir, 'ours.json');
    writeFileSync(ours, JSON.stringify({ entries: [{ term: 'zib', category: 'insult', severity: 2, allowInCompounds: true }] }));
    expect(loadLexiconFile(ours)[0]).toMatchObject({ term: 'zib', allowInCompounds: true, source: 'file:ours.json' });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ term: 'zib', category: 'insult', severity: 9 }]));
    expect(() => loadLexiconFile(bad)).toThrow(/entry 0: severity/);
  });

  test('plain text, one term per line', () => {
    const txt = join(dir, 'terms.txt');
    writeFileSync(txt, '# site list\nfoozle\n\nwibbler  \n');
    expect(loadLexiconFile(txt, { category: 'insult', severity: 3 }).map((e) => [e.term, e.category, e.severity])).toEqual([['foozle', 'insult', 3], ['wibbler', 'insult', 3]]);
  });

  test('extra files join the default lexicon', () => {
    const txt = join(dir, 'extra.txt');
    writeFileSync(txt, 'quuxbag\n');
    const { entries, allow } = loadDefaultLexicon({ files: [txt] });
    expect(new CompiledLexicon(entries, allow).match('you qu.uxbag').map((m) => m.term)).toEqual(['quuxbag']);
  });

  const surge = sharedFile('lexicons', 'surge-ai', 'profanity_en.csv');
  (surge ? test : test.skip)('the Surge AI list loads by path (../shared, skipped when absent)', () => {
    const entries = loadLexiconFile(surge!);
    expect(entries.length).toBeGreaterThan(200);
    expect(entries.reduce((n, e) => n + 1 + (e.variants?.length ?? 0), 0)).toBeGreaterThan(1500);
    const lex = new CompiledLexicon(entries);
    expect(lex.match('b1tch3s').map((m) => m.term)).toEqual(['bitch']);
  });
});
