/**
 * Character-level transformers: each undoes one kind of disguise on ONE code point and says whether it changed
 * anything, like obscenity's transformers but with a trace. They compose into `mapCodePoint`, whose results are
 * cached per code point, so a text is normalised with one table or map lookup per character.
 *
 * Order matters and is the order below: invisible characters go first (they carry nothing), compatibility forms are
 * folded before marks are stripped (so 'ǆ' and '𝒇' become plain letters), the confusables table is only asked
 * about what is still not plain ASCII (it yields lower case), and case is folded last.
 */
import { TRANSFORMATIONS } from './transformations';

// unhomoglyph ships Unicode's confusables.txt (UTS #39) as a code point → prototype map; see its update script.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const CONFUSABLES = require('unhomoglyph/data.json') as Record<string, string>;

export interface CharTransformer {
  readonly name: keyof typeof TRANSFORMATIONS;
  /** Returns the transformed string (possibly empty, possibly several characters). */
  apply(s: string): string;
}

/** Zero-width and other invisible format characters (ZWSP, ZWJ, ZWNJ, word joiner, BOM, soft hyphen, fillers). */
const INVISIBLE = /^[\p{Cf}\u034F\u115F\u1160\u3164\uFFA0\u180E\u2800]$/u;
const MARKS = /\p{M}/gu;
const IS_MARK = /^\p{M}$/u;
const PLAIN = /^[a-z0-9]+$/;

export const zeroWidth: CharTransformer = { name: 'zero_width', apply: (s) => (INVISIBLE.test(s) ? '' : s) };
export const nfkc: CharTransformer = { name: 'nfkc', apply: (s) => s.normalize('NFKC') };
export const combining: CharTransformer = { name: 'combining', apply: (s) => s.normalize('NFD').replace(MARKS, '') };
/** Full case folding for what matters here: lower case, and 'ß' → 'ss'. */
export const caseFold: CharTransformer = { name: 'case', apply: (s) => s.toLowerCase().replace(/ß/g, 'ss') };
/** Look-alikes from other scripts (Cyrillic 'а', Greek 'ο', Cherokee 'Ꭺ', ...) → the ASCII letter they imitate. */
export const confusables: CharTransformer = {
  name: 'confusables',
  apply: (s) => {
    let out = '';
    for (const ch of s) {
      // The table lists some letters only in one case (Cherokee 'Ꭰ' but not its lower case 'ꭰ').
      const proto = ch.charCodeAt(0) < 128 ? undefined : CONFUSABLES[ch] ?? CONFUSABLES[ch.toUpperCase()] ?? CONFUSABLES[ch.toLowerCase()];
      const folded = proto?.toLowerCase();
      // Only look-alikes of plain letters and digits: the table also maps symbols to symbols, which we leave alone.
      out += folded !== undefined && PLAIN.test(folded) ? folded : ch;
    }
    return out;
  },
};

export const CHAR_TRANSFORMERS: readonly CharTransformer[] = [zeroWidth, nfkc, combining, confusables, caseFold];

export interface CodePointMapping {
  /** What the code point becomes (empty: removed). */
  out: string;
  /** TRANSFORMATIONS bits of every transformer that changed it. */
  flags: number;
  /** A combining mark: it belongs to (and widens the span of) the character before it. */
  mark: boolean;
}

const cache = new Map<number, CodePointMapping>();

/** Runs every character transformer on one code point; cached. */
export function mapCodePoint(cp: number): CodePointMapping {
  let hit = cache.get(cp);
  if (hit) return hit;
  let s = String.fromCodePoint(cp);
  let flags = 0;
  for (const t of CHAR_TRANSFORMERS) {
    const next = t.apply(s);
    if (next !== s) flags |= TRANSFORMATIONS[t.name];
    s = next;
    if (s === '') break;
  }
  if (!PLAIN.test(s)) {
    // Compatibility folding can move a look-alike away from the letter it imitates (Greek 'ϲ' → final sigma 'ς',
    // 'ͺ' → space + mark): ask the confusables table about the original character too.
    const original = String.fromCodePoint(cp);
    const direct = confusables.apply(original);
    if (direct !== original && PLAIN.test(direct)) {
      s = direct;
      flags = TRANSFORMATIONS.confusables;
    }
  }
  hit = { out: s, flags, mark: IS_MARK.test(String.fromCodePoint(cp)) };
  if (cache.size < 50_000) cache.set(cp, hit);
  return hit;
}
