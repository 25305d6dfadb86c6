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

/** "10:42:07" in the moderator's locale; the full ISO time in a title for precision. @param {string | null | undefined} iso */
export function time(iso) {
  if (!iso) return h('span', { text: '—' });
  const d = new Date(iso);
  const sameDay = d.toDateString() === new Date().toDateString();
  const text = sameDay ? d.toLocaleTimeString() : d.toLocaleString();
  return h('time', { datetime: iso, title: iso, text });
}

/** Label names as people read them: severe_toxicity → severe toxicity. @param {string} s */
export const words = (s) => s.replace(/_/g, ' ');
