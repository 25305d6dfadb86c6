// @ts-check
/**
 * The queue list: one row per item, highest priority first, with a checkbox for bulk decisions and a button that
 * opens the item. Compact rows are two lines (priority, where the comment is, its top reason, its age; then author,
 * section and the text); comfortable rows add the text's second line and its label and category chips.
 * Rendering only; app.js owns the state and the events.
 */
import { age, h } from './dom.js';
import { groupSize, plural } from './people.js';
import { categoryName, labelMeaning, labelName } from './vocabulary.js';

/**
 * States in the filter; `open` (the server's) = pending and claimed together, so colleagues' claims stay in view;
 * `appeals` = removals the author appeals, not yet decided (state=rejected&appeal=pending).
 */
export const STATE_FILTERS = ['open', 'pending', 'claimed', 'escalated', 'approved', 'rejected', 'appeals'];

/**
 * Where the comment is, for the moderator: the word on the row, a longer title, and a class for its colour.
 *  - `appeal` / `reported`: why the item is in the queue when it is not the policy's hold: a pending
 *    `item.appeal`, or `item.origin` 'reported' (a published comment that readers' reports brought in) or a
 *    report count on an item the policy held.
 *  - otherwise from what the API gives now: a final state; else the policy's verdict — `reject` means the comment
 *    is hidden from readers until a moderator looks, `review` that it waits unpublished.
 * @param {any} item
 * @returns {{ key: string, text: string, title: string }}
 */
export function rowStatus(item) {
  const reports = typeof item.reports === 'number' ? item.reports : Array.isArray(item.reports) ? item.reports.length : 0;
  if (item.appeal?.state === 'pending') return { key: 'appeal', text: 'appeal', title: 'the author appeals its removal: decide the appeal in the item' };
  if (item.origin === 'reported' || reports > 0) {
    return { key: 'reported', text: 'reported', title: `published, then reported by readers${reports ? ` (${reports} report${reports === 1 ? '' : 's'})` : ''}` };
  }
  if (item.state === 'approved') return { key: 'approved', text: 'approved', title: 'approved by a moderator: shown to readers' };
  if (item.state === 'rejected') return { key: 'rejected', text: 'rejected', title: 'rejected by a moderator: hidden from readers' };
  if (item.verdict === 'reject') return { key: 'hidden', text: 'hidden', title: 'hidden from readers until a moderator decides (the policy rejected it)' };
  return { key: 'waiting', text: 'waiting', title: 'not shown to readers yet: waiting for a moderator' };
}

/** The reason at the top of the comment's reasons (the policy lists lexicon findings first, then labels). @param {any} item */
export function topReason(item) {
  const r = item.comment?.reasons?.[0];
  if (r?.message) return String(r.message);
  const l = item.labels?.[0];
  return l ? labelName(l) : item.unscored ? 'could not be scored' : '';
}

/** The site section the comment was posted in, once the API gives one (issue #11: sections). @param {any} item */
export const sectionOf = (item) => item.section ?? item.comment?.section ?? null;

/** Identity and political categories, dehumanising phrases and derogation tropes are slurs (hate); threat phrases, swearing, sexual terms and plain insults are tagged as what they are. @param {string} c */
const categoryKind = (c) => (c === 'threat' ? 'threat' : c === 'profanity' || c === 'sexual' || c === 'insult' ? 'term' : 'slur');

/**
 * @param {any} item
 * @param {{ current: boolean, selected: boolean, me: { name: string }, density?: 'compact' | 'comfortable' }} o
 */
