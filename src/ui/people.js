// @ts-check
/**
 * People in the item panel (issue #11's routes): the author record with the actions on the author, the readers'
 * reports, the author's appeal, and a raid group (near-duplicate comments shown once, decided at once).
 * Rendering only: the buttons carry data-author-action / data-appeal-outcome / data-action / data-open-item and
 * app.js wires them (actions.js does the work). What may be done comes from the server: the author record's
 * `offered`, the item's `actions`; the server stays the authority (a refusal is shown as its own message).
 */
import { h, time } from './dom.js';
import { words } from './vocabulary.js';

/**
 * Actions on an author, in the order shown: [action (as the API names it), button label, what it does].
 * `note` is not here: notes are written in the same form, with any action or alone (the Note button).
 * @type {[string, string, string][]}
 */
export const AUTHOR_BUTTONS = [
  ['premoderate', 'Pre-moderate…', 'every new comment of this author is held for review, whatever its score'],
  ['suspend', 'Suspend…', 'new comments are rejected (reason: author suspended) until the date you choose'],
  ['ban', 'Ban…', 'new comments are rejected (reason: author banned) until an admin or moderator lifts the ban'],
  ['lift', 'Lift…', 'ends the pre-moderation, suspension or ban: the policy decides alone again'],
  ['note', 'Note…', 'a note for colleagues; changes nothing'],
];

/** The rule in force, in words. @param {any} rule */
export function ruleText(rule) {
  if (!rule) return 'No rule: the policy decides alone';
  const since = new Date(rule.at).toLocaleDateString();
  if (rule.kind === 'premoderate') return `Pre-moderated by ${rule.by} since ${since}`;
  if (rule.kind === 'suspend') return `Suspended by ${rule.by} until ${new Date(rule.until).toLocaleString()}`;
  if (rule.kind === 'ban') return `Banned by ${rule.by} since ${since}`;
  return String(rule.kind);
}

/**
 * The author record (GET /v1/review/authors/:id): the rule, whether new comments are held, recent outcomes, the
 * actions the server offers, notes, and the log of actions on the author (their audit trail).
 * @param {any} record @param {string} name how the page names the author
 */
export function renderAuthorRecord(record, name) {
  if (!record) return h('p', { class: 'empty', text: 'No author record (this server does not keep one, or it could not be read).' });
  /** @type {string[]} */
  const offered = record.offered ?? [];
  const r = record.recent ?? {};
  const decided = (r.published ?? 0) + (r.rejected ?? 0);
  return h('div', { class: 'author-record', 'data-rule': record.rule?.kind ?? 'none' },
    h('p', { class: 'author-rule' },
      h('span', { class: `badge rule-${record.rule?.kind ?? 'none'}`, text: ruleText(record.rule) }),
      record.held && record.rule?.kind !== 'premoderate' ? h('span', { class: 'badge warn', title: 'by the recent-history rule: many of their recent comments were rejected', text: 'new comments held' }) : null),
    h('p', { class: 'author-summary', text: `last ${r.windowDays ?? '?'} days: ${r.rejected ?? 0} of ${decided} decided comments rejected` }),
    h('div', { class: 'actions author-actions', role: 'group', 'aria-label': `Actions on ${name}` },
      AUTHOR_BUTTONS.map(([action, label, what]) => h('button', {
        type: 'button', class: `small${action === 'ban' ? ' danger' : ''}`, 'data-author-action': action, 'data-author-id': record.authorId,
        'data-author-name': name, disabled: !offered.includes(action), title: what,
      }, label))),
    renderNotes(record.notes ?? []),
    renderAuthorLog(record.actions ?? []),
  );
}

/** @param {any[]} notes */
function renderNotes(notes) {
  if (notes.length === 0) return null;
  return h('ul', { class: 'author-notes', 'aria-label': 'Notes on this author' }, notes.slice(0, 5).map((n) => h('li', {},
    h('q', { text: n.note }), ' — ', h('strong', { text: n.by }), ' ', time(n.at), n.action !== 'note' ? ` (with ${words(n.action)})` : '')));
}

