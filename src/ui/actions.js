// @ts-check
/**
 * The moderator's actions on the open item and on the selection. The server decides every transition: a refusal
 * is shown as the API's own message and the page re-reads the truth.
 *
 * A decision the server offered (`item.actions`) moves on at once: the row leaves the queue and the next item
 * opens while the request is on its way; if the server refuses after all, the refusal is shown and the item
 * comes back with the next read. A decision it did not offer is simply asked for, and its refusal shown in place.
 */
import { api, seg } from './api.js';
import { byId } from './dom.js';
import { BUTTONS, GATED_BUTTONS } from './item.js';
import { announce, done, showError, toast } from './messages.js';
import { currentGroup, currentItem, loadDetail, openItem, refresh, renderDetail, renderQueue } from './panels.js';
import { AUTHOR_BUTTONS, groupRowId, groupSize, isGroupRow } from './people.js';
import { state, UNDO_MS } from './state.js';
import { words } from './vocabulary.js';

/**
 * Routes the page calls for actions that arrive with issue #11 (reopen/overturn, admin take-over). The page offers
 * them only when the server lists them in an item's `actions`, so a server without the routes never gets asked;
 * wiring them is: the server offers the action, and the route here matches the one it serves.
 */
export const ROUTES = {
  /** @param {string} id */ reopen: (id) => `/v1/review/items/${seg(id)}/reopen`,
  /** @param {string} id */ takeover: (id) => `/v1/review/items/${seg(id)}/takeover`,
};

const pastTense = (/** @type {string} */ action) => [...BUTTONS, ...GATED_BUTTONS].find(([a]) => a === action)?.[3] ?? action;

/** @param {any} item */
async function ensureClaim(item) {
  const me = /** @type {{ name: string }} */ (state.me);
  if (item.claim && item.claim.by === me.name && new Date(item.claim.until).getTime() > Date.now()) return;
  await api('POST', `/v1/review/items/${seg(item.id)}/claim`);
}

/** @param {string} action */
export async function act(action) {
  const group = currentGroup();
  if (group) {
    actOnGroup(group, action);
    return;
  }
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
      case 'reject':
        // No reason to type a note the server will refuse: it did not offer a rejection, and a colleague holds it.
        if (!(item.actions ?? []).includes('reject') && item.claim && item.claim.by !== state.me?.name) {
          toast(`${id} is claimed by ${item.claim.by} until ${new Date(item.claim.until).toLocaleTimeString()}: only they can decide it now.`);
          return;
        }
        openRejectDialog([id], false);
        return;
      case 'takeover':
        openTakeover(item);
        return;
      case 'reopen':
        await reopen(id);
        break;
      default:
        // A decision (approve, escalate, ...): claims it first if nobody holds it.
        await decide(item, { action });
        return;
    }
  } catch (err) {
    showError(err);
  }
  await Promise.all([refresh(), loadDetail(id)]);
}

/**
 * One decision on one item. When the server offered it, the next item opens before the answer arrives.
 * @param {any} item @param {{ action: string, reason?: string, note?: string }} decision
 */
async function decide(item, decision) {
  const id = item.id;
  const offered = (item.actions ?? []).includes(decision.action);
  if (offered) moveOn(id);
  try {
    await ensureClaim(item);
    const out = await api('POST', `/v1/review/items/${seg(id)}/decision`, decision);
    const undoable = offerUndo(out.item, decision.action);
    done(`${pastTense(decision.action)} ${id}${decision.reason ? ` (${words(decision.reason)})` : ''}${undoable ? '; u undoes it' : ''}`);
    if (!offered) await afterDecision(id);
  } catch (err) {
    showError(err);
    if (!offered) await loadDetail(id);
  } finally {
    state.deciding.delete(id);
    await refresh();
  }
}

/** The decided row leaves the list and the next one opens now, from what the page already has. @param {string} id */
function moveOn(id) {
  const before = state.items.findIndex((i) => i.id === id);
  state.deciding.add(id);
  state.items = state.items.filter((i) => i.id !== id);
  state.selected.delete(id);
  renderQueue();
  const next = state.items[Math.min(Math.max(before, 0), state.items.length - 1)];
  if (next) {
    void openItem(next.id, { focusRow: true });
  } else {
    state.currentId = null;
    state.detail = null;
    renderDetail();
    announce('The queue is empty.');
  }
}

/** After a decision that was not offered but went through: the next item opens, so the keyboard flow continues. @param {string} id */
async function afterDecision(id) {
  const before = state.items.findIndex((i) => i.id === id);
  await refresh();
  const next = state.items[Math.min(Math.max(before, 0), state.items.length - 1)];
  if (next && next.id !== id) await openItem(next.id, { focusRow: true });
  else if (!isGroupRow(id) || state.items.some((i) => i.id === id)) await loadDetail(id);
  else {
    // A decided raid group has no page of its own any more.
    state.currentId = null;
    state.detail = null;
    renderDetail();
    announce('The queue is empty.');
  }
}

