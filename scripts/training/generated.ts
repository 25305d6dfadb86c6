/**
 * Sieve's own generated training sentences (source `generated`), written for detection v2 where the public
 * sets are thin: threats (direct, veiled, against groups), violent words in harmless use, neutral statements
 * naming identity groups, counter-speech, and heated but civil disagreement. Every sentence is a hand-written
 * frame filled from hand-written slot lists, combined by a seeded PRNG, so `npm run train` rebuilds the same
 * set. None is taken from the functional test suite (seeds/functional-suite*, models/eval*) nor from the
 * identity-bias templates (identityBias.ts); the card gives the counts.
 */
import { seededRandom } from '../seeded-random';
import type { Example, Target } from './data';

const THREAT: Target = { toxicity: 1, insult: null, identity_attack: null, threat: 1 };
const GROUP_THREAT: Target = { toxicity: 1, insult: null, identity_attack: 1, threat: 1 };
const CIVIL: Target = { toxicity: 0, insult: 0, identity_attack: 0, threat: 0 };
/** Counter-speech and criticism: not an attack on a group, not a threat; toxicity left to the other data. */
const COUNTER: Target = { toxicity: 0, insult: 0, identity_attack: 0, threat: 0 };

const PEOPLE = ['you', 'your wife', 'your kids', 'that reporter', 'the mayor', 'this journalist', 'the author', 'the moderator', 'your brother', 'the judge', 'that senator', 'the referee'];
const HARM = ['kill', 'hurt', 'shoot', 'stab', 'strangle', 'beat', 'burn', 'break the legs of', 'run over', 'hang', 'gut', 'bury'];
const DIRECT = [
  'i am going to {h} {p}',
  "i'll {h} {p} if i ever see them",
  'i swear i will {h} {p}',
  '{p} deserve to die and i will make it happen',
  'someone needs to {h} {p} tonight',
  'next time i see {p} i will {h} them',
  'i hope somebody {h}s {p} soon',
  'keep talking and i will {h} {p}',
  "we're coming to {h} {p}",
  '{p} will be dead by friday',
  'i will put a knife in {p}',
  'give me five minutes alone with {p} and a bat',
];
const VEILED = [
  'we know where {p} live, sleep well',
  'it would be a shame if something happened to {p}',
  'watch your back, {p} will not be safe forever',
  'nice house {p} have, be a pity if it burned down',
  'i have your address now and i am patient',
  '{p} should be careful walking home alone at night',
  'people like {p} tend to have accidents',
  "{p} won't see it coming",
  'one day soon {p} will get what is coming',
  'i know what car {p} drive and when {p} leave work',
  'enjoy your last week',
  'your family will pay for what you wrote',
];
const GROUPS = ['muslims', 'jews', 'immigrants', 'black people', 'gay people', 'trans people', 'mexicans', 'refugees', 'christians', 'asians', 'women', 'arabs', 'roma'];
const GROUP_THREATS = [
  'all {g} should be lined up and shot',
  'we need to wipe out the {g} once and for all',
  'burn their mosques and churches, get rid of the {g}',
  'the only good {g} is a dead one',
  'time to take up arms against the {g}',
  'someone should gas the {g}',
  'round up the {g} and hang them',
  'when the day comes the {g} will be the first against the wall',
];
/** Violent vocabulary in harmless use: the threat head must not learn "kill" ⇒ threat. */
const HARMLESS_VIOLENT_WORDS = [
  'this commute is killing me',
  'she absolutely killed it on stage last night',
  'we beat them three nil on saturday',
  'the photographer shot the whole wedding in one afternoon',
  'i could murder a pizza right now',
  'the comedian died on stage, nobody laughed',
  'that new bakery is to die for',
  'they burned through the budget in two months',
  'the defence crushed every attack in the second half',
  'my phone battery is dead again',
  'the senator attacked the bill in a long speech',
  'the critics destroyed the film in their reviews',
  'the plant was killed by the frost',
  'he stabbed at the salad with his fork',
  'our team got slaughtered in the final',
  'the price war will hurt small shops',
  'she shot down every argument with data',
  'the old factory was demolished last year',
  'the storm knocked out power across the valley',
  'the novel is about a murder in a small village',
];
const IDENTITIES = ['muslim', 'jewish', 'christian', 'hindu', 'sikh', 'buddhist', 'atheist', 'gay', 'lesbian', 'bisexual', 'trans', 'nonbinary',
  'black', 'white', 'asian', 'latino', 'arab', 'mexican', 'chinese', 'indian', 'nigerian', 'polish', 'russian', 'ukrainian', 'deaf', 'blind',
  'autistic', 'disabled', 'elderly', 'immigrant', 'refugee', 'roma', 'indigenous'];
