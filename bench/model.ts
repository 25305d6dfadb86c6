/**
 * `npm run bench:model` — how fast the model scorer is, against @tensorflow-models/toxicity's own classify()
 * called one comment at a time on the topology fixture (the real graph: same compute as the real model),
 * with the same backend, in the same run (before and after the rest; ratios use the mean of the two, since the
 * load of a shared machine changes while the bench runs). Prints a Markdown table of comments/s, ratios and peak memory.
 *
 *   npm run bench:model -- [--n 512] [--baseline-n 100] [--processes 2] [--leak 10000]
 *
 * It also prints what bounds the rate: the encoder's cost per comment at N tokens (one core, micro-batch 1
 * and 8) and the tokens and encoder windows per comment of the bench texts.
 *
 * Texts: OLID tweets (typical comment length) from $SHARED_DIR; the baseline needs the topology fixture.
 * Each figure is distinct texts with the result cache off, so nothing is measured twice.
 */
import { fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as toxicity from '@tensorflow-models/toxicity';
import { Tokenizer } from '@tensorflow-models/universal-sentence-encoder';
import { createModelScorer } from '../src/scoring/model';
import { loadEncoder, loadGraphEncoder } from '../src/scoring/model/encoder';
import { prepareText } from '../src/scoring/model/prepare';
import { wordWindows } from '../src/scoring/model/textChecks';
import { loadGraphModelFromDir } from '../src/scoring/model/graphFromDisk';
import { initRuntime } from '../src/scoring/model/runtime';

const SHARED = path.resolve(process.env.SHARED_DIR ?? '../shared');
const FIXTURE = path.join(SHARED, 'fixtures/toxicity-topology');
const arg = (name: string, def: number) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? Number(process.argv[i + 1]) : def; };

function loadTexts(): string[] {
  const file = path.join(SHARED, 'data/olid/olid-training-v1.0.tsv');
  if (!existsSync(file)) throw new Error(`bench needs OLID tweets at ${file} (set SHARED_DIR)`);
  const lines = readFileSync(file, 'utf8').split('\n').slice(1).map((l) => l.split('\t')[1]).filter((t): t is string => !!t);
  // A fixed order spread over the whole file (not the first N) so every slice has the data set's mix.
  return lines.map((t, i) => ({ t, k: (i * 7919) % lines.length })).sort((a, b) => a.k - b.k).map((x) => x.t);
}

let peakRss = 0;
const sample = () => { peakRss = Math.max(peakRss, process.memoryUsage().rss); };
const mb = (b: number) => (b / 2 ** 20).toFixed(0);

async function timeIt(fn: () => Promise<number>): Promise<number> {
  const t0 = performance.now();
  const n = await fn();
  return n / ((performance.now() - t0) / 1000);
}

/** The baseline: the package's ToxicityClassifier, its model and tokenizer pointed at the fixture. */
async function baseline(texts: string[]): Promise<number> {
  class LocalToxicity extends toxicity.ToxicityClassifier {
    override async loadModel() { return loadGraphModelFromDir(FIXTURE) as never; }
    override async loadTokenizer() { return new Tokenizer(JSON.parse(readFileSync(path.join(FIXTURE, 'vocab.json'), 'utf8'))) as never; }
  }
  const clf = new LocalToxicity(0.85);
  await clf.load();
  await clf.classify(['warm up']);
  const before = tf.memory().numTensors;
  const rate = await timeIt(async () => {
    for (const t of texts) { await clf.classify(t); sample(); }
    return texts.length;
  });
  // classify() never disposes its output tensors; free them so later figures are not skewed.
  const leaked = tf.memory().numTensors - before;
  if (leaked > 0) console.error(`(classify() left ${leaked} tensors undisposed over ${texts.length} calls)`);
  return rate;
}