// ---------------------------------------------------------------- undo (u)

/**
 * Remembers the decision for UNDO_MS and shows the undo bar (its words are announced by the caller). Undo is
 * offered when the server offers `reopen` on the decided item (issue #11's reopen route).
 * @param {any} decided the item as the decision answered it @param {string} action
 * @returns {boolean} whether it can be undone
 */
function offerUndo(decided, action) {
  if (!decided) return false;
  const undo = (decided.actions ?? []).includes('reopen');
  state.lastDecision = { id: decided.id, action, until: Date.now() + UNDO_MS, undo };
  const bar = byId('undo-bar');
  byId('undo-text').textContent = `${pastTense(action)} ${decided.id}.`;
  /** @type {HTMLButtonElement} */ (byId('undo-button')).hidden = !undo;
  bar.hidden = false;
  if (state.undoTimer) clearTimeout(state.undoTimer);
  state.undoTimer = setTimeout(clearUndo, UNDO_MS);
  return undo;
}

export function clearUndo() {
  state.lastDecision = null;
  byId('undo-bar').hidden = true;
  if (state.undoTimer) clearTimeout(state.undoTimer);
  state.undoTimer = null;
}

/** `u`: undoes the last decision while it may be undone (reopen), and says why not otherwise. */
export async function undo() {
  const last = state.lastDecision;
  if (!last || last.until < Date.now()) {
    toast('Nothing to undo: u undoes your last decision for a few seconds after it.', 'info');
    return;
  }
  if (!last.undo) {
    toast('This server cannot undo a decision (it offers no reopen); ask an admin to reopen the item.', 'info');
    return;
  }
  clearUndo();
  try {
    await reopen(last.id);
    await refresh();
    await openItem(last.id, { focusRow: true });
  } catch (err) {
    showError(err);
    await refresh();
  }
}

/** @param {string} id */
async function reopen(id) {
  await api('POST', ROUTES.reopen(id), { reason: 'undone by the moderator (u, within seconds of the decision)' });
  done(`Reopened ${id}: it is back in the queue`);
}

// ---------------------------------------------------------------- take-over (admins)

/** @param {any} item */
function openTakeover(item) {
  if (!(item.actions ?? []).includes('takeover')) {
    toast(item.claim ? `Only an admin can take over ${item.claim.by}'s claim, and this server does not offer it on ${item.id}.` : `${item.id} is not claimed: claim it with c.`, 'info');
    return;
  }
  byId('takeover-text').textContent = `${item.claim?.by ?? 'A colleague'} holds ${item.id}${item.claim ? ` until ${new Date(item.claim.until).toLocaleTimeString()}` : ''}. Taking it over ends their claim and gives it to you; the audit records it.`;
  const dialog = /** @type {HTMLDialogElement} */ (byId('takeover-dialog'));
  dialog.dataset.id = item.id;
  dialog.showModal();
  byId('takeover-cancel').focus();
}

export async function confirmTakeover() {
  const dialog = /** @type {HTMLDialogElement} */ (byId('takeover-dialog'));
  const id = dialog.dataset.id;
  dialog.close();
  if (!id) return;
  try {
    await api('POST', ROUTES.takeover(id), {});
    done(`You hold ${id} now`);
  } catch (err) {
    showError(err);
  }
  await Promise.all([refresh(), loadDetail(id)]);
}

// ---------------------------------------------------------------- reject

/** @param {string[]} ids @param {boolean} bulk @param {any} [group] a raid group: rejected at once */
export function openRejectDialog(ids, bulk, group) {
  if (state.reasons.length === 0) {
    toast('No reason codes are configured (REVIEW_REASON_CODES).');
    return;
  }
  state.rejecting = { ids, bulk, group };
  byId('reject-title').textContent = group ? `Reject the ${groupSize(group)} of raid group ${group.id}`
    : ids.length === 1 ? `Reject comment ${ids[0]}` : `Reject ${ids.length} selected comments`;
  /** @type {HTMLTextAreaElement} */ (byId('reject-note')).value = '';
  // No reason is chosen in advance: the moderator picks one every time.
  for (const radio of reasonRadios()) radio.checked = false;
  setRejectError('');
  const dialog = /** @type {HTMLDialogElement} */ (byId('reject-dialog'));
  dialog.showModal();
  byId('reject-reasons').focus();
}

/** @returns {HTMLInputElement[]} */
const reasonRadios = () => Array.from(byId('reject-reasons').querySelectorAll('input[name="reason"]'));

