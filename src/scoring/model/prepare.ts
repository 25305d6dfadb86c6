/**
 * The one text clean-up both training and scoring apply before the encoder, so the heads see at serving time
 * the same kind of text they were trained on. Training data are tweets; comments are not — so the tweet-only
 * artefacts (retweet markers, @handles, links, HTML entities) are removed rather than learned.
 * Lower-casing makes the model indifferent to SHOUTING and to whether the lexicon's normaliser lower-cased.
 */
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function prepareText(text: string): string {
  return text
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/(^|\s)RT\s+@\w+:?/g, ' ')
    .replace(/@\w+/g, ' ')
    .replace(/\bURL\b|https?:\/\/\S+|www\.\S+/g, ' ')
    .replace(/#(\w)/g, '$1')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Serving only (training texts are tweets and never need it): a pattern repeated over and over says no more
 * than a few copies of it, but costs the encoder a window per copy. So before windowing, any run of a word
 * pattern (1–`maxPeriod` words, e.g. `a a aa`) repeated more than `keep` times is cut to `keep` copies, and so
 * is any run inside a word of a 1–`maxCharPeriod`-character pattern (`hahaha…`, `fuckfuckfuck…`). Ordinary
 * text is left as it is; `sooooo` becomes `sooo`. Linear in the text's length (times the periods tried).
 */
export function collapseRepeats(prepared: string, keep = 3, maxPeriod = 16, maxCharPeriod = 8): string {
  const words = prepared.split(' ');
  const out: string[] = [];
  const same = (a: number, b: number, n: number) => {
    for (let k = 0; k < n; k++) if (words[a + k] !== words[b + k]) return false;
    return true;
  };
  for (let i = 0; i < words.length;) {
    let best = { period: 0, copies: 0 };
    for (let p = 1; p <= maxPeriod && i + (keep + 1) * p <= words.length; p++) {
      let copies = 1;
      while (i + (copies + 1) * p <= words.length && same(i, i + copies * p, p)) copies++;
      if (copies > keep && copies * p > best.copies * best.period) best = { period: p, copies };
    }
    if (best.period > 0) {
      for (let k = 0; k < keep * best.period; k++) out.push(words[i + k]!);
      i += best.copies * best.period;
    } else {
      out.push(words[i]!);
      i++;
    }
  }
  return out.map((w) => (w.length > keep * 2 ? collapseChars(w, keep, maxCharPeriod) : w)).join(' ');
}

function collapseChars(word: string, keep: number, maxPeriod: number): string {
  let out = '';
  for (let i = 0; i < word.length;) {
    let best = { period: 0, copies: 0 };
    for (let p = 1; p <= maxPeriod && i + (keep + 1) * p <= word.length; p++) {
      let copies = 1;
      while (i + (copies + 1) * p <= word.length && word.startsWith(word.slice(i, i + p), i + copies * p)) copies++;
      if (copies > keep && copies * p > best.copies * best.period) best = { period: p, copies };
    }
    if (best.period > 0) {
      out += word.slice(i, i + keep * best.period);
      i += best.copies * best.period;
    } else {
      out += word[i];
      i++;
    }
  }
  return out;
}

/**
 * Serving only: a "word" longer than `max` characters (a 10,000-character run of letters, a pasted blob) is cut
 * into pieces of `max`, so windowing bounds it like any other text; tokenizing and featurizing one giant word
 * would cost more than the rest of the pipeline together.
 */
export function splitLongWords(prepared: string, max = 40): string {
  if (prepared.length <= max) return prepared;
  return prepared.split(' ').map((w) => (w.length <= max ? w : w.match(new RegExp(`[^]{1,${max}}`, 'gu'))!.join(' '))).join(' ');
}
