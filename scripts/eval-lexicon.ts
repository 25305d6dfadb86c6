/**
 * `npm run eval:lexicon` — recall and false positives of the lexicon matcher, side by side with `obscenity`
 * (its English preset and recommended transformers) on the same inputs. Writes the tables into
 * models/LEXICON_CARD.md (between the eval markers) and prints them.
 *
 *   npm run eval:lexicon -- [--shared ../shared] [--no-write] [--seed 1]
 *
 * 1. Obfuscated variants generated from the lexicon: every transformation at three intensities, each variant
 *    inside a carrier sentence; a variant counts as found when a match overlaps it. Compared on the terms BOTH
 *    matchers find when written plainly (so obscenity is not charged for words it never listed), and for Sieve
 *    alone on all its curated terms.
 * 2. The spelling variants of ../shared/lexicons/surge-ai/profanity_en.csv (not loaded into the lexicon).
 * 3. False positives on a clean English word list (an-array-of-english-words minus every word that any of the
 *    lists calls profane), and on real prose: the seed article's sentences, OLID tweets labelled NOT and Davidson
 *    tweets labelled "neither" (weak proxies: such tweets may still contain a swear word).
 * 4. Threat phrases (src/scoring/lexicon/threats.ts): how many texts labelled threat each data set's threat label
 *    finds, and how many texts labelled not toxic it flags, per source (training and evaluation-only sets; only
 *    counted, never read); and per kind on seeds/threat-holdout.jsonl, sentences written blind to the rules.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';
import { CompiledLexicon, patternText } from '../src/scoring/lexicon/lexicon';
import { createDehumanisingMatcher } from '../src/scoring/lexicon/dehumanising';
import { createDerogationMatcher } from '../src/scoring/lexicon/derogation';
import { groupPattern } from '../src/scoring/lexicon/groups';
import { createThreatMatcher } from '../src/scoring/lexicon/threats';
import { loadDatasets } from './training/data';
import { loadEvalSets } from './training/evalSets';
import { loadThreatHoldout, loadVerdictHoldout } from './functional-suite';
import { cussRatings, loadDefaultLexicon, parseCsv, parseSurgeCsv } from '../src/scoring/lexicon/sources';
import type { LexiconEntry } from '../src/scoring/lexicon/types';
import { seededRandom } from './seeded-random';

// ---------------------------------------------------------------- corpora (shared with bench/lexicon.ts)

export interface Tweet {
  text: string;
  /** true = the data set calls it offensive / hate; false = not offensive / neither. */
  offensive: boolean;
  source: 'olid' | 'davidson';
}

/** OLID (tweet, subtask_a NOT/OFF) and Davidson (tweet, class 0 hate / 1 offensive / 2 neither), read by path. */
export function loadTweets(sharedDir: string): Tweet[] {
  const out: Tweet[] = [];
  const olid = join(sharedDir, 'data/olid/olid-training-v1.0.tsv');
  if (existsSync(olid)) {
    for (const line of readFileSync(olid, 'utf8').split('\n').slice(1)) {
      const [, tweet, a] = line.split('\t');
      if (tweet && a) out.push({ text: tweet, offensive: a.trim() === 'OFF', source: 'olid' });
    }
  }
  const davidson = join(sharedDir, 'data/davidson/labeled_data.csv');
  if (existsSync(davidson)) {
    const rows = parseCsv(readFileSync(davidson, 'utf8'));
    const header = rows.shift()!;
    const [cls, tweet] = [header.indexOf('class'), header.indexOf('tweet')];
    for (const r of rows) if (r[tweet]) out.push({ text: r[tweet]!, offensive: r[cls] !== '2', source: 'davidson' });
  }
  return out;
}

export function sharedDirFromEnv(flag?: string): string {
  return resolve(flag ?? process.env.SHARED_DIR ?? '../shared');
}

// ---------------------------------------------------------------- the two matchers under test

export interface Detector {
  name: string;
  /** Spans [start, end) in the original text. */
  spans(text: string): [number, number][];
}

export function sieveDetector(lex: CompiledLexicon): Detector {
  return { name: 'Sieve lexicon', spans: (t) => lex.match(t).map((m) => [m.start, m.end]) };
}

