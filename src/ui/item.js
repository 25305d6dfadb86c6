// @ts-check
/**
 * The item panel: the comment with its slur spans, why it was flagged (scores against thresholds, reasons), the
 * conversation around it, its author's record, who holds it, and its audit trail. Rendering only: the buttons the
 * server offers (`item.actions`, the actions this user may take now) are enabled, the rest shown disabled; they
 * are wired by app.js through the buttons' data-action.
 */
import { h, time } from './dom.js';
import { CONTEXT_TEXT, renderHighlighted } from './highlight.js';
import { plural, renderAppeal, renderAuthorRecord, renderReports } from './people.js';
import { rowStatus, sectionOf } from './queue.js';
import { categoryName, disguiseName, labelMeaning, labelName } from './vocabulary.js';

/**
 * `loading`: shown at once from the queue's own copy of the item while the rest (thread, author, history) is read.
 * `record`: the author record (rule, notes, actions offered); `reports`: the readers' reports; `appeal`: the
 * author's appeal of the removal, if any.
 * @typedef {{ item: any, comment: any | null, thread: any | null, author: any | null, history: any | null, me: { name: string, role: string }, policy: any | null, loading?: boolean, record?: any, reports?: any, appeal?: any }} Detail
 */

/**
 * Who holds the item. Your own claim warns in its last minute: a lease that runs out returns the item to the queue.
 * The wording changes only between stages (not every second), since the line is read aloud when it changes.
 * @param {any} item @param {{ name: string, role: string }} me @param {number} [now]
 */
export function claimText(item, me, now = Date.now()) {
  if (item.claim) {
    const untilMs = new Date(item.claim.until).getTime();
    const until = new Date(untilMs).toLocaleTimeString();
    if (item.claim.by !== me.name) return `Claimed by ${item.claim.by} until ${until}`;
    if (untilMs <= now) return 'Your claim has run out: press c to claim it again';
    if (untilMs - now < 60_000) return `Claimed by you until ${until}: less than a minute left (c renews)`;
    return `Claimed by you until ${until}`;
  }
  if (item.decision) return `${item.decision.action === 'approve' ? 'Approved' : 'Rejected'} by ${item.decision.by}`;
  if (item.state === 'escalated') return `Escalated${item.escalation ? ` by ${item.escalation.by}` : ''}: for admins`;
  return 'Not claimed';
}

/**
 * The action buttons: [action (as the API names it), label, key (KeyboardEvent.key), past tense, key as people
 * write it]. The keyboard takes its action keys from here; any action other than claim, release and reject is a
 * decision (POST .../decision, claiming first). `u` is not here: it undoes the last decision (actions.js undo).
 * @type {[string, string, string, string, string][]}
 */
export const BUTTONS = [
  ['claim', 'Claim', 'c', 'Claimed', 'c'], ['approve', 'Approve', 'a', 'Approved', 'a'], ['reject', 'Reject…', 'r', 'Rejected', 'r'],
  ['escalate', 'Escalate', 'e', 'Escalated', 'e'], ['release', 'Release', 'C', 'Released', 'Shift+C'],
];

/**
 * Actions shown only when the server offers them on this item (`item.actions`), since their routes arrive with
 * issue #11: `reopen` (a decided item back to the queue; also what `u` uses to undo) and `takeover` (an admin
 * takes a colleague's claim, after a confirmation). Their routes are actions.js ROUTES. Same shape as BUTTONS.
 * @type {[string, string, string, string, string][]}
 */
export const GATED_BUTTONS = [['reopen', 'Reopen', '', 'Reopened', ''], ['takeover', 'Take over…', 'T', 'Took over', 'Shift+T']];

