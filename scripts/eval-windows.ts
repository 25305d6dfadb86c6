/**
 * `npm run eval:windows` — what the per-comment bound (MODEL_MAX_WINDOWS, repeats collapsed, giant words cut)
 * costs in quality, measured through the served model scorer on the project's own dev split (the split
 * `npm run train` reports on; never a benchmark's test split), bound on vs off, in the same run:
 *
 *  1. long comments built from dev texts — 40 to 120 civil dev tweets (≈ 3,000–10,000 characters) with one
 *     abusive dev tweet at the start, in the middle or at the end, and the same without it: the share flagged
 *     (any model label at or above its review threshold) before / after, the encoder windows read, the time;
 *  2. dev texts (tweets): ROC AUC and macro-F1 at the policy's review thresholds per label, before / after.
 *
 *   npm run eval:windows -- [--long 30] [--max-windows 8]
 *
 * "Before" is the scorer with no window limit and no collapsing. A dev text whose collapsed text equals its
 * prepared text and that has no more unsettled windows than the limit takes exactly the same path either way,
 * so only the texts the bound changes are scored twice (their number is printed).
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_POLICY } from '../src/policy/defaults';
import { initRuntime } from '../src/scoring/model/runtime';
import { loadSieveModel } from '../src/scoring/model/sieveModel';
import { createModelScorerFrom } from '../src/scoring/model/scorer';
import { collapseRepeats, splitLongWords } from '../src/scoring/model/prepare';
import { wordWindows } from '../src/scoring/model/textChecks';
import type { LabelScores } from '../src/domain/labels';
import { HEAD_LABELS, loadDatasets, type Example } from './training/data';
import { macroF1, confusion, rocAuc } from './training/metrics';
import { dedupKey, splitOf } from './training/exportData';
import { seededRandom } from './seeded-random';

const arg = (name: string, def: number) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? Number(process.argv[i + 1]) : def; };
const review = (l: (typeof HEAD_LABELS)[number]) => DEFAULT_POLICY.labels[l].review;
const flagged = (s: LabelScores) => HEAD_LABELS.some((l) => (s[l] ?? 0) >= review(l));
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

async function main(): Promise<void> {
  const dataDir = path.join(process.env.SHARED_DIR ?? '../shared', 'data');
  if (!existsSync(dataDir)) throw new Error(`dev data not found at ${dataDir} (set SHARED_DIR)`);
  const maxWindows = arg('max-windows', 8);
  const nLong = arg('long', 30);
  const runtime = await initRuntime('auto', { log: () => {} });
  const model = await loadSieveModel();
  const before = createModelScorerFrom(model, { maxWindows: 0, collapse: false, cacheSize: 0 });
  const after = createModelScorerFrom(model, { maxWindows, collapse: true, cacheSize: 0 });
  const score = async (s: typeof before, texts: string[]) => {
    const out: LabelScores[] = [];
    for (let i = 0; i < texts.length; i += 64) out.push(...(await s.scoreBatch(texts.slice(i, i + 64).map((text) => ({ text, slurs: [], labels: {} })))).map((o) => o.labels ?? {}));
    return out;
  };

  const dev: Example[] = loadDatasets(dataDir).filter((e) => splitOf(dedupKey(model.prepare(e.text))) === 'dev');
  console.log(`backend ${runtime.backend}; ${dev.length} dev texts; MODEL_MAX_WINDOWS ${maxWindows}`);

  // 1. Long comments (what the bound changes most). Civil: every label known and 0 and not flagged alone;
  //    abusive: toxicity 1 and flagged alone (both scored by the unbounded scorer; short texts score the same).
  const rnd = seededRandom(20261129);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const civilPool = dev.filter((e) => HEAD_LABELS.every((l) => e.target[l] === 0)).map((e) => e.text).sort(() => rnd() - 0.5).slice(0, 1500);
  const abusivePool = dev.filter((e) => e.target.toxicity === 1).map((e) => e.text).sort(() => rnd() - 0.5).slice(0, 300);
  const civilScores = await score(before, civilPool);
  const abusiveScores = await score(before, abusivePool);
  const civil = civilPool.filter((_, i) => !flagged(civilScores[i]!));
  const abusive = abusivePool.filter((_, i) => flagged(abusiveScores[i]!));
  console.log(`long comments from ${civil.length} civil and ${abusive.length} abusive dev texts`);
  const rows: { kind: string; texts: string[] }[] = [
    { kind: 'civil only', texts: [] }, { kind: 'abuse at the start', texts: [] }, { kind: 'abuse in the middle', texts: [] }, { kind: 'abuse at the end', texts: [] },
  ];
  for (let n = 0; n < nLong; n++) {
    const body = Array.from({ length: 40 + Math.floor(rnd() * 80) }, () => pick(civil));
    const insult = pick(abusive);
    const at = (k: number) => [...body.slice(0, k), insult, ...body.slice(k)].join(' ').slice(0, 10_000);
    rows[0]!.texts.push(body.join(' ').slice(0, 10_000));
    rows[1]!.texts.push(at(0));
    rows[2]!.texts.push(at(Math.floor(body.length / 2)));
    // The end: keep the insult inside the 10,000 characters.
    const tail = ` ${insult}`;
    rows[3]!.texts.push(body.join(' ').slice(0, 10_000 - tail.length) + tail);
  }
  const longTable = [
    `| long comment (${nLong} each, ${Math.round(mean(rows[0]!.texts.map((t) => t.length)))} characters on average) | flagged before | after | encoder windows per comment before | after | seconds per comment before | after |`,
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    const w0 = before.stats.encodedWindows;
    let t = Date.now();
    const b = await score(before, row.texts);
    const sb = (Date.now() - t) / 1000 / row.texts.length;
    const wb = (before.stats.encodedWindows - w0) / row.texts.length;
    const w1 = after.stats.encodedWindows;
    t = Date.now();
    const a = await score(after, row.texts);
    const sa = (Date.now() - t) / 1000 / row.texts.length;
    const wa = (after.stats.encodedWindows - w1) / row.texts.length;
    longTable.push(`| ${row.kind} | ${pct(b.filter(flagged).length / b.length)} | ${pct(a.filter(flagged).length / a.length)} | ${wb.toFixed(1)} | ${wa.toFixed(1)} | ${sb.toFixed(2)} | ${sa.toFixed(2)} |`);
  }
  console.log(longTable.join('\n'));

  // 2. Dev texts.
  const t0 = Date.now();
  const afterScores: LabelScores[] = [];
  for (let i = 0; i < dev.length; i += 640) {
    afterScores.push(...(await score(after, dev.slice(i, i + 640).map((e) => e.text))));
    process.stderr.write(`dev: ${afterScores.length} of ${dev.length} scored (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
  }
  const changed = dev.map((e, i) => ({ e, i })).filter(({ e }) => {
    const p = model.prepare(e.text);
    return splitLongWords(collapseRepeats(p)) !== p || wordWindows(p).length > maxWindows;
  });
  const changedScores = await score(before, changed.map((c) => c.e.text));
  const beforeScores = afterScores.slice();
  changed.forEach((c, k) => { beforeScores[c.i] = changedScores[k]!; });
  console.log(`\ndev texts the bound changes (collapsed, cut or over the window limit): ${changed.length}; scored in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  console.log('| label | ROC AUC before | after | macro-F1 at review threshold before | after |');
  console.log('|---|---:|---:|---:|---:|');
  for (const l of HEAD_LABELS) {
    const known = dev.map((e, i) => ({ y: e.target[l], i })).filter((x) => x.y !== null);
    const y = known.map((x) => x.y!);
    const b = known.map((x) => beforeScores[x.i]![l] ?? 0);
    const a = known.map((x) => afterScores[x.i]![l] ?? 0);
    console.log(`| ${l} | ${rocAuc(b, y).toFixed(4)} | ${rocAuc(a, y).toFixed(4)} | ${macroF1(confusion(b, y, review(l))).toFixed(4)} | ${macroF1(confusion(a, y, review(l))).toFixed(4)} |`);
  }
  model.dispose();
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

main().catch((err) => { console.error(err); process.exit(1); });
