// @ts-check
/**
 * The moderator's actions on the open item and on the selection. The server decides every transition: a refusal
 * is shown as the API's own message and the page re-reads the truth.
 */
import { api, seg } from './api.js';
import { byId } from './dom.js';
import { BUTTONS } from './item.js';
import { done, showError, toast } from './messages.js';
import { currentItem, loadDetail, openItem, refresh } from './panels.js';
import { state } from './state.js';

/** @param {any} item */
async function ensureClaim(item) {
  const me = /** @type {{ name: string }} */ (state.me);
  if (item.claim && item.claim.by === me.name && new Date(item.claim.until).getTime() > Date.now()) return;
  await api('POST', `/v1/review/items/${seg(item.id)}/claim`);
}

/** @param {string} action */
export async function act(action) {
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
      default:
        // A decision (approve, escalate, ...): claim it first if nobody holds it.
        await ensureClaim(item);
        await api('POST', `/v1/review/items/${seg(id)}/decision`, { action });
        done(`${BUTTONS.find(([a]) => a === action)?.[3] ?? action} ${id}`);
        await afterDecision(id);
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
export function openRejectDialog(ids, bulk) {
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

export async function submitReject() {
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
export function bulk(action) {
  const ids = [...state.selected];
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
    const failed = out.results.filter((/** @type {any} */ r) => !r.ok);
    const verb = BUTTONS.find(([a]) => a === decision.action)?.[3] ?? decision.action;
    done(`${verb} ${out.summary.ok} of ${ids.length}`);
    if (failed.length) toast(`${verb} ${out.summary.ok}; ${failed.length} refused: ${failed.map((/** @type {any} */ r) => r.error.message).join('; ')}`);
  } catch (err) {
    showError(err);
  }
  await refresh();
  if (state.currentId) await loadDetail(state.currentId);
}
