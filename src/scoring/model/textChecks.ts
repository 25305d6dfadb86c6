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
 * Long texts are split into windows so abuse at the end of a long comment is scored on its own instead of
 * being averaged away by the encoder's mean pooling (scores are combined by max per label). Even 16 civil
 * words beside an insult pull its score under the threshold, so windows follow sentences: each sentence is a
 * window (very short ones joined to the next), and a sentence longer than `size` words is cut into
 * overlapping word windows. Text of at most `size` words is one window. With the first stage judging each
 * window, the civil sentences of a long comment cost little.
 */
export function wordWindows(prepared: string, size = 24, overlap = 6, minWords = 6): string[] {
  const words = prepared.split(' ');
  if (words.length <= size) return [prepared];
  const sentences = prepared.split(/(?<=[.!?…])\s+|\n+/).filter((x) => x.trim() !== '');
  const out: string[] = [];
  let carry = '';
  for (const sentence of sentences) {
    const joined = carry ? `${carry} ${sentence}` : sentence;
    if (joined.split(' ').length < minWords) { carry = joined; continue; }
    out.push(...slide(joined.split(' '), size, overlap));
    carry = '';
  }
  if (carry) {
    if (out.length) out[out.length - 1] = `${out[out.length - 1]} ${carry}`;
    else out.push(carry);
  }
  return out;
}

function slide(words: string[], size: number, overlap: number): string[] {
  if (words.length <= size) return [words.join(' ')];
  const out: string[] = [];
  for (let start = 0; start + size < words.length; start += size - overlap) out.push(words.slice(start, start + size).join(' '));
  // The last window ends at the last word and is full length, so a short tail is read in context.
  out.push(words.slice(words.length - size).join(' '));
  return out;
}
