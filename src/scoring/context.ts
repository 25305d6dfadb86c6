/**
 * The context phase: how is each lexicon term used? A slur quoted, reported ("he called me a …") or condemned
 * ("calling people … is disgusting") is counter-speech; one a speaker uses for their own group ("we … are here")
 * is reclaimed; "a bundle of faggots for the fire" is the word's innocent sense. The phase only labels matches
 * (`SlurMatch.context`); what a context does is policy (src/policy, per category), and the model judges the
 * comment with such terms masked (`textForModel`), so it decides whether the rest of the comment is abuse.
 *
 * Rules are deliberately few and read from data (seeds/lexicon/context.json). Address turns any of them back into
 * plain use: `you "…"`, `I'd call you a …` are abuse, whatever the quotation marks say; so do the writer's own words
 * ("I called him a …").
 *
 * The phase also decides what the model reads (`modelText`): a statement quoted to be condemned, or a claim named as
 * bigotry without quotation marks ("saying X is hatred"), reaches it as "that", so it judges what the writer says of
 * the statement rather than the statement.
 */
import { z } from 'zod';
import { PHRASE_CATEGORIES, type SlurCategory, type SlurContext, type SlurMatch } from '../domain/slurs';
import { readJson, seedsDir } from './lexicon/sources/seeds';
import { alternation, escapeRegExp } from './regex';

const cuesSchema = z
  .object({
    $comment: z.string().optional(),
    speechActs: z.array(z.string()),
    reporting: z.array(z.string()),
    condemnation: z.array(z.string()),
    claimFrames: z.array(z.string()),
    bigotry: z.array(z.string()),
    claimDoubt: z.array(z.string()),
    claimLinks: z.array(z.string()),
    claimFillers: z.array(z.string()),
    negations: z.array(z.string()),
    mentionNouns: z.array(z.string()),
    selfReference: z.array(z.string()),
    selfAdjectives: z.array(z.string()),
    secondPerson: z.array(z.string()),
    intensifiers: z.array(z.string()),
    curses: z.array(z.string()),
    reclaimableCategories: z.array(z.string()),
    homonyms: z.record(z.string(), z.object({ cues: z.array(z.string()), example: z.string().min(1) }).strict()),
  })
  .strict();

export type ContextCues = z.infer<typeof cuesSchema>;

export function loadContextCues(dir = seedsDir()): ContextCues {
  return readJson(dir, 'context.json', cuesSchema);
}

