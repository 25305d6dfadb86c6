// @ts-check
/**
 * The queue and item panels: read the queue (the server's order and its `open` view), counts and one item with
 * everything around it, render them, and move through them. Rendering of a row or an item is queue.js and item.js.
 */
import { api, query, seg } from './api.js';
import { byId, h, replace } from './dom.js';
import { claimText, renderItem } from './item.js';
import { announce, showError } from './messages.js';
import { collapseGroups, groupOfRow, groupRowId, isGroupRow, renderGroup } from './people.js';
import { renderGroupRow, renderRow, STATE_FILTERS } from './queue.js';
import { DENSITY_KEY, MAX_PAGE, PAGE, state } from './state.js';
import { categoryName, labelName, words } from './vocabulary.js';

export function fillFilterOptions() {
  const stateSel = /** @type {HTMLSelectElement} */ (byId('filter-state'));
  replace(stateSel, STATE_FILTERS.map((s) => h('option', { value: s, text: s })));
  stateSel.value = state.filters.state;
  const labels = Object.keys(state.policy?.labels ?? {});
  const cats = Object.keys(state.policy?.categories ?? {});
  replace(byId('filter-label'), h('option', { value: '', text: 'any' }), labels.map((l) => h('option', { value: l, text: labelName(l) })));
  replace(byId('filter-slur'), h('option', { value: '', text: 'any' }), cats.map((c) => h('option', { value: c, text: categoryName(c) })));
}

/** The reject form's reasons: radio buttons numbered 1–9, none chosen until the moderator chooses. */
export function fillReasons() {
  replace(byId('reject-reason-list'), state.reasons.map((r, i) => h('label', { class: 'reason-choice' },
    h('input', { type: 'radio', name: 'reason', value: r }),
    i < 9 ? h('kbd', { text: String(i + 1) }) : null, ' ', words(r))));
}

/** Compact rows (a dozen or more on a laptop) or comfortable ones; remembered in this browser. @param {'compact' | 'comfortable'} density */
export function setDensity(density) {
  state.density = density;
  try {
    localStorage.setItem(DENSITY_KEY, density);
  } catch { /* private mode: remembered for this page only */ }
  const toggle = byId('density-toggle');
  toggle.setAttribute('aria-pressed', String(density === 'compact'));
  document.body.dataset.density = density;
  renderQueue();
}

/**
 * The list's query from the filters: the one place the page turns filters into API parameters. `q` is sent as
 * typed: the server folds it the way it folded the comments (leetspeak, look-alikes, spacing), so `1d10t` finds
 * "idiot"; the results are the queue, decided one by one or selected in bulk.
 */
export function listQuery() {
  const f = state.filters;
  const appeals = f.state === 'appeals' ? { state: 'rejected', appeal: 'pending' } : { state: f.state };
  return { ...appeals, label: f.label, slur: f.slur, thread: f.thread, author: f.author, who: f.who, q: f.q, section: f.section, from: f.from, to: f.to };
}

/** Whether any filter besides the state narrows the queue (the empty queue then says so). */
const narrowed = () => ['label', 'slur', 'thread', 'author', 'who', 'q', 'section', 'from', 'to'].some((k) => /** @type {any} */ (state.filters)[k]);

async function fetchItems() {
  const limit = Math.min(MAX_PAGE, Math.max(PAGE, state.loaded));
  const page = await api('GET', `/v1/review/items${query({ ...listQuery(), limit })}`);
  return { items: page.items, nextCursor: page.nextCursor };
}

/**
 * Raid groups with pending items (GET /v1/review/groups), when the queue shows pending items: their members are
 * shown as one row each. A server without the route (or a refusal) shows every item on its own.
 * @returns {Promise<Map<string, any>>}
 */
async function fetchGroups() {
  if (state.filters.state !== 'open' && state.filters.state !== 'pending') return new Map();
  try {
    const { groups } = await api('GET', `/v1/review/groups${query({ section: state.filters.section, limit: MAX_PAGE })}`);
    return new Map(groups.map((/** @type {any} */ g) => [g.id, g]));
  } catch {
    return new Map();
  }
}

/**
 * Only this author's items in the queue (from the author panel: the id exactly, not an author search); '' shows
 * everyone again. @param {string} id @param {string} [name]
 */
export function filterByAuthor(id, name = id) {
  state.filters = { ...state.filters, author: id, who: '' };
  /** @type {HTMLInputElement} */ (byId('filter-author')).value = '';
  state.loaded = PAGE;
  state.selected.clear();
  byId('author-filter').hidden = !id;
  byId('author-filter-name').textContent = name;
  announce(id ? `Showing only items by ${name}` : 'Showing items by everyone');
  void refresh();
}

