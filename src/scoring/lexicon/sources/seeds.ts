/**
 * The project's curated lexicon data in seeds/lexicon/: curated.json (entries), geopolitical.json (the pejoratives
 * and coinages of geopolitical threads, each with a usage example), group-insults.json (group ×
 * dehumanising noun phrases), overrides.json (corrections to the npm lists), allow.txt (innocent words).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { Severity, SlurCategory } from '../../../domain/slurs';
import type { LexiconEntry } from '../types';
import { categorySchema, entrySchema, severitySchema } from './schema';

/** seeds/lexicon, found by walking up from this file (works from src/ under ts-jest/tsx and from dist/). */
export function seedsDir(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'seeds', 'lexicon');
    if (existsSync(join(candidate, 'curated.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`seeds/lexicon not found above ${__dirname}`);
  }
}

const curatedSchema = z.object({ $comment: z.string().optional(), entries: z.array(entrySchema) }).strict();
/** geopolitical.json: every term carries how it is used; `caseSensitive` terms ("ruSSia") match only as written. */
const geopoliticalSchema = z
  .object({
    $comment: z.string().optional(),
    entries: z.array(entrySchema.extend({ usage: z.string().min(1), reference: z.string().min(1).optional(), caseSensitive: z.boolean().optional() }).strict()),
  })
  .strict();
const groupsSchema = z
  .object({
    $comment: z.string().optional(),
    groups: z.partialRecord(categorySchema, z.array(z.string().min(1))),
    nouns: z.array(z.object({ severity: severitySchema, words: z.array(z.string().min(1)) }).strict()),
  })
  .strict();
const overrideSchema = z
  .object({
    category: categorySchema.optional(),
    severity: severitySchema.optional(),
    exceptions: z.array(z.string()).optional(),
  })
  .strict();
const overridesSchema = z
  .object({
    $comment: z.string().optional(),
    exclude: z.array(z.string()),
    compound: z.array(z.string()),
    terms: z.record(z.string(), overrideSchema),
    cussCategories: z.partialRecord(categorySchema, z.object({ severity: severitySchema, terms: z.array(z.string()) }).strict()),
  })
  .strict();

export type Overrides = z.infer<typeof overridesSchema>;

/** A seeds/lexicon JSON file checked against its schema; an error names the file and the first bad field. */
export function readJson<T>(dir: string, file: string, schema: z.ZodType<T>): T {
  const r = schema.safeParse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new Error(`${join(dir, file)}: ${issue.path.join('.')}: ${issue.message}`);
  }
  return r.data;
}

export function loadCurated(dir = seedsDir()): LexiconEntry[] {
  const curated = readJson(dir, 'curated.json', curatedSchema).entries.map((e) => ({ ...e, source: 'seeds' }) as LexiconEntry);
  const geo = existsSync(join(dir, 'geopolitical.json'))
    ? readJson(dir, 'geopolitical.json', geopoliticalSchema).entries.map(({ usage: _u, reference: _r, ...e }) => ({ ...e, source: 'seeds' }) as LexiconEntry)
    : [];
  return [...curated, ...geo];
}

/** Every group × noun as a phrase entry: "gringo swine", "british imbecile" (+ plural by inflection). */
export function loadGroupInsults(dir = seedsDir()): LexiconEntry[] {
  const data = readJson(dir, 'group-insults.json', groupsSchema);
  const out: LexiconEntry[] = [];
  for (const [category, groups] of Object.entries(data.groups) as [SlurCategory, string[]][]) {
    for (const group of groups) {
      for (const nouns of data.nouns) {
        for (const noun of nouns.words) {
          out.push({ term: `${group} ${noun}`, category, severity: nouns.severity as Severity, wholeWord: true, source: 'seeds' });
        }
      }
    }
  }
  return out;
}

export function loadOverrides(dir = seedsDir()): Overrides {
  return readJson(dir, 'overrides.json', overridesSchema);
}

export function loadAllowList(dir = seedsDir()): string[] {
  return readFileSync(join(dir, 'allow.txt'), 'utf8')
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);
}