const WORD = /[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu;
const OPEN_CLOSE: Record<string, string> = { '“': '”', '«': '»', '„': '“', '‹': '›', '「': '」' };
const SENTENCE_END = /[.!?;\n]/;
/** What ends a clause inside a sentence: a comma, colon, semicolon, dash or opening bracket. */
const CLAUSE_MARK = /[,;:—–(]/;
/** A word or a clause mark, for walking a claim back from its condemnation. */
const WORD_OR_MARK = new RegExp(`${WORD.source}|${CLAUSE_MARK.source}`, 'gu');
const RELATIVE = new Set(['who', 'whoever', 'that', 'which']);
const COPULA = new Set(['is', 'are', 'was', 'were', 'be', 'being']);
const FIRST_PERSON = new Set(['i', 'we', "i'd", "i'll", "i'm", 'im', "we'd", "we're"]);
const SUBJECT_ADVERBS = new Set(['just', 'really', 'do', 'still', 'would', 'will', 'must', 'honestly', 'can', 'also', 'always', 'simply', 'only', 'merely', 'actually']);

/** The speaker makes the claim: "I say …", "we would argue …" just before a claim frame. */
function speakerSays(before: string): boolean {
  const ws = words(before);
  let i = ws.length - 1;
  while (i >= 0 && SUBJECT_ADVERBS.has(ws[i]!)) i--;
  return i >= 0 && FIRST_PERSON.has(ws[i]!);
}

/** The end of the clause from `start`: the next comma, colon, dash or bracket, or the sentence's end `s1`. */
function clauseEnd(lower: string, start: number, s1: number): number {
  const at = lower.slice(start, s1).search(CLAUSE_MARK);
  return at < 0 ? s1 : start + at;
}

const words = (s: string): string[] => (s.toLowerCase().match(WORD) ?? []);
/** Whole-word alternation of phrases, in which any run of spaces and punctuation matches a space. */
const phraseRe = (phrases: readonly string[]) =>
  new RegExp(`(?<![\\p{L}\\p{N}'])${alternation(phrases.map((p) => p.toLowerCase()), "[^\\p{L}\\p{N}']+")}(?![\\p{L}\\p{N}'])`, 'giu');

export interface ContextDetector {
  /** Each match with its `context` set when one is recognised (new objects; the input is not changed). */
  detect(text: string, matches: readonly SlurMatch[]): SlurMatch[];
  /**
   * The text the model should read (after `detect`), or null to keep the lexicon's de-obfuscated text: terms in
   * context masked, and swearing used as an interjection or intensifier with nobody addressed ("holy shit", "this
   * fucking policy") left out — Sieve's toxicity is an attack on someone, and swearing alone is the lexicon's
   * `profanity`, decided by the policy. Swearing at someone ("fuck you") stays for the model to judge.
   */
  modelText(text: string, matches: readonly SlurMatch[]): string | null;
}

export function createContextDetector(cues: ContextCues = loadContextCues()): ContextDetector {
  const speech = new Set(cues.speechActs);
  const reporting = new Set(cues.reporting);
  const negations = new Set(cues.negations);
  const second = new Set(cues.secondPerson.filter((p) => !p.includes(' ')));
  const secondPhrase = phraseRe(cues.secondPerson.filter((p) => p.includes(' ')));
  const condemnPhrases = cues.condemnation.filter((p) => p.includes(' '));
  const condemnWords = new Set(cues.condemnation.filter((p) => !p.includes(' ')));
  const condemnPhraseRe = phraseRe(condemnPhrases);
  const mentionRe = new RegExp(`${phraseRe(cues.mentionNouns).source}[\\s:'"“”‘’«»,-]*$`, 'iu');
  const intensifiers = new Set(cues.intensifiers);
  const curseRe = new RegExp(`${phraseRe(cues.curses).source}\\s*$`, 'iu');
  const selfAdj = cues.selfAdjectives.map(escapeRegExp).join('|');
  const selfRe = new RegExp(`(?<![\\p{L}\\p{N}'])(?:${cues.selfReference.map((p) => escapeRegExp(p).replace(/ /g, '\\s+')).join('|')})(?:[\\s,]+(?:${selfAdj}))*[\\s,]*$`, 'iu');
  const reclaimable = new Set(cues.reclaimableCategories as SlurCategory[]);
  const homonyms = new Map(Object.entries(cues.homonyms).filter(([, h]) => h.cues.length > 0).map(([term, h]) => [term, phraseRe(h.cues)]));
  const frameRe = phraseRe(cues.claimFrames);
  const bigotryRe = phraseRe(cues.bigotry);
  const doubtRe = phraseRe(cues.claimDoubt);
  const links = new Set(cues.claimLinks);
  const fillers = new Set(cues.claimFillers);
  const has = (re: RegExp, s: string) => ((re.lastIndex = 0), re.test(s));
  /** The sentence [s0, s1) asks, doubts or endorses what it reports ("…, but it's true", "apparently", "call me racist"). */
  const doubted = (lower: string, s0: number, s1: number) => lower[s1] === '?' || has(doubtRe, lower.slice(s0, s1));
  /** A negation in the three words before ("isn't racist", "not at all racist"); "nothing but" is none. */
  const negatedAt = (before: string) => words(before).slice(-3).some((w, i, ws) => (negations.has(w) || w.endsWith("n't")) && ws[i + 1] !== 'but');

  /**
   * The last few words before a point (or the opening quote) address the reader: "you …", "you're a …" — unless a
   * speech verb follows the "you": "you say X", "you called me X" report the reader's words.
   */
  const addressed = (before: string): boolean => {
    const tail = words(before).slice(-4);
    const you = tail.findLastIndex((w) => second.has(w));
    if (you >= 0) return !tail.slice(you + 1).some((w) => speech.has(w) || reporting.has(w));
    secondPhrase.lastIndex = 0;
    return secondPhrase.test(before.toLowerCase().slice(-24));
  };

  /**
   * A reporting verb within six words before the term, in the same clause ("he called me a …", "someone wrote “…”"),
   * unless the verb is in a relative clause the term is then said of ("whoever wrote this is a …").
   */
  const reported = (before: string): boolean => {
    const ws = words(before.split(/[,;:—–]/).pop() ?? '');
    const at = ws.findLastIndex((w, i) => i >= ws.length - 6 && reporting.has(w));
    if (at < 0) return false;
    return !(RELATIVE.has(ws[at - 1] ?? '') && ws.slice(at + 1).some((w) => COPULA.has(w)));
  };

  const condemned = (sentence: string): boolean => {
    condemnPhraseRe.lastIndex = 0;
    if (condemnPhraseRe.test(sentence)) return true;
    const ws = words(sentence);
    return ws.some((w, i) => condemnWords.has(w) && !ws.slice(Math.max(0, i - 2), i).some((p) => negations.has(p) || p.endsWith("n't")));
  };

  function contextOf(text: string, lower: string, m: SlurMatch, quotes: readonly [number, number][]): SlurContext | undefined {
    const [s0, s1] = sentenceAround(lower, m.start, m.end);
    const sentence = lower.slice(s0, s1);
    const quote = quotes.find(([qs, qe]) => qs < m.start && m.end <= qe);
    if (quote) {
      const outside = text.slice(Math.min(s0, quote[0]), quote[0]);
      if (addressed(outside)) return undefined;
      if (condemned(sentence)) return 'condemned';
      return reported(outside) ? 'reported' : 'quoted';
    }
    const before = text.slice(s0, m.start);
    if (addressed(before)) return undefined;
    const homonym = homonyms.get(m.term);
    if (homonym) {
      const window = [...words(before).slice(-6), ...words(text.slice(m.end, s1)).slice(0, 6)].join(' ');
      homonym.lastIndex = 0;
      if (homonym.test(window)) return 'homonym';
    }
    if (reclaimable.has(m.category) && selfRe.test(before)) return 'reclaimed';
    if (mentionRe.test(before)) return 'quoted';
    // The writer's own words are no mention: "I said …", "call me racist, I say …".
    const prior = words(before);
    const said = prior.findLastIndex((w) => speech.has(w) || reporting.has(w));
    if (said >= 0 && speakerSays(prior.slice(0, said).join(' '))) return undefined;
    if (said >= 0 && condemned(sentence)) return 'condemned';
    if (reported(before)) return 'reported';
    return undefined;
  }

  /** Swearing as an interjection or intensifier, with nobody in the sentence addressed: "holy shit", "this fucking …". */
  const untargeted = (text: string, m: SlurMatch): boolean => {
    if (m.category !== 'profanity' || m.context) return false;
    const [s0, s1] = sentenceAround(text, m.start, m.end);
    if (words(text.slice(s0, s1)).some((w) => second.has(w))) return false;
    const after = text.slice(m.end, m.end + 8);
    const before = words(text.slice(s0, m.start)).slice(-2).join(' ');
    const startsClause = (text.slice(s0, m.start).split(CLAUSE_MARK).pop() ?? '').trim() === '';
    return /(?:ing|in'?|ed)$/i.test(m.text) // fucking, damned … as intensifiers
      || intensifiers.has(m.text.toLowerCase().replace(/[^a-z]+/g, ' ').trim()) // bloody, goddamn …
      || (startsClause && /^\s*(?:[,.!?;:…)]|$)/.test(after)) // "Shit!", "…, damn." (not "… kiss my ass.")
      || /^\s+(?:me|it|this|that)\s*(?:[,.!?;:…]|$)/i.test(after) // "Fuck me, petrol is dear", "Fuck it!"
      || /^(?:'s)?\s*(?:sake|hell)\b/i.test(after) // "for fuck's sake", "bloody hell"
      || /(?:^|\s)(?:holy|oh|the|what the|well|bloody|ah|aw)$/.test(before);
  };

  /**
   * Statements quoted to be condemned or reported ("someone wrote “kill all Jews” on the bus stop. I reported it"):
   * quotations of two words or more, with nobody addressed before them, whose sentence — outside the quotation — or
   * the next sentence condemns. The model reads such a quotation as "that" and judges what the writer says of it.
   * Returns [start, end) of each quotation's inside.
   */
  const condemnedQuotes = (text: string): [number, number][] => {
    const quotes = quoteSpans(text);
    if (quotes.length === 0) return quotes; // most comments: nothing more to read
    const lower = text.toLowerCase();
    return quotes.filter(([qs, qe]) => {
      if (words(text.slice(qs + 1, qe)).length < 2) return false;
      const [s0, s1] = sentenceAround(lower, qs, qe + 1);
      if (addressed(text.slice(s0, qs))) return false;
      const next = Math.min(s1 + 1, lower.length);
      const [, n1] = sentenceAround(lower, next, next);
      return condemned(lower.slice(s0, qs) + ' … ' + lower.slice(qe + 1, s1)) || condemned(lower.slice(s1, n1));
    }).map(([qs, qe]): [number, number] => [qs + 1, qe]);
  };

  /**
   * Claims reported without quotation marks and named as bigotry in the same sentence: "saying women are vermin is
   * pure hatred", "people who say X should be deported are bigots", "it's racist to claim X". The model reads the
   * claim as "that" and judges what the writer says of it. Not when the bigotry word is negated ("it isn't racist to
   * say X"), the sentence doubts or endorses ("…, but it's true", "apparently it's racist to say X", "call me racist")
   * or asks ("why is it racist to say X?"), or the speaker makes the claim ("I say X"). A condemnation after the
   * frame ends the claim at the link before it ("is", "are", a comma, over fillers like "pure"); one before it, at
   * the clause's end. A claim is two words or more. Returns [start, end) of each claim.
   */
  const condemnedClaims = (text: string): [number, number][] => {
    const lower = text.toLowerCase();
    const cues = [...lower.matchAll(bigotryRe)];
    const out: [number, number][] = [];
    for (const cue of cues) {
      const c0 = cue.index;
      const c1 = c0 + cue[0].length;
      const [s0, s1] = sentenceAround(lower, c0, c1);
      const sentence = lower.slice(s0, s1);
      if (doubted(lower, s0, s1) || negatedAt(lower.slice(s0, c0))) continue;
      for (const frame of sentence.matchAll(frameRe)) {
        const f0 = s0 + frame.index;
        const f1 = f0 + frame[0].length;
        if (f0 < c1 && f1 > c0) continue;
        if (speakerSays(lower.slice(s0, f0))) continue;
        const start = f1 + /^\s*(?:that\b)?\s*/u.exec(lower.slice(f1))![0].length;
        const end = f0 >= c1 ? clauseEnd(lower, start, s1) : linkBefore(lower, start, c0);
        if (end !== undefined && words(lower.slice(start, end)).length >= 2) {
          out.push([start, start + lower.slice(start, end).trimEnd().length]);
          break;
        }
      }
    }
    return out;
  };

  /**
   * Where a claim ends before the condemnation at `c0`: the link ("is", "are", a comma) just before it, over fillers
   * ("pure", "nothing but") and at most two other words ("is an old prejudice").
   */
  const linkBefore = (lower: string, start: number, c0: number): number | undefined => {
    const toks = [...lower.slice(start, c0).matchAll(WORD_OR_MARK)];
    let others = 0;
    for (let i = toks.length - 1; i >= 0; i--) {
      const t = toks[i]![0];
      if (links.has(t) || CLAUSE_MARK.test(t)) return start + toks[i]!.index; // a token is one word or one mark
      if (!fillers.has(t) && ++others > 2) return undefined;
    }
    return undefined;
  };

  return {
    detect(text, matches) {
      if (matches.length === 0) return [];
      const normalized = text.replace(/[’‘`´]/g, "'");
      const lower = normalized.toLowerCase();
      const quotes = quoteSpans(normalized);
      const out: SlurMatch[] = matches.map((m) => {
        const context = contextOf(normalized, lower, m, quotes);
        const { context: _old, ...rest } = m;
        return context ? { ...rest, context } : rest;
      });
      // A speaker who has claimed a word ("I'm a dyke, my wife is a dyke") keeps it for the rest of the comment,
      // unless a later use addresses someone.
      const claimed = new Set(out.filter((m) => m.context === 'reclaimed').map((m) => m.term));
      return out.map((m) => {
        const [s0] = sentenceAround(lower, m.start, m.end);
        // Swearing aimed at someone: "you stupid …" just before, "… you" / "… off" just after, or a curse ("go to hell").
        if (m.category === 'profanity' && !m.context) {
          const before = normalized.slice(s0, m.start);
          const aimed = words(before).slice(-2).some((w) => second.has(w)) || curseRe.test(before)
            || /^\s*(?:you|u|ya|yourself|off)\b/i.test(normalized.slice(m.end, m.end + 12));
          return aimed ? { ...m, context: 'addressed' as const } : m;
        }
        if (m.context || !claimed.has(m.term)) return m;
        return addressed(normalized.slice(s0, m.start)) ? m : { ...m, context: 'reclaimed' as const };
      });
    },
    modelText(text, matches) {
      const normalized = text.replace(/[’‘`´]/g, "'");
      const drop = new Set(matches.filter((m) => untargeted(normalized, m)));
      return textForModel(text, matches, drop, [...condemnedQuotes(normalized), ...condemnedClaims(normalized)]);
    },
  };
}

/**
 * How far a sentence reaches on each side of a match. The cues that give a term its context stand a few words
 * away; without the bound a 10,000-character text with no full stop and a thousand matches (a pasted pattern)
 * would scan the whole text once per match.
 */
const SENTENCE_REACH = 300;

/** [start, end) of the sentence holding [s, e), at most SENTENCE_REACH characters either side. */
function sentenceAround(text: string, s: number, e: number): [number, number] {
  let a = s;
  const aMin = Math.max(0, s - SENTENCE_REACH);
  while (a > aMin && !SENTENCE_END.test(text[a - 1]!)) a--;
  let b = e;
  const bMax = Math.min(text.length, e + SENTENCE_REACH);
  while (b < bMax && !SENTENCE_END.test(text[b]!)) b++;
  return [a, b];
}

/**
 * Spans inside quotation marks: “…”, «…», "…", and '…' when the marks stand at word edges (so the apostrophes of
 * "don't" and "people's" never open a quotation). [index of the opening mark, index of the closing mark].
 */
export function quoteSpans(text: string): [number, number][] {
  const out: [number, number][] = [];
  const isWord = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
  let open: { at: number; close: string } | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (open) {
      if (c === open.close && (c !== "'" || !isWord(text[i + 1]))) {
        out.push([open.at, i]);
        open = null;
      }
      continue;
    }
    if (OPEN_CLOSE[c]) open = { at: i, close: OPEN_CLOSE[c]! };
    else if (c === '"') open = { at: i, close: '"' };
    else if (c === "'" && !isWord(text[i - 1]) && isWord(text[i + 1])) open = { at: i, close: "'" };
  }
  return out;
}

/** Placeholders the model reads instead of a term in context: it then judges what is said around the word. */
const PLACEHOLDER: Record<SlurContext, [string, string]> = {
  quoted: ['name', 'names'],
  reported: ['name', 'names'],
  condemned: ['name', 'names'],
  reclaimed: ['person', 'people'],
  homonym: ['thing', 'things'],
  addressed: ['', ''], // never masked: see textForModel
};

/**
 * The text the model reads when some match has a context: the original with every term in context replaced by a
 * neutral placeholder ("he called me a name"), every condemned quotation or claim by "that" (`asThat`: [start, end)
 * of each) and every other match spelled as its term (the de-obfuscation the model needs). Null when nothing is
 * masked (the lexicon's own de-obfuscated text is better then).
 */
export function textForModel(text: string, matches: readonly SlurMatch[], drop: ReadonlySet<SlurMatch> = new Set(), asThat: readonly [number, number][] = []): string | null {
  // A phrase (a threat, a dehumanising comparison) is a statement, not a word: the model reads it as written, also
  // quoted or reported (so "he said X and he is right" is judged as what it says), and as "that" only when the
  // comment condemns it.
  const phrase = (m: SlurMatch) => PHRASE_CATEGORIES.includes(m.category);
  const terms = matches.filter((m) => !phrase(m));
  const condemnedPhrases = matches.filter((m) => phrase(m) && m.context === 'condemned');
  if (!terms.some((m) => m.context && m.context !== 'addressed') && drop.size === 0 && asThat.length === 0 && condemnedPhrases.length === 0) return null;
  const spans = [
    ...condemnedPhrases.map((m) => ({ start: m.start, end: m.end, word: 'that' })),
    ...terms.map((m) => {
      const plural = /s$/i.test(m.text) && !/s$/i.test(m.term);
      const masked = m.context !== undefined && m.context !== 'addressed';
      return { start: m.start, end: m.end, word: drop.has(m) ? '' : masked ? PLACEHOLDER[m.context!][plural ? 1 : 0] : m.term + (plural ? 's' : '') };
    }),
    ...asThat.map(([start, end]) => ({ start, end, word: 'that' })),
  ].sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue; // inside a quotation or claim already masked
    out += text.slice(at, span.start) + span.word;
    at = span.end;
  }
  return (out + text.slice(at)).replace(/[ \t]{2,}/g, ' ').trim();
}