/** The actions on the author, newest first: who, when, what (and until), why. @param {any[]} actions */
function renderAuthorLog(actions) {
  if (actions.length === 0) return h('p', { class: 'empty', text: 'No actions on this author yet.' });
  return h('details', { class: 'author-log', open: true },
    h('summary', { text: `Actions on this author (${actions.length}${actions.length >= 50 ? '+' : ''})` }),
    h('ol', { class: 'audit', id: 'author-audit' }, actions.slice(0, 10).map((a) => h('li', { 'data-action': a.action },
      time(a.at), ' ', h('strong', { text: a.actor }), ` ${a.action}`,
      a.until ? h('span', {}, ' until ', h('time', { datetime: a.until, title: a.until, text: new Date(a.until).toLocaleString() })) : null,
      a.note ? h('span', { class: 'note' }, ' · note: ', h('q', { text: a.note })) : null))));
}

/**
 * The readers' reports on the item's comment (GET /v1/review/items/:id/reports): counts per reason over all of
 * them, then the newest. @param {any} reports @param {number} total the item's report count
 */
export function renderReports(reports, total) {
  if (!reports) return h('p', { class: 'empty', text: total ? `${total} report${total === 1 ? '' : 's'}; they could not be read.` : 'No reader reports.' });
  const counts = Object.entries(reports.counts ?? {}).sort((a, b) => Number(b[1]) - Number(a[1]));
  if (counts.length === 0) return h('p', { class: 'empty', text: 'No reader reports.' });
  return h('div', {},
    h('ul', { class: 'report-counts', 'aria-label': 'Reports per reason' }, counts.map(([reason, n]) => h('li', { 'data-reason': reason },
      h('strong', { text: String(n) }), ` ${words(reason)}`))),
    h('ol', { class: 'reports', 'aria-label': 'Newest reports' }, (reports.reports ?? []).map((/** @type {any} */ r) => h('li', { 'data-reason': r.reason },
      time(r.at), ' ', h('strong', { text: words(r.reason) }), ' · reader ', h('code', { text: r.reporterId }),
      r.note ? h('span', {}, ': ', h('q', { text: r.note })) : null))),
    reports.nextCursor ? h('p', { class: 'empty', text: 'Older reports not shown.' }) : null,
  );
}

/**
 * The author's appeal of the removal (GET /v1/review/appeals?comment=…): their words, its state, and while it is
 * pending the two outcomes — never offered to the moderator whose decision is appealed (the server refuses it too).
 * @param {any} appeal @param {{ name: string }} me
 */
export function renderAppeal(appeal, me) {
  const head = h('p', {}, h('span', { class: `badge appeal-${appeal.state}`, text: appeal.state }), ' ', time(appeal.createdAt),
    appeal.originalDecider ? ` · appeals the decision of ${appeal.originalDecider}` : ' · appeals an automatic decision');
  const text = h('blockquote', { class: 'appeal-text', text: appeal.text });
  if (appeal.state !== 'pending') {
    return h('div', {}, head, text, h('p', {}, `${appeal.state === 'overturned' ? 'Overturned' : 'Upheld'} by `, h('strong', { text: appeal.decidedBy ?? '?' }), ' ', time(appeal.decidedAt),
      appeal.message ? h('span', {}, ' · told the author: ', h('q', { text: appeal.message })) : null));
  }
  const own = appeal.originalDecider === me.name;
  return h('div', {}, head, text,
    own ? h('p', { class: 'empty', text: 'You made the decision appealed: a colleague decides the appeal.' }) : null,
    h('label', { for: 'appeal-message' }, 'Message to the author ', h('span', { class: 'hint', text: '(optional, sent to the site)' })),
    h('textarea', { id: 'appeal-message', rows: '2', maxlength: '2000', disabled: own }),
    h('div', { class: 'actions', role: 'group', 'aria-label': 'Decide the appeal' },
      h('button', { type: 'button', class: 'small', 'data-appeal-outcome': 'uphold', 'data-appeal-id': appeal.id, disabled: own }, 'Uphold the removal'),
      h('button', { type: 'button', class: 'small primary', 'data-appeal-outcome': 'overturn', 'data-appeal-id': appeal.id, disabled: own }, 'Overturn: publish it')));
}

