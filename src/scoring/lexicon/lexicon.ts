/**
 * A compiled lexicon: entries and allow-list phrases in one trie, and the step that turns the matcher's raw hits
 * into SlurMatch values — allow-list and exceptions applied, overlaps resolved (the longest wins), spans mapped
 * back to the original text.
 */
import type { SlurMatch } from '../../domain/slurs';
import { mapCodePoint } from './chars';
import { TrieMatcher, type MatcherPattern } from './matcher';
import { NormalizedText, normalizeInto } from './normalize';
import { TRANSFORMATIONS, transformationNames } from './transformations';
import { englishWords } from './english';
import type { LexiconEntry } from './types';
import { alternation } from '../regex';

/**
 * A pattern string as the trie stores it: plain letters and digits, words separated by one space. Each code
 * point goes through the same character transformers, in the same order, as a text does (normalize.ts pass 1).
 */
export function patternText(s: string): string {
  let t = '';
  for (const ch of s) t += mapCodePoint(ch.codePointAt(0)!).out;
  return t.replace(/[^a-z0-9]+/g, ' ').trim();
}

interface Exception {
  before: string;
  after: string;
}

interface PatternInfo {
  /** Index into entries; -1 for an allow-list phrase. */
  entry: number;
  /** The form as the trie spells it ("fucking"), for de-obfuscated text. */
  form: string;
  exceptions: Exception[];
}

export interface LexiconStats {
  entries: number;
  patterns: number;
  allow: number;
  trieNodes: number;
}

export class CompiledLexicon {
  private readonly matcher: TrieMatcher;
  private readonly info: PatternInfo[];
  private readonly buffer = new NormalizedText();
  /**
   * Typos of the strongest identity slurs (severity ≥ 3, one word, 4+ letters): two neighbouring letters swapped,
   * a letter doubled, an h slipped in or (5+ letters) a vowel left out — every such spelling, precomputed, looked up per
   * word of the text. Words on the allow-list never count (that is where an innocent English word a typo collides
   * with goes); a left-out vowel never counts when the rest is an English word ("chin", "niger").
   */
  private readonly typos = new Map<string, { entry: LexiconEntry; how: Typo }>();
  private readonly allowedWords: ReadonlySet<string>;
  /** Case-sensitive entries ("ruSSia"): one whole-word regular expression over the original text. */
  private readonly exact: { re: RegExp; entries: Map<string, LexiconEntry> } | null;
  readonly stats: LexiconStats;

  constructor(readonly entries: readonly LexiconEntry[], allow: readonly string[] = []) {
    const patterns: MatcherPattern[] = [];
    this.info = [];
    const seen = new Set<string>();
    const exact = new Map<string, LexiconEntry>();
    entries.forEach((e, index) => {
      if (e.caseSensitive) {
        for (const form of [e.term, ...(e.variants ?? [])]) if (!exact.has(form)) exact.set(form, e);
        return;
      }
      const compound = e.allowInCompounds === true || e.wholeWord === false;
      const exceptions = (e.exceptions ?? []).map((x) => parseException(x, e)).filter((x): x is Exception => x !== null);
      for (const form of [e.term, ...(e.variants ?? [])]) {
        const text = patternText(form);
        // The first entry to claim a form keeps it: sources are passed in order of trust.
        if (text.length === 0 || seen.has(text)) continue;
        seen.add(text);
        // Vowels left out ("fck", "btch") only for the strong terms that may also hide inside words.
        patterns.push({ text, compound: compound && !text.includes(' '), inflect: true, omitVowels: compound && !text.includes(' ') && text.length >= 4 });
        this.info.push({ entry: index, form: text, exceptions });
      }
    });
    let allowCount = 0;
    for (const phrase of allow) {
      const text = patternText(phrase);
      if (!text || seen.has(`allow:${text}`)) continue;
      seen.add(`allow:${text}`);
      patterns.push({ text, compound: false, inflect: true });
      this.info.push({ entry: -1, form: text, exceptions: [] });
      allowCount++;
    }
    this.matcher = new TrieMatcher(patterns);
    const allowed = new Set(allow.map(patternText));
    this.allowedWords = allowed;
    const typoEntries = entries.filter((e) => !e.caseSensitive && e.severity >= 3 && TYPO_CATEGORIES.has(e.category));
    const english = typoEntries.length ? englishWords() : new Set<string>();
    const isWord = (w: string) => english.has(w) || english.has(`${w}s`) || english.has(`${w}es`);
    for (const e of typoEntries) {
      for (const form of [e.term, ...(e.variants ?? [])]) {
        const f = patternText(form);
        if (!/^[a-z]{4,}$/.test(f)) continue;
        for (const [typo, how] of typosOf(f)) {
          if (seen.has(typo) || allowed.has(typo) || this.typos.has(typo) || (how === 'omitted' && isWord(typo))) continue;
          this.typos.set(typo, { entry: e, how });
        }
      }
    }
    this.exact = exact.size ? { re: new RegExp(`(?<![\\p{L}\\p{N}])${alternation(exact.keys())}(?![\\p{L}\\p{N}])`, 'gu'), entries: exact } : null;
    this.stats = { entries: entries.length, patterns: patterns.length - allowCount, allow: allowCount, trieNodes: this.matcher.nodeCount };
  }

