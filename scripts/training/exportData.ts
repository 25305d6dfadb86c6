/**
 * Builds the training table the fine-tuning trainer (finetune.py) reads: every trainable source mapped onto
 * the one label definition (data.ts) plus the generated sentences (generated.ts), de-duplicated across sets by
 * normalised text, split by a hash of that text (train 70 % / validation 10 % / dev 20 %), tokenized with
 * USE-lite's own sentencepiece vocabulary (the same tokenizer serving uses), and the evaluation-only sets
 * (evalSets.ts) minus any text that also occurs in the training table.
 *
 * Output (JSON lines, one example each: {t: token ids, y: [toxicity, insult, identity_attack, threat] with
 * −1 = unknown, w: weight, src, split, text}): <out>/examples.jsonl and <out>/ood.jsonl.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Tokenizer } from '@tensorflow-models/universal-sentence-encoder';
import { loadGroupWords, type GroupWords } from '../../src/scoring/lexicon/groups';
import { phraseAlternation, WORD_END, WORD_START } from '../../src/scoring/lexicon/phrases';
import { defaultEncoderDir } from '../../src/scoring/model/encoder';
import { prepareText } from '../../src/scoring/model/prepare';
import { seededRandom } from '../seeded-random';
import { HEAD_LABELS, loadDatasets, type Example } from './data';
import { loadEvalSets } from './evalSets';
import { generatedExamples, type GeneratedOptions } from './generated';

export type Split = 'train' | 'val' | 'dev';

/** The de-duplication key: the prepared text without punctuation, case or repeated spaces. */
export const dedupKey = (prepared: string): string => prepared.normalize('NFKC').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

export function splitOf(key: string): Split {
  const h = createHash('sha1').update(`split:${key}`).digest().readUInt32BE(0) % 100;
  return h < 70 ? 'train' : h < 80 ? 'val' : 'dev';
}

/** Tokens per text the trainer sees (serving scores ≤ 24-word windows, well under this). */
export const TRAIN_MAX_TOKENS = 64;

interface Row { key: string; text: string; sources: Set<string>; votes: number[][]; weight: number }

/**
 * Identity re-weighting: a civil text (toxicity 0 and identity_attack 0) naming an identity group counts this
 * many times in the loss, so naming a group is not learnt as a sign of abuse (the card's identity tables).
 */
export const IDENTITY_CIVIL_WEIGHT = 2;
const IDENTITY_MENTION = new RegExp(`\\b(?:${[
  'jews?', 'jewish', 'muslims?', 'islam(?:ic)?', 'christians?', 'hindus?', 'sikhs?', 'buddhists?', 'atheists?', 'catholics?',
  'gays?', 'lesbians?', 'bisexuals?', 'queer', 'trans(?:gender)?', 'nonbinary', 'homosexuals?', 'lgbtq?\\+?',
  'black', 'white', 'asians?', 'latin[oa]s?', 'hispanics?', 'arabs?', 'africans?', 'mexicans?', 'chinese', 'indians?', 'roma',
  'immigrants?', 'migrants?', 'refugees?', 'russians?', 'ukrainians?', 'israelis?', 'palestinians?', 'americans?', 'nigerians?',
  'women', 'woman', 'girls?', 'disabled', 'deaf', 'blind', 'autistic', 'elderly',
].join('|')})\\b`, 'i');
export const namesIdentity = (text: string): boolean => IDENTITY_MENTION.test(text);

/**
 * Counterfactual group swap (`--swap-groups`): a copy of a civil training text naming a group, with each group word
 * replaced by another group's (the same word always by the same one; "muslims" → "mexicans", "gay people" → "asian
 * people"), so no group's name is learnt as a sign of abuse because its civil mentions are few (the card's identity
 * tables: "Black people make this town a better place" read as an attack). Group words are the lexicon's
 * (seeds/lexicon/groups.json): plural nouns, and adjectives only before a person noun ("black people", not "black
 * car"). The swapper returns null when the text names no group.
 */
export function groupSwapper(g: GroupWords = loadGroupWords()): (text: string, rand: () => number) => string | null {
  // A plural that is also an adjective ("chinese", "disabled") is swapped only before a person noun.
  const adjectives = new Set(g.groupAdjectives);
  const nouns = g.groups.filter((w) => !adjectives.has(w));
  const re = new RegExp(`${WORD_START}(?:(${phraseAlternation(g.groupAdjectives)})(?=\\s+${phraseAlternation(g.people)}${WORD_END})|${phraseAlternation(nouns)}${WORD_END})`, 'giu');
  return (text, rand) => {
    const chosen = new Map<string, string>();
    const pick = (word: string, pool: readonly string[]) => {
      const key = word.toLowerCase();
      let to = chosen.get(key);
      while (!to || to === key) to = pool[Math.floor(rand() * pool.length)]!;
      chosen.set(key, to);
      return to;
    };
    const out = text.replace(re, (m, adj: string | undefined) => pick(m, adj ? g.groupAdjectives : nouns));
    return chosen.size ? out : null;
  };
}

