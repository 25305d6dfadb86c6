// @ts-check
/**
 * The moderator workspace: sign-in, the queue (filters, counts, live updates over server-sent events), the item
 * panel, actions with the keyboard, and bulk decisions. All state lives in `state`; the server is the authority on
 * every transition, so a refused action is shown as the API's own message and the page re-reads the truth.
 */
import { api, ApiError, query, seg, setCsrfToken, whenSignedOut } from './api.js';
import { byId, h, replace } from './dom.js';
import { claimText, renderItem } from './item.js';
import { renderRow, STATE_FILTERS } from './queue.js';

const PAGE = 50;
const MAX_PAGE = 200;
/** A lost event (e.g. while reconnecting) is caught by this slow re-read. */
const SAFETY_REFRESH_MS = 30_000;

const state = {
  /** @type {{ name: string, role: string } | null} */ me: null,
  filters: { state: 'open', label: '', slur: '', thread: '' },
  /** @type {any[]} */ items: [],
  /** @type {string | null} */ nextCursor: null,
  /** How many rows the moderator has loaded ("load more"), kept across live refreshes. */
  loaded: PAGE,
  /** @type {string | null} */ currentId: null,
  /** @type {Set<string>} */ selected: new Set(),
  /** @type {Record<string, number>} */ counts: {},
  /** @type {string[]} */ reasons: [],
  /** @type {any} */ policy: null,
  /** @type {any} */ detail: null,
  detailSeq: 0,
  /** @type {EventSource | null} */ events: null,
  /** @type {ReturnType<typeof setTimeout> | null} */ refreshTimer: null,
  /** @type {ReturnType<typeof setInterval> | null} */ safetyTimer: null,
  /** @type {ReturnType<typeof setInterval> | null} */ claimTimer: null,
  /** What the open reject form is for: the current item, or the bulk selection. @type {{ ids: string[], bulk: boolean } | null} */ rejecting: null,
  /** The open item changed on the server; re-read it with the next refresh. */
  detailStale: false,
};

// ---------------------------------------------------------------- messages

const announcer = () => byId('announcer');
/** Polite, for screen readers: what changed. @param {string} text */
function announce(text) {
  // Clearing first makes a repeated message be read again.
  announcer().textContent = '';
  setTimeout(() => { announcer().textContent = text; }, 30);
}

/** The moderator's own action succeeded: say so, and drop an older error that no longer describes the page. @param {string} text */
function done(text) {
  byId('toast').hidden = true;
  announce(text);
}

/** @type {ReturnType<typeof setTimeout> | null} */
let toastTimer = null;
/** Errors and refusals, visible and read at once (role=alert). @param {string} text @param {'error' | 'info'} [kind] */
function toast(text, kind = 'error') {
  const el = byId('toast');
  el.textContent = text;
  el.dataset.kind = kind;
  el.hidden = false;
  if (toastTimer) clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, 10_000);
}

/** @param {unknown} err */
function showError(err) {
  if (err instanceof ApiError) {
    if (err.status === 401) return; // the sign-in form takes over
    toast(err.message);
  } else {
    toast(String(err instanceof Error ? err.message : err));
  }
}

// ---------------------------------------------------------------- sign-in

