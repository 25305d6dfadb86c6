// @ts-check
/** The slur tooltip: hovering or focusing a highlighted span shows what it matched and the disguise undone. */
import { byId } from './dom.js';

/** @param {Event} e */
export function showTip(e) {
  const mark = /** @type {HTMLElement} */ (e.target).closest?.('mark.slur');
  if (!(mark instanceof HTMLElement)) return;
  const tip = byId('slur-tip');
  tip.textContent = mark.dataset.tip ?? '';
  tip.hidden = false;
  const r = mark.getBoundingClientRect();
  const left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8));
  tip.style.left = `${left}px`;
  tip.style.top = `${r.bottom + window.scrollY + 6}px`;
}

/** @param {Event} e */
export function hideTip(e) {
  if (/** @type {HTMLElement} */ (e.target).closest?.('mark.slur')) byId('slur-tip').hidden = true;
}
