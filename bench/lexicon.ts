/**
 * `npm run bench:lexicon` — throughput of the lexicon matcher on real comments, against `obscenity` (English
 * preset, recommended transformers) and the plain word-list regex (bench/wordlist.ts), measured in
 * the same run on the same texts, reported as MB/s (UTF-8), comments/s and the ratio to obscenity (per round,
 * so both sides of a ratio ran under the same machine load; the machine is shared).
 *
 *   npm run bench:lexicon -- [--shared ../shared] [--rounds 5] [--limit 0]
 *
 * Corpus: OLID and Davidson tweets from ../shared/data, read by path. Every matcher does the full job per text
 * (Sieve: normalise + match + resolve spans, and again with the phrases the scorer also runs — threats, dehumanising comparisons, derogation tropes; obscenity: getAllMatches; word list: the scorer's regex). Each round
 * runs every matcher once over the whole corpus, in rotating order; the median round is reported. A checksum of
 * the match counts keeps the JIT from discarding work.
 */
import { parseArgs } from 'node:util';
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';
import { CompiledLexicon } from '../src/scoring/lexicon/lexicon';
import { loadDefaultLexicon } from '../src/scoring/lexicon/sources';
import { createPhraseMatcher } from '../src/scoring/lexicon/scorer';
import { createWordListScorer } from './wordlist';
import { loadTweets, sharedDirFromEnv } from '../scripts/eval-lexicon';

interface Contender {
  name: string;
  /** Number of matches in one text. */
  count(text: string): number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { shared: { type: 'string' }, rounds: { type: 'string', default: '5' }, limit: { type: 'string', default: '0' } } });
  const shared = sharedDirFromEnv(values.shared);
  let texts = loadTweets(shared).map((t) => t.text);
  if (texts.length === 0) {
    console.log(`bench:lexicon skipped: no tweets under ${shared}/data (set SHARED_DIR or --shared)`);
    return;
  }
  const limit = Number(values.limit);
  if (limit > 0) texts = texts.slice(0, limit);
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t, 'utf8'), 0);

  const data = loadDefaultLexicon();
  const lexicon = new CompiledLexicon(data.entries, data.allow);
  const obscenity = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  const wordlist = createWordListScorer();
  const phrases = createPhraseMatcher();
  const contenders: Contender[] = [
    { name: 'Sieve lexicon', count: (t) => lexicon.match(t).length },
    { name: 'obscenity 0.4', count: (t) => obscenity.getAllMatches(t).length },
    // The word-list scorer is async per batch; its regex is what costs, so time it through scoreBatch on one text.
    { name: 'word-list regex (baseline scorer)', count: () => 0 },
    // What the lexicon scorer runs per text: the terms and the phrases (createPhraseMatcher: threats, dehumanising, derogation).
    { name: 'Sieve lexicon + phrases', count: (t) => lexicon.match(t).length + phrases(t).length },
  ];
  const wordlistBatch = async () => {
    let n = 0;
    const out = await wordlist.scoreBatch(texts.map((text) => ({ text, slurs: [], labels: {} })));
    for (const o of out) n += o.slurs?.length ?? 0;
    return n;
  };

  console.log(`corpus: ${texts.length} tweets (OLID + Davidson), ${(bytes / 1e6).toFixed(2)} MB UTF-8; ${data.entries.length} lexicon entries; node ${process.version}`);
  const rounds = Number(values.rounds);
  const times: number[][] = contenders.map(() => []);
  const matches: number[] = contenders.map(() => 0);
  // Warm-up: one pass each (JIT, caches).
  for (const c of contenders.filter((_, i) => i !== 2)) for (const t of texts) c.count(t);
  await wordlistBatch();
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < contenders.length; k++) {
      const i = (k + r) % contenders.length;
      const c = contenders[i]!;
      const t0 = process.hrtime.bigint();
      let n = 0;
      if (i === 2) n = await wordlistBatch();
      else for (const t of texts) n += c.count(t);
      times[i]!.push(Number(process.hrtime.bigint() - t0) / 1e9);
      matches[i] = n;
    }
  }
  console.log('');
  console.log('| matcher | MB/s | comments/s | matches found | throughput vs obscenity |');
  console.log('|---|---:|---:|---:|---:|');
  contenders.forEach((c, i) => {
    const s = median(times[i]!);
    // The ratio is taken round by round (the two ran seconds apart, under the same load), then the median.
    const ratio = median(times[1]!.map((o, r) => o / times[i]![r]!));
    console.log(`| ${c.name} | ${(bytes / 1e6 / s).toFixed(2)} | ${Math.round(texts.length / s).toLocaleString('en-US')} | ${matches[i]} | ${ratio.toFixed(1)}× |`);
  });
  console.log('');
  console.log(`median of ${rounds} rounds; each round runs every matcher once over the corpus, order rotating; the ratio is the median of per-round ratios.`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
