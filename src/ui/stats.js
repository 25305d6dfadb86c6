// @ts-check
/**
 * Moderator statistics for admins (GET /v1/review/stats): per moderator and day, items decided, the median time
 * from their claim to their decision, and overturned decisions (no rate until the server can reopen, issue #11).
 */
import { api, query } from './api.js';
import { byId, h, replace } from './dom.js';
import { showError } from './messages.js';

/** "45 s", "3 min 20 s", "1 h 05 min" @param {number | null} seconds */
export function duration(seconds) {
  if (seconds === null) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${String(s % 60).padStart(2, '0')} s` : ''}`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

export async function openStats() {
  const dialog = /** @type {HTMLDialogElement} */ (byId('stats-dialog'));
  if (!dialog.open) dialog.showModal();
  await loadStats();
}

export async function loadStats() {
  const days = /** @type {HTMLSelectElement} */ (byId('stats-days')).value;
  const body = byId('stats-body');
  body.setAttribute('aria-busy', 'true');
  try {
    renderStats(await api('GET', `/v1/review/stats${query({ days })}`));
  } catch (err) {
    showError(err);
  } finally {
    body.removeAttribute('aria-busy');
  }
}

/** @param {{ from: string, to: string, days: any[], overturnTracked: boolean, complete: boolean }} s */
function renderStats(s) {
  const rows = s.days;
  const note = [
    `UTC days from ${s.from.slice(0, 10)}. Time to decision: from the moderator's own claim to the decision (bulk decisions have none).`,
    s.overturnTracked ? '' : ' Overturn rate: this server cannot reopen decisions yet, so none is overturned.',
    s.complete ? '' : ' The audit log is longer than one request reads: the oldest days are incomplete.',
  ].join('');
  replace(byId('stats-body'),
    h('p', { class: 'hint', text: note }),
    rows.length === 0 ? h('p', { class: 'empty', text: 'No decisions in this period.' }) : h('table', { class: 'stats', id: 'stats-table' },
      h('caption', { class: 'visually-hidden', text: 'Decisions per moderator and day' }),
      h('thead', {}, h('tr', {}, ['Day', 'Moderator', 'Decided', 'Approved', 'Rejected', 'Escalated', 'Median time to decision', 'Overturned'].map((c, i) => h('th', { scope: 'col', class: i >= 2 ? 'num' : undefined, text: c })))),
      h('tbody', {}, rows.map((r) => h('tr', { 'data-actor': r.actor, 'data-day': r.day },
        h('td', { text: r.day }), h('th', { scope: 'row', text: r.actor }),
        h('td', { class: 'num', text: String(r.decided) }), h('td', { class: 'num', text: String(r.approved) }),
        h('td', { class: 'num', text: String(r.rejected) }), h('td', { class: 'num', text: String(r.escalated) }),
        h('td', { class: 'num', title: `over ${r.timed} decision${r.timed === 1 ? '' : 's'} with a claim`, text: duration(r.medianSecondsToDecision) }),
        h('td', { class: 'num', text: r.overturnRate === null ? '—' : `${r.overturned} (${Math.round(r.overturnRate * 100)} %)` }),
      )))));
}
