// @ts-check
/**
 * The moderator workspace: sign-in, the queue (filters, counts, live updates over server-sent events), the item
 * panel, actions with the keyboard, and bulk decisions. This module wires the page to them:
 *   state.js (all state) · session.js (sign-in) · panels.js (queue and item) · actions.js · live.js · keyboard.js
 */
import { act, bulk, clearUndo, confirmTakeover, decideAppeal, openAuthorDialog, submitAuthorAction, submitReject, undo } from './actions.js';
import { api, whenSignedOut } from './api.js';
import { byId } from './dom.js';
import { announce } from './messages.js';
import { onKey, onRejectKey, openHelp } from './keyboard.js';
import { filterByAuthor, focusCurrentRow, loadMore, openItem, refresh, setDensity, toggleSelect, toggleSelectAll } from './panels.js';
import { showSignIn, signedIn, signIn, signOut } from './session.js';
import { PAGE, state } from './state.js';
import { loadStats, openStats } from './stats.js';
import { hideTip, showTip } from './tooltip.js';

function wire() {
  byId('sign-in-form').addEventListener('submit', (e) => void signIn(/** @type {SubmitEvent} */ (e)));
  byId('sign-out').addEventListener('click', () => void signOut());
  byId('help-button').addEventListener('click', openHelp);
  byId('stats-button').addEventListener('click', () => void openStats());
  byId('stats-days').addEventListener('change', () => void loadStats());
  byId('stats-dialog').addEventListener('close', () => focusCurrentRow());
  byId('load-more').addEventListener('click', () => void loadMore());
  byId('density-toggle').addEventListener('click', () => setDensity(state.density === 'compact' ? 'comfortable' : 'compact'));
  document.body.dataset.density = state.density;
  byId('density-toggle').setAttribute('aria-pressed', String(state.density === 'compact'));
  byId('undo-button').addEventListener('click', () => void undo());

  const filters = /** @type {HTMLFormElement} */ (byId('filters'));
  /** @param {boolean} [clearAuthor] also drop the author panel's "Only items by …" */
  const applyFilters = async (clearAuthor = false) => {
    const value = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (byId(id)).value.trim();
    const before = JSON.stringify(state.filters);
    const who = value('filter-author');
    // A typed author search replaces the author panel's "Only items by …".
    const typed = who !== JSON.parse(before).who;
    state.filters = {
      ...state.filters, state: value('filter-state'), label: value('filter-label'), slur: value('filter-slur'), thread: value('filter-thread'),
      who, ...(typed || clearAuthor ? { author: '' } : {}), q: value('filter-q'), section: value('filter-section'), from: value('filter-from'), to: value('filter-to'),
    };
    if (typed) byId('author-filter').hidden = true;
    renderMoreFilters();
    if (JSON.stringify(state.filters) === before) return;
    state.loaded = PAGE;
    state.selected.clear();
    await refresh();
    // A search says what it found (a screen reader hears it; the list is below the search box).
    if (state.filters.q) announce(`${state.items.length}${state.nextCursor ? ' or more' : ''} item${state.items.length === 1 ? '' : 's'} found for “${state.filters.q}”`);
  };
  /** The toggle shows whether a less used filter is set while they are folded away. */
  const renderMoreFilters = () => {
    const f = state.filters;
    byId('more-filters-toggle').classList.toggle('active', Boolean(f.who || f.section || f.from || f.to));
  };
  filters.addEventListener('change', () => void applyFilters());
  filters.addEventListener('submit', (e) => { e.preventDefault(); void applyFilters(); });
  // Enter in the search box searches at once (and clearing it with its × shows everything again).
  byId('filter-q').addEventListener('search', () => void applyFilters());
  byId('more-filters-toggle').addEventListener('click', () => {
    const toggle = byId('more-filters-toggle');
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    byId('more-filters').hidden = !open;
    if (open) /** @type {HTMLElement} */ (byId('filter-author')).focus();
  });
  byId('filter-clear').addEventListener('click', () => {
    /** @type {HTMLSelectElement} */ (byId('filter-state')).value = 'open';
    for (const id of ['filter-label', 'filter-slur', 'filter-thread', 'filter-q', 'filter-author', 'filter-section', 'filter-from', 'filter-to']) {
      /** @type {HTMLInputElement} */ (byId(id)).value = '';
    }
    byId('author-filter').hidden = true;
    void applyFilters(true);
  });
  byId('author-filter-clear').addEventListener('click', () => filterByAuthor(''));

  const list = byId('queue-list');
  list.addEventListener('click', (e) => {
    const btn = /** @type {HTMLElement} */ (e.target).closest('button.open');
    if (btn instanceof HTMLElement && btn.dataset.id) void openItem(btn.dataset.id);
  });
  list.addEventListener('change', (e) => {
    const box = /** @type {HTMLInputElement} */ (e.target);
    if (box.classList.contains('select') && box.dataset.id) toggleSelect(box.dataset.id);
  });
  byId('select-all').addEventListener('change', toggleSelectAll);
  byId('bulk-approve').addEventListener('click', () => bulk('approve'));
  byId('bulk-reject').addEventListener('click', () => bulk('reject'));
  byId('bulk-escalate').addEventListener('click', () => bulk('escalate'));

  byId('item-view').addEventListener('click', (e) => {
    const btn = /** @type {HTMLElement} */ (e.target).closest('button[data-action], button[data-filter-author], button[data-author-action], button[data-appeal-outcome], button[data-open-item]');
    if (!(btn instanceof HTMLElement)) return;
    const d = btn.dataset;
    if (d.action) void act(d.action);
    else if (d.filterAuthor) filterByAuthor(d.filterAuthor, d.authorName);
    else if (d.authorAction) openAuthorDialog(d);
    else if (d.appealOutcome && d.appealId) void decideAppeal(d.appealId, d.appealOutcome);
    else if (d.openItem) void openItem(d.openItem);
  });

  const author = /** @type {HTMLDialogElement} */ (byId('author-dialog'));
  byId('author-form').addEventListener('submit', (e) => { e.preventDefault(); void submitAuthorAction(); });
  byId('author-form').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); void submitAuthorAction(); }
  });
  byId('author-cancel').addEventListener('click', () => author.close());
  author.addEventListener('close', () => focusCurrentRow());

  const reject = /** @type {HTMLDialogElement} */ (byId('reject-dialog'));
  byId('reject-form').addEventListener('submit', (e) => { e.preventDefault(); void submitReject(); });
  byId('reject-form').addEventListener('keydown', (e) => onRejectKey(/** @type {KeyboardEvent} */ (e)));
  byId('reject-cancel').addEventListener('click', () => reject.close());
  reject.addEventListener('close', () => {
    state.rejecting = null;
    focusCurrentRow();
  });
  byId('help-dialog').addEventListener('close', () => focusCurrentRow());
  const takeover = /** @type {HTMLDialogElement} */ (byId('takeover-dialog'));
  byId('takeover-confirm').addEventListener('click', () => void confirmTakeover());
  byId('takeover-cancel').addEventListener('click', () => takeover.close());
  takeover.addEventListener('close', () => focusCurrentRow());

  document.addEventListener('keydown', onKey);
  document.addEventListener('mouseover', showTip);
  document.addEventListener('focusin', showTip);
  document.addEventListener('mouseout', hideTip);
  document.addEventListener('focusout', hideTip);

  whenSignedOut(() => {
    clearUndo();
    showSignIn('Your session ended. Sign in again.');
  });
}

async function boot() {
  wire();
  try {
    await signedIn(await api('GET', '/v1/session', undefined, { quiet401: true }));
  } catch {
    showSignIn();
  }
}

void boot();
