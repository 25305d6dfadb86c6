/**
 * `npm run eval:model` — the whole judgement, measured: the real scoring pipeline (lexicon → context → the model
 * committed in models/ → policy) over
 *   1. the project's functional suite (seeds/functional-suite.jsonl): pass rate per functionality and overall;
 *   2. neutral and positive statements naming a group (the suite's, and the training code's identity templates):
 *      how often they are held, per group;
 *   3. ROC AUC per label and source on the dev split of the training data (the training code's own split), and on
 *      the evaluation-only sets (Gab, ETHOS, Stormfront, SFU CTC, UsVsThem) — never trained on; their test files are
 *      never read. Skipped with a message when ../shared is absent.
 * Writes models/eval-report.json; with --card, rewrites the "Functional suite" section of models/MODEL_CARD.md.
 *
 *   npm run eval:model -- [--suite-only] [--max-per-source 1500] [--card] [--out models/eval-report.json] [--no-context]
 *   npm run eval:model -- --card-from models/eval-report.json     (rewrite the card's section from a saved report)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../src/config';
import { LABELS, type Label } from '../src/domain/labels';
import type { ScoreResult } from '../src/domain/score';
import { loadPolicy, PRIORITY_BANDS } from '../src/policy/policy';
import { createPipeline, type Pipeline } from '../src/scoring/pipeline';
import { readSieveMetadata } from '../src/scoring/model/sieveModel';
import { createScorers } from '../src/scoring/scorers';
import { precisionAt } from '../src/review/quality/joint';
import { parseCsv } from '../src/scoring/lexicon/sources';
import { rocAuc as rocAucOf } from './training/metrics';
import { loadSuite, loadThreatHoldout, loadVerdictHoldout, VERDICT_HOLDOUTS, type SuiteCase } from './functional-suite';
import { seededRandom } from './seeded-random';

function arg(name: string, def?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}
const flag = (name: string) => process.argv.includes(`--${name}`);
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const f3 = (x: number | null) => (x === null ? '—' : x.toFixed(3));
const held = (r: ScoreResult) => r.verdict !== 'publish';

/** Scores texts in batches of 64 (what a worker does), printing progress for long runs. */
export async function scoreAll(pipeline: Pipeline, texts: readonly string[], what: string): Promise<ScoreResult[]> {
  const out: ScoreResult[] = [];
  const t0 = Date.now();
  for (let i = 0; i < texts.length; i += 64) {
    out.push(...(await pipeline.scoreBatch(texts.slice(i, i + 64))));
    if (texts.length > 2000 && (i / 64) % 20 === 0) process.stderr.write(`  ${what}: ${out.length}/${texts.length} (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
  }
  return out;
}

/** ROC AUC, or null when one class is missing. */
function rocAuc(scores: readonly number[], truth: readonly number[]): number | null {
  const auc = rocAucOf(scores, truth);
  return Number.isNaN(auc) ? null : auc;
}

export interface Labelled { text: string; truth: Partial<Record<Label, 0 | 1>> }

/** Evaluation-only sets, mapped onto Sieve's labels (the card says how). Test files are never read. */
function evaluationSets(dataDir: string): Record<string, Labelled[]> {
  const sets: Record<string, Labelled[]> = {};
  const tsv = (f: string) => readFileSync(f, 'utf8').split('\n').slice(1).map((l) => l.split('\t'));
  const csv = (f: string, sep = ',') => {
    const rows = sep === ',' ? parseCsv(readFileSync(f, 'utf8')) : readFileSync(f, 'utf8').split('\n').map((l) => l.split(sep));
    const head = rows[0]!;
    return rows.slice(1).filter((r) => r.length >= head.length).map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]!])));
  };
  const gab = path.join(dataDir, 'gab-hate-corpus');
  if (existsSync(gab)) {
    // is_hate: hate against a group or a person, incl. calls for violence → toxicity.
    sets.gab = ['train.tsv', 'dev.tsv'].flatMap((f) => tsv(path.join(gab, f))).filter((r) => r[1] && r[2] !== undefined)
      .map(([, text, h]) => ({ text: text!, truth: { toxicity: h!.trim() === '1' ? 1 : 0 } }));
  }
  const ethos = path.join(dataDir, 'ethos');
  if (existsSync(ethos)) {
    // Binary isHate ≥ 0.5 → toxicity; the multi-label file's violence ≥ 0.5 → threat (hate comments only).
    const violence = new Map(csv(path.join(ethos, 'Ethos_Dataset_Multi_Label.csv'), ';').map((r) => [r.comment!, Number(r.violence) >= 0.5 ? 1 : 0] as const));
    sets.ethos = csv(path.join(ethos, 'Ethos_Dataset_Binary.csv'), ';').filter((r) => r.comment).map((r) => {
      const hate = Number(r.isHate) >= 0.5 ? 1 : 0;
      return { text: r.comment!, truth: { toxicity: hate, threat: (hate && violence.get(r.comment!)) ? 1 : 0 } as Labelled['truth'] };
    });
  }
  const sf = path.join(dataDir, 'stormfront');
  if (existsSync(sf)) {
    // hate → toxicity and identity_attack; noHate → neither; relation and idk/skip left out. The sampled_test rows are never read.
    sets.stormfront = csv(path.join(sf, 'stormfront_sentences.csv')).filter((r) => r.sampled_split !== 'sampled_test' && (r.label === 'hate' || r.label === 'noHate'))
      .map((r) => ({ text: r.text!, truth: { toxicity: r.label === 'hate' ? 1 : 0, identity_attack: r.label === 'hate' ? 1 : 0 } as Labelled['truth'] }));
  }
  const sfu = path.join(dataDir, 'sfu-ctc');
  if (existsSync(sfu)) {
    // Majority toxicity answer 3 (toxic) or 4 (very toxic) → toxicity; 1 (not) and 2 (mildly) → not.
    sets['sfu-ctc'] = csv(path.join(sfu, 'SFU_constructiveness_toxicity.csv')).filter((r) => r.comment?.trim() && r.is_toxic_popular_answer_1)
      .map((r) => ({ text: r.comment!.trim(), truth: { toxicity: Number(r.is_toxic_popular_answer_1) >= 3 ? 1 : 0 } }));
  }
  const uvt = path.join(dataDir, 'usvsthem');
  if (existsSync(uvt)) {
    // Scale > 5/6: nearer "discriminatory" (1) than "critical" (2/3), which is legitimate criticism → identity_attack and toxicity.
    sets.usvsthem = ['UsVsThem_train_public.csv', 'UsVsThem_valid_public.csv'].flatMap((f) => csv(path.join(uvt, f))).filter((r) => r.body)
      .map((r) => { const y = Number(r.usVSthem_scale) > 5 / 6 ? 1 : 0; return { text: r.body!, truth: { toxicity: y, identity_attack: y } as Labelled['truth'] }; });
  }
  return sets;
}

/** A split of the training code's own (scripts/training/exportData.ts): loaded, keyed and split exactly as `npm run train` does. */
export async function trainingSplit(dataDir: string, split: 'val' | 'dev'): Promise<Record<string, Labelled[]>> {
  const { loadDatasets, HEAD_LABELS } = await import('./training/data');
  const { splitOf, dedupKey } = await import('./training/exportData');
  const { prepareText } = await import('../src/scoring/model/prepare');
  const out: Record<string, Labelled[]> = {};
  for (const e of loadDatasets(dataDir)) {
    if (splitOf(dedupKey(prepareText(e.text))) !== split) continue;
    const truth: Labelled['truth'] = {};
    for (const l of HEAD_LABELS) if (e.target[l] !== null) truth[l] = e.target[l]!;
    (out[e.source] ??= []).push({ text: e.text, truth });
  }
  return out;
}

export function sample<T>(xs: T[], n: number, seed: number): T[] {
  if (xs.length <= n) return xs;
  const rand = seededRandom(seed);
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [a[i], a[j]] = [a[j]!, a[i]!]; }
  return a.slice(0, n);
}

/**
 * One scored text for the policy's review precision: abusive (any label 1) or civil (toxicity 0), held or not, and
 * why (a label's threshold by its name, a lexicon rule by its reason code).
 */
type HeldOutcome = { abusive: boolean; held: boolean; why: string[] };

/** What a text counts as in the policy's review figures: abusive (any label 1), civil (toxicity 0), or neither (null). */
export function reviewTruth(truth: Labelled['truth']): boolean | null {
  if (Object.values(truth).includes(1)) return true;
  return truth.toxicity === 0 ? false : null;
}

async function aucTable(pipeline: Pipeline, sets: Record<string, Labelled[]>, max: number, outcomes?: HeldOutcome[]) {
  const rows: { source: string; n: number; positives: Partial<Record<Label, number>>; auc: Partial<Record<Label, number | null>> }[] = [];
  for (const [source, all] of Object.entries(sets)) {
    const items = sample(all, max, 9);
    const results = await scoreAll(pipeline, items.map((x) => x.text), source);
    items.forEach((x, i) => {
      const abusive = reviewTruth(x.truth);
      const r = results[i]!;
      const why = [...new Set(r.reasons.map((c) => (c.code === 'label_review' || c.code === 'label_reject' ? c.label! : c.code)))];
      if (abusive !== null) outcomes?.push({ abusive, held: held(r), why });
    });
    const auc: Partial<Record<Label, number | null>> = {};
    const positives: Partial<Record<Label, number>> = {};
    for (const label of LABELS) {
      const idx = items.map((x, i) => (x.truth[label] === undefined ? -1 : i)).filter((i) => i >= 0);
      if (idx.length === 0) continue;
      const truth = idx.map((i) => items[i]!.truth[label]!);
      positives[label] = truth.reduce<number>((a, b) => a + b, 0);
      const scores = idx.map((i) => results[i]!.labels[label] ?? 0);
      // No scorer produced the label at all (e.g. threat before Sieve's threat head): no AUC, rather than 0.5.
      auc[label] = scores.some((x) => x > 0) ? rocAuc(scores, truth) : null;
    }
    rows.push({ source, n: items.length, positives, auc });
    console.log(`  ${source}: n=${items.length} ` + Object.entries(auc).map(([l, a]) => `${l} ${a === null ? '—' : a.toFixed(3)}`).join(', '));
  }
  return rows;
}

/**
 * The whole policy's review figures on the dev split, reweighted to the prevalence the thresholds were chosen for
 * (each label's threshold alone reaches the stated review precision; the policy holds the union of them all and of
 * the lexicon's rules, so its own precision is lower): precision and recall of "held" for abusive comments.
 */
export type PolicyReview = ReturnType<typeof policyReview> & { target: number };

export function policyReview(outcomes: readonly HeldOutcome[], prevalence: number) {
  const pos = outcomes.filter((o) => o.abusive);
  const neg = outcomes.filter((o) => !o.abusive);
  const recall = pos.filter((o) => o.held).length / pos.length;
  const civilHeld = neg.filter((o) => o.held).length / neg.length;
  const precisionOf = (sel: (o: HeldOutcome) => boolean) => precisionAt(pos.filter(sel).length / pos.length, neg.filter(sel).length / neg.length, prevalence);
  const precision = precisionOf((o) => o.held)!;
  // Comments held for one reason only: what each label or rule adds to the queue, and how often that is abusive.
  const alone: Record<string, { held: number; precision: number | null }> = {};
  for (const why of new Set(outcomes.flatMap((o) => o.why))) {
    const sel = (o: HeldOutcome) => o.held && o.why.length === 1 && o.why[0] === why;
    const n = outcomes.filter(sel).length;
    if (n > 0) alone[why] = { held: n, precision: precisionOf(sel) };
  }
  return { prevalence, abusive: pos.length, civil: neg.length, precision, recall, civilHeld, alone };
}

export interface SuiteReport {
  overall: number;
  cases: number;
  functionalities: { functionality: string; expected: string; n: number; passed: number; rate: number; failures: string[] }[];
  groups: { group: string; n: number; held: number; rate: number }[];
}

export function suiteReport(suite: readonly SuiteCase[], results: readonly ScoreResult[]): SuiteReport {
  const byFn = new Map<string, { expected: Set<string>; n: number; passed: number; failures: string[] }>();
  const byGroup = new Map<string, { n: number; held: number }>();
  suite.forEach((c, i) => {
    const r = results[i]!;
    const ok = (c.expected === 'held') === held(r);
    const f = byFn.get(c.functionality) ?? { expected: new Set<string>(), n: 0, passed: 0, failures: [] };
    f.expected.add(c.expected);
    f.n++;
    if (ok) f.passed++;
    else f.failures.push(c.id);
    byFn.set(c.functionality, f);
    if ((c.functionality === 'identity_neutral' || c.functionality === 'identity_positive') && c.target) {
      const g = byGroup.get(c.target) ?? { n: 0, held: 0 };
      g.n++;
      if (held(r)) g.held++;
      byGroup.set(c.target, g);
    }
  });
  const passed = [...byFn.values()].reduce((a, f) => a + f.passed, 0);
  return {
    overall: passed / suite.length,
    cases: suite.length,
    functionalities: [...byFn].map(([functionality, f]) => ({ functionality, expected: [...f.expected].join('/'), n: f.n, passed: f.passed, rate: f.passed / f.n, failures: f.failures })),
    groups: [...byGroup].map(([group, g]) => ({ group, n: g.n, held: g.held, rate: g.held / g.n })).sort((a, b) => b.rate - a.rate || a.group.localeCompare(b.group)),
  };
}

type HoldoutRow = { kind: string; threat: boolean } & Record<'dev' | 'test', { n: number; held: number; threatPriority: number }>;
/** Threat ROC AUC on the hold-out (threats against the rest), per half: the pipeline's merged label and the model's alone. */
type HoldoutAuc = Record<'merged' | 'model', Record<'dev' | 'test', number | null>>;

/**
 * seeds/threat-holdout.jsonl through the whole pipeline: per kind and half (odd ids = dev, read once to widen the
 * threat phrases; even ids = test, never read), how many reach the threat priority band and how many are held.
 */
async function threatHoldoutTable(pipeline: Pipeline): Promise<{ rows: HoldoutRow[]; auc: HoldoutAuc | null }> {
  const cases = loadThreatHoldout();
  if (cases.length === 0) return { rows: [], auc: null };
  const results = await scoreAll(pipeline, cases.map((c) => c.text), 'threat hold-out');
  const rows = new Map<string, HoldoutRow>();
  cases.forEach((c, i) => {
    const row = rows.get(c.kind) ?? { kind: c.kind, threat: c.threat, dev: { n: 0, held: 0, threatPriority: 0 }, test: { n: 0, held: 0, threatPriority: 0 } };
    rows.set(c.kind, row);
    const h = row[c.half];
    const r = results[i]!;
    h.n++;
    if (held(r)) h.held++;
    if (r.priority >= PRIORITY_BANDS.threat[0]) h.threatPriority++;
  });
  const aucOf = (half: 'dev' | 'test', score: (r: ScoreResult) => number) => {
    const idx = cases.map((c, i) => (c.half === half ? i : -1)).filter((i) => i >= 0);
    return rocAuc(idx.map((i) => score(results[i]!)), idx.map((i) => (cases[i]!.threat ? 1 : 0)));
  };
  const auc: HoldoutAuc = {
    merged: { dev: aucOf('dev', (r) => r.labels.threat ?? 0), test: aucOf('test', (r) => r.labels.threat ?? 0) },
    model: { dev: aucOf('dev', (r) => r.modelLabels?.threat ?? 0), test: aucOf('test', (r) => r.modelLabels?.threat ?? 0) },
  };
  return { rows: [...rows.values()], auc };
}

type VerdictRow = { holdout: string; kind: string; expected: 'held' | 'published'; n: number; passed: number };

/** The verdict hold-outs (VERDICT_HOLDOUTS) through the whole pipeline: per kind, how many got the verdict wanted. */
async function verdictHoldoutTable(pipeline: Pipeline): Promise<VerdictRow[]> {
  const rows = new Map<string, VerdictRow>();
  for (const holdout of Object.keys(VERDICT_HOLDOUTS) as (keyof typeof VERDICT_HOLDOUTS)[]) {
    const cases = loadVerdictHoldout(holdout);
    const results = await scoreAll(pipeline, cases.map((c) => c.text), `${holdout} hold-out`);
    cases.forEach((c, i) => {
      const key = `${holdout}/${c.kind}`;
      const row = rows.get(key) ?? { holdout, kind: c.kind, expected: c.expected, n: 0, passed: 0 };
      rows.set(key, row);
      row.n++;
      if (held(results[i]!) === (c.expected === 'held')) row.passed++;
    });
  }
  return [...rows.values()];
}

function suiteMarkdown(r: SuiteReport, modelName: string, aucRows: Awaited<ReturnType<typeof aucTable>> | null, dev: Awaited<ReturnType<typeof aucTable>> | null, templates: { group: string; n: number; held: number }[], holdout: readonly HoldoutRow[], verdicts: readonly VerdictRow[], holdoutAuc: HoldoutAuc | null, review: PolicyReview | null = null): string {
  const lines: string[] = [];
  lines.push(`Measured by \`npm run eval:model\` (writes \`models/eval-report.json\`; \`-- --card\` rewrites this section) with the model in \`models/\` (${modelName}), the lexicon and the default policy. A case passes when its expected outcome (held = review or reject; published) is the verdict.`);
  lines.push('');
  lines.push(`Overall: **${pct(r.overall)}** of ${r.cases} cases. Target: every functionality ≥ 90 %.`);
  lines.push('');
  lines.push('| functionality | expected | cases | passed | pass rate |');
  lines.push('|---|---|---:|---:|---:|');
  for (const f of r.functionalities) lines.push(`| ${f.functionality} | ${f.expected} | ${f.n} | ${f.passed} | ${pct(f.rate)}${f.rate < 0.9 ? ' ✗' : ''} |`);
  lines.push('');
  lines.push('Neutral and positive statements naming a group, held (target ≤ 2 % for every group):');
  lines.push('');
  lines.push('| group | suite statements | held | rate |');
  lines.push('|---|---:|---:|---:|');
  for (const g of r.groups) lines.push(`| ${g.group} | ${g.n} | ${g.held} | ${pct(g.rate)}${g.rate > 0.02 ? ' ✗' : ''} |`);
  if (templates.length) {
    lines.push('');
    lines.push('The training code\'s identity templates (`scripts/training/identityBias.ts`, 12 neutral frames per term), through the whole pipeline:');
    lines.push('');
    lines.push('| group | sentences | held | rate |');
    lines.push('|---|---:|---:|---:|');
    for (const g of templates) lines.push(`| ${g.group} | ${g.n} | ${g.held} | ${pct(g.held / g.n)} |`);
  }
  if (holdout.length) {
    lines.push('');
    lines.push('Threat hold-out (`seeds/threat-holdout.jsonl`: 180 sentences written by a separate session blind to the rules and the suite; the odd-numbered half was read once to widen the threat phrases, the even-numbered half never), through the whole pipeline: how many reach the threat priority band (≥ 80) and how many are held at all.');
    lines.push('');
    lines.push('| kind | a threat? | dev: threat priority | dev: held | test: threat priority | test: held |');
    lines.push('|---|---|---:|---:|---:|---:|');
    for (const h of holdout) lines.push(`| ${h.kind} | ${h.threat ? 'yes' : 'no'} | ${h.dev.threatPriority}/${h.dev.n} | ${h.dev.held}/${h.dev.n} | ${h.test.threatPriority}/${h.test.n} (${pct(h.test.threatPriority / h.test.n)}) | ${h.test.held}/${h.test.n} |`);
    if (holdoutAuc) {
      lines.push('');
      lines.push(`Threat ROC AUC on the same sentences (threats against hard negatives and insults): test half **${f3(holdoutAuc.merged.test)}** with the threat phrases (the model alone ${f3(holdoutAuc.model.test)}); dev half ${f3(holdoutAuc.merged.dev)} (the model alone ${f3(holdoutAuc.model.dev)}). Target: ≥ 0.95.`);
    }
  }
  if (verdicts.length) {
    lines.push('');
    lines.push('Verdict hold-outs, through the whole pipeline — `seeds/counter-holdout.jsonl` (100 comments), `seeds/dehumanising-holdout.jsonl` (120), `seeds/derogation-holdout.jsonl` (120), `seeds/profanity-holdout.jsonl` (120) and `seeds/negation-holdout.jsonl` (150), each written by a separate session blind to the rules and the suite, and scored with the rules they test frozen (what was changed after reading them: the model card):');
    lines.push('');
    lines.push('| hold-out | kind | wanted | comments | right | rate |');
    lines.push('|---|---|---|---:|---:|---:|');
    for (const c of verdicts) lines.push(`| ${c.holdout} | ${c.kind} | ${c.expected} | ${c.n} | ${c.passed} | ${pct(c.passed / c.n)} |`);
  }
  const aucMd = (rows: Awaited<ReturnType<typeof aucTable>>, title: string) => {
    const labels = LABELS.filter((l) => rows.some((row) => row.auc[l] !== undefined));
    lines.push('');
    lines.push(title);
    lines.push('');
    lines.push(`| source | texts | ${labels.map((l) => `${l} AUC (positives)`).join(' | ')} |`);
    lines.push(`|---|---:|${labels.map(() => '---:').join('|')}|`);
    for (const row of rows) lines.push(`| ${row.source} | ${row.n} | ${labels.map((l) => (row.auc[l] === undefined ? '' : row.auc[l] === null ? '—' : `${row.auc[l]!.toFixed(3)} (${row.positives[l]})`)).join(' | ')} |`);
  };
  if (dev) aucMd(dev, 'ROC AUC of the pipeline\'s labels (lexicon and model merged) on the dev split of the training data (split by text hash as `npm run train` does):');
  if (review) lines.push('', `The whole policy on the same dev texts, reweighted to ${pct(review.prevalence)} abusive comments (the prevalence the thresholds were chosen for): **held precision ${review.precision.toFixed(2)}**, recall ${pct(review.recall)}, civil comments held ${pct(review.civilHeld)} (${review.abusive} abusive, ${review.civil} civil texts; abusive = any label 1, civil = toxicity 0). Each label's review threshold alone reaches precision ${review.target}; the policy holds the union of the labels and the lexicon's rules, so its own precision is lower. Held for one reason only (texts, precision at the same prevalence): ${Object.entries(review.alone ?? {}).sort((a, b) => b[1].held - a[1].held).map(([why, a]) => `${why} ${a.held} (${a.precision === null ? '—' : a.precision.toFixed(2)})`).join(', ')}.`);
  if (aucRows) aucMd(aucRows, 'ROC AUC on the evaluation-only sets (never trained on; test files never read; a seeded sample per source): Gab `is_hate` → toxicity; ETHOS `isHate` ≥ 0.5 → toxicity, hate with `violence` ≥ 0.5 → threat; Stormfront `hate` → toxicity and identity_attack (`relation`, `idk/skip` left out); SFU CTC majority answer toxic or very toxic → toxicity; UsVsThem scale > 5/6 (nearer discriminatory than critical) → toxicity and identity_attack.');
  if (!dev && !aucRows) lines.push('', 'Per-source AUC: not measured in this run (`../shared/data` absent or `--suite-only`).');
  return lines.join('\n');
}

function writeCard(md: string): void {
  const card = 'models/MODEL_CARD.md';
  const text = readFileSync(card, 'utf8');
  const start = '<!-- functional-suite:start -->';
  const end = '<!-- functional-suite:end -->';
  const block = `${start}\n${md}\n${end}`;
  const next = text.includes(start) ? text.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block) : `${text.trimEnd()}\n\n## Functional suite\n\n${block}\n`;
  writeFileSync(card, next);
  console.log(`updated the "Functional suite" section of ${card}`);
}

