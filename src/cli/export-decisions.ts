/**
 * `npm run --silent export:decisions -- [--out FILE] [--since ISO-TIME] [--section NAME]`
 *
 * Writes the site's moderator decisions as a training file (JSON Lines, one TrainingRow each — see
 * src/review/examples.ts: `text`, `labels` {toxicity, insult, identity_attack, threat: 1 | 0 | null}, `outcome`,
 * `reason`, `source`, `section`, `decidedAt`, `commentId`) for `npm run train -- --extra FILE`. Decisions whose
 * text retention has dropped, and rejections whose reason says nothing about toxicity (spam, off topic), are
 * counted but not written. A summary goes to stderr.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { createDb } from '../db';
import { labelsOf, trainingRow } from '../review/examples';
import { LearningRecord } from '../review/quality/record';
import { runCli } from './run-cli';

export interface ExportSummary { decided: number; written: number; withoutText: number; withoutLabel: number }

/** The decisions as JSON Lines, and what was left out. */
export async function exportDecisions(record: Pick<LearningRecord, 'examples'>, opts: { since?: string; section?: string } = {}): Promise<{ jsonl: string; summary: ExportSummary }> {
  const examples = await record.examples(opts);
  const lines: string[] = [];
  const summary: ExportSummary = { decided: examples.length, written: 0, withoutText: 0, withoutLabel: 0 };
  for (const e of examples) {
    const row = trainingRow(e);
    if (row) {
      lines.push(JSON.stringify(row));
      summary.written++;
    } else if (!labelsOf(e)) summary.withoutLabel++;
    else summary.withoutText++;
  }
  return { jsonl: lines.length > 0 ? lines.join('\n') + '\n' : '', summary };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string', short: 'o' }, since: { type: 'string' }, section: { type: 'string' } } });
  if (values.since !== undefined && Number.isNaN(Date.parse(values.since))) throw new Error(`--since: "${values.since}" is not a date or time`);
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required: the decisions are in the PostgreSQL record');
  const db = createDb(config.DATABASE_URL, { max: 1, applicationName: 'sieve-export' });
  try {
    const since = values.since !== undefined ? new Date(values.since).toISOString() : undefined;
    const { jsonl, summary } = await exportDecisions(new LearningRecord(db), { since, section: values.section });
    if (values.out) writeFileSync(values.out, jsonl);
    else process.stdout.write(jsonl);
    process.stderr.write(`export:decisions: ${summary.decided} decisions, ${summary.written} written${values.out ? ` to ${values.out}` : ''}; left out: ${summary.withoutText} without text (retention), ${summary.withoutLabel} with a reason that says nothing about toxicity\n`);
  } finally {
    await db.destroy();
  }
}

if (require.main === module) runCli('export:decisions', main);
