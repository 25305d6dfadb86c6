/**
 * Dehumanising phrases: a group of people, named by identity, likened to vermin, disease, filth or animals, or
 * denied humanity ("Jews are vermin", "immigrants are nothing but parasites", "Black people aren't even human",
 * "refugees breed like rats", "an infestation of Roma"). Blatant hate that the model can miss: it reads
 * "group + vermin" as weakly as "group + neighbours". Each is reported as a lexicon match of category
 * `dehumanising` (identity attack priority): held for a human by default, never rejected by a rule, and like any
 * term not held when quoted, reported or condemned ("saying refugees are vermin is hateful").
 *
 * The words are data (seeds/lexicon/dehumanising.json says what each list is; the group words, groups.ts); the
 * grammar is three shapes:
 *   group + are + (fillers) + metaphor      "Muslims are a plague", "gay men are nothing but filthy animals"
 *   group + are + not/less than + human     "trans people aren't even human", "Roma are barely human"
 *   group + swarm verb / mass noun + group  "migrants breed like rats", "swarms of refugees"
 * A group is a plural noun ("Jews") or an adjective and a person noun ("Black people"). A pronoun standing for a
 * group named earlier ("They are vermin") is not followed; neither is a singular ("the average X is a rat").
 * Matching follows the rules of every phrase kind (phrases.ts).
 */
import { z } from 'zod';
import type { SlurMatch } from '../../domain/slurs';
import { groupPattern } from './groups';
import { matchPhrases, phraseAlternation as alt, phraseWords as words, wordBounded, type PhraseKind } from './phrases';
import { readJson, seedsDir } from './sources/seeds';

const dehumanisingSchema = z
  .object({
    $comment: z.string().optional(),
    metaphors: words,
    fillers: words,
    swarmVerbs: words,
    massNouns: words,
  })
  .strict();

export type DehumanisingPhrases = z.infer<typeof dehumanisingSchema>;

export function loadDehumanisingPhrases(dir = seedsDir()): DehumanisingPhrases {
  return readJson(dir, 'dehumanising.json', dehumanisingSchema);
}

export interface DehumanisingMatcher {
  /** Dehumanising phrases in `text`, as lexicon matches of category `dehumanising`, in text order. */
  match(text: string): SlurMatch[];
}

export function createDehumanisingMatcher(data: DehumanisingPhrases = loadDehumanisingPhrases(), group = groupPattern()): DehumanisingMatcher {
  const are = '(?:are|r|were)';
  const fillers = `(?:${alt(data.fillers)}\\s+){0,3}`;
  const likened = `${group}\\s+${are}\\s+${fillers}${alt(data.metaphors)}`;
  const notHuman = `${group}\\s+(?:${are}\\s+(?:not|never|less\\s+than|barely|hardly|no\\s+longer)|aren't|arent|ain't)\\s+(?:even\\s+|really\\s+|fully\\s+|truly\\s+|quite\\s+)?(?:human|humans|human\\s+beings|people)`;
  const swarm = `(?:${group}\\s+(?:all\\s+|just\\s+|keep\\s+|are\\s+)?${alt(data.swarmVerbs)}|${alt(data.massNouns)}\\s+(?:these\\s+|those\\s+|the\\s+|filthy\\s+|dirty\\s+)?${group})`;
  const kinds: PhraseKind[] = [
    { term: 'dehumanising comparison', re: new RegExp(wordBounded([likened, notHuman]), 'giu'), severity: 3 },
    { term: 'dehumanising swarm', re: new RegExp(wordBounded([swarm]), 'giu'), severity: 3 },
  ];
  return { match: (text) => matchPhrases(text, kinds, 'dehumanising', 'dehumanising') };
}
