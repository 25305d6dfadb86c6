/**
 * The words that name a group of people by identity, for the phrase matchers that need a group as subject or
 * object (dehumanising.ts, derogation.ts): plural nouns ("Somalis", "refugees") and an adjective with a person noun
 * ("gay men", "Black people"). Data: seeds/lexicon/groups.json. (The identity-bias figures measure a different,
 * smaller list, src/domain/identity.ts: the model card's terms.)
 */
import { z } from 'zod';
import { readJson, seedsDir } from './sources/seeds';
import { phraseAlternation, phraseWords as words } from './phrases';

const groupsSchema = z.object({ $comment: z.string().optional(), groups: words, groupAdjectives: words, people: words }).strict();

export type GroupWords = z.infer<typeof groupsSchema>;

export function loadGroupWords(dir = seedsDir()): GroupWords {
  return readJson(dir, 'groups.json', groupsSchema);
}

/** A pattern (no flags, no word edges) for a group: "Somalis", "gay men", "Black people". */
export function groupPattern(g: GroupWords = loadGroupWords()): string {
  return `(?:${phraseAlternation(g.groupAdjectives)}\\s+${phraseAlternation(g.people)}|${phraseAlternation(g.groups)})`;
}
