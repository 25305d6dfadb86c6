/**
 * `npm run bench:cost` — the worst case of one comment: how long the whole pipeline (lexicon + model) takes to
 * score one 10,000-character text of a pathological shape, one text at a time, cache off.
 *
 *   npm run bench:cost -- [--repeat 3] [--max-windows N] [--no-collapse]
 *
 * `--max-windows 0 --no-collapse` is how the scorer behaved before the bound (every window to the encoder).
 *
 * Prints a Markdown table: shape, windows the text splits into, windows the encoder read, and the median and
 * slowest of `--repeat` runs (each run a distinct text: a counter is prepended; the cache is off), against one
 * short comment scored in the same run (the yardstick: on a shared machine the absolute times move with its load).
 */
import { cpus, loadavg } from 'node:os';
import { loadConfig } from '../src/config';
import { createPipeline } from '../src/scoring/pipeline';
import { createLexiconScorer } from '../src/scoring/lexicon/scorer';
import { createModelScorer } from '../src/scoring/model';

const arg = (name: string, def: number) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? Number(process.argv[i + 1]) : def; };

/** A text of exactly `chars` characters made of `unit` repeated. */
const repeat = (unit: string, chars = 10_000) => unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars);

/** Distinct words from a fixed pseudo-random sequence (no repeated pattern to collapse). */
function randomWords(chars: number, seed: number, alphabet = 'abcdefghijklmnopqrstuvwxyz'): string {
  let x = seed >>> 0 || 1;
  const rnd = () => ((x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
  let out = '';
  while (out.length < chars) {
    const len = 2 + Math.floor(rnd() * 8);
    for (let i = 0; i < len; i++) out += alphabet[Math.floor(rnd() * alphabet.length)];
    out += rnd() < 0.1 ? '. ' : ' ';
  }
  return out.slice(0, chars);
}

const INSULTS = ['you are a worthless idiot', 'shut up you stupid moron', 'go kill yourself loser', 'what a pathetic piece of trash', 'nobody likes you, dumb clown'];
/** Distinct abusive sentences: every window looks suspicious to the first stage, nothing repeats. */
function abusiveSentences(chars: number, seed: number): string {
  let out = '';
  for (let i = 0; out.length < chars; i++) out += `${INSULTS[(i + seed) % INSULTS.length]} number ${i * 7 + seed}, ${randomWords(20, i + seed)}. `;
  return out.slice(0, chars);
}

export const SHAPES: { name: string; make: (seed: number) => string }[] = [
  { name: '`f@*k$h1t ` repeated', make: () => repeat('f@*k$h1t ') },
  { name: '`a a aa ` repeated', make: () => repeat('a a aa ') },
  { name: '`you idiot. ` repeated', make: () => repeat('you idiot. ') },
  { name: '`f u c k ` (spaced letters) repeated', make: () => repeat('f u c k ') },
  { name: '`hahaha…` one 10,000-character word', make: () => repeat('ha') },
  { name: 'random letters, no spaces', make: (s) => randomWords(20_000, s).replace(/[ .]/g, '').slice(0, 10_000) },
  { name: 'random words (nothing repeats)', make: (s) => randomWords(10_000, s) },
  { name: 'distinct abusive sentences', make: (s) => abusiveSentences(10_000, s) },
  { name: 'single letters `a b c d …`', make: () => repeat('a b c d e f g h i j k l m n o p q r s t u v w x y z ') },
];

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2; };

async function main(): Promise<void> {
  const repeats = arg('repeat', 3);
  const config = loadConfig();
  const maxWindows = process.argv.includes('--max-windows') ? arg('max-windows', 0) : config.MODEL_MAX_WINDOWS;
  const collapse = !process.argv.includes('--no-collapse');
  const model = await createModelScorer({ provider: config.MODEL_PROVIDER, backend: config.TF_BACKEND, maxWindows, collapse, cacheSize: 0, log: () => {} });
  const pipeline = createPipeline([createLexiconScorer({ files: config.LEXICON_FILES }), model]);
  await pipeline.scoreBatch(['warm up the encoder', 'and the lexicon too']);
  console.log(`load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs; backend ${model.runtime.backend}; max windows per comment: ${maxWindows === 0 ? 'no limit' : maxWindows}; repeats collapsed: ${collapse ? 'yes' : 'no'}; median and slowest of ${repeats} distinct texts each, one at a time\n`);
  // The yardstick, in the same run: one ordinary short comment (how busy the machine is shows here too).
  const shortTimes: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    await pipeline.scoreBatch([`${r} you are all idiots for believing this nonsense, honestly`]);
    shortTimes.push((performance.now() - t0) / 1000);
  }
  const short = median(shortTimes);
  console.log(`| text (10,000 characters) | windows | read by the encoder | seconds, median / slowest of ${repeats} | median vs one short comment |`);
  console.log('|---|---:|---:|---:|---:|');
  console.log(`| (yardstick: one 10-word comment) | 1 | 1 | ${short.toFixed(3)} / ${Math.max(...shortTimes).toFixed(3)} | 1.0 |`);
  let worst = 0;
  for (const shape of SHAPES) {
    const times: number[] = [];
    let windows = 0;
    let encoded = 0;
    for (let r = 0; r < repeats; r++) {
      // A distinct text each run (the cache is off anyway); the counter goes in front so the shape is kept.
      const text = `${r} ${shape.make(r + 1)}`.slice(0, 10_000);
      const before = { ...model.stats };
      const t0 = performance.now();
      await pipeline.scoreBatch([text]);
      times.push((performance.now() - t0) / 1000);
      windows = Math.max(windows, model.stats.windows - before.windows);
      encoded = Math.max(encoded, model.stats.encodedWindows - before.encodedWindows);
    }
    worst = Math.max(worst, median(times));
    console.log(`| ${shape.name} | ${windows} | ${encoded} | ${median(times).toFixed(3)} / ${Math.max(...times).toFixed(3)} | ${(median(times) / short).toFixed(1)} |`);
  }
  console.log(`\nworst median: ${worst.toFixed(3)} s (load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs)`);
  await pipeline.close();
}

if (require.main === module) main().catch((err) => { console.error(err); process.exit(1); });
