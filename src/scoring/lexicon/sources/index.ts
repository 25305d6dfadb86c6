/**
 * The default lexicon: the project's seeds first (most trusted), then lists loaded by path, then
 * `@dsojevic/profanity-list` corrected by seeds/lexicon/overrides.json, then what only `cuss` knows. A form claimed
 * by an earlier source keeps that source's category and severity.
 *
 * How `cuss`'s ratings guard against ambiguous words: a form cuss rates 0 ("usually not profane", e.g. "christ")
 * is not matched; only forms cuss rates 2 ("likely profane") are taken from cuss alone; and compound matching
 * (a term found inside another word) is never switched on by a list — only by overrides.json's "compound".
 */
import type { Severity, SlurCategory } from '../../../domain/slurs';
import { patternText } from '../lexicon';
import type { LexiconEntry } from '../types';
import { cussRatings } from './cuss';
import { fromDsojevic, loadDsojevicPackage } from './dsojevic';
import { loadLexiconFile } from './files';
import { loadAllowList, loadCurated, loadGroupInsults, loadOverrides, seedsDir, type Overrides } from './seeds';

export { loadLexiconFile, parseSurgeCsv, parseJsonLexicon, parseCsv } from './files';
export { entrySchema } from './schema';
export { cussRatings } from './cuss';
export { seedsDir } from './seeds';

export interface DefaultLexiconOptions {
  /** Extra lexicon files (CSV, JSON, plain text) to load. */
  files?: readonly string[];
  /** Leave out the npm lists (tests of the seeds alone). */
  npm?: boolean;
  seedsDir?: string;
}

export interface LexiconData {
  entries: LexiconEntry[];
  allow: string[];
}

export function loadDefaultLexicon(opts: DefaultLexiconOptions = {}): LexiconData {
  const dir = opts.seedsDir ?? seedsDir();
  const overrides = loadOverrides(dir);
  const entries: LexiconEntry[] = [...loadCurated(dir), ...loadGroupInsults(dir)];
  for (const file of opts.files ?? []) entries.push(...loadLexiconFile(file));
  if (opts.npm !== false) {
    const ratings = cussRatings();
    const dsojevic = applyOverrides(fromDsojevic(loadDsojevicPackage()), overrides, ratings);
    entries.push(...dsojevic);
    entries.push(...cussOnly(ratings, overrides, entries));
  }
  return { entries, allow: loadAllowList(dir) };
}

function applyOverrides(list: LexiconEntry[], o: Overrides, ratings: Map<string, number>): LexiconEntry[] {
  const excluded = new Set(o.exclude.map(patternText));
  const compound = new Set(o.compound);
  const out: LexiconEntry[] = [];
  for (const e of list) {
    const fix = o.terms[e.term];
    // cuss rates some forms harmless (0) and they are dropped, unless overrides.json names the term ("hell").
    const forms = [e.term, ...(e.variants ?? [])].filter((f) => !excluded.has(patternText(f)) && (fix !== undefined || ratings.get(f) !== 0));
    const unique = [...new Set(forms.map(patternText))].filter(Boolean);
    if (unique.length === 0 || excluded.has(patternText(e.term))) continue;
    out.push({
      ...e,
      term: e.term.replace(/-/g, ' '),
      variants: unique,
      ...(fix?.category ? { category: fix.category } : {}),
      ...(fix?.severity ? { severity: fix.severity as Severity } : {}),
      exceptions: [...(e.exceptions ?? []), ...(fix?.exceptions ?? [])],
      allowInCompounds: compound.has(e.term),
    });
  }
  return out;
}

/** Terms only cuss knows (rating 2): category from overrides.json, else from a known term inside them. */
function cussOnly(ratings: Map<string, number>, o: Overrides, known: readonly LexiconEntry[]): LexiconEntry[] {
  const excluded = new Set(o.exclude.map(patternText));
  const knownForms = new Map<string, LexiconEntry>();
  for (const e of known) for (const f of [e.term, ...(e.variants ?? [])]) {
    const t = patternText(f);
    if (t && !knownForms.has(t)) knownForms.set(t, e);
  }
  const assigned = new Map<string, { category: SlurCategory; severity: Severity }>();
  for (const [category, spec] of Object.entries(o.cussCategories) as [SlurCategory, { severity: number; terms: string[] }][]) {
    for (const t of spec.terms) assigned.set(patternText(t), { category, severity: spec.severity as Severity });
  }
  // Longest known single-word forms first, to name the category of e.g. "niggerhead" by "nigger".
  const inner = [...knownForms.entries()].filter(([f]) => f.length >= 3 && !f.includes(' ')).sort((a, b) => b[0].length - a[0].length);
  const out: LexiconEntry[] = [];
  for (const [word, rating] of ratings) {
    const form = patternText(word);
    if (rating < 2 || !form || knownForms.has(form) || excluded.has(form)) continue;
    let kind = assigned.get(form);
    if (!kind) {
      const hit = inner.find(([f]) => form.includes(f));
      kind = hit ? { category: hit[1].category, severity: Math.max(2, hit[1].severity) as Severity } : { category: 'profanity', severity: 2 };
    }
    out.push({ term: word, category: kind.category, severity: kind.severity, wholeWord: true, source: 'cuss' });
    knownForms.set(form, out[out.length - 1]!);
  }
  return out;
}