export function renderRow(item, o) {
  const c = item.comment;
  const text = c ? (c.text ?? '(text removed)') : '(comment gone)';
  const mineClaim = item.claim && item.claim.by === o.me.name;
  const claim = item.claim ? (mineClaim ? 'claimed by you' : `claimed by ${item.claim.by}`) : null;
  const status = rowStatus(item);
  const section = sectionOf(item);
  const reason = topReason(item);
  const compact = o.density !== 'comfortable';
  const tags = [
    ...(item.slurCategories ?? []).map((/** @type {string} */ s) => h('span', { class: `tag ${categoryKind(s)}`, 'data-category': s, text: categoryName(s) })),
    ...(item.labels ?? []).map((/** @type {string} */ l) => h('span', { class: 'tag label', 'data-label': l, title: labelMeaning(l) || undefined, text: labelName(l) })),
  ];
  return h('li', {
    class: `row${o.current ? ' current' : ''}${item.claim ? ' claimed' : ''}`, 'data-id': item.id, 'data-state': item.state, 'data-status': status.key,
  },
    h('input', { type: 'checkbox', class: 'select', 'aria-label': `Select comment ${item.id}`, checked: o.selected, 'data-id': item.id }),
    h('button', { type: 'button', class: 'open', 'data-id': item.id, 'aria-current': o.current ? 'true' : undefined },
      h('span', { class: 'row-top' },
        h('span', { class: `prio p${Math.min(4, Math.floor(item.priority / 25))}`, title: 'priority (0–100)' }, h('span', { class: 'visually-hidden', text: 'priority ' }), String(item.priority)),
        h('span', { class: `status status-${status.key}`, title: status.title, text: status.text }),
        item.state === 'escalated' ? h('span', { class: 'status status-escalated', title: 'escalated: for admins', text: 'escalated' }) : null,
        claim ? h('span', { class: `row-claim${mineClaim ? ' mine' : ''}`, text: claim }) : null,
        h('span', { class: 'row-reason', title: reason || undefined, text: reason }),
        age(item.commentCreatedAt ?? item.createdAt, 'written ')),
      h('span', { class: 'row-body' },
        h('span', { class: 'row-author', text: c?.author?.name ?? item.authorId }),
        section ? h('span', { class: 'row-section', title: 'section', text: section }) : null,
        h('span', { class: 'snippet', text })),
      compact ? null : h('span', { class: 'row-tags' }, tags.slice(0, 5), h('span', { class: 'row-thread', text: `thread ${item.threadId}` })),
    ),
  );
}

/**
 * A raid group, once: its size ("12 similar comments"), how many authors, the text of its first comment; the
 * checkbox selects its members shown in the queue, the button opens the group (decided at once).
 * @param {any} row a group row (people.js collapseGroups)
 * @param {{ current: boolean, selected: boolean, density?: 'compact' | 'comfortable' }} o
 */
export function renderGroupRow(row, o) {
  const g = row.group;
  const first = row.members[0];
  const size = groupSize(g);
  return h('li', { class: `row group-row${o.current ? ' current' : ''}`, 'data-id': row.id, 'data-group': g.id, 'data-state': 'pending', 'data-status': 'raid' },
    h('input', { type: 'checkbox', class: 'select', 'aria-label': `Select the ${size} of raid group ${g.id}`, checked: o.selected, 'data-id': row.id }),
    h('button', { type: 'button', class: 'open', 'data-id': row.id, 'aria-current': o.current ? 'true' : undefined },
      h('span', { class: 'row-top' },
        h('span', { class: `prio p${Math.min(4, Math.floor(g.priority / 25))}`, title: 'priority (0–100): the highest in the group' }, h('span', { class: 'visually-hidden', text: 'priority ' }), String(g.priority)),
        h('span', { class: 'status status-raid', title: 'near-duplicate comments (a raid): one decision for all', text: 'raid' }),
        h('span', { class: 'row-reason group-size', text: size }),
        age(g.lastAt, 'newest written ')),
      h('span', { class: 'row-body' },
        h('span', { class: 'row-author', text: plural(g.authors?.count ?? 0, 'author') }),
        (g.sections ?? []).length ? h('span', { class: 'row-section', title: 'section', text: g.sections.join(', ') }) : null,
        h('span', { class: 'snippet', text: first?.comment?.text ?? '(text removed)' })),
      o.density === 'comfortable' ? h('span', { class: 'row-tags' }, h('span', { class: 'row-thread', text: plural(g.threads?.count ?? 0, 'thread') })) : null,
    ),
  );
}