/** @param {number} n @param {string} noun */
export const plural = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** The queue row id of a raid group (never a comment id: those have no colon). @param {string} groupId */
export const groupRowId = (groupId) => `group:${groupId}`;
/** @param {string | null} id */
export const isGroupRow = (id) => typeof id === 'string' && id.startsWith('group:');
/** The group id of a group row's id. @param {string} rowId */
export const groupOfRow = (rowId) => rowId.slice('group:'.length);

/**
 * The queue with each raid group shown once: the group's pending members in the page become one row at the place
 * of the first (the highest in queue order), carrying the group (GET /v1/review/groups) and the members.
 * @param {any[]} items @param {Map<string, any>} groups by id
 */
export function collapseGroups(items, groups) {
  /** @type {any[]} */
  const out = [];
  /** @type {Map<string, any>} */
  const rows = new Map();
  for (const item of items) {
    const group = item.state === 'pending' && item.groupId ? groups.get(item.groupId) : undefined;
    if (!group) {
      out.push(item);
      continue;
    }
    let row = rows.get(group.id);
    if (!row) {
      row = { id: groupRowId(group.id), kind: 'group', group, members: [], state: 'pending', priority: group.priority };
      rows.set(group.id, row);
      out.push(row);
    }
    row.members.push(item);
  }
  return out;
}

/** "12 similar comments" (and how many wait, when not all of them do). @param {any} group */
export const groupSize = (group) => `${plural(group.size, 'similar comment')}${group.pending < group.size ? ` (${group.pending} waiting)` : ''}`;

/**
 * A raid group in the item panel (GET /v1/review/groups/:id): its size, authors and threads, one decision for all
 * its pending members (the item's keys a / r / e), and the members, each openable on its own.
 * @param {{ group: any, items: any[] | null, loading?: boolean }} d
 */
export function renderGroup(d) {
  const g = d.group;
  const n = g.pending;
  const button = (/** @type {string} */ action, /** @type {string} */ label, /** @type {string} */ key, /** @type {string | undefined} */ cls) => h('button', {
    type: 'button', 'data-action': action, class: cls, 'aria-keyshortcuts': key,
  }, label, ' ', h('kbd', { text: key }));
  return h('article', { class: 'item-card group-card', 'data-group': g.id, 'aria-busy': d.loading ? 'true' : undefined },
    h('header', { class: 'item-head' },
      h('h3', { id: 'item-heading' }, 'Raid group ', h('code', { text: g.id })),
      h('span', { class: 'badge status status-raid', text: groupSize(g) }),
      h('span', { class: 'badge', text: plural(g.authors?.count ?? 0, 'author') }),
      h('span', { class: 'badge', text: plural(g.threads?.count ?? 0, 'thread') }),
      h('span', { class: 'badge', title: 'priority 0–100', text: `priority ${g.priority}` }),
      (g.sections ?? []).length ? h('span', { class: 'badge', text: `section: ${g.sections.join(', ')}` }) : null),
    h('p', { class: 'group-note', text: `Near-duplicate comments written between ${new Date(g.firstAt).toLocaleString()} and ${new Date(g.lastAt).toLocaleString()}: one decision applies to all ${n} waiting (each is audited on its own; items a colleague holds are left alone).` }),
    h('div', { class: 'actions', role: 'group', 'aria-label': 'Decide the whole group' },
      button('approve', `Approve all ${n}`, 'a', 'primary'), button('reject', `Reject all ${n}…`, 'r', 'danger'), button('escalate', `Escalate all ${n}`, 'e', undefined)),
    h('section', { 'aria-labelledby': 'members-h' },
      h('h4', { id: 'members-h', text: 'The comments' }),
      d.items === null ? h('p', { class: 'empty loading', text: 'Reading the group…' }) : h('ol', { class: 'group-members' }, d.items.map((/** @type {any} */ item) => h('li', { 'data-id': item.id },
        h('p', { class: 'ctx-meta' }, h('strong', { text: item.comment?.author?.name ?? item.authorId }), ' · ', time(item.commentCreatedAt), ' · thread ', h('code', { text: item.threadId }), ' ',
          h('button', { type: 'button', class: 'small', 'data-open-item': item.id, 'aria-label': `Open comment ${item.id} on its own` }, 'Open')),
        h('p', { class: 'ctx-text', text: item.comment?.text ?? '(text removed)' }))))),
  );
}
