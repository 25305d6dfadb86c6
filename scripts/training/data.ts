/**
 * Training data and Sieve's ONE label definition.
 *
 * Definition (see models/MODEL_CARD.md): `toxicity` = language that attacks someone — a targeted insult,
 * threat or attack on a person or a group. Profanity with no target is NOT toxicity here: the lexicon scores
 * it (`obscene`), so the model is not taught that swearing is abuse, nor that it is civil.
 * `insult` = toxicity aimed at an individual. `identity_attack` = hate aimed at a group defined by identity.
 *
 * Each source's labels are mapped onto that definition; where a source cannot say (e.g. Davidson's
 * "offensive" mixes slurs, insults and casual swearing), the label is left unknown (null) and that example
 * does not train that head — rather than being forced into a positive or a negative it may not be.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseCsv } from '../../src/scoring/lexicon/sources';

export const HEAD_LABELS = ['toxicity', 'insult', 'identity_attack'] as const;
export type HeadLabel = (typeof HEAD_LABELS)[number];

/** 1 = positive, 0 = negative, null = this source does not say. */
export type Target = Record<HeadLabel, 0 | 1 | null>;

export type Source = 'olid' | 'davidson' | 'hateval';

export interface Example {
  source: Source;
  /** Source-local id, for traceability. */
  id: string;
  text: string;
  target: Target;
  /** The source's own label, verbatim (e.g. "OFF/TIN/IND"), for the card's tables. */
  original: string;
}

const t = (toxicity: 0 | 1 | null, insult: 0 | 1 | null, identity_attack: 0 | 1 | null): Target => ({ toxicity, insult, identity_attack });

/** OLID: NOT → all 0; OFF+TIN+IND → insult; OFF+TIN+GRP → group attack; OFF+TIN+OTH → toxic only; OFF+UNT → unknown. */
export function mapOlid(a: string, b: string, c: string): Target {
  if (a === 'NOT') return t(0, 0, 0);
  if (b === 'UNT') return t(null, 0, 0); // untargeted profanity: not an insult nor a group attack; toxicity unknown
  if (c === 'IND') return t(1, 1, 0);
  // OLID's GRP includes political groups ("liberals"), which Sieve's identity_attack does not cover,
  // and is not an insult to a person: keep it as toxic, unknown for the two narrower heads.
  if (c === 'GRP') return t(1, null, null);
  return t(1, null, 0); // OTH: an organisation, event or issue
}

/** Davidson: hate → toxic group attack; offensive → unknown toxicity (mostly casual slurs/swearing), not hate; neither → all 0. */
export function mapDavidson(cls: string): Target {
  if (cls === '0') return t(1, null, 1);
  if (cls === '1') return t(null, null, 0);
  return t(0, 0, 0);
}

/**
 * HatEval (hate against immigrants and women): hate → toxic group attack; not-hate → not a group attack.
 * Its not-hate class mixes civil tweets about immigration and women with plain abuse, so toxicity is 0 only
 * when the tweet has no word from a profanity list, else unknown. Without these negatives the toxicity head
 * would only ever see those topics as positives and learn "mentions immigrants ⇒ toxic".
 */
export function mapHatEval(label: string, hasProfanity = true): Target {
  if (label === '1') return t(1, null, 1);
  return t(hasProfanity ? null : 0, hasProfanity ? null : 0, 0);
}

/** Whole-word match against `@dsojevic/profanity-list` (any severity): used only to decide silver negatives. */
export function profanityMatcher(): (text: string) => boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const entries = require('@dsojevic/profanity-list/en.json') as { match: string }[];
  const forms = entries.flatMap((e) => e.match.split('|')).map((f) => f.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${forms.sort((a, b) => b.length - a.length).join('|')})(?![\\p{L}\\p{N}])`, 'iu');
  return (text) => re.test(text);
}

export function loadDatasets(dataDir: string): Example[] {
  const out: Example[] = [];
  const profane = profanityMatcher();
  const olid = readFileSync(path.join(dataDir, 'olid', 'olid-training-v1.0.tsv'), 'utf8').split('\n').slice(1);
  for (const line of olid) {
    const [id, text, a, b, c] = line.split('\t');
    if (!id || !text || !a) continue;
    out.push({ source: 'olid', id, text, target: mapOlid(a, b ?? 'NULL', (c ?? 'NULL').trim()), original: [a, b, c?.trim()].filter((x) => x && x !== 'NULL').join('/') });
  }
  const dav = parseCsv(readFileSync(path.join(dataDir, 'davidson', 'labeled_data.csv'), 'utf8'));
  const header = dav[0]!;
  const iClass = header.indexOf('class');
  const iTweet = header.indexOf('tweet');
  for (const row of dav.slice(1)) {
    const cls = row[iClass];
    const text = row[iTweet];
    if (cls === undefined || !text) continue;
    out.push({ source: 'davidson', id: row[0]!, text, target: mapDavidson(cls), original: ['hate', 'offensive', 'neither'][Number(cls)] ?? cls });
  }
  for (const split of ['train', 'val']) {
    const texts = readFileSync(path.join(dataDir, 'hateval', `${split}_text.txt`), 'utf8').split('\n');
    const labels = readFileSync(path.join(dataDir, 'hateval', `${split}_labels.txt`), 'utf8').split('\n');
    texts.forEach((text, i) => {
      const label = labels[i]?.trim();
      if (!text.trim() || label === undefined || label === '') return;
      out.push({ source: 'hateval', id: `${split}-${i}`, text, target: mapHatEval(label, profane(text)), original: label === '1' ? 'hate' : 'not-hate' });
    });
  }
  return out;
}