/** The chosen reason, or '' when none is. */
export const chosenReason = () => reasonRadios().find((r) => r.checked)?.value ?? '';

/** @param {number} n 1-based, as the moderator pressed it */
export function chooseReason(n) {
  const radio = reasonRadios()[n - 1];
  if (!radio) {
    setRejectError(`There is no reason ${n}: press 1–${Math.min(9, state.reasons.length)}.`);
    return;
  }
  radio.checked = true;
  setRejectError('');
  announce(`Reason: ${words(radio.value)}`);
}

/** Shown in the form and read at once (role=alert, always in the page so the change is heard); '' clears it. @param {string} text */
function setRejectError(text) {
  const el = byId('reject-error');
  el.textContent = text;
}

export async function submitReject() {
  const pending = state.rejecting;
  if (!pending) return;
  const reason = chosenReason();
  if (!reason) {
    // Enter without a reason does nothing but say so: a slur must never be filed as spam by default.
    setRejectError(`Choose a reason first: press 1–${Math.min(9, state.reasons.length)}.`);
    byId('reject-reasons').focus();
    return;
  }
  const note = /** @type {HTMLTextAreaElement} */ (byId('reject-note')).value.trim();
  state.rejecting = null;
  /** @type {HTMLDialogElement} */ (byId('reject-dialog')).close();
  const decision = { action: 'reject', reason, ...(note ? { note } : {}) };
  if (pending.group) {
    await decideGroup(pending.group, decision);
    return;
  }
  if (!pending.bulk) {
    const item = currentItem();
    if (item && item.id === pending.ids[0]) {
      await decide(item, decision);
      return;
    }
    // The open item changed meanwhile: decide the one the form was opened for, as a bulk of one.
  }
  await bulkDecide(pending.ids, decision);
}

// ---------------------------------------------------------------- bulk

/** @param {'approve' | 'reject' | 'escalate'} action */
export function bulk(action) {
  // A selected raid group stands for its members in the queue.
  const ids = [...state.selected].flatMap((id) => state.items.find((i) => i.id === id)?.members?.map((/** @type {any} */ m) => m.id) ?? [id]);
  if (ids.length === 0) {
    toast('Select items first (x, or Shift+X for all shown).', 'info');
    return;
  }
  if (action === 'reject') openRejectDialog(ids, true);
  else void bulkDecide(ids, { action });
}

/** @param {string[]} ids @param {{ action: string, reason?: string, note?: string }} decision */
export async function bulkDecide(ids, decision) {
  try {
    const out = await api('POST', '/v1/review/decisions', { ids, ...decision });
    for (const r of out.results) if (r.ok) state.selected.delete(r.id);
    for (const row of state.items) if (row.members?.every((/** @type {any} */ m) => !state.selected.has(m.id))) state.selected.delete(row.id);
    const failed = out.results.filter((/** @type {any} */ r) => !r.ok);
    const verb = pastTense(decision.action);
    done(`${verb} ${out.summary.ok} of ${ids.length}`);
    if (failed.length) toast(`${verb} ${out.summary.ok}; ${failed.length} refused: ${failed.map((/** @type {any} */ r) => r.error.message).join('; ')}`);
  } catch (err) {
    showError(err);
  }
  await refresh();
  if (state.currentId) await loadDetail(state.currentId);
}

// ---------------------------------------------------------------- raid groups

/** The item keys on an open raid group: a / e decide all its pending members, r asks for the reason first. @param {any} group @param {string} action */
function actOnGroup(group, action) {
  if (action === 'approve' || action === 'escalate') void decideGroup(group, { action });
  else if (action === 'reject') openRejectDialog([], true, group);
  else toast(`A raid group is decided at once (a, r, e); to ${action} one of its comments, open it from the list.`, 'info');
}

/** One decision for the group's pending members (POST /v1/review/groups/:id/decision), then the next row opens. @param {any} group @param {{ action: string, reason?: string, note?: string }} decision */
async function decideGroup(group, decision) {
  const rowId = groupRowId(group.id);
  try {
    const out = await api('POST', `/v1/review/groups/${seg(group.id)}/decision`, decision);
    const failed = out.results.filter((/** @type {any} */ r) => !r.ok);
    done(`${pastTense(decision.action)} ${out.summary.ok} similar comments of raid group ${group.id}${decision.reason ? ` (${words(decision.reason)})` : ''}`);
    if (failed.length) toast(`${failed.length} left alone: ${failed.map((/** @type {any} */ r) => `${r.id}: ${r.error.message}`).join('; ')}`);
    state.selected.delete(rowId);
    await afterDecision(rowId);
  } catch (err) {
    showError(err);
    await Promise.all([refresh(), loadDetail(rowId)]);
  }
}