export function obscenityDetector(): Detector {
  const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  return { name: 'obscenity 0.4', spans: (t) => matcher.getAllMatches(t).map((m) => [m.startIndex, m.endIndex + 1]) };
}

// ---------------------------------------------------------------- obfuscation generators

type Rng = () => number;
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
function choose(rng: Rng, indexes: number[], count: number): Set<number> {
  const xs = [...indexes];
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return new Set(xs.slice(0, Math.max(0, count)));
}
/** Intensity 1: one character; 2: about half; 3: all that can be. */
const howMany = (n: number, intensity: number) => (intensity === 1 ? 1 : intensity === 2 ? Math.ceil(n / 2) : n);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

const LEET: Record<string, string[]> = { a: ['4', '@'], e: ['3'], i: ['1', '!'], o: ['0'], s: ['5', '$'], t: ['7', '+'], l: ['1'], g: ['9'], b: ['8'] };
const EDGE_SAFE_LEET = new Set(['4', '@', '3', '1', '0', '5', '$', '7', '9', '8']);

/** Cyrillic and Greek look-alikes of each Latin letter, from Unicode's confusables data (unhomoglyph). */
function lookAlikes(): Record<string, string[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const data = require('unhomoglyph/data.json') as Record<string, string>;
  const out: Record<string, string[]> = {};
  for (const [ch, proto] of Object.entries(data)) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x370 || cp > 0x4ff || !/^[a-z]$/.test(proto)) continue; // lower-case Latin prototypes only
    if (ch.toLowerCase() !== ch) continue; // lower-case look-alikes, as people type them
    (out[proto] ??= []).push(ch);
  }
  return out;
}
const LOOK_ALIKES = lookAlikes();
const ZERO_WIDTH = ['\u200B', '\u200C', '\u200D', '\u2060', '\u00AD'];
const MARKS = ['\u0301', '\u0308', '\u0336', '\u0327'];

type Generator = (w: string, intensity: number, rng: Rng) => string;

const map = (w: string, chosen: Set<number>, f: (c: string, i: number) => string) => [...w].map((c, i) => (chosen.has(i) ? f(c, i) : c)).join('');

const GENERATORS: Record<string, Generator> = {
  case: (w, k, r) => map(w, choose(r, range(w.length), howMany(w.length, k)), (c) => c.toUpperCase()),
  nfkc: (w, k, r) => map(w, choose(r, range(w.length), howMany(w.length, k)), (c) =>
    k === 2 ? String.fromCodePoint(0x1d41a + c.charCodeAt(0) - 97) : String.fromCharCode(0xff41 + c.charCodeAt(0) - 97)),
  confusables: (w, k, r) => {
    const ok = range(w.length).filter((i) => LOOK_ALIKES[w[i]!]);
    return map(w, choose(r, ok, howMany(ok.length, k)), (c) => pick(r, LOOK_ALIKES[c]!));
  },
  zero_width: (w, k, r) => {
    const gaps = choose(r, range(w.length - 1), howMany(w.length - 1, k));
    return [...w].map((c, i) => c + (gaps.has(i) ? pick(r, ZERO_WIDTH) : '')).join('');
  },
  combining: (w, k, r) => map(w, choose(r, range(w.length), howMany(w.length, k)), (c) => c + pick(r, MARKS)),
  leet: (w, k, r) => {
    const ok = range(w.length).filter((i) => LEET[w[i]!]);
    return map(w, choose(r, ok, howMany(ok.length, k)), (c, i) => {
      const options = LEET[c]!.filter((x) => (i > 0 && i < w.length - 1) || EDGE_SAFE_LEET.has(x));
      return options.length ? pick(r, options) : c;
    });
  },
  spacing: (w, k) => [...w].join(k === 1 ? ' ' : k === 2 ? '  ' : ' \u00A0'),
  separators: (w, k, r) => {
    const gaps = choose(r, range(w.length - 1), howMany(w.length - 1, k));
    return [...w].map((c, i) => c + (gaps.has(i) ? pick(r, ['.', '-', '_']) : '')).join('');
  },
  // Each chosen letter written 3-4 times (×1: one letter, ×2: two, ×3: every letter).
  repeats: (w, k, r) => map(w, choose(r, range(w.length), k === 3 ? w.length : k), (c) => c.repeat(3 + Math.floor(r() * 2))),
  masking: (w, k, r) => {
    // Interior letters only; at most as many masks as the matcher accepts (real letters + 1, two real at least).
    const interior = range(w.length).slice(1, -1);
    const vowels = interior.filter((i) => 'aeiou'.includes(w[i]!));
    const chosen = k === 1 ? choose(r, interior, 1) : k === 2 ? new Set(vowels.length ? vowels : [interior[0]!]) : choose(r, interior, Math.floor(w.length / 2));
    return map(w, chosen, () => pick(r, ['*', '#']));
  },
};

