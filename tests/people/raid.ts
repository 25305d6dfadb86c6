/** Test data for raid grouping: a raid with small edits, and comments that are each their own. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const RAID = 'Stop the new bus lane on Main Street! The council never asked residents and the shops will close. Email the mayor today and say NO.';
/** Edits raiders make so that forty accounts do not post the same string. */
const EDITS: ((s: string) => string)[] = [
  (s) => s.replace('Stop', 'STOP'),
  (s) => s.replace('today', 'right now'),
  (s) => `${s} 😡😡`,
  (s) => s.replace(/o/g, '0'),
  (s) => s.replace('mayor', 'm a y o r'),
  (s) => `Honestly, ${s}`,
  (s) => s.replace(/!/g, '!!!'),
  (s) => s.replace('shops will close', 'shops are going to close'),
  (s) => s.replace('Main Street', 'Main St.'),
  (s) => s.replace(/e/g, 'е'), // Cyrillic е
  (s) => s.replace(/ /g, (m, i: number) => (i % 3 === 0 ? '\u200b ' : m)),
  (s) => s.replace('Email the mayor', 'Write to the mayor'),
  (s) => s.replace('never asked', 'did not ask'),
  (s) => s.replace(/\.$/, ' #SaveMainSt'),
  (s) => s.toLowerCase(),
  (s) => s.replace('bus lane', 'bike lane'),
];

/** Forty different raid comments: each applies two or three of the edits, by a fixed rule (no randomness in tests). */
export function raid(): string[] {
  const out = new Set<string>();
  for (let i = 0; out.size < 40; i++) {
    let s = RAID;
    const n = EDITS.length;
    for (const k of [i % n, (i + 1 + Math.floor(i / n)) % n, ...(i % 3 === 0 ? [(i * 5 + 7) % n] : [])]) s = EDITS[k]!(s);
    out.add(s);
  }
  return [...out];
}

/** Comments on the same story and others, each its own: the seed thread and one case per functionality of the suite. */
export function unrelated(): string[] {
  const root = join(__dirname, '..', '..', 'seeds');
  const thread = (JSON.parse(readFileSync(join(root, 'thread.json'), 'utf8')) as { comments: { text: string }[] }).comments.map((c) => c.text);
  const seen = new Set<string>();
  const suite: string[] = [];
  for (const line of readFileSync(join(root, 'functional-suite.jsonl'), 'utf8').trim().split('\n')) {
    const c = JSON.parse(line) as { functionality: string; text: string };
    if (!seen.has(c.functionality)) {
      seen.add(c.functionality);
      suite.push(c.text);
    }
  }
  const sameStory = [
    'The bus lane on Main Street is the best thing the council has done in years. My commute is ten minutes shorter.',
    'I run a shop on Main Street and trade went up after the lane opened, not down.',
    'Did anyone ask the bus drivers what they think? They should have been consulted before the council voted.',
    'Email the council if you want, but the decision was made in March after two public meetings.',
  ];
  return [...thread, ...suite, ...sameStory];
}


/** Every case of the functional suite: short, many written from one template per functionality. */
export function suite(): string[] {
  return readFileSync(join(__dirname, '..', '..', 'seeds', 'functional-suite.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { text: string }).text);
}
