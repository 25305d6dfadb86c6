// @ts-check
/** What the moderator is told: polite announcements for screen readers, and errors and refusals as a toast. */
import { ApiError } from './api.js';
import { byId } from './dom.js';

export const announcer = () => byId('announcer');
/** Polite, for screen readers: what changed. @param {string} text */
export function announce(text) {
  // Clearing first makes a repeated message be read again.
  announcer().textContent = '';
  setTimeout(() => { announcer().textContent = text; }, 30);
}

/** The moderator's own action succeeded: say so, and drop an older error that no longer describes the page. @param {string} text */
export function done(text) {
  byId('toast').hidden = true;
  announce(text);
}

/** @type {ReturnType<typeof setTimeout> | null} */
export let toastTimer = null;
/** Errors and refusals, visible and read at once (role=alert). @param {string} text @param {'error' | 'info'} [kind] */
export function toast(text, kind = 'error') {
  const el = byId('toast');
  el.textContent = text;
  el.dataset.kind = kind;
  el.hidden = false;
  if (toastTimer) clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, 10_000);
}

/** @param {unknown} err */
export function showError(err) {
  if (err instanceof ApiError) {
    if (err.status === 401) return; // the sign-in form takes over
    toast(err.message);
  } else {
    toast(String(err instanceof Error ? err.message : err));
  }
}