  /** All matches in `text`, spans in the original text, in text order. */
  match(text: string): SlurMatch[] {
    return this.run(text, false).matches;
  }

  /**
   * Matches plus the de-obfuscated text: the normalised stream with every match spelled as the form it matched
   * ("f u c k i n g" → "fucking", "n1gg@" → "nigga"), for the model.
   */
  matchAndNormalize(text: string): { matches: SlurMatch[]; normalized: string } {
    return this.run(text, true);
  }

  private run(text: string, spellOut: boolean): { matches: SlurMatch[]; normalized: string } {
    const found = this.runFolded(text, spellOut);
    const despaced = this.buffer.anyGap(TRANSFORMATIONS.spacing | TRANSFORMATIONS.separators);
    const extra: SlurMatch[] = [];
    const free = (start: number, end: number) => !found.matches.some((m) => m.start < end && start < m.end);
    if (this.typos.size) {
      for (const x of text.matchAll(/\p{L}{4,}/gu)) {
        const w = x[0].toLowerCase();
        if (this.allowedWords.has(w)) continue;
        const hit = this.typos.get(w) ?? (w.endsWith('s') ? this.typos.get(w.slice(0, -1)) : undefined);
        if (!hit || !free(x.index, x.index + x[0].length)) continue;
        const e = hit.entry;
        extra.push({ term: e.term, category: e.category, severity: e.severity, start: x.index, end: x.index + x[0].length, text: x[0], transformations: [hit.how], ...(e.action ? { action: e.action } : {}), source: e.source });
      }
    }
    // Letters spread apart with the ending written as one piece ("d y k es", "p a k is"): the pass that joins spaced
    // letters leaves the ending out, so the joined word and its ending are read here, as one word.
    for (const x of despaced ? text.matchAll(SPACED_WITH_ENDING) : []) {
      const word = x[1]!.replace(SEPARATOR_RUN, '') + x[2]!;
      const hit = this.runFolded(word, false).matches.find((m) => m.start === 0 && m.end === word.length);
      if (!hit || !free(x.index, x.index + x[0].length)) continue;
      extra.push({ ...hit, start: x.index, end: x.index + x[0].length, text: x[0], transformations: [/\s/.test(x[0]) ? 'spacing' : 'separators'] });
    }
    if (!this.exact && extra.length === 0) return found;
    // Case-sensitive terms, where no folded match already covers the span.
    const exact = this.exact;
    for (const x of exact ? text.matchAll(exact.re) : []) {
      const start = x.index, end = start + x[0].length;
      if (!free(start, end)) continue;
      const e = exact!.entries.get(x[0])!;
      extra.push({ term: e.term, category: e.category, severity: e.severity, start, end, text: x[0], transformations: ['case'], ...(e.action ? { action: e.action } : {}), source: e.source });
    }
    if (extra.length === 0) return found;
    return { matches: [...found.matches, ...extra].sort((a, b) => a.start - b.start), normalized: found.normalized };
  }

  private runFolded(text: string, spellOut: boolean): { matches: SlurMatch[]; normalized: string } {
    const stream = normalizeInto(text, this.buffer);
    const raw = this.matcher.scan(stream);
    if (raw.count === 0) return { matches: [], normalized: spellOut ? stream.toString() : '' };

    // Allow-list phrases cover spans in which nothing is reported.
    const allowed: [number, number][] = [];
    for (let k = 0; k < raw.count; k++) if (this.info[raw.pattern[k]!]!.entry < 0) allowed.push([raw.start[k]!, raw.end[k]!]);

    type Hit = { p: number; s: number; e: number; core: number; f: number };
    const hits: Hit[] = [];
    for (let k = 0; k < raw.count; k++) {
      const p = raw.pattern[k]!;
      const info = this.info[p]!;
      if (info.entry < 0) continue;
      const s = raw.start[k]!, e = raw.end[k]!;
      // The allow-list guards the lists' terms; a site that adds a term itself means it, even if it is "cocktail".
      if (this.entries[info.entry]!.source !== 'site' && allowed.some(([as, ae]) => as <= s && e <= ae)) continue;
      if (info.exceptions.some((x) => matchesException(stream, s, raw.coreEnd[k]!, x))) continue;
      hits.push({ p, s, e, core: raw.coreEnd[k]!, f: raw.flags[k]! });
    }
    // Longest first at each start, then keep what does not overlap a kept match.
    hits.sort((a, b) => a.s - b.s || b.e - a.e || this.severity(b.p) - this.severity(a.p));
    const matches: SlurMatch[] = [];
    let normalized = '';
    let keptEnd = -1;
    for (const h of hits) {
      if (h.s < keptEnd) continue; // inside or across a longer match that starts earlier
      const entry = this.entries[this.info[h.p]!.entry]!;
      const start = stream.start[h.s]!;
      const end = stream.end[h.e - 1]!;
      const bits = stream.spanFlags(h.s, h.e) | h.f;
      matches.push({
        term: entry.term,
        category: entry.category,
        severity: entry.severity,
        start,
        end,
        text: text.slice(start, end),
        transformations: transformationNames(bits),
        ...(entry.action ? { action: entry.action } : {}),
        source: entry.source,
      });
      if (spellOut) normalized += stream.toString(Math.max(keptEnd, 0), h.s) + this.info[h.p]!.form + stream.toString(h.core, h.e);
      keptEnd = h.e;
    }
    if (spellOut) normalized += stream.toString(Math.max(keptEnd, 0), stream.length);
    return { matches, normalized };
  }