/** @param {Detail} d @returns {HTMLElement} */
export function renderItem(d) {
  const { item, me } = d;
  const comment = d.comment ?? item.comment;
  /** @type {string[]} */
  const offered = item.actions ?? [];
  const mine = item.claim && item.claim.by === me.name;
  const status = rowStatus(item);
  const section = sectionOf(item);
  const button = (/** @type {[string, string, string, string, string]} */ [action, label, key, , shortcut]) => h('button', {
    type: 'button', 'data-action': action, disabled: !offered.includes(action), 'aria-keyshortcuts': shortcut || undefined,
    class: action === 'reject' ? 'danger' : action === 'approve' ? 'primary' : undefined,
  }, action === 'claim' && mine ? 'Renew claim' : label, key ? ' ' : null, key ? h('kbd', { text: shortcut }) : null);
  const loading = (/** @type {string} */ what) => h('p', { class: 'empty loading', text: `Reading ${what}…` });
  return h('article', { class: 'item-card', 'data-id': item.id, 'data-state': item.state, 'aria-busy': d.loading ? 'true' : undefined },
    h('header', { class: 'item-head' },
      h('h3', { id: 'item-heading' }, 'Comment ', h('code', { text: item.id })),
      h('span', { class: `badge status status-${status.key}`, title: status.title, text: status.text }),
      h('span', { class: `badge state-${item.state}`, title: 'review state', text: item.state }),
      h('span', { class: 'badge', title: 'priority 0–100', text: `priority ${item.priority}` }),
      h('span', { class: `badge verdict-${item.verdict}`, text: `verdict: ${item.verdict}` }),
      section ? h('span', { class: 'badge', title: 'section', text: `section: ${section}` }) : null,
      item.unscored ? h('span', { class: 'badge warn', text: 'unscored' }) : null,
    ),
    h('p', { class: `claim${item.claim ? (mine ? ' mine' : ' other') : ''}`, id: 'claim-status', 'aria-live': 'polite', text: claimText(item, me) }),
    h('div', { class: 'actions', role: 'group', 'aria-label': 'Actions' },
      BUTTONS.map(button),
      // Shown only when the server offers them: nothing to press on a server without these routes.
      GATED_BUTTONS.filter(([action]) => offered.includes(action)).map(button)),
    renderComment(comment, item.id),
    d.appeal ? h('section', { 'aria-labelledby': 'appeal-h', class: 'appeal-panel' }, h('h4', { id: 'appeal-h', text: 'The author appeals' }), renderAppeal(d.appeal, me)) : null,
    h('div', { class: 'item-grid' },
      item.reports > 0 ? h('section', { 'aria-labelledby': 'reports-h', class: 'reports-panel' }, h('h4', { id: 'reports-h', text: `Reader reports (${item.reports})` }),
        d.loading ? loading('the reports') : renderReports(d.reports, item.reports)) : null,
      h('section', { 'aria-labelledby': 'scores-h' }, h('h4', { id: 'scores-h', text: 'Scores' }), renderScores(comment, d.policy)),
      h('section', { 'aria-labelledby': 'reasons-h' }, h('h4', { id: 'reasons-h', text: 'Why it is here' }), renderReasons(comment)),
      h('section', { 'aria-labelledby': 'matches-h' }, h('h4', { id: 'matches-h', text: 'Lexicon matches (slurs, insults, profanity)' }), renderMatches(comment)),
      h('section', { 'aria-labelledby': 'thread-h' }, h('h4', { id: 'thread-h' }, 'Thread ', h('code', { text: item.threadId })), d.loading ? loading('the thread') : renderThread(d.thread, item.id, comment)),
      h('section', { 'aria-labelledby': 'author-h', class: 'author-panel', 'data-author': item.authorId }, h('h4', { id: 'author-h', text: 'Author' }), d.loading ? loading('the author\'s record') : renderAuthor(d.author, comment, item, d.record)),
      h('section', { 'aria-labelledby': 'history-h', class: 'history' }, h('h4', { id: 'history-h', text: 'History (audit trail)' }), d.loading ? loading('the history') : renderHistory(d.history)),
    ),
  );
}

