/**
 * `an-array-of-english-words` (MIT, ~275,000 words): the guard on letters left out of a slur. A slur spelt with a
 * vowel left out counts only when what is left is not an English word: "chnk" counts, "chin" and "niger" do not.
 * Read when a lexicon is compiled and not kept: the set is ~20 MB and only the compile needs it.
 */
import { readFileSync } from 'node:fs';

export function englishWords(): ReadonlySet<string> {
  const words = JSON.parse(readFileSync(require.resolve('an-array-of-english-words'), 'utf8')) as string[];
  if (words.length < 100_000) throw new Error(`an-array-of-english-words: only ${words.length} words; its format changed`);
  return new Set(words);
}
