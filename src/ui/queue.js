// @ts-check
/**
 * The queue list: one row per item, highest priority first, with a checkbox for bulk decisions and a button that
 * opens the item. Rendering only; app.js owns the state and the events.
 */
import { h, words } from './dom.js';

/** States in the filter; `open` (the server's) = pending and claimed together, so colleagues' claims stay in view. */
export const STATE_FILTERS = ['open', 'pending', 'claimed', 'escalated', 'approved', 'rejected'];

/**
 * @param {any} item
 * @param {{ current: boolean, selected: boolean, me: { name: string } }} o
 */
export function renderRow(item, o) {
  const c = item.comment;
  const text = c ? (c.text ?? '(text removed)') : '(comment gone)';
  const claim = item.claim ? (item.claim.by === o.me.name ? 'claimed by you' : `claimed by ${item.claim.by}`) : null;
  const tags = [...(item.slurCategories ?? []).map((/** @type {string} */ s) => ['slur', words(s)]), ...(item.labels ?? []).map((/** @type {string} */ l) => ['label', words(l)])];
  return h('li', { class: `row${o.current ? ' current' : ''}${item.claim ? ' claimed' : ''}`, 'data-id': item.id, 'data-state': item.state },
    h('input', { type: 'checkbox', class: 'select', 'aria-label': `Select comment ${item.id}`, checked: o.selected, 'data-id': item.id }),
    h('button', { type: 'button', class: 'open', 'data-id': item.id, 'aria-current': o.current ? 'true' : undefined },
      h('span', { class: 'row-top' },
        h('span', { class: `prio p${Math.min(4, Math.floor(item.priority / 25))}`, title: 'priority', text: String(item.priority) }),
        h('span', { class: 'row-author', text: c?.author?.name ?? item.authorId }),
        claim ? h('span', { class: `row-claim${item.claim.by === o.me.name ? ' mine' : ''}`, text: claim }) : null,
        item.state !== 'pending' && item.state !== 'claimed' ? h('span', { class: `badge state-${item.state}`, text: item.state }) : null),
      h('span', { class: 'snippet', text }),
      h('span', { class: 'row-tags' }, tags.slice(0, 4).map(([kind, t]) => h('span', { class: `tag ${kind}`, text: t })),
        h('span', { class: 'row-thread', text: `thread ${item.threadId}` })),
    ),
  );
}