const COMBINED: Record<string, (w: string, r: Rng) => string> = {
  'leet + spacing': (w, r) => GENERATORS.spacing!(GENERATORS.leet!(w, 1, r), 1, r),
  'confusables + zero_width + case': (w, r) => GENERATORS.zero_width!(GENERATORS.confusables!(GENERATORS.case!(w, 2, r), 2, r), 2, r),
  'repeats + masking': (w, r) => GENERATORS.masking!(GENERATORS.repeats!(w, 1, r), 1, r),
  'nfkc + separators + combining': (w, r) => GENERATORS.combining!(GENERATORS.separators!(GENERATORS.nfkc!(w, 3, r), 3, r), 1, r),
};

const CARRIERS = ['honestly you are a {} and everyone knows it', '{}', 'what a {}!', 'look at this {}, lol'];

function found(d: Detector, text: string, start: number, end: number): boolean {
  return d.spans(text).some(([s, e]) => s < end && e > start);
}
function inCarrier(variant: string, i: number): { text: string; start: number; end: number } {
  const carrier = CARRIERS[i % CARRIERS.length]!;
  const start = carrier.indexOf('{}');
  return { text: carrier.replace('{}', variant), start, end: start + variant.length };
}

// ---------------------------------------------------------------- the report

const pct = (n: number, d: number) => {
  if (d === 0) return '—';
  const v = (100 * n) / d;
  return `${v > 0 && v < 1 ? v.toFixed(3) : v.toFixed(1)}%`;
};

