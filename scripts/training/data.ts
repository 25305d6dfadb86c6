/**
 * Training data and Sieve's ONE label definition.
 *
 * Definition (see models/MODEL_CARD.md): `toxicity` = language that attacks someone — a targeted insult,
 * threat or attack on a person or a group. Profanity with no target is NOT toxicity here: the lexicon scores
 * it, so the model is not taught that swearing is abuse, nor that it is civil.
 * `insult` = toxicity aimed at an individual. `identity_attack` = hate aimed at a group defined by identity
 * (race, ethnicity, origin, religion, gender, sexual orientation, disability, age).
 * `threat` = wishing, announcing or calling for violence or serious harm against a person or a group, direct
 * ("I will hurt you") or veiled ("I know where you live", "someone should deal with them for good").
 *
 * Each source's labels are mapped onto that definition; where a source cannot say (e.g. Davidson's
 * "offensive" mixes slurs, insults and casual swearing), the label is left unknown (null) and that example
 * does not train that head — rather than being forced into a positive or a negative it may not be.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseCsv } from '../../src/scoring/lexicon/sources';

export const HEAD_LABELS = ['toxicity', 'insult', 'identity_attack', 'threat'] as const;
export type HeadLabel = (typeof HEAD_LABELS)[number];

/** 1 = positive, 0 = negative, null = this source does not say. */
export type Target = Record<HeadLabel, 0 | 1 | null>;

/** Trainable sources (../shared/data/README.md marks them `train`) and Sieve's own generated sentences. */
export type Source = 'olid' | 'davidson' | 'hateval' | 'toxigen' | 'toxigen-seeds' | 'implicit-hate' | 'hatexplain'
  | 'counterspeech' | 'waseem' | 'fox-news' | 'civil-spans' | 'generated';

export interface Example {
  source: Source;
  /** Source-local id, for traceability. */
  id: string;
  text: string;
  target: Target;
  /** The source's own label, verbatim (e.g. "OFF/TIN/IND"), for the card's tables. */
  original: string;
  /** Loss weight (1 unless a source is down-weighted, e.g. Waseem). */
  weight?: number;
}

type V = 0 | 1 | null;
/** Threat defaults to 0 for a text that is not toxic at all, else unknown unless the source says. */
const t = (toxicity: V, insult: V, identity_attack: V, threat: V = toxicity === 0 ? 0 : null): Target => ({ toxicity, insult, identity_attack, threat });

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
  return [...loadBaseDatasets(dataDir), ...loadWideDatasets(dataDir)];
}