async function main(): Promise<void> {
  const fromReport = arg('card-from');
  if (fromReport) {
    // Rewrites the card's section from a report an earlier run wrote, without scoring again.
    const r = JSON.parse(readFileSync(fromReport, 'utf8'));
    writeCard(suiteMarkdown(r.suite, r.scorers, r.evaluationOnlyAuc, r.devAuc, r.identityTemplates, r.threatHoldout ?? [], r.verdictHoldouts ?? [], r.threatHoldoutAuc ?? null, r.policyReview ?? null));
    return;
  }
  const config = loadConfig({ ...process.env, SCORERS: 'lexicon,model' });
  const policy = loadPolicy(config.POLICY_FILE);
  const scorers = await createScorers(['lexicon', 'model'], config);
  // --no-context: the same pipeline with the context phase doing nothing, to measure what the phase changes.
  const pipeline = createPipeline(scorers, policy, flag('no-context') ? { context: { detect: (_t, m) => [...m], modelText: () => null } } : {});
  const suite = loadSuite();
  const t0 = Date.now();
  const results = await scoreAll(pipeline, suite.map((c) => c.text), 'suite');
  const report = suiteReport(suite, results);
  console.log(`Functional suite (${suite.length} cases, ${report.functionalities.length} functionalities, ${((Date.now() - t0) / 1000).toFixed(1)} s):`);
  for (const f of report.functionalities) console.log(`  ${f.functionality.padEnd(26)} ${f.expected.padEnd(9)} ${String(f.passed).padStart(3)}/${String(f.n).padEnd(3)} ${pct(f.rate)}`);
  console.log(`  overall ${pct(report.overall)}`);
  console.log('Neutral/positive identity statements held, per group:');
  for (const g of report.groups) console.log(`  ${g.group.padEnd(18)} ${g.held}/${g.n} ${pct(g.rate)}`);

  const { identitySentences } = await import('./training/identityBias');
  const tmpl = identitySentences();
  const tmplResults = await scoreAll(pipeline, tmpl.map((t) => t.text), 'identity templates');
  const templates = [...new Set(tmpl.map((t) => t.group))].map((group) => {
    const idx = tmpl.map((t, i) => (t.group === group ? i : -1)).filter((i) => i >= 0);
    return { group, n: idx.length, held: idx.filter((i) => held(tmplResults[i]!)).length };
  });
  console.log('Identity templates (scripts/training/identityBias.ts) held, per group:');
  for (const g of templates) console.log(`  ${g.group.padEnd(18)} ${g.held}/${g.n} ${pct(g.held / g.n)}`);

  const { rows: threatHoldout, auc: threatHoldoutAuc } = await threatHoldoutTable(pipeline);
  console.log('Threat hold-out (seeds/threat-holdout.jsonl), share at threat priority / held, dev and test halves:');
  if (threatHoldoutAuc) console.log(`  threat ROC AUC: test ${f3(threatHoldoutAuc.merged.test)} (model alone ${f3(threatHoldoutAuc.model.test)}), dev ${f3(threatHoldoutAuc.merged.dev)} (model alone ${f3(threatHoldoutAuc.model.dev)})`);
  for (const r of threatHoldout) console.log(`  ${r.kind.padEnd(18)} dev ${r.dev.threatPriority}/${r.dev.n} / ${r.dev.held}   test ${r.test.threatPriority}/${r.test.n} / ${r.test.held}`);
  const verdictHoldouts = await verdictHoldoutTable(pipeline);
  console.log('Verdict hold-outs (seeds/{counter,dehumanising,derogation,profanity,negation}-holdout.jsonl), verdict as wanted:');
  for (const r of verdictHoldouts) console.log(`  ${`${r.holdout}/${r.kind}`.padEnd(28)} ${r.expected.padEnd(9)} ${r.passed}/${r.n} ${pct(r.passed / r.n)}`);

  let dev: Awaited<ReturnType<typeof aucTable>> | null = null;
  let evalOnly: Awaited<ReturnType<typeof aucTable>> | null = null;
  let review: PolicyReview | null = null;
  const dataDir = path.join(config.SHARED_DIR, 'data');
  const max = Number(arg('max-per-source', '1500'));
  if (flag('suite-only')) console.log('Per-source AUC skipped (--suite-only).');
  else if (!existsSync(dataDir)) console.log(`Per-source AUC skipped: ${dataDir} is absent (set SHARED_DIR).`);
  else {
    console.log(`Dev split of the training data, ROC AUC per source (at most ${max} texts each):`);
    const outcomes: HeldOutcome[] = [];
    dev = await aucTable(pipeline, await trainingSplit(dataDir, 'dev'), max, outcomes);
    const meta = readSieveMetadata();
    const prevalence = meta.prevalence.toxicity;
    review = { ...policyReview(outcomes, prevalence), target: meta.reviewPrecision };
    console.log(`Policy on the dev split at ${pct(prevalence)} abusive: held precision ${review.precision.toFixed(2)} (each label's threshold: ${meta.reviewPrecision}), recall ${pct(review.recall)}, civil held ${pct(review.civilHeld)} (${review.abusive} abusive, ${review.civil} civil texts)`);
    for (const [why, a] of Object.entries(review.alone)) console.log(`  held for ${why} alone: ${a.held} texts, precision ${a.precision === null ? '—' : a.precision.toFixed(2)}`);
    console.log(`Evaluation-only sets, ROC AUC (at most ${max} texts each):`);
    evalOnly = await aucTable(pipeline, evaluationSets(dataDir), max);
  }
  await pipeline.close();

  const out = arg('out', 'models/eval-report.json')!;
  const modelName = scorers.map((s) => s.name).join(' + ');
  writeFileSync(out, JSON.stringify({ command: ['npm run eval:model', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '), scorers: modelName, contextPhase: !flag('no-context'), policyFile: config.POLICY_FILE ?? null, maxPerSource: max, suite: report, identityTemplates: templates, threatHoldout, threatHoldoutAuc, verdictHoldouts, devAuc: dev, policyReview: review, evaluationOnlyAuc: evalOnly }, null, 2) + '\n');
  console.log(`wrote ${out}`);
  if (flag('card')) writeCard(suiteMarkdown(report, modelName, evalOnly, dev, templates, threatHoldout, verdictHoldouts, threatHoldoutAuc, review));
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
