/** Regular-expression pieces the scorers share: phrase lists turned into one alternation. */

/** `s` matched literally. */
export const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A non-capturing alternation of `phrases`, longest first (so "put a bullet in" wins over "put"), each matched
 * literally except that a space matches `space` (a regex source: any run of spaces, or of spaces and punctuation).
 */
export function alternation(phrases: Iterable<string>, space = ' '): string {
  const alts = [...phrases].sort((a, b) => b.length - a.length).map((p) => escapeRegExp(p).replace(/ /g, space));
  return `(?:${alts.join('|')})`;
}