function main(): void {
  const { values } = parseArgs({ options: { shared: { type: 'string' }, 'no-write': { type: 'boolean', default: false }, seed: { type: 'string', default: '1' } } });
  const shared = sharedDirFromEnv(values.shared);
  const seed = Number(values.seed);
  const data = loadDefaultLexicon();
  const lex = new CompiledLexicon(data.entries, data.allow);
  const sieve = sieveDetector(lex);
  const obscenity = obscenityDetector();
  const lines: string[] = [];
  const out = (s = '') => {
    lines.push(s);
    console.log(s);
  };

  // 1. Obfuscated variants of curated terms (seeds + dsojevic), single words of 4-12 letters.
  const curated = data.entries.filter((e) => e.source === 'seeds' || e.source === 'dsojevic');
  const terms = [...new Set(curated.map((e: LexiconEntry) => patternText(e.term)).filter((t) => /^[a-z]{4,12}$/.test(t)))].sort();
  const plainBoth = terms.filter((t, i) => { const c = inCarrier(t, i); return found(sieve, c.text, c.start, c.end) && found(obscenity, c.text, c.start, c.end); });
  const plainSieve = terms.filter((t, i) => { const c = inCarrier(t, i); return found(sieve, c.text, c.start, c.end); });

  const rows: { name: string; gen: (w: string, r: Rng) => string }[] = [];
  for (const [name, g] of Object.entries(GENERATORS)) for (const k of [1, 2, 3]) rows.push({ name: `${name} ×${k}`, gen: (w, r) => g(w, k, r) });
  for (const [name, g] of Object.entries(COMBINED)) rows.push({ name, gen: g });

  out(`### 1. Recall on obfuscated variants generated from the lexicon`);
  out();
  out(`${terms.length} curated single-word terms (seeds + dsojevic, 4–12 letters); ${plainBoth.length} of them are found in plain form by both matchers (the shared set), ${plainSieve.length} by Sieve. Each variant sits in a carrier sentence; found = a match overlapping it. Intensity ×1 = one character, ×2 = about half, ×3 = all that can be (see the generators in scripts/eval-lexicon.ts). Seed ${seed}.`);
  out();
  out('| transformation | Sieve (shared set) | obscenity (shared set) | Sieve (all its terms) |');
  out('|---|---:|---:|---:|');
  let totS = 0, totO = 0, totA = 0, totN = 0, totNA = 0;
  for (const row of rows) {
    const rng = seededRandom(seed);
    let s = 0, o = 0, a = 0;
    const variants = new Map<string, string>();
    for (const t of plainSieve) variants.set(t, row.gen(t, rng));
    plainBoth.forEach((t, i) => {
      const c = inCarrier(variants.get(t)!, i);
      if (found(sieve, c.text, c.start, c.end)) s++;
      if (found(obscenity, c.text, c.start, c.end)) o++;
    });
    plainSieve.forEach((t, i) => {
      const c = inCarrier(variants.get(t)!, i);
      if (found(sieve, c.text, c.start, c.end)) a++;
    });
    totS += s; totO += o; totA += a; totN += plainBoth.length; totNA += plainSieve.length;
    out(`| ${row.name} | ${pct(s, plainBoth.length)} | ${pct(o, plainBoth.length)} | ${pct(a, plainSieve.length)} |`);
  }
  out(`| **all variants** | **${pct(totS, totN)}** | **${pct(totO, totN)}** | **${pct(totA, totNA)}** |`);
  out();

  // 2. Surge AI spelling variants.
  const surgeFile = join(shared, 'lexicons/surge-ai/profanity_en.csv');
  const surgeForms = new Set<string>();
  if (existsSync(surgeFile)) {
    const entries = parseSurgeCsv(readFileSync(surgeFile, 'utf8'), 'surge');
    const byCategory = new Map<string, { n: number; s: number; o: number }>();
    let n = 0, s = 0, o = 0;
    for (const e of entries) {
      for (const form of [e.term, ...(e.variants ?? [])]) {
        surgeForms.add(form.toLowerCase());
        const c = inCarrier(form, n);
        const fs = found(sieve, c.text, c.start, c.end), fo = found(obscenity, c.text, c.start, c.end);
        n++; if (fs) s++; if (fo) o++;
        const b = byCategory.get(e.category) ?? { n: 0, s: 0, o: 0 };
        b.n++; if (fs) b.s++; if (fo) b.o++;
        byCategory.set(e.category, b);
      }
    }
    out(`### 2. Recall on the Surge AI list's spelling variants`);
    out();
    out(`${n} surface forms from \`${relative(process.cwd(), surgeFile)}\` (read by path, NOT loaded into the lexicon), each in a carrier sentence. Category = Surge's first category, mapped to Sieve's.`);
    out();
    out('| category | forms | Sieve | obscenity |');
    out('|---|---:|---:|---:|');
    for (const [cat, b] of [...byCategory.entries()].sort((x, y) => y[1].n - x[1].n)) out(`| ${cat} | ${b.n} | ${pct(b.s, b.n)} | ${pct(b.o, b.n)} |`);
    out(`| **all** | **${n}** | **${pct(s, n)}** | **${pct(o, n)}** |`);
    out();
  } else {
    out(`### 2. Surge AI spelling variants — skipped: ${surgeFile} not found`);
    out();
  }

  // 3a. Clean English words.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const words = require('an-array-of-english-words') as string[];
  const listed = new Set<string>();
  for (const e of data.entries) for (const f of [e.term, ...(e.variants ?? [])]) listed.add(patternText(f));
  for (const [w, r] of cussRatings()) if (r >= 1) listed.add(patternText(w));
  for (const f of surgeForms) listed.add(patternText(f));
  const clean = words.filter((w) => !listed.has(w));
  // A flagged word is often a listed term with an ending or a prefix ("bastards", "bewhore"): a true positive the
  // exact-word filter above cannot remove. Count those apart and show the others, which are the real risk.
  const ENDINGS = ['s', 'es', 'ed', 'er', 'ers', 'ing', 'ings', 'y', 'ies', 'ier', 'iest', 'ish', 'dom', 'doms', 'ery', 'ry', 'ries', 'ness', 'ly', 'ism', 'isms', 'ling', 'lings'];
  const derived = (w: string) => {
    for (let k = 3; k < w.length; k++) if (listed.has(w.slice(0, k)) && ENDINGS.includes(w.slice(k))) return true;
    for (let k = 1; k <= 6 && k < w.length - 2; k++) if (listed.has(w.slice(k))) return true;
    return false;
  };
  const fp = { s: 0, o: 0, sOther: [] as string[], oOther: [] as string[] };
  for (const w of clean) {
    if (sieve.spans(w).length) { fp.s++; if (!derived(w)) fp.sOther.push(w); }
    if (obscenity.spans(w).length) { fp.o++; if (!derived(w)) fp.oOther.push(w); }
  }
  out(`### 3. False positives`);
  out();
  out(`**Clean English words**: ${clean.length} words of \`an-array-of-english-words\` (${words.length}) after removing every word that the lexicon, cuss (rating ≥ 1) or the Surge list calls profane. Many flagged words are still a listed term with an ending or prefix ("bastards", "bewhore"), i.e. true positives; the last two columns are the rest — the real false positives. Caution: Sieve's exclusions, exceptions and allow-list were curated while looking at this list, so its figure is in-sample; the prose below is not.`);
  out();
  out('| matcher | words flagged | rate | not a listed term + ending/prefix | examples of those |');
  out('|---|---:|---:|---:|---|');
  const sample = (xs: string[]) => xs.filter((_, i) => i % Math.max(1, Math.floor(xs.length / 15)) === 0).slice(0, 15).join(', ');
  out(`| Sieve | ${fp.s} | ${pct(fp.s, clean.length)} | ${fp.sOther.length} (${pct(fp.sOther.length, clean.length)}) | ${sample(fp.sOther)} |`);
  out(`| obscenity | ${fp.o} | ${pct(fp.o, clean.length)} | ${fp.oOther.length} (${pct(fp.oOther.length, clean.length)}) | ${sample(fp.oOther)} |`);
  out();

  // 3b. Prose.
  const prose: { name: string; texts: string[] }[] = [];
  const seedFile = join(shared, 'seed/000_49e79ea3328ad1fe.txt');
  if (existsSync(seedFile)) {
    const text = readFileSync(seedFile, 'utf8');
    const article = text.slice(0, text.indexOf('\nLone Ranger\n'));
    prose.push({ name: 'seed article, sentences', texts: article.split(/(?<=[.!?])\s+/).filter((s) => s.trim().length > 0) });
  }
  const tweets = loadTweets(shared);
  const olidNot = tweets.filter((t) => t.source === 'olid' && !t.offensive).map((t) => t.text);
  const davNeither = tweets.filter((t) => t.source === 'davidson' && !t.offensive).map((t) => t.text);
  const olidOff = tweets.filter((t) => t.source === 'olid' && t.offensive).map((t) => t.text);
  if (olidNot.length) prose.push({ name: 'OLID tweets labelled NOT (weak proxy)', texts: olidNot });
  if (davNeither.length) prose.push({ name: 'Davidson tweets labelled neither (weak proxy)', texts: davNeither });
  out(`**Real prose**: share of texts with at least one match. The tweet sets are weak proxies: a tweet labelled not offensive may still swear, and OLID calls profanity offensive, so a "NOT" tweet with a match is more often a mislabel or a mild word than a true false positive. For contrast, the last row is OLID's OFF tweets (higher is better there).`);
  out();
  out('| texts | n | Sieve | obscenity |');
  out('|---|---:|---:|---:|');
  const flaggedShare = (d: Detector, texts: string[]) => texts.filter((t) => d.spans(t).length > 0).length;
  for (const p of prose) out(`| ${p.name} | ${p.texts.length} | ${pct(flaggedShare(sieve, p.texts), p.texts.length)} | ${pct(flaggedShare(obscenity, p.texts), p.texts.length)} |`);
  if (olidOff.length) out(`| OLID tweets labelled OFF (contrast) | ${olidOff.length} | ${pct(flaggedShare(sieve, olidOff), olidOff.length)} | ${pct(flaggedShare(obscenity, olidOff), olidOff.length)} |`);
  out();
  out(`Lexicon: ${lex.stats.entries} entries, ${lex.stats.patterns} forms, ${lex.stats.allow} allow-list phrases, ${lex.stats.trieNodes} trie nodes.`);
  out();
  const publicTexts = loadPublicTexts(shared);
  threatTables(publicTexts, out);
  const group = groupPattern(); // one reading of groups.json for both group phrase kinds, as the scorer does
  const dehumanising = createDehumanisingMatcher(undefined, group);
  groupPhraseTables(publicTexts, out, {
    title: '5. Dehumanising phrases', match: (t) => dehumanising.match(t), holdout: 'dehumanising', wanted: 'dehumanising',
    provenance: 'Written before any data set was read; the flagged training texts were read once afterwards (3 of the 6 flagged civil texts are counter-speech or mislabelled), and nothing was changed for them.',
  });
  const derogation = createDerogationMatcher(undefined, group);
  groupPhraseTables(publicTexts, out, {
    title: '6. Derogation tropes', match: (t) => derogation.match(t), holdout: 'derogation', wanted: 'implicit',
    provenance: 'Written from general knowledge of the rhetoric. A first draft also had "deport them all" and "send them back": in the training sets it flagged civil-comments texts arguing immigration law, and it flagged 8 of UsVsThem\'s 2,897 civil texts (evaluation only: the count was seen, no text was read); those tropes were dropped as policy positions, and "go back to your country" was narrowed to an order after a ToxiGen travel sentence ("I would love to go back to your country one day").',
  });

  if (!values['no-write']) {
    const card = resolve(__dirname, '../models/LEXICON_CARD.md');
    const body = readFileSync(card, 'utf8');
    const [a, b] = [body.indexOf('<!-- eval:start -->'), body.indexOf('<!-- eval:end -->')];
    if (a < 0 || b < a) throw new Error(`${card}: no <!-- eval:start --> / <!-- eval:end --> markers`);
    writeFileSync(card, `${body.slice(0, a)}<!-- eval:start -->\n<!-- generated by npm run eval:lexicon on ${new Date().toISOString().slice(0, 10)}; do not edit by hand -->\n\n${lines.join('\n')}\n${body.slice(b)}`);
    console.error(`\nwrote ${card}`);
  }
}

