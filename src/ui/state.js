// @ts-check
/** The workspace's state: one object every module reads and writes; the server is the authority on every transition. */

export const PAGE = 50;
export const MAX_PAGE = 200;
/** A lost event (e.g. while reconnecting) is caught by this slow re-read. */
export const SAFETY_REFRESH_MS = 30_000;
/** How long the last decision can be undone with `u` (when the server offers `reopen`). */
export const UNDO_MS = 10_000;
/** Where the queue's density is remembered, per browser. */
export const DENSITY_KEY = 'sieve.workspace.density';

/** @returns {'compact' | 'comfortable'} */
function savedDensity() {
  try {
    return localStorage.getItem(DENSITY_KEY) === 'comfortable' ? 'comfortable' : 'compact';
  } catch {
    return 'compact';
  }
}

export const state = {
  /** @type {{ name: string, role: string } | null} */ me: null,
  /**
   * The queue's filters; `author` (an author id, exactly) is set from the item's author panel; `who` is the author
   * search typed in the filters (the start of an id or of a word of a display name); `q` searches the
   * text (the server folds disguises); `from` / `to` are UTC days (YYYY-MM-DD) the comment was written.
   */
  filters: { state: 'open', label: '', slur: '', thread: '', author: '', who: '', q: '', section: '', from: '', to: '' },
  /** The queue's rows: items, and raid groups shown once (people.js collapseGroups: kind 'group'). @type {any[]} */ items: [],
  /** Raid groups with pending items, by id (GET /v1/review/groups). @type {Map<string, any>} */ groups: new Map(),
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
  /** Bumped by every refresh of the list: an answer to an older one (or a page loaded before it) is dropped, not rendered over a newer. */
  listSeq: 0,
  /** @type {EventSource | null} */ events: null,
  /** @type {ReturnType<typeof setTimeout> | null} */ refreshTimer: null,
  /** @type {ReturnType<typeof setInterval> | null} */ safetyTimer: null,
  /** @type {ReturnType<typeof setInterval> | null} */ claimTimer: null,
  /** What the open reject form is for: the current item, the bulk selection, or a raid group. @type {{ ids: string[], bulk: boolean, group?: any } | null} */ rejecting: null,
  /** The open item changed on the server; re-read it with the next refresh. */
  detailStale: false,
  /** Compact rows (two lines, a dozen or more on a laptop screen) or comfortable ones (the text and its tags). */
  density: savedDensity(),
  /** Decisions sent but not yet answered: their rows stay out of the queue, so moving on is instant. @type {Set<string>} */
  deciding: new Set(),
  /**
   * The last decision, while it can be undone: `undo` is true when the server offered `reopen` on the decided item
   * (the reopen route of issue #11); without it `u` says undo is not available on this server.
   * @type {{ id: string, action: string, until: number, undo: boolean } | null}
   */
  lastDecision: null,
  /** @type {ReturnType<typeof setTimeout> | null} */ undoTimer: null,
};
