/**
 * Export → train round trip: decisions made in the review store come out of `export:decisions` as labelled rows,
 * and `train --extra` adds them to the trainer's table tokenized, weighted and split like every other example.
 * Decisions are kept as examples by the review side itself, in each decision's transaction (PostgreSQL).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportDecisions } from '../../src/cli/export-decisions';
import type { ScoreResult } from '../../src/domain/score';
import { qualityReport } from '../../src/review/quality/quality';
import { TEST_POLICY } from './helpers';
import { appendExtraExamples } from '../../scripts/extra-examples';
import { dedupKey, splitOf } from '../../scripts/training/exportData';
import { prepareText } from '../../src/scoring/model/prepare';
import { closeSieveWithStores, KEYS, startSieveWithStores, type SieveWithStores } from '../helpers/sieve';
import { alice, makeComment, seedComment } from '../review/fixtures';

let s: SieveWithStores;
let work: string;

const held = (insult: number): ScoreResult => ({
  labels: { insult: 0.9, toxicity: insult }, modelLabels: { insult, toxicity: 0.1 }, slurs: [], score: insult, verdict: 'review', priority: 50,
  reasons: [{ code: 'label_review', label: 'insult', message: 'insult high' }], scorers: ['lexicon', 'model:sieve'],
});

beforeAll(async () => {
  s = await startSieveWithStores();
  work = mkdtempSync(join(tmpdir(), 'sieve-extra-'));
  const decisions: [string, 'approve' | 'reject', string | undefined, string?][] = [
    ['You are a pathetic idiot and everyone knows it.', 'reject', 'harassment', 'politics'],
    ['People like them should be driven out of this country.', 'reject', 'hate_speech', 'politics'],
    ['Say that again and I will find you.', 'reject', 'threat'],
    ['Buy cheap watches at example dot com', 'reject', 'spam'],
    ['This idiotic policy will ruin the town centre.', 'approve', undefined, 'politics'],
    ['What a stupid referee decision, honestly.', 'approve', undefined, 'sport'],
  ];
  for (const [text, action, reason, section] of decisions) {
    const c = makeComment({ text, ...(section ? { metadata: { section } } : {}) });
    const r = held(0.6);
    await seedComment(s.db, c, r);
    expect(await s.review.store.ingest(c, r)).toBe('created');
    expect(await s.review.store.decide(c.id, alice, { action, reason }, { autoClaim: true })).toMatchObject({ ok: true });
  }
}, 60_000);
afterAll(async () => {
  await closeSieveWithStores(s);
  rmSync(work, { recursive: true, force: true });
});

test('decisions become labelled examples: model scores (not the merged labels), outcome, reason, section', async () => {
  const xs = await s.review.learning.examples();
  expect(xs).toHaveLength(6);
  const harassment = xs.find((e) => e.reason === 'harassment')!;
  expect(harassment).toMatchObject({ source: 'review', section: 'politics', verdict: 'review', outcome: 'rejected', modelScores: { insult: 0.6, toxicity: 0.1 }, weight: 1 });
  expect(harassment.text).toContain('pathetic idiot');
  // The quality page's figures come from the same examples: 4 of 6 held comments rejected.
  expect(qualityReport(xs, TEST_POLICY).byLabel.insult!.precision).toMatchObject({ k: 4, n: 6 });
  expect(await s.review.learning.examples({ section: 'sport' })).toHaveLength(1);
  // Retention drops the text; the example stays, without it, and the export leaves it out.
  await s.db.updateTable('comments').set({ text: '', text_redacted: true }).where('id', '=', harassment.commentId).execute();
  expect((await s.review.learning.examples()).find((e) => e.commentId === harassment.commentId)).toMatchObject({ text: null, outcome: 'rejected' });
  await s.db.updateTable('comments').set({ text: harassment.text!, text_redacted: false }).where('id', '=', harassment.commentId).execute();
});

test('export → train --extra: labelled rows in, tokenized, weighted and split by the trainer\'s own hash', async () => {
  const { jsonl, summary } = await exportDecisions(s.review.learning);
  // The spam rejection says nothing about toxicity: counted, not written.
  expect(summary).toEqual({ decided: 6, written: 5, withoutText: 0, withoutLabel: 1 });
  const rows = jsonl.trim().split('\n').map((l) => JSON.parse(l));
  expect(rows.find((r) => r.reason === 'hate_speech').labels).toEqual({ toxicity: 1, insult: null, identity_attack: 1, threat: null });
  expect(rows.find((r) => r.reason === 'threat').labels).toEqual({ toxicity: 1, insult: null, identity_attack: null, threat: 1 });
  expect(rows.filter((r) => r.outcome === 'approved').every((r) => Object.values(r.labels).every((v) => v === 0))).toBe(true);

  const file = join(work, 'decisions.jsonl');
  writeFileSync(file, jsonl);
  const publicRow = JSON.stringify({ t: [1, 2], y: [0, 0, 0, 0], w: 1, src: 'olid', split: 'train', text: 'a public example' });
  writeFileSync(join(work, 'examples.jsonl'), publicRow + '\n');
  const added = appendExtraExamples(work, file, 2.5);
  expect(added).toMatchObject({ read: 5, appended: 5, skipped: 0 });

  const table = readFileSync(join(work, 'examples.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  expect(table[0]).toEqual(JSON.parse(publicRow)); // the public table is kept as it was
  const site = table.slice(1);
  expect(site).toHaveLength(5);
  for (const [i, r] of site.entries()) {
    // What finetune.py reads of every row: t (token ids), y (4 heads, −1 unknown), w, src, split.
    expect(r.t.length).toBeGreaterThan(3);
    expect(r.t.every((x: unknown) => Number.isInteger(x))).toBe(true);
    expect(r.y).toHaveLength(4);
    expect(r).toMatchObject({ w: 2.5, src: 'site', split: splitOf(dedupKey(prepareText(rows[i].text))) });
  }
  // [toxicity, insult, identity_attack, threat] for the harassment rejection and an approval.
  expect(site.find((r) => r.text.includes('pathetic')).y).toEqual([1, 1, -1, -1]);
  expect(site.find((r) => r.text.includes('referee')).y).toEqual([0, 0, 0, 0]);
});

test('train --extra refuses a malformed file naming the line, and a weight that is not positive', () => {
  const bad = join(work, 'bad.jsonl');
  writeFileSync(bad, '{"text": "fine", "labels": {"toxicity": 0}}\n{"text": "x", "labels": {"toxicity": 2}}\n');
  expect(() => appendExtraExamples(work, bad, 1)).toThrow(/bad\.jsonl:2: labels\.toxicity must be 1, 0 or null/);
  expect(() => appendExtraExamples(work, bad, 0)).toThrow(/--extra-weight must be a positive number/);
});

test('a Perspective score suggestion becomes a labelled example: exported for training, left out of the figures', async () => {
  const body = { comment: { text: 'Go back to your cave, you troglodyte.' }, attributeScores: { TOXICITY: { summaryScore: { value: 0.9 } }, THREAT: { summaryScore: { value: 0.1 } } }, communityId: 'politics' };
  const r = await s.sieve.request('POST', '/v1alpha1/comments:suggestscore', { key: KEYS.ingest, body });
  expect(r.status).toBe(200);
  const xs = await s.review.learning.examples();
  const suggestion = xs.find((e) => e.source === 'suggestion')!;
  expect(suggestion).toMatchObject({ verdict: null, outcome: 'rejected', section: 'politics', humanLabels: { toxicity: 0.9, threat: 0.1 }, text: body.comment.text });
  const { jsonl, summary } = await exportDecisions(s.review.learning);
  expect(summary).toMatchObject({ decided: 7, written: 6 });
  const row = jsonl.trim().split('\n').map((l) => JSON.parse(l)).find((x) => x.source === 'suggestion');
  expect(row.labels).toEqual({ toxicity: 1, insult: null, identity_attack: null, threat: 0 });
  expect(qualityReport(xs, TEST_POLICY).examples).toBe(6);
  // doNotStore: nothing of the text is kept, so no example either.
  await s.sieve.request('POST', '/v1alpha1/comments:suggestscore', { key: KEYS.ingest, body: { ...body, doNotStore: true } });
  expect((await s.review.learning.examples()).filter((e) => e.source === 'suggestion')).toHaveLength(1);
});