// ---------------------------------------------------------------- authors and appeals

/**
 * An action on the author (the author panel's buttons): a form asks for what the API needs — a date to suspend
 * until, the note's text — and a note with any of them; for a ban it says what a ban does and confirms.
 * @param {{ authorAction?: string, authorId?: string, authorName?: string }} data the button's dataset
 */
export function openAuthorDialog(data) {
  const { authorAction: action, authorId: id, authorName: name } = data;
  if (!action || !id) return;
  const what = AUTHOR_BUTTONS.find(([a]) => a === action)?.[2] ?? '';
  const dialog = /** @type {HTMLDialogElement} */ (byId('author-dialog'));
  dialog.dataset.action = action;
  dialog.dataset.authorId = id;
  dialog.dataset.authorName = name ?? id;
  byId('author-title').textContent = action === 'note' ? `A note on ${name ?? id}` : `${AUTHOR_VERBS[action] ?? action} ${name ?? id}?`;
  byId('author-text').textContent = `${what[0]?.toUpperCase() ?? ''}${what.slice(1)}. It applies from their next comment and is recorded in the author's log.`;
  const until = /** @type {HTMLInputElement} */ (byId('author-until'));
  byId('author-until-field').hidden = action !== 'suspend';
  until.required = action === 'suspend';
  // A week from now, as the moderator's local time (datetime-local has no zone).
  const week = new Date(Date.now() + 7 * 86_400_000);
  until.value = new Date(week.getTime() - week.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  const note = /** @type {HTMLTextAreaElement} */ (byId('author-note'));
  note.value = '';
  note.required = action === 'note';
  byId('author-note-hint').textContent = action === 'note' ? '(required)' : '(why; optional, kept in the log)';
  byId('author-error').textContent = '';
  const confirm = byId('author-confirm');
  confirm.textContent = action === 'note' ? 'Add the note' : AUTHOR_VERBS[action] ?? action;
  confirm.className = action === 'ban' || action === 'suspend' ? 'danger' : 'primary';
  dialog.showModal();
  (action === 'suspend' ? until : note).focus();
}

/** The form's verb, and what is announced when it is done. @type {Record<string, string>} */
const AUTHOR_VERBS = { premoderate: 'Pre-moderate', suspend: 'Suspend', ban: 'Ban', lift: 'Lift the rule on', note: 'Note' };
/** @type {Record<string, string>} */
const AUTHOR_DONE = { premoderate: 'Pre-moderated', suspend: 'Suspended', ban: 'Banned', lift: 'Lifted the rule on', note: 'Added a note on' };

export async function submitAuthorAction() {
  const dialog = /** @type {HTMLDialogElement} */ (byId('author-dialog'));
  const { action, authorId, authorName } = dialog.dataset;
  if (!action || !authorId) return;
  const note = /** @type {HTMLTextAreaElement} */ (byId('author-note')).value.trim();
  const untilValue = /** @type {HTMLInputElement} */ (byId('author-until')).value;
  if (action === 'note' && !note) {
    byId('author-error').textContent = 'Write the note first.';
    byId('author-note').focus();
    return;
  }
  const until = action === 'suspend' ? new Date(untilValue) : null;
  if (until && (!untilValue || Number.isNaN(until.getTime()) || until.getTime() <= Date.now())) {
    byId('author-error').textContent = 'Choose a date and time in the future.';
    byId('author-until').focus();
    return;
  }
  try {
    await api('POST', `/v1/review/authors/${seg(authorId)}/actions`, { action, ...(until ? { until: until.toISOString() } : {}), ...(note ? { note } : {}) });
  } catch (err) {
    // Refused (e.g. nothing to lift): said in the form, which stays open.
    byId('author-error').textContent = err instanceof Error ? err.message : String(err);
    return;
  }
  dialog.close();
  done(`${AUTHOR_DONE[action] ?? action} ${authorName ?? authorId}`);
  if (state.currentId) await loadDetail(state.currentId);
}

/** Uphold or overturn the open item's appeal, with the optional message to the author. @param {string} appealId @param {string} outcome */
export async function decideAppeal(appealId, outcome) {
  const message = /** @type {HTMLTextAreaElement | null} */ (document.getElementById('appeal-message'))?.value.trim() ?? '';
  try {
    await api('POST', `/v1/review/appeals/${seg(appealId)}/decision`, { outcome, ...(message ? { message } : {}) });
    done(outcome === 'overturn' ? `Appeal on ${appealId} overturned: the comment is published` : `Appeal on ${appealId} upheld: the comment stays removed`);
  } catch (err) {
    showError(err);
  }
  await refresh();
  if (state.currentId) await loadDetail(state.currentId);
}