/** @param {any} comment @param {string} id */
function renderComment(comment, id) {
  if (!comment) return h('p', { class: 'empty', text: 'The comment is no longer stored.' });
  if (comment.text === null) return h('p', { class: 'empty', text: 'The text was removed under the retention policy; the decision and history remain.' });
  const { text, descriptions } = renderHighlighted(comment.text, comment.slurs ?? [], `span-${id.replace(/[^\w-]/g, '_')}`);
  return h('figure', { class: 'comment' },
    h('blockquote', { class: 'comment-text', id: 'comment-text' }, text),
    descriptions,
    h('figcaption', {}, comment.author?.name ?? comment.author?.id ?? 'unknown author', ' · ', time(comment.createdAt)),
  );
}

/** @param {any} comment @param {any} policy */
function renderScores(comment, policy) {
  const labels = comment?.labels ?? {};
  const names = Object.keys(policy?.labels ?? labels).filter((l) => labels[l] !== undefined);
  if (names.length === 0) return h('p', { class: 'empty', text: 'No label scores.' });
  return h('ul', { class: 'scores' }, names.map((label) => {
    const p = Number(labels[label]);
    const t = policy?.labels?.[label] ?? null;
    const level = t && t.reject !== null && p >= t.reject ? 'over-reject' : t && p >= t.review ? 'over-review' : 'under';
    const bar = h('div', { class: 'bar', 'aria-hidden': 'true' }, h('div', { class: `fill ${level}` }));
    /** @type {HTMLElement} */ (bar.firstChild).style.width = `${Math.round(p * 100)}%`;
    if (t) {
      const review = h('div', { class: 'threshold review', title: `review at ${t.review}` });
      review.style.left = `${t.review * 100}%`;
      bar.appendChild(review);
      if (t.reject !== null) {
        const reject = h('div', { class: 'threshold reject', title: `reject at ${t.reject}` });
        reject.style.left = `${t.reject * 100}%`;
        bar.appendChild(reject);
      }
    }
    return h('li', { class: `score ${level}`, 'data-label': label },
      h('span', { class: 'score-name', title: labelMeaning(label) || undefined, text: labelName(label) }),
      h('span', { class: 'score-value', text: p.toFixed(2) }),
      bar,
      h('span', { class: 'score-thresholds', text: t ? `review ≥ ${t.review}${t.reject !== null ? ` · reject ≥ ${t.reject}` : ''}` : 'no threshold' }),
    );
  }));
}

/** @param {any} comment */
function renderReasons(comment) {
  const reasons = comment?.reasons ?? [];
  if (reasons.length === 0) return h('p', { class: 'empty', text: 'No reasons recorded.' });
  return h('ul', { class: 'reasons' }, reasons.map((/** @type {any} */ r) => h('li', {}, h('code', { text: r.code }), ' ', r.message)));
}

/** @param {any} comment */
function renderMatches(comment) {
  const slurs = comment?.slurs ?? [];
  if (slurs.length === 0) return h('p', { class: 'empty', text: 'No lexicon matches.' });
  return h('table', { class: 'matches' },
    h('thead', {}, h('tr', {}, [['term'], ['category'], ['sev.', 'severity, 1–4'], ['written'], ['disguise undone'], ['used as']].map(([c, title]) => h('th', { scope: 'col', title, text: c })))),
    h('tbody', {}, slurs.map((/** @type {any} */ s) => h('tr', {},
      h('td', { text: s.term }), h('td', { text: categoryName(s.category) }), h('td', { text: String(s.severity) }),
      h('td', {}, h('q', { text: s.text ?? '' })),
      h('td', { text: (s.transformations ?? []).map(disguiseName).join(', ') || '—' }),
      h('td', { text: s.context ? (CONTEXT_TEXT[s.context] ?? s.context) : 'plain use' }),
    ))),
  );
}

/**
 * The parent and up to two comments either side in thread order, with the item's own comment marked.
 * @param {any} thread @param {string} id @param {any} comment
 */