type SourceRow = { target: [number, number]; clean: [number, number]; other: [number, number] };

/** The public data sets the phrase sections count over, read once for all of them; null when ../shared/data is absent. */
type PublicTexts = { training: ReturnType<typeof loadDatasets>; evaluation: ReturnType<typeof loadEvalSets> } | null;

function loadPublicTexts(shared: string): PublicTexts {
  const dataDir = join(shared, 'data');
  return existsSync(dataDir) ? { training: loadDatasets(dataDir), evaluation: loadEvalSets(dataDir) } : null;
}

/**
 * Texts a phrase matcher flags, per source, by the data set's own labels: `target` = labelled what the phrases look
 * for (recall), `clean` = labelled not toxic at all (flagged), `other` = abusive otherwise (or the label unknown).
 */
function phraseRows(data: NonNullable<PublicTexts>, hit: (text: string) => boolean, target: 'threat' | 'identity_attack'): Map<string, SourceRow> {
  const rows = new Map<string, SourceRow>();
  const add = (source: string, kind: keyof SourceRow, text: string) => {
    const r = rows.get(source) ?? { target: [0, 0], clean: [0, 0], other: [0, 0] };
    rows.set(source, r);
    r[kind][1]++;
    if (hit(text)) r[kind][0]++;
  };
  for (const e of data.training) add(e.source, e.target[target] === 1 ? 'target' : e.target.toxicity === 0 ? 'clean' : 'other', e.text);
  // The evaluation-only sets label threats (ETHOS) but not identity attacks: their abusive texts are the target there.
  for (const e of data.evaluation) add(`${e.source} (evaluation only)`, (target === 'threat' ? e.threat : e.toxicity) === 1 ? 'target' : e.toxicity === 0 ? 'clean' : 'other', e.text);
  return rows;
}