async function ours(provider: 'sieve' | 'google', texts: string[], microBatch: number): Promise<{ rate: number }> {
  const scorer = await createModelScorer({ provider, toxicityModelUrl: `file://${FIXTURE}`, microBatch, cacheSize: 0, log: () => {} });
  await scorer.scoreBatch([{ text: 'warm up', slurs: [], labels: {} }]);
  const batch = Math.max(microBatch, 32); // what a worker hands the scorer (WORKER_BATCH_SIZE)
  const rate = await timeIt(async () => {
    for (let i = 0; i < texts.length; i += batch) {
      await scorer.scoreBatch(texts.slice(i, i + batch).map((text) => ({ text, slurs: [], labels: {} })));
      sample();
    }
    return texts.length;
  });
  await scorer.close?.();
  return { rate };
}

/** Child process: scores its share and reports its rate (workers are separate processes, one per core). */
async function child(): Promise<void> {
  const [offset, count, microBatch] = process.argv.slice(3).map(Number) as [number, number, number];
  const texts = loadTexts().slice(offset, offset + count);
  await initRuntime('auto');
  const r = await ours('sieve', texts, microBatch);
  process.send!({ rate: r.rate, rss: peakRss });
}

async function parallel(processes: number, perProcess: number, microBatch: number): Promise<{ rate: number; rss: number }> {
  const results = await Promise.all(Array.from({ length: processes }, (_, p) => new Promise<{ rate: number; rss: number }>((resolve, reject) => {
    const c = fork(__filename, ['--child', String(p * perProcess), String(perProcess), String(microBatch)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    c.on('message', (m) => resolve(m as { rate: number; rss: number }));
    c.on('exit', (code) => code !== 0 && reject(new Error(`bench child exited ${code}`)));
  })));
  // The children load their models, then time their scoring loops, which run side by side: rates add up.
  return { rate: results.reduce((a, r) => a + r.rate, 0), rss: Math.max(...results.map((r) => r.rss)) };
}

/** tf.memory() before and after many comments through the encoder: should not grow. */
async function leakCheck(texts: string[], n: number): Promise<string> {
  const scorer = await createModelScorer({ provider: 'sieve', cacheSize: 0, microBatch: 8, log: () => {} });
  await scorer.scoreBatch([{ text: 'warm up', slurs: [], labels: {} }]);
  const before = tf.memory();
  for (let i = 0; i < n; i += 32) {
    await scorer.scoreBatch(Array.from({ length: 32 }, (_, k) => ({ text: `${texts[(i + k) % texts.length]} ${i + k}`, slurs: [], labels: {} })));
  }
  const after = tf.memory();
  await scorer.close?.();
  return `tf.memory() over ${n} comments: tensors ${before.numTensors} → ${after.numTensors}, bytes ${before.numBytes} → ${after.numBytes}`;
}

/**
 * The encoder's cost per comment by token count, at micro-batch 1 and 8, on one core: USE-lite is compute-bound,
 * so this (times the tokens a comment has) is the ceiling no batching or scheduling gets past.
 * Token ids do not change the compute, so synthetic rows of exactly N tokens are used.
 */
async function encoderCost(texts: string[]): Promise<string[]> {
  const enc = await loadEncoder();
  const graph = await loadGraphEncoder();
  const lines: string[] = [];
  let whole = 0, windowed = 0, windows = 0;
  for (const t of texts) {
    const p = prepareText(t);
    whole += enc.tokenize(p).length;
    for (const w of wordWindows(p)) { windowed += enc.tokenize(w).length; windows++; }
  }
  lines.push(`bench texts: ${(whole / texts.length).toFixed(1)} sentencepiece tokens per comment; ${(windows / texts.length).toFixed(2)} encoder windows per comment holding ${(windowed / texts.length).toFixed(1)} tokens`);
  lines.push('', 'USE-lite sentence vector, ms per comment: the converted graph (executeAsync, sparse input) vs the re-implementation in TF.js ops (what model:sieve runs), interleaved in the same run', '',
    '| tokens | graph, batch 1 | ours, batch 1 | graph, batch 8 | ours, batch 8 | ours vs graph at batch 8 |', '|---|---|---|---|---|---|');
  const time = async (e: typeof enc, rows: number[][], reps: number) => {
    (await e.embedTokens(rows)).dispose(); // warm-up for this shape
    const t0 = performance.now();
    for (let k = 0; k < reps; k++) { const o = await e.embedTokens(rows); o.dataSync(); o.dispose(); }
    return (performance.now() - t0) / reps / rows.length;
  };
  for (const n of [8, 16, 32, 64]) {
    const ms: number[] = [];
    for (const b of [1, 8]) {
      const rows = Array.from({ length: b }, (_, r) => Array.from({ length: n }, (_, i) => 100 + ((i * 37 + r * 11) % 5000)));
      const reps = Math.max(3, Math.round(32 / b));
      ms.push(await time(graph, rows, reps), await time(enc, rows, reps));
    }
    lines.push(`| ${n} | ${ms[0]!.toFixed(1)} | ${ms[1]!.toFixed(1)} | ${ms[2]!.toFixed(1)} | ${ms[3]!.toFixed(1)} | ${(ms[2]! / ms[3]!).toFixed(1)}× faster |`);
  }
  enc.dispose();
  graph.dispose();
  return lines;
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child();
  const runtime = await initRuntime('auto');
  const texts = loadTexts();
  const n = arg('n', 512);
  const bn = arg('baseline-n', 100);
  console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} at start (other jobs share the cores: compare ratios, not absolute rates)`);
  console.log(`backend: ${runtime.backend} (${runtime.reason}${runtime.simd !== undefined ? `, simd ${runtime.simd}, threads ${runtime.threads}` : ''})`);
  console.log(`texts: OLID tweets, mean ${Math.round(texts.slice(0, n).reduce((a, t) => a + t.length, 0) / n)} characters`);
  if (!existsSync(path.join(FIXTURE, 'model.json'))) throw new Error(`baseline needs the topology fixture at ${FIXTURE}`);

  const baseBefore = await baseline(texts.slice(0, bn));
  const measured: { what: string; b: number; rate: number; note: string }[] = [];
  const add = (what: string, b: number, rate: number, note = '') => measured.push({ what, b, rate, note });
  let offset = bn;
  const next = (k: number) => {
    if (offset + k > texts.length) offset = bn; // reuse texts rather than run dry (the result cache is off)
    const s = texts.slice(offset, offset + k); offset += k; return s;
  };
  for (const b of [1, 8, 32, 128]) add('Google graph through Sieve scorer', b, (await ours('google', next(Math.min(n, 256)), b)).rate);
  let best = { b: 8, rate: 0 };
  for (const b of [1, 8, 32, 128]) {
    const r = await ours('sieve', next(n), b);
    if (r.rate > best.rate) best = { b, rate: r.rate };
    add('model:sieve (re-implemented encoder + attention head, every comment encoded)', b, r.rate);
  }
  const processes = arg('processes', 2);
  if (processes > 1) {
    const p = await parallel(processes, n, best.b);
    add(`model:sieve, ${processes} worker processes`, best.b, p.rate, `peak RSS per process ${mb(p.rss)} MB`);
  }
  // On a shared machine the load changes while the bench runs: the baseline is measured before and after the
  // rest, and ratios use the mean of the two.
  const baseAfter = await baseline(texts.slice(0, bn));
  const base = (baseBefore + baseAfter) / 2;
  const rows: string[][] = [['toxicity classify(), 1 comment per call (baseline)', '1', base.toFixed(1), '1.0×', `mean of ${baseBefore.toFixed(1)} before and ${baseAfter.toFixed(1)} after the rest`]];
  for (const m of measured) rows.push([m.what, String(m.b), m.rate.toFixed(1), `${(m.rate / base).toFixed(1)}×`, m.note]);
  console.log('\n| configuration | micro-batch | comments/s | vs baseline | notes |\n|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log(`\npeak RSS (this process): ${mb(peakRss)} MB; load average at end ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log('\nWhat bounds it: the encoder on one core (load average now ' + os.loadavg()[0]!.toFixed(1) + ')');
  for (const l of await encoderCost(texts.slice(bn, bn + n))) console.log(l);
  const leakN = arg('leak', 0);
  if (leakN > 0) console.log(await leakCheck(texts, leakN));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
