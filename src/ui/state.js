// @ts-check
/** The workspace's state: one object every module reads and writes; the server is the authority on every transition. */

export const PAGE = 50;
export const MAX_PAGE = 200;
/** A lost event (e.g. while reconnecting) is caught by this slow re-read. */
export const SAFETY_REFRESH_MS = 30_000;

export const state = {
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
