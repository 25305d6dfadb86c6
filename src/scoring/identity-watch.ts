/**
 * Identity watch (issue #13): is a group held more often only because it is named?
 *
 * Two figures per identity group (src/domain/identity.ts, the model card's terms):
 *  1. how many of the comments naming the group were held, against the share for all comments — a pointer, not a
 *     verdict (a group that is attacked more is also named more in held comments);
 *  2. a neutralised re-score: each held comment naming the group is scored again with ONLY the group's words
 *     swapped for a neutral one ("Muslims" → "Locals"). A fair scorer holds "Locals are vermin" as it held
 *     "Muslims are vermin"; a comment whose hold falls away when nothing but the group word changed was held for
 *     naming the group. A group is flagged as a likely bias when at least `minFellAway` holds fell away and the
 *     lower end of the 95 % interval of the share that fell away is above `flagShare`.
 *
 * The scorer is passed in (`rescore`): the quality page gives it the live pipeline, a test a planted one.
 */
import { IDENTITY_GROUPS, NEUTRAL_TERM } from '../domain/identity';
import { share, type Share } from '../review/quality/stats';
import type { Pipeline } from './pipeline';
import { alternation } from './regex';

export interface WatchedComment {
  id: string;
  text: string;
  /** Did Sieve hold it (review or reject)? */
  held: boolean;
}

export interface GroupWatch {
  group: string;
  /** Comments naming the group, and the share of them held. */
  held: Share;
  /** held share of this group ÷ held share of all comments (1 = as often as any comment); null without data. */
  heldRatio: number | null;
  /** Of the held comments naming the group, the share no longer held once only the group's words are neutral. */
  fellAway: Share;
  flagged: boolean;
  /** Ids of comments whose hold fell away (at most 10), for a moderator to look at. */
  fellAwayIds: string[];
}

export interface IdentityWatchReport {
  /** All comments looked at, and the share held. */
  held: Share;
  groups: GroupWatch[];
}

export interface IdentityWatchOptions {
  /** Flag when the interval's lower end of the share that fell away is above this; default 0.1. */
  flagShare?: number;
  /** ... and at least this many holds fell away; default 3. */
  minFellAway?: number;
}

/** One pattern per group: its terms as whole words, a plural `s`/`es` allowed, spaces in a term as any spacing. */
const GROUP_PATTERNS: [string, RegExp][] = Object.entries(IDENTITY_GROUPS).map(([group, terms]) => {
  return [group, new RegExp(`(?<![\\p{L}\\p{N}])${alternation(terms, '\\s+')}(e?s)?(?![\\p{L}\\p{N}])`, 'giu')];
});

/** The identity groups a text names. */
export function groupsNamed(text: string): string[] {
  return GROUP_PATTERNS.filter(([, re]) => { re.lastIndex = 0; return re.test(text); }).map(([g]) => g);
}

/** The text with the group's words (and only those) swapped for NEUTRAL_TERM, keeping plural and capital. */
export function neutralise(text: string, group: string): string {
  const re = GROUP_PATTERNS.find(([g]) => g === group)?.[1];
  if (!re) return text;
  return text.replace(re, (word: string, plural: string | undefined) => {
    const neutral = NEUTRAL_TERM + (plural ? 's' : '');
    if (word === word.toUpperCase() && /\p{L}{2}/u.test(word)) return neutral.toUpperCase();
    return /^\p{Lu}/u.test(word) ? neutral[0]!.toUpperCase() + neutral.slice(1) : neutral;
  });
}

/** `rescore` from a pipeline: held = any verdict but publish. */
export const heldByPipeline = (pipeline: Pick<Pipeline, 'scoreBatch'>) =>
  async (texts: readonly string[]): Promise<boolean[]> => (await pipeline.scoreBatch(texts)).map((r) => r.verdict !== 'publish');

export async function identityWatch(
  comments: readonly WatchedComment[],
  rescore: (texts: readonly string[]) => Promise<boolean[]>,
  opts: IdentityWatchOptions = {},
): Promise<IdentityWatchReport> {
  const flagShare = opts.flagShare ?? 0.1;
  const minFellAway = opts.minFellAway ?? 3;
  const all = share(comments.filter((c) => c.held).length, comments.length);
  const named = comments.map((c) => ({ c, groups: groupsNamed(c.text) }));
  // Every (held comment, group it names) pair, neutralised, scored in one pass.
  const pairs = named.flatMap(({ c, groups }) => (c.held ? groups.map((group) => ({ c, group, text: neutralise(c.text, group) })) : []));
  const stillHeld = pairs.length > 0 ? await rescore(pairs.map((p) => p.text)) : [];
  const groups: GroupWatch[] = [];
  for (const group of Object.keys(IDENTITY_GROUPS)) {
    const mine = named.filter((n) => n.groups.includes(group)).map((n) => n.c);
    if (mine.length === 0) continue;
    const held = share(mine.filter((c) => c.held).length, mine.length);
    const fell = pairs.flatMap((p, i) => (p.group === group && !stillHeld[i] ? [p.c.id] : []));
    const fellAway = share(fell.length, pairs.filter((p) => p.group === group).length);
    groups.push({
      group,
      held,
      heldRatio: held.rate !== null && all.rate ? held.rate / all.rate : null,
      fellAway,
      flagged: fell.length >= minFellAway && (fellAway.interval?.[0] ?? 0) > flagShare,
      fellAwayIds: fell.slice(0, 10),
    });
  }
  return { held: all, groups };
}
