// @ts-check
/** Live updates: the review events stream (server-sent events), announcements, and one re-read per burst. */
import { api } from './api.js';
import { byId } from './dom.js';
import { announce } from './messages.js';
import { loadDetail, refresh, tickClaim } from './panels.js';
import { SAFETY_REFRESH_MS, state } from './state.js';

/** @param {'on' | 'reconnecting' | 'off'} mode */
function setLive(mode) {
  const el = byId('live-status');
  el.dataset.live = mode;
  el.textContent = mode === 'on' ? 'Live' : mode === 'reconnecting' ? 'Reconnecting…' : 'Live updates off';
}

/** @param {() => void} onSessionEnded called when the server refused the stream and the session is gone */
export function startLive(onSessionEnded) {
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
        () => setTimeout(() => { if (state.events === es) startLive(onSessionEnded); }, 5000),
        onSessionEnded,
      );
    } else {
      setLive('reconnecting');
    }
  });
  state.safetyTimer = setInterval(() => scheduleRefresh(), SAFETY_REFRESH_MS);
  state.claimTimer = setInterval(tickClaim, 5000);
}

export function stopLive() {
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
