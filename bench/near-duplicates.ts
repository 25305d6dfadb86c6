/**
 * `npm run bench:near-duplicates` — what raid grouping costs per comment: the signature the worker computes
 * (normalise, 5-character shingles, 128 MinHash values, LSH band keys) and the grouping step (band look-up,
 * signature comparisons, join or merge) in the in-memory reference index, whose work per comment is what the
 * store's query + src/policy/near-duplicates.ts does minus the database round trip.
 *
 *   npm run bench:near-duplicates -- [--shared ../shared] [--rounds 5] [--limit 20000] [--long]
 *
 * Corpus: OLID training and Davidson tweets from ../shared/data (real comment lengths, retweets and copy-paste
 * included); `--long` joins five tweets into one comment (~500 characters). Every comment falls in one window
 * (the index only grows): the worst case for the look-up. The median round is reported, with the groups found,
 * and the signature of one comment of MAX_TEXT_LENGTH characters (median of 21).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config';
import { NearDuplicateIndex } from '../src/policy/near-duplicates';
import { createNearDuplicateSigner } from '../src/scoring/near-duplicate';
import { loadTweets, sharedDirFromEnv } from '../scripts/eval-lexicon';
import { int } from './cli';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function main(): void {
  const { values } = parseArgs({ options: { shared: { type: 'string' }, rounds: { type: 'string', default: '5' }, limit: { type: 'string', default: '20000' }, long: { type: 'boolean', default: false } } });
  const shared = sharedDirFromEnv(values.shared);
  let texts = loadTweets(shared).map((t) => t.text);
  if (texts.length === 0) {
    console.log(`bench:near-duplicates skipped: no tweets under ${shared}/data (set SHARED_DIR or --shared)`);
    return;
  }
  if (values.long) texts = texts.flatMap((_, i) => (i % 5 === 0 ? [texts.slice(i, i + 5).join(' ')] : []));
  texts = texts.slice(0, int(values.limit, 1, 10_000_000));
  const config = loadConfig(process.env);
  const signer = createNearDuplicateSigner({ similarity: config.NEAR_DUPLICATE_SIMILARITY, minLength: config.NEAR_DUPLICATE_MIN_LENGTH });
  const rule = { similarity: config.NEAR_DUPLICATE_SIMILARITY, windowMs: Number.MAX_SAFE_INTEGER };
  const chars = texts.reduce((a, t) => a + t.length, 0);

  const signRounds: number[] = [];
  const groupRounds: number[] = [];
  let summary = { signed: 0, grouped: 0, groups: 0, largest: 0 };
  for (let round = 0; round < int(values.rounds, 1, 100); round++) {
    let t0 = process.hrtime.bigint();
    const signatures = texts.map((t) => signer.sign(t));
    signRounds.push(Number(process.hrtime.bigint() - t0) / 1e3 / texts.length);

    const index = new NearDuplicateIndex(rule);
    t0 = process.hrtime.bigint();
    signatures.forEach((s, i) => index.add(String(i), s, i));
    groupRounds.push(Number(process.hrtime.bigint() - t0) / 1e3 / texts.length);

    const sizes = new Map<string, number>();
    signatures.forEach((s, i) => {
      if (!s) return;
      const g = index.groupOf(String(i))!;
      sizes.set(g, (sizes.get(g) ?? 0) + 1);
    });
    const multi = [...sizes.values()].filter((n) => n > 1);
    summary = { signed: signatures.filter(Boolean).length, grouped: multi.reduce((a, b) => a + b, 0), groups: multi.length, largest: Math.max(0, ...multi) };
  }
  // The longest comment the API accepts (MAX_TEXT_LENGTH characters of tweets end to end): the worst case per comment.
  let longest = '';
  for (let i = 0; longest.length < config.MAX_TEXT_LENGTH; i++) longest += `${texts[i % texts.length]} `;
  longest = longest.slice(0, config.MAX_TEXT_LENGTH);
  const longRounds: number[] = [];
  for (let i = 0; i < 21; i++) {
    const t0 = process.hrtime.bigint();
    signer.sign(longest);
    longRounds.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  console.log(JSON.stringify({
    comments: texts.length,
    meanChars: Math.round(chars / texts.length),
    scheme: signer.scheme,
    similarity: rule.similarity,
    signMicrosPerComment: Number(median(signRounds).toFixed(1)),
    groupMicrosPerComment: Number(median(groupRounds).toFixed(1)),
    signMillisAtMaxTextLength: Number(median(longRounds).toFixed(2)),
    ...summary,
  }));
}

main();
