/**
 * `npm run calibrate` — review thresholds chosen for the WHOLE policy (src/review/quality/joint.ts): the real
 * pipeline (lexicon → context → the model in models/ → policy) scores the training code's `val` split (where the
 * per-label thresholds were chosen); the searched labels' review thresholds are raised together until the held
 * comments as a whole reach the stated precision at the stated prevalence (both from the model's metadata unless
 * given); then the chosen thresholds are measured on the `dev` split, which the search never saw.
 *
 *   SHARED_DIR=../shared npm run calibrate -- [--labels toxicity,insult,identity_attack] [--precision 0.3]
 *     [--prevalence 0.08] [--max-per-source 1500] [--cache /tmp/calibration-scores.json] [--out models/calibration-report.json]
 *     [--frontier 0.24,0.26,0.28,0.30]    (also: the joint thresholds and their dev figures for each of these targets)
 *
 * The thresholds are a proposal: copy them into src/policy/defaults.ts (and re-run eval:model) to adopt them.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadConfig, type Config } from '../src/config';
import type { Label, LabelScores } from '../src/domain/labels';
import type { SlurMatch } from '../src/domain/slurs';
import type { Policy } from '../src/policy/defaults';
import { decide, loadPolicy } from '../src/policy/policy';
import { createPipeline } from '../src/scoring/pipeline';
import { readSieveMetadata } from '../src/scoring/model/sieveModel';
import { createScorers } from '../src/scoring/scorers';
import { JOINT_FIXED, jointThresholds, operatingPoint, type JointItem } from '../src/review/quality/joint';
import { withThreshold } from '../src/review/quality/thresholds';
import { reviewTruth, sample, scoreAll, trainingSplit } from './eval-model';

function arg(name: string, def?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}

/** One scored text: what the policy needs to be re-run (model labels and lexicon matches after context), and its truth. */
interface Scored { source: string; abusive: boolean; modelLabels: LabelScores; slurs: SlurMatch[] }

async function scoreSplits(config: Config, policy: Policy, dataDir: string, max: number): Promise<Record<'val' | 'dev', Scored[]>> {
  const pipeline = createPipeline(await createScorers(['lexicon', 'model'], config), policy);
  const out: Record<'val' | 'dev', Scored[]> = { val: [], dev: [] };
  for (const split of ['val', 'dev'] as const) {
    for (const [source, all] of Object.entries(await trainingSplit(dataDir, split))) {
      // Texts that are neither abusive nor civil (toxicity unknown, no label 1) say nothing here.
      const items = sample(all, max, 9).flatMap((x) => { const abusive = reviewTruth(x.truth); return abusive === null ? [] : [{ ...x, abusive }]; });
      const results = await scoreAll(pipeline, items.map((x) => x.text), `${split} ${source}`);
      items.forEach((x, i) => out[split].push({ source, abusive: x.abusive, modelLabels: results[i]!.modelLabels ?? results[i]!.labels, slurs: results[i]!.slurs }));
    }
  }
  await pipeline.close();
  return out;
}

/** The texts as the search sees them: held by something it does not move, or by the searched labels' scores. */
function calibrationItems(scored: readonly Scored[], policy: Policy, labels: readonly Label[]): JointItem[] {
  const never = labels.reduce((p, l) => withThreshold(p, l, Infinity), policy);
  return scored.map((s) => ({ abusive: s.abusive, heldByOther: decide(s.modelLabels, s.slurs, never).verdict !== 'publish', scores: s.modelLabels }));
}

async function main() {
  const config = loadConfig({ ...process.env, SCORERS: 'lexicon,model' });
  const dataDir = path.join(config.SHARED_DIR, 'data');
  if (!existsSync(dataDir)) throw new Error(`${dataDir} is absent: set SHARED_DIR to the folder holding data/`);
  const meta = readSieveMetadata();
  const prevalence = Number(arg('prevalence', String(meta.prevalence.toxicity)));
  const precision = Number(arg('precision', String(meta.reviewPrecision)));
  const labels = arg('labels', 'toxicity,insult,identity_attack')!.split(',') as Label[];
  if (labels.some((l) => JOINT_FIXED.includes(l))) console.log(`note: ${JOINT_FIXED.join(', ')} is left out of the site's joint suggestions (src/review/quality/joint.ts); searched here as asked`);
  const policy = loadPolicy(config.POLICY_FILE);
  const cache = arg('cache');
  const scored: Record<'val' | 'dev', Scored[]> = cache && existsSync(cache)
    ? JSON.parse(readFileSync(cache, 'utf8'))
    : await scoreSplits(config, policy, dataDir, Number(arg('max-per-source', '1500')));
  if (cache && !existsSync(cache)) writeFileSync(cache, JSON.stringify(scored));

  const start = Object.fromEntries(labels.map((l) => [l, policy.labels[l].review]));
  const reaches = (p: number) => ({ prevalence, done: (o: { precision: number | null }) => (o.precision ?? 0) >= p });
  const valItems = calibrationItems(scored.val, policy, labels);
  const val = jointThresholds(valItems, start, reaches(precision));
  const devItems = calibrationItems(scored.dev, policy, labels);
  const dev = { before: operatingPoint(devItems, start, prevalence), after: operatingPoint(devItems, val.thresholds, prevalence) };
  const show = (o: { precision: number | null; recall: number; civilHeld: number }) => `precision ${o.precision?.toFixed(3) ?? '—'}, recall ${(100 * o.recall).toFixed(1)} %, civil held ${(100 * o.civilHeld).toFixed(1)} %`;
  console.log(`Whole policy at ${prevalence} abusive, target precision ${precision}; searched: ${labels.join(', ')}`);
  console.log(`  val (${scored.val.length} texts), per-label thresholds ${JSON.stringify(start)}: ${show(val.start)}`);
  console.log(`  val, joint thresholds ${JSON.stringify(val.thresholds)}${val.reached ? '' : ' (target NOT reached)'}: ${show(val)}`);
  console.log(`  dev (${scored.dev.length} texts, never searched): per-label ${show(dev.before)}; joint ${show(dev.after)}`);
  // The trade-off: each target precision, its joint thresholds (chosen on val) and what they do on dev.
  const frontier = (arg('frontier')?.split(',').map(Number) ?? []).map((target) => {
    const j = jointThresholds(valItems, start, reaches(target));
    const d = operatingPoint(devItems, j.thresholds, prevalence);
    console.log(`  target ${target}: ${JSON.stringify(j.thresholds)}${j.reached ? '' : ' (NOT reached)'} → dev ${show(d)}`);
    return { target, thresholds: j.thresholds, reached: j.reached, dev: d };
  });
  const out = arg('out', 'models/calibration-report.json')!;
  writeFileSync(out, JSON.stringify({ command: ['npm run calibrate', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '), prevalence, precision, labels, texts: { val: scored.val.length, dev: scored.dev.length }, start, joint: val.thresholds, reached: val.reached, val: { before: val.start, after: { precision: val.precision, recall: val.recall, civilHeld: val.civilHeld } }, dev, frontier }, null, 2) + '\n');
  console.log(`wrote ${out}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