const NEUTRAL_IDENTITY = [
  'as a {i} nurse i work night shifts most weeks',
  'the {i} students organised a book fair at the library',
  'my {i} grandmother taught me how to bake bread',
  'a {i} engineer designed the new bridge',
  'our {i} neighbours invited us for dinner on sunday',
  'the article interviews three {i} voters about housing costs',
  'the {i} football club won the regional cup',
  'i grew up in a {i} family in a small town',
  'the festival celebrates {i} music and food',
  'the council hired a {i} architect for the school project',
  'my colleague is {i} and runs marathons',
  'a {i} author won this year\'s poetry prize',
];
const COUNTER_SPEECH = [
  'saying all {g} are criminals is just wrong',
  'calling {g} vermin is disgusting and you should be ashamed',
  'no, {g} are not the problem, stop spreading that',
  'people who say {g} should leave the country are bigots',
  'i reported the comment that said {g} should be deported, it was hateful',
  'blaming {g} for the crime rate is lazy prejudice',
  '"{g} are animals" is the kind of thing we should not tolerate here',
  'my uncle keeps saying {g} are ruining everything and it makes me sad',
  'the post claiming {g} are subhuman was rightly removed',
  'hating {g} for their religion or origin is not an opinion, it is prejudice',
];
const HEATED_CIVIL = [
  'this policy is a disaster and the minister should resign',
  'the government lied about the budget and voters should punish them',
  'i completely disagree, sanctions have never worked against russia',
  'china and the us are both acting in their own interest, nothing more',
  'this article is biased propaganda and the editors know it',
  'the ukraine aid package is a waste of money in my view',
  'israel\'s government deserves criticism for this decision',
  'nato expansion was a strategic mistake, whatever you think of putin',
  'the mayor\'s plan is naive and will cost taxpayers millions',
  'your argument ignores every number in the report',
  'both parties have failed working people for decades',
  'the multipolar world talk is just kremlin spin',
];

export function generatedExamples(seed = 20261129): Example[] {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const out: Example[] = [];
  const seen = new Set<string>();
  const add = (text: string, target: Target, original: string) => {
    if (seen.has(text)) return;
    seen.add(text);
    out.push({ source: 'generated', id: `${original}-${out.length}`, text, target, original });
  };
  const harmVerb = (h: string, frame: string) => (frame.includes('{h}s') ? frame.replace('{h}s', h.replace(/^(\w+)/, (w) => (w.endsWith('sh') || w.endsWith('ch') ? `${w}es` : `${w}s`))) : frame.replace('{h}', h));
  for (let k = 0; k < 360; k++) add(harmVerb(pick(HARM), pick(DIRECT)).replace(/\{p\}/g, pick(PEOPLE)), THREAT, 'threat-direct');
  for (let k = 0; k < 200; k++) add(pick(VEILED).replace(/\{p\}/g, pick(PEOPLE)), THREAT, 'threat-veiled');
  for (let k = 0; k < 160; k++) add(pick(GROUP_THREATS).replace('{g}', pick(GROUPS)), GROUP_THREAT, 'threat-group');
  for (const s of HARMLESS_VIOLENT_WORDS) add(s, CIVIL, 'violent-words-harmless');
  for (let k = 0; k < 300; k++) add(pick(NEUTRAL_IDENTITY).replace('{i}', pick(IDENTITIES)), CIVIL, 'identity-neutral');
  for (let k = 0; k < 200; k++) add(pick(COUNTER_SPEECH).replace('{g}', pick(GROUPS)), COUNTER, 'counter-speech');
  for (const s of HEATED_CIVIL) add(s, CIVIL, 'heated-civil');
  return out;
}
