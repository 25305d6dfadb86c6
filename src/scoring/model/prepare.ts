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
