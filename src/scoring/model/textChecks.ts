/**
 * What the encoder can say something about. USE-lite and the heads were trained on English: text with no
 * letters (empty, emoji-only, numbers) or mostly in another script gets no model labels rather than a
 * confident guess; the lexicon and the policy still see it.
 */
export type TextKind = 'empty' | 'no_letters' | 'non_latin' | 'scorable';

export function textKind(prepared: string): TextKind {
  if (prepared.trim() === '') return 'empty';
  const letters = prepared.match(/\p{L}/gu);
  if (!letters) return 'no_letters';
  const latin = prepared.match(/\p{Script=Latin}/gu)?.length ?? 0;
  return latin / letters.length < 0.5 ? 'non_latin' : 'scorable';
}

/**
 * Long texts are split into overlapping word windows so abuse at the end of a long comment is scored on its
 * own instead of being averaged away by the encoder's mean pooling (scores are combined by max per label).
 * Windows also bound the cost of one comment.
 */
export function wordWindows(prepared: string, size = 48, overlap = 8): string[] {
  const words = prepared.split(' ');
  if (words.length <= size) return [prepared];
  const out: string[] = [];
  const step = size - overlap;
  for (let start = 0; ; start += step) {
    out.push(words.slice(start, start + size).join(' '));
    if (start + size >= words.length) break;
  }
  return out;
}
