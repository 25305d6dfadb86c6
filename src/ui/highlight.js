// @ts-check
/**
 * Slur spans over the comment text. Spans are UTF-16 offsets into the ORIGINAL text (what String#slice takes),
 * so they are used exactly as given: no normalisation, no trimming. Overlapping spans are allowed: the text is cut
 * at every span boundary and each piece knows every match covering it.
 */
import { h } from './dom.js';
import { categoryName, disguiseName } from './vocabulary.js';

/**
 * @typedef {{ term: string, category: string, severity: number, start: number, end: number, text?: string, transformations?: string[], context?: string }} Span
 * @typedef {{ start: number, end: number, text: string, matches: Span[] }} Segment
 */

/**
 * @param {string} text
 * @param {Span[]} spans
 * @returns {Segment[]}
 */
export function segments(text, spans) {
  const valid = spans.filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start < s.end && s.end <= text.length);
  const cuts = new Set([0, text.length]);
  for (const s of valid) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  /** @type {Segment[]} */
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i], end = points[i + 1];
    out.push({ start, end, text: text.slice(start, end), matches: valid.filter((s) => s.start <= start && s.end >= end) });
  }
  return out;
}

/** How a term in context is used (the pipeline's context phase), as a moderator reads it. */
export const CONTEXT_TEXT = /** @type {Record<string, string>} */ ({
  quoted: 'quoted, not used (counter-speech)',
  reported: 'reported speech (counter-speech)',
  condemned: 'named to condemn it (counter-speech)',
  reclaimed: 'reclaimed by its own group',
  homonym: 'innocent sense of the word',
  addressed: 'aimed at someone (an insult)',
});

/** One line a person can read: term · category · severity · what disguise was undone · how it is used. @param {Span} s */
export function describeSpan(s) {
  const undone = s.transformations && s.transformations.length ? `disguise undone: ${s.transformations.map(disguiseName).join(', ')}` : 'written plainly';
  const used = s.context ? ` · ${CONTEXT_TEXT[s.context] ?? s.context}` : '';
  return `“${s.term}” · ${categoryName(s.category)} · severity ${s.severity} of 4 · ${undone}${used}`;
}

/**
 * The comment as text nodes with a focusable <mark> per matched piece. Each mark is described (aria-describedby)
 * by a hidden element holding the same words the hover/focus tooltip shows, so screen readers get them too.
 * @param {string} text
 * @param {Span[]} spans
 * @param {string} idPrefix
 * @returns {{ text: DocumentFragment, descriptions: HTMLElement }}
 */
export function renderHighlighted(text, spans, idPrefix) {
  const frag = document.createDocumentFragment();
  const descriptions = h('div', { hidden: true });
  let n = 0;
  for (const seg of segments(text, spans)) {
    if (seg.matches.length === 0) {
      frag.appendChild(document.createTextNode(seg.text));
      continue;
    }
    const id = `${idPrefix}-${n++}`;
    const severity = Math.max(...seg.matches.map((m) => m.severity));
    const description = seg.matches.map(describeSpan).join('; ');
    descriptions.appendChild(h('span', { id, text: description }));
    frag.appendChild(h('mark', {
      class: `slur sev-${severity}`,
      tabindex: 0,
      'aria-describedby': id,
      'data-start': seg.start,
      'data-end': seg.end,
      'data-tip': description,
    }, seg.text));
  }
  return { text: frag, descriptions };
}