function renderThread(thread, id, comment) {
  const all = thread?.comments ?? [];
  if (all.length === 0) return h('p', { class: 'empty', text: 'No thread context.' });
  const i = all.findIndex((/** @type {any} */ c) => c.id === id);
  const parentId = comment?.parentId ?? null;
  const parent = parentId ? all.find((/** @type {any} */ c) => c.id === parentId) : null;
  const around = i < 0 ? all.slice(0, 5) : all.slice(Math.max(0, i - 2), i + 3);
  const row = (/** @type {any} */ c, /** @type {string} */ role) => h('li', { class: `ctx ${role}`, 'data-id': c.id },
    h('p', { class: 'ctx-meta' },
      role === 'parent' ? 'replying to · ' : role === 'self' ? 'this comment · ' : '',
      h('strong', { text: c.author?.name ?? c.author?.id ?? 'unknown' }), ' · ', time(c.createdAt),
      c.verdict ? h('span', { class: `badge verdict-${c.verdict}`, text: c.verdict }) : null),
    h('p', { class: 'ctx-text', text: c.text ?? '(text removed)' }));
  // The parent is shown once: in place when it is a neighbour, else above them.
  const parentNearby = parent && around.some((/** @type {any} */ c) => c.id === parent.id);
  return h('div', {},
    parent && !parentNearby ? h('ol', { class: 'context', 'aria-label': 'Parent comment' }, row(parent, 'parent')) : null,
    h('ol', { class: 'context', 'aria-label': `Neighbouring comments (${all.length} in the thread)` },
      around.map((/** @type {any} */ c) => row(c, c.id === id ? 'self' : parent && c.id === parent.id ? 'parent' : 'near'))),
  );
}

/**
 * The author: name and id, a button that narrows the queue to their items, the author record (the rule in force,
 * the actions the server offers on the author — pre-moderate, suspend, ban, lift, note —, notes and the log of
 * actions: people.js), then totals and recent comments.
 * @param {any} author @param {any} comment @param {any} item @param {any} [record]
 */
function renderAuthor(author, comment, item, record) {
  const who = comment?.author ?? { id: item.authorId };
  const head = h('div', {}, h('p', {}, h('strong', { text: who.name ?? who.id }), ' ', h('code', { text: who.id }), ' ',
    h('button', { type: 'button', class: 'small', 'data-filter-author': who.id, 'data-author-name': who.name ?? who.id }, 'Only their items in the queue')),
  renderAuthorRecord(record, who.name ?? who.id));
  if (!author) return h('div', {}, head, h('p', { class: 'empty', text: 'No history available.' }));
  const s = author.summary ?? {};
  const summary = h('p', { class: 'author-summary', text: `${plural(s.comments ?? 0, 'comment')} · ${s.reviewItems ?? 0} held for review · ${s.rejected ?? 0} rejected · ${s.approved ?? 0} approved` });
  const others = (author.comments ?? []).filter((/** @type {any} */ c) => c.id !== item.id).slice(0, 5);
  return h('div', {}, head, summary,
    others.length ? h('ul', { class: 'author-comments', 'aria-label': 'Recent comments by this author' }, others.map((/** @type {any} */ c) => h('li', {},
      h('span', { class: `badge verdict-${c.verdict ?? 'none'}`, text: c.review?.state ?? c.verdict ?? 'pending' }), ' ',
      h('span', { class: 'ctx-text', text: c.text ?? '(text removed)' })))) : null);
}


/** @param {any} history */
function renderHistory(history) {
  const entries = history?.entries ?? [];
  if (entries.length === 0) return h('p', { class: 'empty', text: 'No history.' });
  return h('ol', { class: 'audit', id: 'audit-trail' }, entries.map((/** @type {any} */ e) => h('li', { 'data-action': e.action },
    time(e.at), ' ', h('strong', { text: e.actor }), ` ${e.action}`, e.from ? ` · ${e.from} → ${e.to}` : ` · ${e.to}`,
    e.reason ? h('span', {}, ' · reason ', h('code', { text: e.reason })) : null,
    e.note ? h('span', { class: 'note' }, ' · note: ', h('q', { text: e.note })) : null)));
}