/** Re-reads counts and the list (the server's order), keeping the moderator's place and selection. */
export async function refresh() {
  // Filters change while a read is on its way (the first load, a live event's refresh): the last one asked wins.
  const seq = ++state.listSeq;
  try {
    const [{ counts }, page, groups] = await Promise.all([api('GET', '/v1/review/counts'), fetchItems(), fetchGroups()]);
    if (seq !== state.listSeq) return;
    state.counts = counts;
    state.groups = groups;
    // A decision still on its way stays out of the list: the moderator has already moved on from it.
    state.items = collapseGroups(page.items, groups).filter((/** @type {any} */ i) => !state.deciding.has(i.id));
    state.nextCursor = page.nextCursor;
    const shown = new Set(state.items.map((i) => i.id));
    for (const id of state.selected) if (!shown.has(id)) state.selected.delete(id);
    renderCounts();
    renderQueue();
  } catch (err) {
    if (seq === state.listSeq) showError(err);
  }
}

export async function loadMore() {
  if (!state.nextCursor) return;
  const seq = state.listSeq; // a refresh asked after this page makes it stale
  try {
    const page = await api('GET', `/v1/review/items${query({ ...listQuery(), limit: PAGE, cursor: state.nextCursor })}`);
    if (seq !== state.listSeq) return;
    const known = new Set(state.items.flatMap((i) => (i.members ?? [i]).map((/** @type {any} */ m) => m.id)));
    const plain = state.items.flatMap((i) => i.members ?? [i]);
    state.items = collapseGroups([...plain, ...page.items.filter((/** @type {any} */ i) => !known.has(i.id))], state.groups);
    state.nextCursor = page.nextCursor;
    state.loaded = state.items.length;
    renderQueue();
  } catch (err) {
    if (seq === state.listSeq) showError(err);
  }
}

function renderCounts() {
  const c = state.counts;
  const open = (c.pending ?? 0) + (c.claimed ?? 0);
  replace(byId('counts'), ['pending', 'claimed', 'escalated', 'approved', 'rejected'].map((s) => h('div', { class: `count state-${s}` },
    h('dt', { text: s }), h('dd', { 'data-state': s, text: String(c[s] ?? 0) }))));
  const sel = /** @type {HTMLSelectElement} */ (byId('filter-state'));
  for (const opt of Array.from(sel.options)) opt.textContent = opt.value === 'appeals' ? 'appeals to decide' : `${opt.value} (${opt.value === 'open' ? open : c[opt.value] ?? 0})`;
}

export function renderQueue() {
  const list = byId('queue-list');
  const hadFocus = list.contains(document.activeElement) || document.activeElement === document.body;
  const me = /** @type {{ name: string }} */ (state.me);
  replace(list, state.items.map((item) => {
    const o = { current: item.id === state.currentId, selected: state.selected.has(item.id), me, density: state.density };
    return item.kind === 'group' ? renderGroupRow(item, o) : renderRow(item, o);
  }));
  byId('queue-empty').hidden = state.items.length > 0;
  byId('queue-empty').textContent = narrowed() ? 'Nothing here matches the search and filters.' : 'Nothing to review here.';
  byId('load-more').hidden = !state.nextCursor;
  const threads = new Set(state.items.map((i) => i.threadId).filter(Boolean));
  replace(byId('known-threads'), [...threads].map((t) => h('option', { value: t })));
  renderSelection();
  if (hadFocus && state.currentId) focusCurrentRow();
}

export function renderSelection() {
  const n = state.selected.size;
  byId('selected-count').textContent = `${n} selected`;
  for (const id of ['bulk-approve', 'bulk-reject', 'bulk-escalate']) /** @type {HTMLButtonElement} */ (byId(id)).disabled = n === 0;
  const all = /** @type {HTMLInputElement} */ (byId('select-all'));
  all.checked = n > 0 && n === state.items.length;
  all.indeterminate = n > 0 && n < state.items.length;
  for (const box of /** @type {NodeListOf<HTMLInputElement>} */ (byId('queue-list').querySelectorAll('input.select'))) {
    box.checked = state.selected.has(box.dataset.id ?? '');
  }
}

export function focusCurrentRow() {
  const btn = /** @type {HTMLElement | null} */ (byId('queue-list').querySelector('li.current button.open'));
  if (btn) {
    btn.focus({ preventScroll: true });
    btn.scrollIntoView({ block: 'nearest' });
  }
}

/** @param {number} delta */
export function move(delta) {
  if (state.items.length === 0) return;
  const i = state.items.findIndex((it) => it.id === state.currentId);
  const next = i < 0 ? (delta > 0 ? 0 : state.items.length - 1) : Math.min(state.items.length - 1, Math.max(0, i + delta));
  void openItem(state.items[next].id, { focusRow: true });
}

/** @param {string} id */
export function toggleSelect(id) {
  if (state.selected.has(id)) state.selected.delete(id);
  else state.selected.add(id);
  renderSelection();
}

