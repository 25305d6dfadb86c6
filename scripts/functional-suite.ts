/**
 * The project's own functional test suite (seeds/functional-suite.jsonl): short cases, each testing one
 * functionality (a threat, a disguised slur, counter-speech quoting a slur, a neutral statement about a group…)
 * with the outcome a newsroom wants: `held` (review or reject) or `published`. Written by the project from its
 * own templates and sentences; not copied or paraphrased from any published suite. `npm run eval:model` runs it.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';

export const suiteCaseSchema = z
  .object({
    id: z.string().regex(/^[a-z_]+-\d+$/),
    functionality: z.string().regex(/^[a-z_]+$/),
    text: z.string().min(1).max(500),
    expected: z.enum(['held', 'published']),
    /** The group the case is about, where there is one ("Muslims", "trans people"). */
    target: z.string().min(1).optional(),
  })
  .strict();

export type SuiteCase = z.infer<typeof suiteCaseSchema>;

export const SUITE_FILE = path.join(__dirname, '..', 'seeds', 'functional-suite.jsonl');

/** Every case, validated; throws naming the line of a malformed one or a repeated id. */
export function loadSuite(file = SUITE_FILE): SuiteCase[] {
  const seen = new Set<string>();
  return readFileSync(file, 'utf8').split('\n').flatMap((line, i) => {
    if (!line.trim()) return [];
    const r = suiteCaseSchema.safeParse(JSON.parse(line));
    if (!r.success) throw new Error(`${file}:${i + 1}: ${r.error.issues[0]!.path.join('.')}: ${r.error.issues[0]!.message}`);
    if (seen.has(r.data.id)) throw new Error(`${file}:${i + 1}: id ${r.data.id} repeated`);
    seen.add(r.data.id);
    return [r.data];
  });
}

export const THREAT_HOLDOUT_FILE = path.join(__dirname, '..', 'seeds', 'threat-holdout.jsonl');

/**
 * One sentence of seeds/threat-holdout.jsonl (written blind to the threat phrases), with its half: odd ids were
 * read once to widen the phrases (`dev`), even ids never (`test`).
 */
export interface ThreatHoldoutCase { id: string; kind: string; text: string; threat: boolean; half: 'dev' | 'test' }

/** The lines of a hold-out file, or [] when the file is absent. */
function readHoldout<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
}

/** The threat hold-out, or [] when the file is absent. */
export function loadThreatHoldout(file = THREAT_HOLDOUT_FILE): ThreatHoldoutCase[] {
  return readHoldout<Omit<ThreatHoldoutCase, 'half'>>(file).map((c) => ({ ...c, half: Number(c.id.split('-').pop()) % 2 === 1 ? 'dev' : 'test' }));
}

export const COUNTER_HOLDOUT_FILE = path.join(__dirname, '..', 'seeds', 'counter-holdout.jsonl');

/**
 * One comment of seeds/counter-holdout.jsonl, written by a separate session blind to the context rules and the
 * suite: `counter` restates a derogatory claim without quotation marks and rejects it (should be published),
 * `hateful` endorses hate in the same vocabulary ("you get called a bigot for saying X, but…": held), `neutral`
 * names bigotry or reports speech about something else (published).
 */
export interface CounterHoldoutCase { id: string; kind: 'counter' | 'hateful' | 'neutral'; text: string }

/** The counter-speech hold-out, or [] when the file is absent. */
export function loadCounterHoldout(file = COUNTER_HOLDOUT_FILE): CounterHoldoutCase[] {
  return readHoldout<CounterHoldoutCase>(file);
}