function phraseTable(rows: Map<string, SourceRow>, targetName: string, out: (line?: string) => void): void {
  const cell = ([h, n]: [number, number]) => (n ? `${h}/${n} (${pct(h, n)})` : '—');
  out(`| source | ${targetName} | not toxic | other abusive |`);
  out('|---|---:|---:|---:|');
  for (const [source, r] of rows) out(`| ${source} | ${cell(r.target)} | ${cell(r.clean)} | ${cell(r.other)} |`);
  out();
}

/** Section 4: threat phrases against the data sets' labels and the blind hold-out sentences. */
function threatTables(data: PublicTexts, out: (line?: string) => void): void {
  const threats = createThreatMatcher();
  const hit = (text: string) => threats.match(text).length > 0;
  out('### 4. Threat phrases');
  out();
  if (data) {
    out('Texts with a threat phrase, by the data set\'s own labels: **threat** = labelled a threat (recall), **not toxic** = labelled not toxic at all (flagged; many are mislabelled threats, e.g. "go kill yourself" in HateXplain\'s normal class), **other abusive** = abusive but not labelled a threat (or threat unknown). Only civil-spans, implicit-hate and ETHOS label threats. The rules were refined reading the training sets\' flagged and missed texts; the evaluation-only sets are counted, never read.');
    out();
    phraseTable(phraseRows(data, hit, 'threat'), 'threat', out);
  }
  const cases = loadThreatHoldout();
  if (cases.length) {
    const byKind = new Map<string, Record<'dev' | 'test', [number, number]> & { threat: boolean }>();
    for (const c of cases) {
      const b = byKind.get(c.kind) ?? { dev: [0, 0], test: [0, 0], threat: c.threat };
      byKind.set(c.kind, b);
      const h = b[c.half];
      h[1]++;
      if (hit(c.text) === c.threat) h[0]++;
    }
    out(`**Hold-out sentences** (\`seeds/threat-holdout.jsonl\`, ${cases.length}): written by a separate session that never saw the rules or the functional suite. Before it, the rules found 0 of its 35 veiled threats. Its odd-numbered half (dev) was then read once to widen the grammar and idioms; the even-numbered half (test) has not been read. Right = a threat found, or a non-threat not flagged.`);
    out();
    out('| kind | threat? | dev right | test right |');
    out('|---|---|---:|---:|');
    for (const [kind, b] of byKind) out(`| ${kind} | ${b.threat ? 'yes' : 'no'} | ${b.dev[0]}/${b.dev[1]} | ${b.test[0]}/${b.test[1]} (${pct(b.test[0], b.test[1])}) |`);
    out();
  }
}