  private severity(p: number): number {
    return this.entries[this.info[p]!.entry]!.severity;
  }
}

function parseException(raw: string, e: LexiconEntry): Exception | null {
  const x = raw.toLowerCase();
  const star = x.indexOf('*');
  // Letters glued to the term ("s*": shell) or words around it ("heaven or *": one space between them and it).
  if (star >= 0) {
    const [b, a] = [x.slice(0, star), x.slice(star + 1)];
    const [before, after] = [patternText(b), patternText(a)];
    return { before: before && /\s$/.test(b) ? `${before} ` : before, after: after && /^\s/.test(a) ? ` ${after}` : after };
  }
  // A whole innocent word: find any of the entry's forms inside it.
  const word = patternText(x).replace(/ /g, '');
  for (const form of [e.term, ...(e.variants ?? [])]) {
    const f = patternText(form);
    const at = f ? word.indexOf(f) : -1;
    if (at >= 0) return { before: word.slice(0, at), after: word.slice(at + f.length) };
  }
  return null;
}

/** Is the hit [s, e) the inside of the exception word (same letters before and after in the stream)? */
function matchesException(t: NormalizedText, s: number, e: number, x: Exception): boolean {
  if (s < x.before.length || e + x.after.length > t.length) return false;
  for (let i = 0; i < x.before.length; i++) if (t.codes[s - x.before.length + i] !== x.before.charCodeAt(i)) return false;
  for (let i = 0; i < x.after.length; i++) if (t.codes[e + i] !== x.after.charCodeAt(i)) return false;
  return true;
}

/** Three or more single letters spread apart, then an ending of one to three letters written as one piece. */
const SPACED_WITH_ENDING = /(?<![\p{L}\p{N}])((?:\p{L}[ .\-_]{1,2}){2,}\p{L})[ .\-_]{1,2}(\p{L}{1,3})(?![\p{L}\p{N}])/gu;
const SEPARATOR_RUN = /[ .\-_]+/g;

/** Categories whose strongest terms are also found with a typo: slurs on people's identity. */
const TYPO_CATEGORIES = new Set(['racial_ethnic', 'national_origin', 'religious', 'sexual_orientation_gender', 'disability']);

type Typo = 'swapped' | 'added' | 'omitted';

/**
 * Every spelling of `f` with two neighbouring letters swapped (not the first), a consonant doubled, an h added, or —
 * for forms of five letters or more — one vowel inside the word left out ("chnk", "wtback"; the caller drops those
 * that are English words). Not the other letters: first and last letters left out ("jigg", a dance, for "jigga"), a
 * consonant ("polak", "rusia", "faggin", "samos") or four-letter forms ("pki", "spc") make names, words of other
 * languages and abbreviations more often than disguises.
 */
function typosOf(f: string): [string, Typo][] {
  const out: [string, Typo][] = [];
  if (f.length >= 4) {
    for (let i = 1; i < f.length - 1; i++) if (f[i] !== f[i + 1]) out.push([f.slice(0, i) + f[i + 1] + f[i] + f.slice(i + 2), 'swapped']);
  }
  for (let i = 1; i < f.length; i++) {
    if (!/[aeiouy]/.test(f[i]!) && f[i] !== f[i - 1] && f[i] !== f[i + 1]) out.push([f.slice(0, i + 1) + f[i] + f.slice(i + 1), 'added']);
  }
  for (let i = 1; i <= f.length; i++) if (f[i - 1] !== 'h' && f[i] !== 'h') out.push([f.slice(0, i) + 'h' + f.slice(i), 'added']);
  if (f.length >= 5) for (let i = 1; i < f.length - 1; i++) if (/[aeiou]/.test(f[i]!) && f[i] !== f[i - 1]) out.push([f.slice(0, i) + f.slice(i + 1), 'omitted']);
  return out;
}

