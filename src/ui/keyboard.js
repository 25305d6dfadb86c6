// @ts-check
/** The keyboard: one key per action (press ? on the page for the list), and the reject dialog's keys. */
import { act, bulk, chooseReason, submitReject, undo } from './actions.js';
import { byId } from './dom.js';
import { BUTTONS, GATED_BUTTONS } from './item.js';
import { move, toggleSelect, toggleSelectAll } from './panels.js';
import { state } from './state.js';

/** Keys typed into a field are text, not commands; a focused checkbox or button still takes shortcuts. @param {HTMLElement} el */
function isTyping(el) {
  if (el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  return el instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(el.type);
}

/** @param {KeyboardEvent} e */
export function onKey(e) {
  if (e.ctrlKey || e.metaKey || e.altKey || !state.me) return;
  if (document.querySelector('dialog[open]')) return;
  if (e.key === 'Escape') {
    byId('toast').hidden = true;
    byId('slur-tip').hidden = true;
    return;
  }
  const target = /** @type {HTMLElement} */ (e.target);
  if (isTyping(target)) return;
  /** @type {Record<string, () => void>} */
  const keys = {
    j: () => move(1),
    k: () => move(-1),
    // c a r e, Shift+C (release); Shift+T (take over: offered to admins once the server has the route).
    ...Object.fromEntries([...BUTTONS, ...GATED_BUTTONS].filter(([, , key]) => key).map(([action, , key]) => [key, () => void act(action)])),
    u: () => void undo(),
    x: () => { if (state.currentId) toggleSelect(state.currentId); },
    X: toggleSelectAll,
    A: () => bulk('approve'),
    R: () => bulk('reject'),
    E: () => bulk('escalate'),
    '?': () => openHelp(),
    '/': () => {
      const search = /** @type {HTMLInputElement} */ (byId('filter-q'));
      search.focus();
      search.select();
    },
  };
  const fn = keys[e.key];
  if (!fn) return;
  e.preventDefault();
  fn();
}

export function openHelp() {
  /** @type {HTMLDialogElement} */ (byId('help-dialog')).showModal();
}

/**
 * In the reject dialog: digits choose a reason, Enter rejects (Ctrl+Enter from the note) — and without a chosen
 * reason does nothing but say so.
 * @param {KeyboardEvent} e
 */
export function onRejectKey(e) {
  const inNote = /** @type {HTMLElement} */ (e.target).id === 'reject-note';
  if (!inNote && /^[1-9]$/.test(e.key)) {
    e.preventDefault();
    chooseReason(Number(e.key));
  } else if (e.key === 'Enter' && (!inNote || e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    void submitReject();
  }
}
