/**
 * `npm run train -- --extra FILE [--extra-weight W]`: a site's own moderator decisions added to the training table.
 *
 * FILE is what `npm run export:decisions` writes (JSON Lines: `text` and `labels` {toxicity, insult,
 * identity_attack, threat: 1 | 0 | null}; see src/review/examples.ts). Each row is prepared and tokenized exactly
 * as exportData.ts prepares the public sets, split by the same hash of its text (so a site comment that is also
 * in a public set lands in the same split: no leak between train and dev), and appended to <work>/examples.jsonl
 * with source `site` and loss weight W (default 1; a W above 1 makes the site's own decisions count more than a
 * public example). Kept apart from scripts/training/ so the trainer itself stays as it is: train.ts calls this
 * between writing the table and fine-tuning.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Tokenizer } from '@tensorflow-models/universal-sentence-encoder';
import { defaultEncoderDir } from '../src/scoring/model/encoder';
import { prepareText } from '../src/scoring/model/prepare';
import { HEAD_LABELS } from './training/data';
import { dedupKey, splitOf, TRAIN_MAX_TOKENS } from './training/exportData';

export const EXTRA_SOURCE = 'site';

export interface ExtraSummary { read: number; appended: number; skipped: number; bySplit: Record<string, number> }

/** Appends FILE's labelled rows to <work>/examples.jsonl; throws naming the first malformed line. */
export function appendExtraExamples(work: string, file: string, weight: number, log: (s: string) => void = () => {}): ExtraSummary {
  if (!(weight > 0)) throw new Error(`--extra-weight must be a positive number (got ${weight})`);
  const tokenizer = new Tokenizer(JSON.parse(readFileSync(path.join(defaultEncoderDir(), 'vocab.json'), 'utf8')));
  const summary: ExtraSummary = { read: 0, appended: 0, skipped: 0, bySplit: {} };
  const out: string[] = [];
  readFileSync(file, 'utf8').split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    summary.read++;
    let row: { text?: unknown; labels?: Record<string, unknown> };
    try {
      row = JSON.parse(raw) as typeof row;
    } catch {
      throw new Error(`${file}:${i + 1}: not JSON`);
    }
    if (typeof row.text !== 'string' || !row.labels || typeof row.labels !== 'object') throw new Error(`${file}:${i + 1}: needs "text" and "labels"`);
    const y = HEAD_LABELS.map((l) => {
      const v = row.labels![l];
      if (v !== 0 && v !== 1 && v !== null && v !== undefined) throw new Error(`${file}:${i + 1}: labels.${l} must be 1, 0 or null`);
      return v === 0 || v === 1 ? v : -1;
    });
    const text = prepareText(row.text);
    const key = dedupKey(text);
    if (!key || y.every((v) => v === -1)) {
      summary.skipped++;
      return;
    }
    const split = splitOf(key);
    summary.bySplit[split] = (summary.bySplit[split] ?? 0) + 1;
    out.push(JSON.stringify({ t: tokenizer.encode(text).slice(0, TRAIN_MAX_TOKENS), y, w: weight, src: EXTRA_SOURCE, split, text }));
  });
  if (out.length > 0) appendFileSync(path.join(work, 'examples.jsonl'), out.join('\n') + '\n');
  summary.appended = out.length;
  log(`extra: ${summary.read} rows from ${file}, ${summary.appended} added as source "${EXTRA_SOURCE}" with weight ${weight} (${Object.entries(summary.bySplit).map(([s, n]) => `${s} ${n}`).join(', ') || 'none'}), ${summary.skipped} without text or label`);
  return summary;
}