function showSignIn(message = '') {
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
async function signedIn(session) {
  state.me = session.actor;
  setCsrfToken(session.csrfToken);
  byId('sign-in-view').hidden = true;
  byId('workspace').hidden = false;
  byId('session-bar').hidden = false;
  byId('counts').hidden = false;
  byId('who').textContent = `${session.actor.name} (${session.actor.role})`;
  const [reasons, policy] = await Promise.all([
    api('GET', '/v1/review/reasons').then((r) => r.reasons).catch(() => []),
    api('GET', '/v1/review/policy').then((r) => r.policy).catch(() => null),
  ]);
  state.reasons = reasons;
  state.policy = policy;
  fillFilterOptions();
  fillReasons();
  startLive();
  await refresh();
  focusCurrentRow();
}

async function signIn(/** @type {SubmitEvent} */ e) {
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

async function signOut() {
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

// ---------------------------------------------------------------- queue

function fillFilterOptions() {
  const stateSel = /** @type {HTMLSelectElement} */ (byId('filter-state'));
  replace(stateSel, STATE_FILTERS.map((s) => h('option', { value: s, text: s })));
  stateSel.value = state.filters.state;
  const labels = Object.keys(state.policy?.labels ?? {});
  const cats = Object.keys(state.policy?.categories ?? {});
  replace(byId('filter-label'), h('option', { value: '', text: 'any' }), labels.map((l) => h('option', { value: l, text: l.replace(/_/g, ' ') })));
  replace(byId('filter-slur'), h('option', { value: '', text: 'any' }), cats.map((c) => h('option', { value: c, text: c.replace(/_/g, ' ') })));
}

function fillReasons() {
  replace(byId('reject-reason'), state.reasons.map((r, i) => h('option', { value: r, text: `${i + 1} · ${r.replace(/_/g, ' ')}` })));
}

async function fetchItems() {
  const f = state.filters;
  const common = { label: f.label, slur: f.slur, thread: f.thread };
  const limit = Math.min(MAX_PAGE, Math.max(PAGE, state.loaded));
  const page = await api('GET', `/v1/review/items${query({ ...common, state: f.state, limit })}`);
  return { items: page.items, nextCursor: page.nextCursor };
}

/** Re-reads counts and the list (the server's order), keeping the moderator's place and selection. */
async function refresh() {
  try {
    const [{ counts }, page] = await Promise.all([api('GET', '/v1/review/counts'), fetchItems()]);
    state.counts = counts;
    state.items = page.items;
    state.nextCursor = page.nextCursor;
    const shown = new Set(state.items.map((i) => i.id));
    for (const id of state.selected) if (!shown.has(id)) state.selected.delete(id);
    renderCounts();
    renderQueue();
  } catch (err) {
    showError(err);
  }
}

async function loadMore() {
  if (!state.nextCursor) return;
  try {
    const f = state.filters;
    const page = await api('GET', `/v1/review/items${query({ label: f.label, slur: f.slur, thread: f.thread, state: f.state, limit: PAGE, cursor: state.nextCursor })}`);
    const known = new Set(state.items.map((i) => i.id));
    state.items = [...state.items, ...page.items.filter((/** @type {any} */ i) => !known.has(i.id))];
    state.nextCursor = page.nextCursor;
    state.loaded = state.items.length;
    renderQueue();
  } catch (err) {
    showError(err);
  }
}

function renderCounts() {
  const c = state.counts;
  const open = (c.pending ?? 0) + (c.claimed ?? 0);
  replace(byId('counts'), ['pending', 'claimed', 'escalated', 'approved', 'rejected'].map((s) => h('div', { class: `count state-${s}` },
    h('dt', { text: s }), h('dd', { 'data-state': s, text: String(c[s] ?? 0) }))));
  const sel = /** @type {HTMLSelectElement} */ (byId('filter-state'));
  for (const opt of Array.from(sel.options)) opt.textContent = `${opt.value} (${opt.value === 'open' ? open : c[opt.value] ?? 0})`;
}

function renderQueue() {
  const list = byId('queue-list');
  const hadFocus = list.contains(document.activeElement) || document.activeElement === document.body;
  const me = /** @type {{ name: string }} */ (state.me);
  replace(list, state.items.map((item) => renderRow(item, { current: item.id === state.currentId, selected: state.selected.has(item.id), me })));
  byId('queue-empty').hidden = state.items.length > 0;
  byId('load-more').hidden = !state.nextCursor;
  const threads = new Set(state.items.map((i) => i.threadId));
  replace(byId('known-threads'), [...threads].map((t) => h('option', { value: t })));
  renderSelection();
  if (hadFocus && state.currentId) focusCurrentRow();
}

function renderSelection() {
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

function focusCurrentRow() {
  const btn = /** @type {HTMLElement | null} */ (byId('queue-list').querySelector('li.current button.open'));
  if (btn) {
    btn.focus({ preventScroll: true });
    btn.scrollIntoView({ block: 'nearest' });
  }
}

/** @param {number} delta */
function move(delta) {
  if (state.items.length === 0) return;
  const i = state.items.findIndex((it) => it.id === state.currentId);
  const next = i < 0 ? (delta > 0 ? 0 : state.items.length - 1) : Math.min(state.items.length - 1, Math.max(0, i + delta));
  void openItem(state.items[next].id, { focusRow: true });
}

/** @param {string} id */
function toggleSelect(id) {
  if (state.selected.has(id)) state.selected.delete(id);
  else state.selected.add(id);
  renderSelection();
}

function toggleSelectAll() {
  if (state.selected.size === state.items.length) state.selected.clear();
  else for (const i of state.items) state.selected.add(i.id);
  renderSelection();
  announce(`${state.selected.size} selected`);
}

// ---------------------------------------------------------------- item

/** @param {string} id @param {{ focusRow?: boolean }} [opts] */
async function openItem(id, opts = {}) {
  state.currentId = id;
  for (const li of byId('queue-list').querySelectorAll('li.row')) {
    const current = /** @type {HTMLElement} */ (li).dataset.id === id;
    li.classList.toggle('current', current);
    const btn = li.querySelector('button.open');
    if (current) btn?.setAttribute('aria-current', 'true');
    else btn?.removeAttribute('aria-current');
  }
  if (opts.focusRow) focusCurrentRow();
  await loadDetail(id);
}

/** Reads the item and everything around it; a slower answer for an item no longer shown is dropped. @param {string} id */
async function loadDetail(id) {
  const seq = ++state.detailSeq;
  let item;
  try {
    item = (await api('GET', `/v1/review/items/${seg(id)}`)).item;
  } catch (err) {
    if (seq === state.detailSeq) showError(err);
    return;
  }
  const [comment, thread, author, history] = await Promise.allSettled([
    // The comment record carries each match's undone disguises (transformations).
    api('GET', `/v1/comments/${seg(id)}`),
    api('GET', `/v1/threads/${seg(item.threadId)}`),
    api('GET', `/v1/review/authors/${seg(item.authorId)}/history?limit=10`),
    api('GET', `/v1/review/items/${seg(id)}/history`),
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
  };
  renderDetail();
}

function renderDetail() {
  const view = byId('item-view');
  byId('item-placeholder').hidden = Boolean(state.detail);
  view.hidden = !state.detail;
  if (state.detail) replace(view, renderItem(state.detail));
  else replace(view);
}

/** Keeps the claim line current between server events (the lease's last minute, its end). */
function tickClaim() {
  const el = document.getElementById('claim-status');
  if (!el || !state.detail || !state.me) return;
  const text = claimText(state.detail.item, state.me);
  if (el.textContent !== text) el.textContent = text;
}

function currentItem() {
  return state.detail && state.detail.item.id === state.currentId ? state.detail.item : null;
}

// ---------------------------------------------------------------- actions

/** @param {any} item */
async function ensureClaim(item) {
  const me = /** @type {{ name: string }} */ (state.me);
  if (item.claim && item.claim.by === me.name && new Date(item.claim.until).getTime() > Date.now()) return;
  await api('POST', `/v1/review/items/${seg(item.id)}/claim`);
}

/** @param {string} action */
async function act(action) {
  const item = currentItem();
  if (!item) {
    toast('Pick an item first (j / k).', 'info');
    return;
  }
  const id = item.id;
  try {
    switch (action) {
      case 'claim': {
        const mine = item.claim && item.claim.by === state.me?.name;
        await api('POST', `/v1/review/items/${seg(id)}/claim`);
        done(mine ? `Claim on ${id} renewed` : `Claimed ${id}`);
        break;
      }
      case 'release':
        await api('POST', `/v1/review/items/${seg(id)}/release`, {});
        done(`Released ${id}`);
        break;
      case 'approve':
      case 'escalate':
        await ensureClaim(item);
        await api('POST', `/v1/review/items/${seg(id)}/decision`, { action });
        done(`${action === 'approve' ? 'Approved' : 'Escalated'} ${id}`);
        await afterDecision(id);
        return;
      case 'reject':
        // No reason to type a note the server will refuse: it did not offer a rejection, and a colleague holds it.
        if (!(item.actions ?? []).includes('reject') && item.claim && item.claim.by !== state.me?.name) {
          toast(`${id} is claimed by ${item.claim.by} until ${new Date(item.claim.until).toLocaleTimeString()}: only they can decide it now.`);
          return;
        }
        openRejectDialog([id], false);
        return;
    }
  } catch (err) {
    showError(err);
  }
  await Promise.all([refresh(), loadDetail(id)]);
}

/** After a decision the next item in the queue opens, so the keyboard flow continues. @param {string} id */
async function afterDecision(id) {
  const before = state.items.findIndex((i) => i.id === id);
  await refresh();
  const next = state.items[Math.min(Math.max(before, 0), state.items.length - 1)];
  if (next && next.id !== id) {
    await openItem(next.id, { focusRow: true });
  } else {
    await loadDetail(id);
  }
}

/** @param {string[]} ids @param {boolean} bulk */
function openRejectDialog(ids, bulk) {
  if (state.reasons.length === 0) {
    toast('No reason codes are configured (REVIEW_REASON_CODES).');
    return;
  }
  state.rejecting = { ids, bulk };
  byId('reject-title').textContent = ids.length === 1 ? `Reject comment ${ids[0]}` : `Reject ${ids.length} selected comments`;
  /** @type {HTMLTextAreaElement} */ (byId('reject-note')).value = '';
  const dialog = /** @type {HTMLDialogElement} */ (byId('reject-dialog'));
  dialog.showModal();
  /** @type {HTMLSelectElement} */ (byId('reject-reason')).focus();
}

async function submitReject() {
  const pending = state.rejecting;
  if (!pending) return;
  const reason = /** @type {HTMLSelectElement} */ (byId('reject-reason')).value;
  const note = /** @type {HTMLTextAreaElement} */ (byId('reject-note')).value.trim();
  state.rejecting = null;
  /** @type {HTMLDialogElement} */ (byId('reject-dialog')).close();
  const decision = { action: 'reject', reason, ...(note ? { note } : {}) };
  if (!pending.bulk) {
    const item = currentItem();
    try {
      if (item) await ensureClaim(item);
      await api('POST', `/v1/review/items/${seg(pending.ids[0])}/decision`, decision);
      done(`Rejected ${pending.ids[0]} (${reason})`);
      await afterDecision(pending.ids[0]);
    } catch (err) {
      showError(err);
      await Promise.all([refresh(), loadDetail(pending.ids[0])]);
    }
    return;
  }
  await bulkDecide(pending.ids, decision);
}

/** @param {'approve' | 'reject' | 'escalate'} action */
function bulk(action) {
  const ids = [...state.selected];
  if (ids.length === 0) {
    toast('Select items first (x, or Shift+X for all shown).', 'info');
    return;
  }
  if (action === 'reject') openRejectDialog(ids, true);
  else void bulkDecide(ids, { action });
}

/** @param {string[]} ids @param {{ action: string, reason?: string, note?: string }} decision */
async function bulkDecide(ids, decision) {
  try {
    const out = await api('POST', '/v1/review/decisions', { ids, ...decision });
    for (const r of out.results) if (r.ok) state.selected.delete(r.id);
    const failed = out.results.filter((/** @type {any} */ r) => !r.ok);
    const verb = { approve: 'Approved', reject: 'Rejected', escalate: 'Escalated' }[decision.action] ?? decision.action;
    done(`${verb} ${out.summary.ok} of ${ids.length}`);
    if (failed.length) toast(`${verb} ${out.summary.ok}; ${failed.length} refused: ${failed.map((/** @type {any} */ r) => r.error.message).join('; ')}`);
  } catch (err) {
    showError(err);
  }
  await refresh();
  if (state.currentId) await loadDetail(state.currentId);
}

// ---------------------------------------------------------------- live updates

/** @param {'on' | 'reconnecting' | 'off'} mode */
function setLive(mode) {
  const el = byId('live-status');
  el.dataset.live = mode;
  el.textContent = mode === 'on' ? 'Live' : mode === 'reconnecting' ? 'Reconnecting…' : 'Live updates off';
}

function startLive() {
  stopLive();
  const es = new EventSource('/v1/review/events');
  state.events = es;
  es.addEventListener('open', () => {
    setLive('on');
    // Anything that changed while the stream was down is read once the stream is back.
    scheduleRefresh();
  });
  es.addEventListener('review', (e) => {
    try {
      onReviewEvent(JSON.parse(/** @type {MessageEvent} */ (e).data));
    } catch { /* a malformed event is ignored; the safety refresh catches up */ }
  });
  es.addEventListener('error', () => {
    if (es.readyState === EventSource.CLOSED) {
      // The server refused the stream (e.g. the session ended): check the session, then try again later.
      setLive('off');
      api('GET', '/v1/session', undefined, { quiet401: true }).then(
        () => setTimeout(() => { if (state.events === es) startLive(); }, 5000),
        () => showSignIn('Your session ended. Sign in again.'),
      );
    } else {
      setLive('reconnecting');
    }
  });
  state.safetyTimer = setInterval(() => scheduleRefresh(), SAFETY_REFRESH_MS);
  state.claimTimer = setInterval(tickClaim, 5000);
}

function stopLive() {
  state.events?.close();
  state.events = null;
  if (state.safetyTimer) clearInterval(state.safetyTimer);
  if (state.claimTimer) clearInterval(state.claimTimer);
  state.safetyTimer = null;
  state.claimTimer = null;
  setLive('off');
}

const PAST = /** @type {Record<string, string>} */ ({ claim: 'claimed', release: 'released', approve: 'approved', reject: 'rejected', escalate: 'escalated' });

/** @param {{ itemId: string, action: string, actor: string, to: string }} ev */
function onReviewEvent(ev) {
  if (ev.actor !== state.me?.name) {
    if (ev.action === 'create') announce(`New item ${ev.itemId} in the queue`);
    else if (ev.action === 'expire') announce(`The claim on ${ev.itemId} expired`);
    else if (PAST[ev.action]) announce(`${ev.actor} ${PAST[ev.action]} ${ev.itemId}`);
  }
  scheduleRefresh(ev.itemId === state.currentId);
}

/** Many events in a burst (a raid, a bulk decision) cost one re-read. @param {boolean} [detailToo] */
function scheduleRefresh(detailToo = false) {
  if (detailToo) state.detailStale = true;
  if (state.refreshTimer) return;
  state.refreshTimer = setTimeout(async () => {
    state.refreshTimer = null;
    const reloadDetail = state.detailStale;
    state.detailStale = false;
    await refresh();
    if (reloadDetail && state.currentId) await loadDetail(state.currentId);
  }, 150);
}

// ---------------------------------------------------------------- keyboard

/** Keys typed into a field are text, not commands; a focused checkbox or button still takes shortcuts. @param {HTMLElement} el */
function isTyping(el) {
  if (el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  return el instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(el.type);
}

/** @param {KeyboardEvent} e */
function onKey(e) {
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
    c: () => void act('claim'),
    a: () => void act('approve'),
    r: () => void act('reject'),
    e: () => void act('escalate'),
    u: () => void act('release'),
    x: () => { if (state.currentId) toggleSelect(state.currentId); },
    X: toggleSelectAll,
    A: () => bulk('approve'),
    R: () => bulk('reject'),
    E: () => bulk('escalate'),
    '?': () => openHelp(),
    '/': () => /** @type {HTMLElement} */ (byId('filter-state')).focus(),
  };
  const fn = keys[e.key];
  if (!fn) return;
  e.preventDefault();
  fn();
}

function openHelp() {
  /** @type {HTMLDialogElement} */ (byId('help-dialog')).showModal();
}

/** In the reject dialog: digits pick a reason, Enter rejects (Ctrl+Enter from the note). @param {KeyboardEvent} e */
function onRejectKey(e) {
  const inNote = /** @type {HTMLElement} */ (e.target).id === 'reject-note';
  if (!inNote && /^[1-9]$/.test(e.key)) {
    const reason = state.reasons[Number(e.key) - 1];
    if (reason) /** @type {HTMLSelectElement} */ (byId('reject-reason')).value = reason;
    e.preventDefault();
  } else if (e.key === 'Enter' && (!inNote || e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    void submitReject();
  }
}

// ---------------------------------------------------------------- slur tooltip

/** @param {Event} e */
function showTip(e) {
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
function hideTip(e) {
  if (/** @type {HTMLElement} */ (e.target).closest?.('mark.slur')) byId('slur-tip').hidden = true;
}

// ---------------------------------------------------------------- wiring

function wire() {
  byId('sign-in-form').addEventListener('submit', (e) => void signIn(/** @type {SubmitEvent} */ (e)));
  byId('sign-out').addEventListener('click', () => void signOut());
  byId('help-button').addEventListener('click', openHelp);
  byId('load-more').addEventListener('click', () => void loadMore());

  const filters = /** @type {HTMLFormElement} */ (byId('filters'));
  const applyFilters = () => {
    const value = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (byId(id)).value.trim();
    state.filters = { state: value('filter-state'), label: value('filter-label'), slur: value('filter-slur'), thread: value('filter-thread') };
    state.loaded = PAGE;
    state.selected.clear();
    void refresh();
  };
  filters.addEventListener('change', applyFilters);
  filters.addEventListener('submit', (e) => { e.preventDefault(); applyFilters(); });
  byId('filter-clear').addEventListener('click', () => {
    /** @type {HTMLSelectElement} */ (byId('filter-state')).value = 'open';
    for (const id of ['filter-label', 'filter-slur', 'filter-thread']) /** @type {HTMLInputElement} */ (byId(id)).value = '';
    applyFilters();
  });

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
    const btn = /** @type {HTMLElement} */ (e.target).closest('button[data-action]');
    if (btn instanceof HTMLElement && btn.dataset.action) void act(btn.dataset.action);
  });

  const reject = /** @type {HTMLDialogElement} */ (byId('reject-dialog'));
  byId('reject-form').addEventListener('submit', (e) => { e.preventDefault(); void submitReject(); });
  byId('reject-form').addEventListener('keydown', (e) => onRejectKey(/** @type {KeyboardEvent} */ (e)));
  byId('reject-cancel').addEventListener('click', () => reject.close());
  reject.addEventListener('close', () => {
    state.rejecting = null;
    focusCurrentRow();
  });
  byId('help-dialog').addEventListener('close', () => focusCurrentRow());

  document.addEventListener('keydown', onKey);
  document.addEventListener('mouseover', showTip);
  document.addEventListener('focusin', showTip);
  document.addEventListener('mouseout', hideTip);
  document.addEventListener('focusout', hideTip);

  whenSignedOut(() => showSignIn('Your session ended. Sign in again.'));
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
