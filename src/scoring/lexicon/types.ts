import type { Severity, SlurCategory, TermAction } from '../../domain/slurs';

/**
 * One lexicon entry: a canonical term, the other ways it is spelled, what it is and how to match it.
 * Every source (npm lists, the project's seeds, files loaded by path, site terms) becomes these.
 */
export interface LexiconEntry {
  /** Canonical term reported in matches, e.g. "kike". */
  term: string;
  /** Other surface forms (spellings, plurals, phrases); the term itself is always matched. */
  variants?: string[];
  category: SlurCategory;
  severity: Severity;
  /** The term must stand as its own word (an inflection like -s, -ed, -ing may follow). Default true. */
  wholeWord?: boolean;
  /** Also find the term glued inside another word ("ukropnazis", "shithead"). Default false. */
  allowInCompounds?: boolean;
  /**
   * Words in which the term is innocent. Either dsojevic's form with '*' standing for the term ("m*cript" for
   * "anus" → "manuscript"), or the whole innocent word ("scunthorpe").
   */
  exceptions?: string[];
  /**
   * Match only as written, case and all ("ruSSia": the capitals are the slur, "Russia" is a country). Every form
   * is then a whole word in the original text; no de-obfuscation applies.
   */
  caseSensitive?: boolean;
  /** Site terms: what the site wants done. */
  action?: TermAction;
  /** Where it came from: "seeds", "dsojevic", "cuss", "site", "file:<name>". */
  source: string;
}
