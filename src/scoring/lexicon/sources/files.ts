/**
 * Loaders for external lexicons by path, so a site can bring its own list:
 *   .csv  — Surge AI's format (text, canonical_form_1, category_1, severity_rating 1-3), e.g.
 *           ../shared/lexicons/surge-ai/profanity_en.csv
 *   .json — dsojevic's format (id, match, tags, severity) or an array of our LexiconEntry fields
 *   .txt  — one term per line ('#' comments), all with the given default category and severity
 */
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Severity, SlurCategory } from '../../../domain/slurs';
import type { LexiconEntry } from '../types';
import { fromDsojevic, type DsojevicEntry } from './dsojevic';
import { entrySchema } from './schema';

export interface FileDefaults {
  category?: SlurCategory;
  severity?: Severity;
}

const SURGE_CATEGORIES: Record<string, SlurCategory> = {
  'sexual anatomy / sexual acts': 'sexual',
  'racial / ethnic slurs': 'racial_ethnic',
  'sexual orientation / gender': 'sexual_orientation_gender',
  'bodily fluids / excrement': 'profanity',
  'other / general insult': 'insult',
  'religious offense': 'religious',
  'mental disability': 'disability',
  'physical disability': 'disability',
  'animal references': 'insult',
  political: 'political',
  'physical attributes': 'insult',
};

export function loadLexiconFile(path: string, defaults: FileDefaults = {}): LexiconEntry[] {
  const source = `file:${basename(path)}`;
  const raw = readFileSync(path, 'utf8');
  switch (extname(path).toLowerCase()) {
    case '.csv':
      return parseSurgeCsv(raw, source);
    case '.json':
      return parseJsonLexicon(JSON.parse(raw) as unknown, source);
    default:
      return raw
        .split(/\r?\n/)
        .map((l) => l.replace(/#.*/, '').trim())
        .filter(Boolean)
        .map((term) => ({ term, category: defaults.category ?? 'profanity', severity: defaults.severity ?? 2, source }));
  }
}

/** One CSV row per surface form; forms are grouped under their first canonical form. */
export function parseSurgeCsv(raw: string, source: string): LexiconEntry[] {
  const rows = parseCsv(raw);
  const header = rows.shift() ?? [];
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${source}: no "${name}" column`);
    return i;
  };
  const [text, canon, cat, sev] = [col('text'), col('canonical_form_1'), col('category_1'), col('severity_rating')];
  const byTerm = new Map<string, LexiconEntry>();
  for (const r of rows) {
    const form = r[text]?.trim();
    const term = r[canon]?.trim() || form;
    if (!form || !term) continue;
    const severity = surgeSeverity(Number(r[sev]));
    const entry = byTerm.get(term) ?? { term, variants: [], category: SURGE_CATEGORIES[r[cat] ?? ''] ?? 'profanity', severity, wholeWord: true, source };
    if (form !== term) entry.variants!.push(form);
    entry.severity = Math.max(entry.severity, severity) as Severity;
    byTerm.set(term, entry);
  }
  return [...byTerm.values()];
}

/** Surge rates 1 (mild) to 3 (severe), in tenths; ours is 1-4. */
function surgeSeverity(x: number): Severity {
  if (!Number.isFinite(x)) return 2;
  return Math.min(4, Math.max(1, Math.round((x - 1) * 1.5 + 1))) as Severity;
}

export function parseJsonLexicon(data: unknown, source: string): LexiconEntry[] {
  const list = Array.isArray(data) ? data : (data as { entries?: unknown[] })?.entries;
  if (!Array.isArray(list)) throw new Error(`${source}: expected an array of entries`);
  if (list.length > 0 && typeof list[0] === 'object' && list[0] !== null && 'match' in list[0]) return fromDsojevic(list as DsojevicEntry[], source);
  return list.map((item, i) => {
    const r = entrySchema.safeParse(item);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      throw new Error(`${source}: entry ${i}: ${issue.path.join('.')}: ${issue.message}`);
    }
    return { ...r.data, source } as LexiconEntry;
  });
}

/** CSV rows (RFC 4180: quoted fields may hold commas, doubled quotes and newlines); blank lines skipped. */
export function parseCsv(raw: string): string[][] {
  return parse(raw, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
}