/** The three sets of Sieve's first model: OLID, Davidson, HatEval. */
export function loadBaseDatasets(dataDir: string): Example[] {
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

const readCsv = (file: string, delimiter = ','): Record<string, string>[] => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parse } = require('csv-parse/sync') as typeof import('csv-parse/sync');
  return parse(readFileSync(file, 'utf8'), { columns: true, delimiter, relax_quotes: true, relax_column_count: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
};

/** ToxiGen's texts are stored as Python byte literals: b'...' (with \\n escapes); unwrap them. */
export function unwrapByteLiteral(s: string): string {
  const m = /^b(['"])([\s\S]*)\1$/.exec(s.trim());
  return (m ? m[2]! : s).replace(/\\n/g, ' ').replace(/\\'/g, "'").trim();
}

/**
 * The sets added for detection v2, each mapped onto the definition above (see the card's table):
 * - ToxiGen annotated: toxicity_human ≥ 4 → group attack; ≤ 2 → all 0; 3 → unknown (texts are about groups).
 * - ToxiGen seeds: hate → group attack; neutral → all 0.
 * - implicit-hate: explicit/implicit hate → group attack; implicit class `threatening` → threat 1, the other
 *   implicit classes → threat 0 (annotators chose one), `incitement` → threat unknown; not_hate → all 0.
 * - HateXplain: hatespeech → group attack; offensive → toxicity unknown (mixes insults and swearing), not a
 *   group attack; normal → all 0. The official test split and undecided posts are left out.
 * - Reddit counter-speech (with care): a reply that counters hate → identity_attack 0, the rest unknown (many
 *   counter replies are insults); a reply that agrees with hate (2023 set) → group attack; 2022 "hate" →
 *   toxic, narrower labels unknown. The GPT-4o silver labels are not used.
 * - Waseem (weight 0.5): hate (racism/sexism) → group attack; not hate → unknown (profane) or all 0.
 * - Fox News comments: hateful → toxic, narrower labels unknown; not hateful → all 0.
 * - Civil-comments toxic spans (news comments selected as toxic): per label, a span type marked by a
 *   majority of raters → 1, by none → 0, by a minority → unknown; toxicity 1 when no rater ticked "not toxic"
 *   and some targeted span type (insult, identity attack, threat, other toxicity) has a majority; 0 when a
 *   majority ticked "not toxic"; profanity-only → unknown. The civil negatives it needs come from Fox News,
 *   the other sets' negatives and the generated neutral sentences.
 */
export function loadWideDatasets(dataDir: string): Example[] {
  const out: Example[] = [];
  const profane = profanityMatcher();
  const d = (...p: string[]) => path.join(dataDir, ...p);

  readCsv(d('toxigen-annotated', 'toxigen.csv')).forEach((r, i) => {
    const score = Number(r['toxicity_human']);
    const text = unwrapByteLiteral(r['text'] ?? '');
    if (!text || !Number.isFinite(score)) return;
    const target = score >= 4 ? t(1, null, 1) : score <= 2 ? t(0, 0, 0) : t(null, 0, null);
    out.push({ source: 'toxigen', id: String(i), text, target, original: `human ${score.toFixed(1)}` });
  });
  readCsv(d('toxigen-seeds', 'toxigen_seed_sentences.csv')).forEach((r, i) => {
    const text = (r['text'] ?? '').trim();
    if (!text) return;
    out.push({ source: 'toxigen-seeds', id: String(i), text, target: r['prompt_label'] === 'hate' ? t(1, null, 1) : t(0, 0, 0), original: r['prompt_label'] ?? '' });
  });

  const implicitClass = new Map<string, string>();
  for (const r of readCsv(d('implicit-hate', 'implicit_hate_v1_stg2_posts.tsv'), '\t')) {
    const cls = [r['implicit_class'], r['extra_implicit_class']].filter(Boolean).join('+');
    implicitClass.set((r['post'] ?? '').trim(), cls);
  }
  readCsv(d('implicit-hate', 'implicit_hate_v1_stg1_posts.tsv'), '\t').forEach((r, i) => {
    const text = (r['post'] ?? '').trim();
    const cls = r['class'];
    if (!text || !cls) return;
    if (cls === 'not_hate') { out.push({ source: 'implicit-hate', id: String(i), text, target: t(0, 0, 0), original: cls }); return; }
    const sub = implicitClass.get(text) ?? '';
    const threat: V = sub.includes('threatening') ? 1 : sub === '' || sub.includes('incitement') ? null : 0;
    out.push({ source: 'implicit-hate', id: String(i), text, target: t(1, null, 1, threat), original: sub ? `${cls}/${sub}` : cls });
  });

  const divisions = JSON.parse(readFileSync(d('hatexplain', 'post_id_divisions.json'), 'utf8')) as Record<string, string[]>;
  const notTest = new Set([...(divisions['train'] ?? []), ...(divisions['val'] ?? [])]);
  for (const r of readCsv(d('hatexplain', '092-HateXplain.csv'))) {
    const id = r[''] ?? '';
    const text = (r['text'] ?? '').trim();
    if (!text || !notTest.has(id)) continue; // official test split and undecided posts left out
    const cat = r['category'];
    const target = cat === '1' ? t(1, null, 1) : cat === '2' ? t(null, null, 0) : cat === '0' ? t(0, 0, 0) : null;
    if (target) out.push({ source: 'hatexplain', id, text, target, original: ['normal', 'hatespeech', 'offensive'][Number(cat)] ?? cat ?? '' });
  }

  readCsv(d('reddit-counterspeech', 'yu_et_al_2022.csv')).forEach((r) => {
    const text = (r['reply'] ?? '').trim();
    if (!text) return;
    const target = r['label'] === '2' ? t(null, null, 0, null) : r['label'] === '1' ? t(1, null, null) : t(null, null, 0, null);
    out.push({ source: 'counterspeech', id: `2022-${r['idx']}`, text, target, original: ['neither', 'hate', 'counter'][Number(r['label'])] ?? '' });
  });
  readCsv(d('reddit-counterspeech', 'yu_et_al_2023.csv')).forEach((r) => {
    const text = (r['reply'] ?? '').trim();
    if (!text) return;
    const l = String(Math.round(Number(r['label'])));
    const target = l === '1' ? t(1, null, 1) : t(null, null, 0, null);
    out.push({ source: 'counterspeech', id: `2023-${r['Reply_ID']}`, text, target, original: `${['neutral', 'agrees', 'counters'][Number(l)] ?? l}/${r['Gold_label'] ?? ''}` });
  });

  for (const split of ['train.tsv', 'dev.tsv']) {
    for (const r of readCsv(d('waseem', split), '\t')) {
      const text = (r['text'] ?? '').trim();
      if (!text) continue;
      const target = r['is_hate'] === '1' ? t(1, null, 1) : profane(text) ? t(null, null, 0) : t(0, 0, 0);
      out.push({ source: 'waseem', id: `${split}-${r['doc_id']}`, text, target, original: r['is_hate'] === '1' ? 'hate' : 'not-hate', weight: 0.5 });
    }
  }

  readFileSync(d('fox-news-comments', 'fox-news-comments.json'), 'utf8').split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const r = JSON.parse(line) as { text: string; label: number };
    const text = (r.text ?? '').trim();
    if (!text) return;
    out.push({ source: 'fox-news', id: String(i), text, target: r.label === 1 ? t(1, null, null) : t(0, 0, 0), original: r.label === 1 ? 'hateful' : 'not hateful' });
  });

  out.push(...civilSpans(d('civil-comments-toxic-spans')));
  return out;
}

function civilSpans(dir: string): Example[] {
  const texts = new Map(readCsv(path.join(dir, 'comments.csv')).map((r) => [r['comment_id']!, r['comment_text'] ?? '']));
  const types = new Map<string, Set<string>>();
  for (const s of readCsv(path.join(dir, 'spans.csv'))) {
    const type = (s['type'] ?? '').startsWith('Insu') ? 'Insult' : (s['type'] ?? '').startsWith('Identity') ? 'Identity' : s['type'] ?? '';
    if (!types.has(s['annotation']!)) types.set(s['annotation']!, new Set());
    types.get(s['annotation']!)!.add(type);
  }
  const byComment = new Map<string, { notToxic: boolean; types: Set<string> }[]>();
  for (const a of readCsv(path.join(dir, 'annotations.csv'))) {
    const list = byComment.get(a['comment_id']!) ?? [];
    list.push({ notToxic: a['not toxic'] === 'True', types: types.get(a['annotation']!) ?? new Set() });
    byComment.set(a['comment_id']!, list);
  }
  const out: Example[] = [];
  for (const [id, anns] of byComment) {
    const text = texts.get(id)?.trim();
    if (!text) continue;
    const n = anns.length;
    const votes = (type: string) => anns.filter((a) => a.types.has(type)).length;
    const label = (type: string): V => { const v = votes(type); return v * 2 > n ? 1 : v === 0 ? 0 : null; };
    const notToxic = anns.filter((a) => a.notToxic).length;
    if (notToxic * 2 > n) { out.push({ source: 'civil-spans', id, text, target: t(0, 0, 0), original: `not toxic ${notToxic}/${n}` }); continue; }
    const insult = label('Insult'); const identity = label('Identity'); const threat = label('Threat'); const other = label('Other Toxicity');
    const targeted = [insult, identity, threat, other].includes(1);
    const toxicity: V = targeted && notToxic === 0 ? 1 : null;
    out.push({ source: 'civil-spans', id, text, target: { toxicity, insult, identity_attack: identity, threat }, original: `spans ${[...new Set(anns.flatMap((a) => [...a.types]))].sort().join('+') || 'none'}; not toxic ${notToxic}/${n}` });
  }
  return out;
}
