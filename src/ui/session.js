// @ts-check
/** Sign-in with a key (traded for a session cookie and CSRF token), sign-out, and what follows a sign-in. */
import { api, ApiError, setCsrfToken } from './api.js';
import { byId, replace } from './dom.js';
import { startLive, stopLive } from './live.js';
import { done } from './messages.js';
import { fillFilterOptions, fillReasons, focusCurrentRow, refresh, renderDetail } from './panels.js';
import { state } from './state.js';
import { setVocabulary } from './vocabulary.js';

export function showSignIn(message = '') {
  stopLive();
  state.me = null;
  setCsrfToken(null);
  byId('workspace').hidden = true;
  byId('session-bar').hidden = true;
  byId('counts').hidden = true;
  byId('sign-in-view').hidden = false;
  byId('sign-in-error').textContent = message;
  /** @type {HTMLInputElement} */ (byId('sign-in-key')).focus();
}

/** @param {{ actor: { name: string, role: string }, csrfToken: string }} session */
export async function signedIn(session) {
  state.me = session.actor;
  setCsrfToken(session.csrfToken);
  byId('sign-in-view').hidden = true;
  byId('workspace').hidden = false;
  byId('session-bar').hidden = false;
  byId('counts').hidden = false;
  byId('who').textContent = `${session.actor.name} (${session.actor.role})`;
  // Statistics are for admins (the API says so too).
  byId('stats-button').hidden = session.actor.role !== 'admin';
  // The admin quality page (issue #13): how the automatic checks fare against moderators' decisions.
  byId('quality-link').hidden = session.actor.role !== 'admin';
  const [reasons, policy, vocabulary] = await Promise.all([
    api('GET', '/v1/review/reasons').then((r) => r.reasons).catch(() => []),
    api('GET', '/v1/review/policy').then((r) => r.policy).catch(() => null),
    api('GET', '/v1/review/vocabulary').catch(() => null),
  ]);
  setVocabulary(vocabulary);
  state.reasons = reasons;
  state.policy = policy;
  fillFilterOptions();
  fillReasons();
  startLive(() => showSignIn('Your session ended. Sign in again.'));
  await refresh();
  focusCurrentRow();
}

export async function signIn(/** @type {SubmitEvent} */ e) {
  e.preventDefault();
  const input = /** @type {HTMLInputElement} */ (byId('sign-in-key'));
  const key = input.value.trim();
  if (!key) {
    byId('sign-in-error').textContent = 'Enter your API key.';
    return;
  }
  try {
    const session = await api('POST', '/v1/session', { key }, { quiet401: true });
    input.value = '';
    await signedIn(session);
    done(`Signed in as ${session.actor.name}`);
  } catch (err) {
    byId('sign-in-error').textContent = err instanceof ApiError ? err.message : 'Sign-in failed.';
  }
}

export async function signOut() {
  try {
    await api('DELETE', '/v1/session');
  } catch { /* the session may already be gone */ }
  state.items = [];
  state.detail = null;
  state.currentId = null;
  state.selected.clear();
  replace(byId('queue-list'));
  renderDetail();
  showSignIn('Signed out.');
}
