// @ts-check
/**
 * The admin quality page: GET /v1/admin/quality drawn as tables. Signed in through the workspace's session
 * cookie (sign in at /moderate with an admin key). Every value reaches the page as text (textContent), never markup.
 */
import { api, setCsrfToken } from './api.js';
import { categoryName, labelName, setVocabulary } from './vocabulary.js';

/** @param {string} tag @param {Record<string, string>} [attrs] @param {(Node | string)[]} [children] */
function el(tag, attrs = {}, children = []) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

const pct = (/** @type {number | null | undefined} */ x) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)} %`);
const num = (/** @type {number} */ x) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

/** "80.0 % (8 of 10; 95 %: 49.0–94.3 %)" and a bar. @param {any} s */
function shareCell(s) {
  const td = el('td', { class: 'num' });
  if (!s || s.n === 0) { td.textContent = 'no data'; return td; }
  td.append(`${pct(s.rate)} (${num(s.k)} of ${num(s.n)}; 95 %: ${pct(s.interval[0])}–${pct(s.interval[1])})`);
  const bar = el('span', { class: 'bar', 'aria-hidden': 'true' }, [el('span')]);
  /** @type {HTMLElement} */ (bar.firstChild).style.width = `${Math.round((s.rate ?? 0) * 100)}%`;
  td.append(bar);
  return td;
}

/** @param {HTMLTableElement} table @param {string[]} head @param {(HTMLElement | string)[][]} rows */
function fillTable(table, head, rows) {
  const caption = table.querySelector('caption');
  table.replaceChildren(...(caption ? [caption] : []));
  table.append(el('thead', {}, [el('tr', {}, head.map((h) => el('th', { scope: 'col' }, [h])))]));
  table.append(el('tbody', {}, rows.length ? rows.map((r) => el('tr', {}, r.map((c) => (typeof c === 'string' ? el('td', {}, [c]) : c))))
    : [el('tr', {}, [el('td', { colspan: String(head.length) }, ['no holds in this period'])])]));
}

/** @param {any} q */
function render(q) {
  const summary = /** @type {HTMLElement} */ (document.getElementById('summary'));
  const item = (/** @type {string} */ dt, /** @type {string} */ dd, /** @type {string} */ small) => el('div', {}, [el('dt', {}, [dt]), el('dd', {}, [dd, el('small', {}, [small])])]);
  const p = q.holds.precision;
  summary.replaceChildren(
    item('Held comments moderators rejected', pct(p.rate), p.n ? `${num(p.k)} of ${num(p.n)}; 95 %: ${pct(p.interval[0])}–${pct(p.interval[1])}` : 'no decided holds'),
    item('Outright rejections overturned', pct(q.holds.overturned.rate), q.holds.overturned.n ? `${num(q.holds.overturned.k)} of ${num(q.holds.overturned.n)}` : 'none rejected outright'),
    item('Published comments that should not have been (audit)', pct(q.missRate.rate), q.audited ? `${q.audited} audited comments` : 'no audited comments yet'),
    item('Abuse held (recall, estimated)', pct(q.recall), 'held rejected ÷ all rejected, misses from the audit'),
    item('Decisions', String(q.examples), `${q.days} days${q.section ? `, section ${q.section}` : ''}`),
  );
  const holdRows = (/** @type {Record<string, any>} */ by, /** @type {(k: string) => string} */ name, /** @type {(k: string) => string} */ extra) =>
    Object.entries(by).map(([k, v]) => [name(k), shareCell(v.precision), shareCell(v.overturned), extra(k)]);
  fillTable(/** @type {HTMLTableElement} */ (document.getElementById('by-label')), ['label', 'precision of holds', 'outright rejections overturned', 'review threshold'],
    holdRows(q.byLabel, labelName, (l) => String(q.thresholds[l]?.review ?? '—')));
  fillTable(/** @type {HTMLTableElement} */ (document.getElementById('by-category')), ['category', 'precision of holds', 'outright rejections overturned', ''],
    holdRows(q.byCategory, categoryName, () => ''));
  const target = q.target.kind === 'precision' ? `a hold precision of ${pct(q.target.precision)}` : `at most ${q.target.perDay} held a day`;
  /** @type {HTMLElement} */ (document.getElementById('suggestions-title')).textContent = `Threshold suggestions for ${target}`;
  fillTable(/** @type {HTMLTableElement} */ (document.getElementById('suggestions')), ['label', 'now', 'suggested', 'held a day, change', ''],
    q.suggestions.map((/** @type {any} */ s) => [
      labelName(s.label),
      `${s.current.threshold}: ${pct(s.current.precision.rate)} precision, ${s.current.heldPerDay} held a day`,
      s.suggested ? `${s.suggested.threshold}: ${pct(s.suggested.precision.rate)} precision, ${s.suggested.heldPerDay} held a day`
        : (s.why === 'not_enough_holds' ? 'not enough decided holds yet' : 'no threshold meets the target'),
      s.volumeChangePerDay === null ? '—' : `${s.volumeChangePerDay > 0 ? '+' : ''}${s.volumeChangePerDay}`,
      s.suggested && s.suggested.threshold !== s.current.threshold
        ? actionCell(`Accept ${s.suggested.threshold}`, `Set the ${labelName(s.label)} review threshold to ${s.suggested.threshold}`, () => api('POST', '/v1/admin/quality/thresholds',
          { label: s.label, review: s.suggested.threshold, note: `suggested for ${target}: ${pct(s.suggested.precision.rate)} precision, ${s.volumeChangePerDay} held a day` }))
        : '',
    ]));
  renderJoint(q.joint, target);
  fillTable(/** @type {HTMLTableElement} */ (document.getElementById('shadows')), ['shadow', 'scored / decided', 'live: precision, recall', 'shadow: precision, recall', 'agreement'],
    (q.shadows ?? []).map((/** @type {any} */ c) => [
      [c.shadow.modelDir ?? c.shadow.modelProvider, c.shadow.policyFile ? `policy ${c.shadow.policyFile}` : '', `scorers ${c.shadow.scorers.join(', ')}`].filter(Boolean).join('; '),
      `${c.scored} / ${c.decided}`,
      `${pct(c.live.precision.rate)}, ${pct(c.live.recall.rate)}`,
      `${pct(c.candidate.precision.rate)}, ${pct(c.candidate.recall.rate)}`,
      shareCell(c.agreement),
    ]));
  fillTable(/** @type {HTMLTableElement} */ (document.getElementById('series')), ['from', 'decisions', 'precision of holds', 'miss rate (audit)'],
    q.series.map((/** @type {any} */ b) => [b.from.slice(0, 10), String(b.examples), shareCell(b.precision), shareCell(b.missRate)]));
  /** @type {HTMLElement} */ (document.getElementById('quality-figures')).hidden = false;
}

/**
 * The joint suggestion (all labels' thresholds together) as two lines, now and suggested, and a button that accepts
 * every changed threshold (one audited change per label, as accepting them one by one would).
 * @param {any} j @param {string} target
 */
function renderJoint(j, target) {
  const box = /** @type {HTMLElement} */ (document.getElementById('joint'));
  if (!j) { box.replaceChildren(el('p', {}, ['No model scores among these decisions.'])); return; }
  const show = (/** @type {any} */ p) => `${Object.entries(p.thresholds).map(([l, t]) => `${labelName(l)} ${t}`).join(', ')}: ${pct(p.precision.rate)} precision, ${pct(p.recall)} of rejected comments held, ${p.heldPerDay} held a day`;
  const lines = [el('p', {}, [`Now — ${show(j.current)}.`])];
  if (!j.suggested) {
    lines.push(el('p', {}, [j.why === 'not_enough_holds' ? 'Not enough decided holds yet.'
      : 'No setting of these thresholds meets the target: something they do not move (a lexicon rule, the threat label) holds too many comments moderators approve.']));
  } else {
    const changed = Object.entries(j.suggested.thresholds).filter(([l, t]) => t !== j.current.thresholds[l]);
    lines.push(el('p', {}, [changed.length ? `Together — ${show(j.suggested)}.` : 'The thresholds in force already meet the target together.']));
    if (changed.length) {
      const note = `joint suggestion for ${target}: ${pct(j.suggested.precision.rate)} precision, ${j.suggested.heldPerDay} held a day`;
      lines.push(el('p', {}, [actionButton('Accept all', 'Set the review thresholds to the joint suggestion', async () => {
        for (const [label, review] of changed) await api('POST', '/v1/admin/quality/thresholds', { label, review, note });
      })]));
    }
  }
  box.replaceChildren(...lines);
}

/** A button that runs `act`, then reloads the figures; refusals are shown in the status line. */
function actionButton(/** @type {string} */ text, /** @type {string} */ label, /** @type {() => Promise<unknown>} */ act) {
  const button = el('button', { type: 'button', 'aria-label': label }, [text]);
  button.addEventListener('click', () => {
    button.setAttribute('disabled', '');
    act().then(() => load(), (/** @type {any} */ e) => {
      button.removeAttribute('disabled');
      // A joint accept may have landed in part: show what is in force, then why it stopped.
      void load().finally(() => { /** @type {HTMLElement} */ (document.getElementById('quality-status')).textContent = `Not done: ${e.message}`; });
    });
  });
  return button;
}

/** actionButton in a table cell. */
function actionCell(/** @type {string} */ text, /** @type {string} */ label, /** @type {() => Promise<unknown>} */ act) {
  return el('td', {}, [actionButton(text, label, act)]);
}

/** @param {any} t */
function renderChanges(t) {
  fillTable(/** @type {HTMLTableElement} */ (document.getElementById('changes')), ['when', 'who', 'label', 'change', 'note', ''],
    t.changes.map((/** @type {any} */ c, /** @type {number} */ i) => [
      c.at.slice(0, 16).replace('T', ' '),
      c.actor,
      labelName(c.label),
      c.kind === 'revert' ? `reverted to ${c.review} (undoes change ${c.reverts})` : `${c.previous.review} → ${c.review}`,
      c.note ?? '',
      c.kind === 'apply' && !c.revertedBy && !t.changes.slice(0, i).some((/** @type {any} */ d) => d.label === c.label)
        ? actionCell('Revert', `Revert the ${labelName(c.label)} threshold to ${c.previous.review}`, () => api('POST', `/v1/admin/quality/thresholds/${encodeURIComponent(c.id)}/revert`))
        : '',
    ]));
}

async function load() {
  const status = /** @type {HTMLElement} */ (document.getElementById('quality-status'));
  const days = Number(/** @type {HTMLSelectElement} */ (document.getElementById('q-days')).value);
  const section = /** @type {HTMLInputElement} */ (document.getElementById('q-section')).value.trim();
  const kind = /** @type {HTMLSelectElement} */ (document.getElementById('q-target-kind')).value;
  const target = /** @type {HTMLInputElement} */ (document.getElementById('q-target')).value.trim();
  const params = new URLSearchParams({ since: new Date(Date.now() - days * 86_400_000).toISOString() });
  if (section) params.set('section', section);
  if (target) params.set(kind === 'precision' ? 'targetPrecision' : 'targetPerDay', kind === 'precision' && Number(target) > 1 ? String(Number(target) / 100) : target);
  status.textContent = 'Loading…';
  try {
    // Label and category names in plain words (the workspace's vocabulary); ids stand in if it cannot be read.
    setVocabulary(await api('GET', '/v1/review/vocabulary', undefined, { quiet401: true }).catch(() => null));
    // The session's CSRF token, for accepting and reverting thresholds.
    const session = await api('GET', '/v1/session', undefined, { quiet401: true }).catch(() => null);
    setCsrfToken(session?.csrfToken ?? null);
    render(await api('GET', `/v1/admin/quality?${params}`, undefined, { quiet401: true }));
    renderChanges(await api('GET', '/v1/admin/quality/thresholds', undefined, { quiet401: true }));
    status.textContent = '';
  } catch (e) {
    const err = /** @type {any} */ (e);
    status.textContent = err.status === 401 ? 'Sign in with an admin key at /moderate first.'
      : err.status === 403 ? 'These figures are for admins: sign in with an admin key.' : `Could not load the figures: ${err.message}`;
  }
}

document.getElementById('quality-form')?.addEventListener('submit', (e) => { e.preventDefault(); void load(); });
void load();
