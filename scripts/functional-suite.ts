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

/**
 * Hold-outs whose comments each want a verdict, written by separate sessions blind to the rules and the suite:
 *  - seeds/counter-holdout.jsonl: `counter` restates a derogatory claim without quotation marks and rejects it
 *    (published), `hateful` endorses hate in the same vocabulary ("you get called a bigot for saying X, but…": held),
 *    `neutral` names bigotry or reports speech about something else (published);
 *  - seeds/dehumanising-holdout.jsonl: `dehumanising` likens a group to vermin, disease or animals (held),
 *    `hard_negative` uses the same words civilly — real pests, metaphors about things, negation, counter-speech
 *    (published), `other_abuse` attacks a group without such words (held);
 *  - seeds/derogation-holdout.jsonl: `implicit` derogates a group without slurs or dehumanising words (held),
 *    `hard_negative` uses the same vocabulary civilly — policy debate, travel, sport, counter-speech (published),
 *    `explicit` is openly hostile (held);
 *  - seeds/profanity-holdout.jsonl: `untargeted` swears at a situation or thing with nobody insulted (published),
 *    `targeted` swears at or about a person ("go to hell, you clown", "the mayor is a lying piece of shit": held),
 *    `heated` criticises governments and policies hard without swearing (published);
 *  - seeds/negation-holdout.jsonl: `negated_hate` denies a hateful claim about a group ("X aren't criminals",
 *    "there's nothing wrong with being X": published), `negated_still_hateful` is hateful through a negation
 *    ("X will never be real women", "X don't belong here": held), `plain_hate` (held), `plain_civil` (published).
 */
export const VERDICT_HOLDOUTS = {
  counter: { file: path.join(__dirname, '..', 'seeds', 'counter-holdout.jsonl'), held: ['hateful'] },
  dehumanising: { file: path.join(__dirname, '..', 'seeds', 'dehumanising-holdout.jsonl'), held: ['dehumanising', 'other_abuse'] },
  derogation: { file: path.join(__dirname, '..', 'seeds', 'derogation-holdout.jsonl'), held: ['implicit', 'explicit'] },
  profanity: { file: path.join(__dirname, '..', 'seeds', 'profanity-holdout.jsonl'), held: ['targeted'] },
  negation: { file: path.join(__dirname, '..', 'seeds', 'negation-holdout.jsonl'), held: ['negated_still_hateful', 'plain_hate'] },
} as const;

export interface VerdictHoldoutCase { id: string; kind: string; text: string; expected: 'held' | 'published' }

/** A verdict hold-out's comments with the verdict each wants, or [] when its file is absent. */
export function loadVerdictHoldout(name: keyof typeof VERDICT_HOLDOUTS): VerdictHoldoutCase[] {
  const { file, held } = VERDICT_HOLDOUTS[name];
  return readHoldout<Omit<VerdictHoldoutCase, 'expected'>>(file).map((c) => ({ ...c, expected: (held as readonly string[]).includes(c.kind) ? 'held' : 'published' }));
}
