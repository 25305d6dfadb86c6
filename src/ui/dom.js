// @ts-check
/**
 * Building DOM without markup strings. Everything here ends in createElement / textContent / createTextNode:
 * comment text, author names and every other value from the API are untrusted and must never be parsed as HTML.
 */

/**
 * h('li', { class: 'row', 'data-id': id, onclick: fn }, 'text', child, [more]) — strings become text nodes.
 * @param {string} tag
 * @param {Record<string, unknown>} [props]
 * @param {...unknown} children
 * @returns {HTMLElement}
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = String(value);
    else if (key === 'text') el.textContent = String(value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** @param {Node} parent @param {unknown[]} children */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. @param {Element} el @param {...unknown} children */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** @param {string} id @returns {HTMLElement} */
export function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el;
}

/** "Sun 29 Nov 2026, 21:43:07" in the moderator's locale: always with the date. @param {Date} d */
export const dateTime = (d) => d.toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

/**
 * How long ago, as people say it: "just now", "4 min ago", "3 h ago", "2 days ago", "3 weeks ago", "5 months ago",
 * "4 years ago" (a future time, e.g. clock skew, reads "just now").
 * @param {number} ms @param {number} [now]
 */
export function ago(ms, now = Date.now()) {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const hours = Math.round(m / 60);
  if (hours < 36) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 14) return `${days} days ago`;
  if (days < 60) return `${Math.round(days / 7)} weeks ago`;
  if (days < 730) return `${Math.round(days / 30.44)} months ago`;
  return `${Math.round(days / 365.25)} years ago`;
}

/** Date and time, with how long ago; the ISO time in the title for precision. @param {string | null | undefined} iso */
export function time(iso) {
  if (!iso) return h('span', { text: '—' });
  const d = new Date(iso);
  return h('time', { datetime: iso, title: iso, text: `${dateTime(d)} (${ago(d.getTime())})` });
}

/**
 * A short age for a queue row ("12 min ago"); the full date and time in its title (hover) and, for screen
 * readers, in the row's own words. @param {string | null | undefined} iso @param {string} [prefix]
 */
export function age(iso, prefix = '') {
  if (!iso) return h('span', { class: 'age', text: '—' });
  const d = new Date(iso);
  return h('time', { class: 'age', datetime: iso, title: `${prefix}${dateTime(d)}`, 'data-ms': d.getTime(), text: ago(d.getTime()) });
}