export interface ExportOptions extends GeneratedOptions {
  /** Add one counterfactual copy (groupSwapper) of each civil training text naming a group, at this weight. */
  swapGroups?: number;
}

export function exportTrainingData(dataDir: string, out: string, log: (s: string) => void, generated: ExportOptions = {}): void {
  const examples: Example[] = [...loadDatasets(dataDir), ...generatedExamples(undefined, generated)];
  const rows = new Map<string, Row>();
  let dupes = 0;
  for (const e of examples) {
    const prepared = prepareText(e.text);
    const key = dedupKey(prepared);
    if (!key) continue;
    let row = rows.get(key);
    if (row) dupes++;
    else rows.set(key, (row = { key, text: prepared, sources: new Set(), votes: HEAD_LABELS.map(() => []), weight: 0 }));
    row.sources.add(e.source);
    row.weight = Math.max(row.weight, e.weight ?? 1);
    HEAD_LABELS.forEach((l, j) => { const v = e.target[l]; if (v !== null) row!.votes[j]!.push(v); });
  }
  // A duplicate's label per head: the majority of the sources that say; a tie is unknown.
  const vote = (vs: number[]) => {
    if (vs.length === 0) return -1;
    const m = vs.reduce((a, b) => a + b, 0) / vs.length;
    return m > 0.5 ? 1 : m < 0.5 ? 0 : -1;
  };
  const tokenizer = new Tokenizer(JSON.parse(readFileSync(path.join(defaultEncoderDir(), 'vocab.json'), 'utf8')));
  const tok = (s: string) => tokenizer.encode(s).slice(0, TRAIN_MAX_TOKENS);
  mkdirSync(out, { recursive: true });
  const lines: string[] = [];
  const counts: Record<string, Record<Split, number>> = {};
  let reweighted = 0;
  let swapped = 0;
  const swapRand = seededRandom(11);
  const swap = generated.swapGroups ? groupSwapper() : null;
  for (const r of rows.values()) {
    const y = r.votes.map(vote);
    if (y.every((v) => v === -1)) continue;
    const split = splitOf(r.key);
    let w = r.weight;
    if (y[0] === 0 && y[2] === 0 && namesIdentity(r.text)) { w *= IDENTITY_CIVIL_WEIGHT; reweighted++; }
    // A text from several sources is attributed to the first one (for per-source figures); the card says so.
    const src = [...r.sources][0]!;
    (counts[src] ??= { train: 0, val: 0, dev: 0 })[split]++;
    lines.push(JSON.stringify({ t: tok(r.text), y, w, src, split, text: r.text }));
    // A swapped copy stays in its original's split (train only), so no near-duplicate straddles the splits.
    if (swap && split === 'train' && y[0] === 0 && y[2] === 0) {
      const copy = swap(r.text, swapRand);
      if (copy && !rows.has(dedupKey(copy))) {
        lines.push(JSON.stringify({ t: tok(copy), y, w: generated.swapGroups, src: 'swapped', split, text: copy }));
        swapped++;
      }
    }
  }
  writeFileSync(path.join(out, 'examples.jsonl'), lines.join('\n') + '\n');
  log(`examples: ${examples.length} read, ${dupes} duplicates merged, ${lines.length} written; ${reweighted} civil texts naming an identity weighted ${IDENTITY_CIVIL_WEIGHT}x; ${swapped} group-swapped copies`);
  for (const [s, c] of Object.entries(counts)) log(`  ${s.padEnd(14)} train ${c.train} val ${c.val} dev ${c.dev}`);

  // Out-of-distribution sets: never trained on; texts also in the training table are dropped; at most
  // 1,000 positives and 2,000 negatives per source (seeded), to keep the evaluation's CPU time small.
  const rand = seededRandom(7);
  const ood = loadEvalSets(dataDir).filter((e) => { const k = dedupKey(prepareText(e.text)); return k && !rows.has(k); });
  const bySource = new Map<string, typeof ood>();
  for (const e of ood) bySource.set(e.source, [...(bySource.get(e.source) ?? []), e]);
  const oodLines: string[] = [];
  for (const [source, list] of bySource) {
    const shuffled = list.map((e) => ({ e, k: rand() })).sort((a, b) => a.k - b.k).map((x) => x.e);
    const pos = shuffled.filter((e) => e.toxicity === 1).slice(0, 1000);
    const neg = shuffled.filter((e) => e.toxicity === 0).slice(0, 2000);
    log(`  ood ${source.padEnd(11)} ${pos.length} positive, ${neg.length} negative`);
    for (const e of [...pos, ...neg]) {
      const text = prepareText(e.text);
      oodLines.push(JSON.stringify({ t: tok(text), toxicity: e.toxicity, threat: e.threat ?? -1, src: source, text }));
    }
  }
  writeFileSync(path.join(out, 'ood.jsonl'), oodLines.join('\n') + '\n');
}