/** What sections 5 and 6 report for a phrase kind aimed at groups: where it fires in public data, and on its blind hold-out. */
interface GroupPhraseSection {
  title: string;
  match: (text: string) => readonly unknown[];
  holdout: 'dehumanising' | 'derogation';
  /** The hold-out kind the phrases should find. */
  wanted: string;
  /** How the rules were written and what was read (one paragraph). */
  provenance: string;
}

function groupPhraseTables(data: PublicTexts, out: (line?: string) => void, section: GroupPhraseSection): void {
  const hit = (text: string) => section.match(text).length > 0;
  out(`### ${section.title}`);
  out();
  if (data) {
    out(`Texts flagged, by the data set's own labels: **identity attack** = labelled an identity attack (for the evaluation-only sets, which do not label it: labelled abusive), **not toxic** = labelled not toxic at all (flagged), **other abusive** = abusive otherwise. ${section.provenance}`);
    out();
    phraseTable(phraseRows(data, hit, 'identity_attack'), 'identity attack', out);
  }
  const cases = loadVerdictHoldout(section.holdout);
  if (cases.length) {
    const byKind = new Map<string, [number, number]>();
    for (const c of cases) {
      const b = byKind.get(c.kind) ?? [0, 0];
      byKind.set(c.kind, b);
      b[1]++;
      if (hit(c.text)) b[0]++;
    }
    out(`**Hold-out comments** (\`seeds/${section.holdout}-holdout.jsonl\`, ${cases.length}): written by a separate session that never saw the rules or the functional suite, scored with the rules frozen. Found = flagged (wanted for \`${section.wanted}\` only).`);
    out();
    out('| kind | found |');
    out('|---|---:|');
    for (const [kind, [h, n]] of byKind) out(`| ${kind} | ${h}/${n} (${pct(h, n)}) |`);
    out();
  }
}

if (require.main === module) main();