export function toggleSelectAll() {
  if (state.selected.size === state.items.length) state.selected.clear();
  else for (const i of state.items) state.selected.add(i.id);
  renderSelection();
  announce(`${state.selected.size} selected`);
}

// ---------------------------------------------------------------- item

/** @param {string} id @param {{ focusRow?: boolean }} [opts] */
export async function openItem(id, opts = {}) {
  state.currentId = id;
  for (const li of byId('queue-list').querySelectorAll('li.row')) {
    const current = /** @type {HTMLElement} */ (li).dataset.id === id;
    li.classList.toggle('current', current);
    const btn = li.querySelector('button.open');
    if (current) btn?.setAttribute('aria-current', 'true');
    else btn?.removeAttribute('aria-current');
  }
  if (opts.focusRow) focusCurrentRow();
  // Shown at once from the queue's own copy (the comment, its scores, matches and reasons, the actions offered);
  // the thread, the author's record and the history follow.
  const listed = state.items.find((i) => i.id === id);
  if (listed?.kind === 'group') {
    if (state.detail?.group?.id !== listed.group.id) {
      state.detail = { group: listed.group, items: null, loading: true };
      renderDetail();
    }
  } else if (listed && state.detail?.item?.id !== id && state.me) {
    state.detail = { item: listed, comment: listed.comment, thread: null, author: null, history: null, me: state.me, policy: state.policy, loading: true };
    renderDetail();
  }
  await loadDetail(id);
}

/** Reads the item and everything around it; a slower answer for an item no longer shown is dropped. @param {string} id */
export async function loadDetail(id) {
  const seq = ++state.detailSeq;
  if (isGroupRow(id)) {
    await loadGroup(groupOfRow(id), seq);
    return;
  }
  let item;
  try {
    item = (await api('GET', `/v1/review/items/${seg(id)}`)).item;
  } catch (err) {
    if (seq === state.detailSeq) showError(err);
    return;
  }
  const [comment, thread, author, history, record, reports, appeals] = await Promise.allSettled([
    // The comment record carries each match's undone disguises (transformations).
    api('GET', `/v1/comments/${seg(id)}`),
    api('GET', `/v1/threads/${seg(item.threadId)}`),
    api('GET', `/v1/review/authors/${seg(item.authorId)}/history?limit=10`),
    api('GET', `/v1/review/items/${seg(id)}/history`),
    api('GET', `/v1/review/authors/${seg(item.authorId)}`),
    item.reports > 0 ? api('GET', `/v1/review/items/${seg(id)}/reports?limit=5`) : Promise.resolve(null),
    api('GET', `/v1/review/appeals${query({ comment: id })}`),
  ]);
  if (seq !== state.detailSeq) return;
  const value = (/** @type {PromiseSettledResult<any>} */ r) => (r.status === 'fulfilled' ? r.value : null);
  const full = value(comment);
  state.detail = {
    item,
    // The item's own comment summary, with the full record's matches (transformations) when it could be read.
    comment: item.comment ? { ...item.comment, slurs: full?.slurs ?? item.comment.slurs } : full,
    thread: value(thread),
    author: value(author),
    history: value(history),
    me: state.me,
    policy: state.policy,
    record: value(record),
    reports: value(reports),
    appeal: value(appeals)?.appeals?.[0] ?? null,
  };
  renderDetail();
}

/** A raid group in the item panel: the group and its pending items. @param {string} groupId @param {number} seq */
async function loadGroup(groupId, seq) {
  try {
    const { group, items } = await api('GET', `/v1/review/groups/${seg(groupId)}`);
    if (seq !== state.detailSeq) return;
    state.detail = { group, items };
  } catch (err) {
    if (seq !== state.detailSeq) return;
    showError(err);
    return;
  }
  renderDetail();
}

export function renderDetail() {
  const view = byId('item-view');
  byId('item-placeholder').hidden = Boolean(state.detail);
  view.hidden = !state.detail;
  if (state.detail) replace(view, state.detail.group ? renderGroup(state.detail) : renderItem(state.detail));
  else replace(view);
}

/** Keeps the claim line current between server events (the lease's last minute, its end). */
export function tickClaim() {
  const el = document.getElementById('claim-status');
  if (!el || !state.detail?.item || !state.me) return;
  const text = claimText(state.detail.item, state.me);
  if (el.textContent !== text) el.textContent = text;
}

export function currentItem() {
  return state.detail?.item && state.detail.item.id === state.currentId ? state.detail.item : null;
}

/** The raid group open in the item panel, if that is what is open. */
export function currentGroup() {
  return state.detail?.group && isGroupRow(state.currentId) && state.currentId === groupRowId(state.detail.group.id) ? state.detail.group : null;
}
