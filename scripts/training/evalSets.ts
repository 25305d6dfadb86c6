/**
 * The evaluation-only sets (../shared/data/README.md: licence allows evaluation, not weights): Gab, ETHOS,
 * Stormfront, SFU CTC, UsVsThem. Never trained on, never used for thresholds — out-of-distribution AUC only.
 * Public test splits are left out even here (Gab's test.tsv, Stormfront's sampled_test, UsVsThem's test file).
 *
 * Mapping to `toxicity` (1 = abusive): Gab is_hate; ETHOS isHate ≥ 0.5 (< 0.5 → 0), and `threat` = violence
 * ≥ 0.5; Stormfront hate → 1, noHate → 0 (relation/idk dropped); SFU CTC majority toxicity ≥ 3 → 1, 1 → 0
 * (2 "mildly toxic" dropped); UsVsThem scale ≥ 0.9 (discriminatory) → 1, ≤ 0.67 (supportive … critical) → 0.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface EvalExample { source: string; text: string; toxicity: 0 | 1; threat?: 0 | 1 }

const readCsv = (file: string, delimiter = ','): Record<string, string>[] => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parse } = require('csv-parse/sync') as typeof import('csv-parse/sync');
  return parse(readFileSync(file, 'utf8'), { columns: true, delimiter, relax_quotes: true, relax_column_count: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
};

export function loadEvalSets(dataDir: string): EvalExample[] {
  const d = (...p: string[]) => path.join(dataDir, ...p);
  const out: EvalExample[] = [];
  for (const f of ['train.tsv', 'dev.tsv']) {
    for (const r of readCsv(d('gab-hate-corpus', f), '\t')) if (r['text']?.trim()) out.push({ source: 'gab', text: r['text'], toxicity: r['is_hate'] === '1' ? 1 : 0 });
  }
  const multi = new Map(readCsv(d('ethos', 'Ethos_Dataset_Multi_Label.csv'), ';').map((r) => [r['comment']!.trim(), Number(r['violence'])]));
  for (const r of readCsv(d('ethos', 'Ethos_Dataset_Binary.csv'), ';')) {
    const text = r['comment']?.trim();
    if (!text) continue;
    const v = multi.get(text);
    out.push({ source: 'ethos', text, toxicity: Number(r['isHate']) >= 0.5 ? 1 : 0, threat: v === undefined ? (Number(r['isHate']) < 0.5 ? 0 : undefined) : v >= 0.5 ? 1 : 0 });
  }
  for (const r of readCsv(d('stormfront', 'stormfront_sentences.csv'))) {
    if (r['sampled_split'] === 'sampled_test' || !r['text']?.trim()) continue;
    if (r['label'] === 'hate' || r['label'] === 'noHate') out.push({ source: 'stormfront', text: r['text'], toxicity: r['label'] === 'hate' ? 1 : 0 });
  }
  for (const r of readCsv(d('sfu-ctc', 'SFU_constructiveness_toxicity.csv'))) {
    const level = Number(r['is_toxic_popular_answer_1']);
    if (!r['comment']?.trim() || level === 2 || !Number.isFinite(level)) continue;
    out.push({ source: 'sfu-ctc', text: r['comment'], toxicity: level >= 3 ? 1 : 0 });
  }
  for (const f of ['UsVsThem_train_public.csv', 'UsVsThem_valid_public.csv']) {
    for (const r of readCsv(d('usvsthem', f))) {
      const s = Number(r['usVSthem_scale']);
      if (!r['body']?.trim() || !Number.isFinite(s) || (s > 0.67 && s < 0.9)) continue;
      out.push({ source: 'usvsthem', text: r['body'], toxicity: s >= 0.9 ? 1 : 0 });
    }
  }
  return out;
}
