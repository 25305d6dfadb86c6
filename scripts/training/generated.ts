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
  // Written for detection v2.1 to replace frames that paraphrased the functional suite's veiled threats.
  'i have your address now and i am patient',
  'i know what car {p} drive and when {p} leave work',
  'your family will pay for what you wrote',
  'count your days, {p}',
  'keep posting and see what it costs {p}',
  'tell {p} to lock the doors tonight, just a friendly tip',
  "i'd start checking under the car if i were {p}",
  'the home address of {p} is already in a few group chats, good luck',
  'not everyone who reads this is as patient as me, {p}',
  "we'll be waiting outside the office when {p} finish",
  "last warning to {p}, next time it won't be words",
  'one more article like this and {p} will need a bodyguard',
  'hope {p} have good insurance',
  'there are people who would love to meet {p} in a dark car park',
  'we have photos of where {p} park every morning',
  '{p} will regret this when nobody is around to help',
];
const GROUPS = ['muslims', 'jews', 'immigrants', 'black people', 'gay people', 'trans people', 'mexicans', 'refugees', 'christians', 'asians', 'women', 'arabs', 'roma'];
const GROUP_THREATS = [
  'all {g} should be lined up and shot',
  'it is time to exterminate every last one of the {g}',
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
  'it is just wrong to treat all {g} as criminals',
  'calling {g} vermin is disgusting and you should be ashamed',
  'no, {g} are not the problem, stop spreading that',
  'anyone who wants {g} thrown out of the country is preaching bigotry',
  'i flagged a comment demanding that {g} be expelled, it was hateful',
  'blaming {g} for the crime rate is lazy prejudice',
  '"{g} are a menace" is the kind of line we should not tolerate here',
  'my grandad still blames {g} for everything and it makes me sad',
  'the moderators took down a post that called {g} subhuman, good',
  'hating {g} for their religion or origin is not an opinion, it is prejudice',
];
const HEATED_CIVIL = [
  'this budget is a mess and the chancellor has to go',
  'the government lied about the budget and voters should punish them',
  'i completely disagree, sanctions have never worked against russia',
  'china and the us are both acting in their own interest, nothing more',
  'this article is biased propaganda and the editors know it',
  'the ukraine aid package is a waste of money in my view',
  'israel\'s government deserves criticism for this decision',
  'enlarging the alliance eastward was a blunder, in my opinion',
  'the mayor\'s plan is naive and will cost taxpayers millions',
  'your argument ignores every number in the report',
  'neither party has done anything for wage earners in a generation',
  'the multipolar world talk is just kremlin spin',
];

// ---- Added for detection v2.1 (written for this model; none taken from the functional suite or identityBias.ts) ----

const ATTACK_GROUP: Target = { toxicity: 1, insult: null, identity_attack: 1, threat: 0 };
/** Groups as plural nouns (the form comments use: "jews", "black people"). */
const GROUP_NOUNS = ['jews', 'muslims', 'christians', 'hindus', 'sikhs', 'mexicans', 'black people', 'white people', 'chinese people', 'immigrants',
  'roma', 'refugees', 'gay people', 'lesbians', 'bisexual people', 'trans people', 'women', 'men', 'asians', 'arabs', 'indians', 'nigerians',
  'russians', 'ukrainians', 'israelis', 'palestinians', 'americans', 'disabled people', 'deaf people', 'older people', 'latinos', 'migrants'];
/** Dehumanisation: a group called non-human or a contagion. Positives for identity_attack, never threats. */
const DEHUMANISING = [
  '{g} are nothing but cockroaches',
  '{g} breed like rats and fill up every city',
  '{g} are subhuman filth',
  '{g} are a plague on this country',
  "{g} aren't even human",
  "you can't reason with {g}, they are beasts",
  '{g} are savages who crawled out of the gutter',
  'this town has an infestation of {g}',
  'those {g} are less than human',
  '{g} are like locusts, they strip everything bare',
  '{g} are leeches on the welfare state',
  '{g} are pigs, filthy and greedy',
  '{g} are walking garbage',
  '{g} are a cancer eating this nation from the inside',
  '{g} are a swarm, not people',
  'look at them, {g} are barely more than apes',
];
/** Implicit derogation: stereotypes and exclusion without a slur or swear word. */
const IMPLICIT = [
  '{g} will always choose welfare over work',
  'hire {g} and you will regret it within a month',
  'every one of those {g} is a liar, it is in their culture',
  '{g} have never contributed anything to civilisation',
  'i would never let my daughter marry one of those {g}',
  '{g} are only loyal to their own kind',
  'keep {g} out of our schools',
  '{g} cannot be trusted to vote responsibly',
  'you can tell when {g} live on a street, the rubbish piles up',
  '{g} are born criminals',
  '{g} are destroying our culture and nobody dares say it',
  '{g} should not be allowed to hold public office',
  'no surprise the company went bust, {g} were running it',
  'a real country would not hand passports to {g}',
  '{g} breed trouble wherever they settle',
  'the problem with {g} is that they never assimilate',
];
/** Neutral statements with a group as plural noun. */
const NEUTRAL_GROUP = [
  '{g} have been part of this region\'s history for centuries',
  'the museum opened an exhibition on the history of {g} in the city',
  'a new survey asked {g} about public transport',
  'many {g} work in healthcare and education',
  'the documentary follows {g} who run a small bakery',
  '{g} celebrated the holiday with a street festival',
  'the report counts how many {g} voted in the last election',
  'the census shows the number of {g} in the county grew',
  'my teacher talked about the history of {g} in europe',
  'the podcast invites {g} to talk about their jobs',
  'is it true that {g} have their own new year celebrations?',
  '{g} have the same rights as every other citizen',
  'the library has a section of books written by {g}',
  'the study compares how {g} and other residents use the parks',
  'some {g} in the village keep bees and sell honey',
  'the council met {g} to discuss the new bus routes',
  'there are {g} on both sides of this debate',
  'the paper ran a series of interviews with {g} about rent',
];
/** Positive statements about a group. */
const POSITIVE_GROUP = [
  '{g} are our neighbours, colleagues and friends',
  'thank you to all the {g} who volunteered at the food bank',
  'i have learned so much from {g} at my university',
  '{g} deserve respect and safety like anyone else',
  'our club welcomes {g} and everyone else',
  'the choir has {g} and people of every background',
  'the city is richer for the {g} who live here',
  'some of the kindest people i know are {g}',
  'the best teacher i ever had came from a family of {g}',
  'glad to see {g} represented on the new board',
];
/** First-person and third-person statements with an identity adjective. */
const SELF_IDENTITY = [
  'as someone who is {i}, i found this article fair',
  "i'm {i} and i have lived in this town for twenty years",
  'speaking as a {i} parent, the new school timetable works for us',
  'my partner is {i} and we are getting married in june',
  'he is {i} and plays the violin in the city orchestra',
  'being {i} has never stopped me from travelling',
  'i was raised {i} and still cook my grandmother\'s recipes',
  'our {i} neighbour fixed our fence last weekend',
];
/** Counter-speech with the dehumanising vocabulary above: condemning or reporting it is not an attack. */
const COUNTER_DEHUMANISING = [
  'comparing {g} to cockroaches is how the worst crimes in history started',
  'whoever wrote that {g} are not human should be banned',
  'calling {g} rats or locusts is dehumanising and wrong',
  'the leaflet said {g} are a plague, and the police are investigating it',
  'stop saying {g} are less than human, they are people like you',
  'i am tired of reading that {g} are savages, it is racist nonsense',
];
/** Harmless sentences with the vocabulary of veiled threats (addresses, cars, locks, insurance). */
const HARMLESS_VEILED_WORDS = [
  'lock the doors tonight, the wind is strong enough to blow them open',
  'check under the car before you drive off, the cat likes to sleep there',
  'we will be waiting outside the office when you finish, then dinner',
  'hope you have good insurance, that hail storm was brutal',
  'count your days of leave before booking the trip',
  'last warning: the shop closes at six tonight',
  'keep posting these recipes, they are great',
  'your address is on the parcel, it should arrive tomorrow',
  'we have photos of the whole party, i will send them tonight',
];

// ---- Added for detection v2.2 (written for this model; none taken from the functional suite or identityBias.ts) ----

/**
 * Claims about a group, each in an affirmative and a negated form. The same group + claim is generated as an
 * attack (affirmed), as negated hate and as counter-speech that repeats the claim to reject it, so the model
 * learns the contrast ("not", "the myth that", "people who say") rather than "group + criminals" ⇒ abuse.
 */
const CLAIMS: readonly (readonly [string, string])[] = [
  ['are criminals', 'are not criminals'],
  ['are lazy', 'are not lazy'],
  ['are dangerous', 'are not dangerous'],
  ['steal our jobs', "don't steal our jobs"],
  ['live off benefits', "don't live off benefits"],
  ['cannot be trusted', 'can be trusted as much as anyone else'],
  ['are stupider than everyone else', 'are no less intelligent than anyone else'],
  ['bring crime wherever they go', "don't bring crime with them"],
  ['should be deported', 'should not be deported'],
  ['are a danger to our children', 'are no danger to our children'],
  ['wreck every neighbourhood they move into', "don't wreck the neighbourhoods they move into"],
  ['are all terrorists', 'are not terrorists'],
  ['are mentally ill', 'are not mentally ill'],
  ['are destroying this country', 'are not destroying this country'],
  ['are rapists', 'are not rapists'],
  ['are subhuman', 'are not subhuman'],
  ["don't belong here", 'belong here as much as anyone'],
  ['are dirty', 'are not dirty'],
  ['are inferior', 'are not inferior to anyone'],
  ['are freeloaders', 'are not freeloaders'],
  ['should lose the right to vote', 'should not lose the right to vote'],
  ['are born liars', 'are not born liars'],
  ['are a burden on society', 'are not a burden on society'],
  ['want to replace us', "don't want to replace anyone"],
];
/** The claim affirmed: an attack on the group. */
const CLAIM_ATTACK = [
  '{g} {c}',
  'face it, {g} {c}',
  'everyone knows {g} {c}',
  "i'm done being polite about it: {g} {c}",
  '{g} {c}, always have and always will',
  'the truth nobody will print is that {g} {c}',
  "let's be honest, {g} {c}",
  'my view is simple, {g} {c}',
  'anyone who has lived near them knows {g} {c}',
  'sorry but {g} {c} and the stats prove it',
  'wake up people, {g} {c}',
  'it has been obvious for years that {g} {c}',
];
/** The claim negated: civil. {n} is the negated form, {c} the affirmative. */
const CLAIM_NEGATED = [
  '{g} {n}',
  'it is false that {g} {c}',
  'no, {g} {n}',
  'let me be clear: {g} {n}',
  'the idea that {g} {c} has no basis at all',
  'i do not accept that {g} {c}',
  'nobody sensible thinks {g} {c}',
  '{g} {n}, people are individuals',
  'there is no evidence that {g} {c}',
  'it is a myth that {g} {c}',
  'of course {g} {n}',
  'whatever that poster claims, {g} {n}',
  'for the record, {g} {n}',
  'it is simply untrue that {g} {c}',
  '{g} {n}, full stop',
];
/** Counter-speech that repeats (references, reports or quotes) the claim in order to reject it: civil. */
const CLAIM_COUNTER = [
  'people who claim {g} {c} are repeating propaganda',
  'my uncle keeps saying {g} {c} and i keep correcting him',
  'the post said {g} {c}; that is a hateful generalisation',
  'saying {g} {c} is bigotry, plain and simple',
  'i reported the thread claiming {g} {c}',
  'the rumour that {g} {c} was debunked years ago',
  'every time someone writes that {g} {c}, real families get hurt',
  'so you think {g} {c}? that is prejudice, not an argument',
  'the candidate claimed {g} {c} and was rightly condemned',
  'this tired lie that {g} {c} keeps coming back and it is still wrong',
  'if you believe {g} {c}, go and actually meet some of them',
  'teaching kids that {g} {c} is how hatred spreads',
  'the article takes apart the claim that {g} {c}',
  'someone wrote "{g} {c}" under my post and it made me feel sick',
  'quit repeating that {g} {c}, it is not true',
  'the flyer in our street said "{g} {c}" and the neighbours tore it down',
  'claiming {g} {c} tells us about you, not about them',
  'i grew up hearing that {g} {c}, and i was lied to',
  'the commenter insists {g} {c}; the data says otherwise',
  'blaming everything on {g} because they supposedly {c} is scapegoating',
];
/** Second-person and family slots for threats. */
const FAMILY = ['wife', 'husband', 'son', 'daughter', 'mother', 'father', 'little sister', 'brother', 'girlfriend', 'boyfriend'];
const PLACE = ['house', 'flat', 'office', 'front door', 'car', 'garden', 'street'];
const WHEN = ['tonight', 'this weekend', 'on friday', 'soon', 'one of these days', 'when you least expect it', 'before the month is out'];
/** Veiled threats: surveillance, "accidents", knowing family, address or routine, warnings. */
const VEILED_V22 = [
  'i know the street you live on and the time you get home',
  'funny how easy it was to find your home address',
  "i'll be driving past your {pl} {w}. nice place you have",
  'your {f} walks home alone after dark, right?',
  'accidents happen to people who write articles like this',
  'careful on those stairs, people like you have accidents',
  'shame if your {pl} caught fire one night',
  "you've been warned. next time we won't be so polite",
  'consider this your one and only warning',
  'we are watching you and your {f}',
  "you won't see it coming",
  'people have disappeared for saying less',
  'remember, we know your routine',
  'someone followed you home yesterday, just so you know',
  'i know what time you leave the gym',
  'we will pay your {pl} a visit {w}',
  'enjoy your last few weeks of peace',
  'it\'d be terrible if your {pl} burned down while you slept',
  'somebody is going to come knocking {w}',
  'watch your back when you walk to your car',
  'we have your phone number and your address, see you {w}',
  'old brakes fail all the time, drive carefully {w}',
  'think about your {f} before you publish again',
  'we even know the name of your dog',
  'lovely {f} you have, would be a pity to lose them',
  'i wonder how your {f} would feel if you never came home',
  'we got a picture of your {pl}, thought you would like to see it',
  'keep digging and you will end up in one yourself',
  'we know the route your {f} takes every morning',
  'be a shame if your {f} had an accident {w}',
  'you have a lot to lose, remember that',
];
/** Direct threats with varied phrasing (the verb list is HARM above). */
const DIRECT_V22 = [
  'i will find you and {h} you',
  'i am coming to your {pl} to {h} you',
  "i'm going to smash your face in",
  'one day i will {h} you with my own hands',
  '{p} should be shot for this',
  'get ready to die, {p}',
  'meet me outside and i will {h} you',
  'i am going to put you in the hospital',
  'you deserve a bullet and i have one ready',
  'i will {h} your {f} {w}',
  'i will make you bleed for this',
  'pray i never find out where you work, because i will {h} you',
  "i'll cut your throat",
  'we will {h} you and everyone you love',
  'i am going to {h} {p} {w}',
  'watch me {h} {p} {w}',
];
/** Untargeted swearing as interjection or intensifier: civil (the lexicon reports profanity; the policy publishes it). */
const INTERJECTIONS = ['fuck', 'fucking hell', 'holy shit', 'shit', 'damn', 'goddamn', 'bloody hell', 'oh crap', 'for fuck\'s sake', 'what the fuck', 'jesus christ', 'oh hell'];
const SITUATIONS = ['the bus is late again', 'i forgot my keys at work', 'that goal was unbelievable', 'the wifi is down again', 'it is snowing in april',
  'i burned the toast', 'my laptop just died', 'what a concert that was', 'the queue at the post office is endless', 'i actually won the raffle',
  'the pipes froze overnight', 'this puzzle took me three hours', 'the match went to penalties', 'the rent went up again', 'my train got cancelled'];
const PROFANE_FRAMES = ['{x}, {s}', '{s}, {x}', '{x}! {s}', '{s}... {x}, seriously'];
const INTENSIFIED = [
  'this {x} printer never works',
  'best {x} album of the year, no contest',
  'the {x} council still has not fixed the potholes',
  'that was a {x} brilliant match',
  'i am so {x} tired of this weather',
  'this {x} heat is unbearable',
  'what a {x} mess the roadworks are',
  'the {x} form crashed again when i pressed submit',
  'that {x} cake was amazing',
  'my {x} neighbours\' dog barked all night',
];
const INTENSIFIERS = ['fucking', 'damn', 'bloody', 'goddamn', 'shitty', 'freaking'];
/** More harmless violent idioms, some with "you" as object: threat needs intent to harm. */
const HARMLESS_VIOLENT_V22 = [
  "i'm going to kill this presentation tomorrow",
  'my feet are killing me after that hike',
  'he murdered that song at karaoke',
  'we got destroyed in the pub quiz again',
  'the heat is going to kill my tomatoes',
  "i'll shoot you an email later today",
  'break a leg tonight, you will be great',
  'you will knock them dead at the interview',
  'you are going to kill it at the audition',
  "i'd kill for a coffee right now",
  'if mum sees this mess she will kill me',
  'that last joke absolutely killed',
  "let's smash this deadline, team",
  'we need to attack the problem from a different angle',
  'time to execute the plan we agreed on',
  'they blew the other team away in the second half',
  'the dentist is going to torture me with that drill again',
  'i could strangle my printer some days',
  'we will bury them in the rankings next season',
  'the spicy wings nearly finished me off',
  'this crossword is going to be the death of me',
  'she fights for her patients every day',
  'grandad fought in the war and never talked about it',
  'our striker was on fire, a hat-trick in twenty minutes',
  'the boss will have my head if the report is late',
];
/** Harmless sentences with veiled-threat vocabulary (address, family, routine, warnings, accidents). */
const HARMLESS_VEILED_V22 = [
  'your son and mine are in the same class, see you at the school gate',
  'the insurer said accidents happen and paid for the scratch',
  "you've been warned: the sequel is even longer than the first film",
  'watch your back when lifting heavy boxes',
  'i drove past your house today and your roses look lovely',
  'remember to lock your car, there were break-ins on our street',
  'consider this your reminder that the library books are due friday',
  'someone is coming to read the gas meter tomorrow',
  'i know your routine is busy, so no rush to reply',
  'keep an eye on your kids near the river, the current is strong',
];
/** Heated but civil political criticism of institutions and office-holders. */
const ACTORS = ['the prime minister', 'the president', 'this government', 'the opposition', 'the party leadership', 'the kremlin', 'nato', 'the european commission',
  'the white house', 'beijing', 'the israeli government', 'the ukrainian government', 'congress', 'the senate', 'the city council', 'the treasury', 'the home office',
  'the governor', 'the central bank', 'the ministry of defence'];
const CRITICISMS = ['has broken every promise it made', 'is misleading voters about the deficit', 'should resign today', 'has wrecked the health service',
  'is wrong about sanctions', 'deserves to be voted out', 'has no plan and no shame', 'is wasting billions on vanity projects', 'keeps dodging every hard question',
  'has made housing unaffordable for a whole generation', 'is hopelessly out of touch', 'is hiding the real cost of this war', 'botched the pandemic response',
  'has failed the people it was elected to serve', 'is spinning the figures again'];
const HEATED_FRAMES = ['{a} {c}', 'i am furious: {a} {c}', 'honestly, {a} {c} and everyone can see it', '{a} {c}. vote accordingly', 'sorry, but {a} {c}', 'mark my words, {a} {c}'];

/**
 * v2.1's set by default. `v22: true` adds v2.2's sentences (claims, more threats, swearing, idioms, politics): drawn
 * after v2.1's from the same PRNG, so the default set is exactly the one the committed model was trained on. The v2.2
 * retrain with them lost out of distribution (models/MODEL_CARD.md, "v2.2 retrain: not committed"), so they are opt-in.
 * `v22Share` (0–1, default 1) draws that share of v2.2's templated sentences and scales their loss weight by it too:
 * fewer copies of each template, and less pull from them (the v2.3 attempt); the hand-written idioms keep weight 1.
 */
export interface GeneratedOptions { v22?: boolean; v22Share?: number }

export function generatedExamples(seed = 20261129, opts: GeneratedOptions = {}): Example[] {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const out: Example[] = [];
  const seen = new Set<string>();
  const add = (text: string, target: Target, original: string, weight?: number) => {
    if (seen.has(text)) return;
    seen.add(text);
    out.push({ source: 'generated', id: `${original}-${out.length}`, text, target, original, ...(weight ? { weight } : {}) });
  };
  const harmVerb = (h: string, frame: string) => (frame.includes('{h}s') ? frame.replace('{h}s', h.replace(/^(\w+)/, (w) => (w.endsWith('sh') || w.endsWith('ch') ? `${w}es` : `${w}s`))) : frame.replace('{h}', h));
  for (let k = 0; k < 360; k++) add(harmVerb(pick(HARM), pick(DIRECT)).replace(/\{p\}/g, pick(PEOPLE)), THREAT, 'threat-direct');
  for (let k = 0; k < 200; k++) add(pick(VEILED).replace(/\{p\}/g, pick(PEOPLE)), THREAT, 'threat-veiled');
  for (let k = 0; k < 160; k++) add(pick(GROUP_THREATS).replace('{g}', pick(GROUPS)), GROUP_THREAT, 'threat-group');
  for (const s of HARMLESS_VIOLENT_WORDS) add(s, CIVIL, 'violent-words-harmless');
  for (let k = 0; k < 300; k++) add(pick(NEUTRAL_IDENTITY).replace('{i}', pick(IDENTITIES)), CIVIL, 'identity-neutral');
  for (let k = 0; k < 200; k++) add(pick(COUNTER_SPEECH).replace('{g}', pick(GROUPS)), COUNTER, 'counter-speech');
  for (const s of HEATED_CIVIL) add(s, CIVIL, 'heated-civil');
  // v2.1 additions
  for (let k = 0; k < 300; k++) add(pick(DEHUMANISING).replace('{g}', pick(GROUP_NOUNS)), ATTACK_GROUP, 'dehumanisation');
  for (let k = 0; k < 300; k++) add(pick(IMPLICIT).replace('{g}', pick(GROUP_NOUNS)), ATTACK_GROUP, 'implicit-derogation');
  for (let k = 0; k < 500; k++) add(pick(NEUTRAL_GROUP).replace('{g}', pick(GROUP_NOUNS)), CIVIL, 'identity-neutral-group');
  for (let k = 0; k < 250; k++) add(pick(POSITIVE_GROUP).replace('{g}', pick(GROUP_NOUNS)), CIVIL, 'identity-positive-group');
  for (let k = 0; k < 200; k++) add(pick(SELF_IDENTITY).replace('{i}', pick(IDENTITIES)), CIVIL, 'identity-self');
  for (let k = 0; k < 150; k++) add(pick(COUNTER_DEHUMANISING).replace('{g}', pick(GROUP_NOUNS)), COUNTER, 'counter-dehumanising');
  for (const s of HARMLESS_VEILED_WORDS) add(s, CIVIL, 'veiled-words-harmless');
  if (!opts.v22) return out;
  const share = opts.v22Share ?? 1;
  const times = (count: number) => Math.round(count * share);
  const addV22 = (text: string, target: Target, original: string, weight = 1) => add(text, target, original, weight * share);
  // v2.2 additions. The affirmed claims weigh 2, as the civil ones naming a group do (exportData's identity re-weighting),
  // and each (group, claim) pair is drawn twice as an attack and once each negated and countered: hate and its
  // rejection weigh the same.
  const fillVeiled = (f: string) => f.replace('{f}', pick(FAMILY)).replace('{pl}', pick(PLACE)).replace('{w}', pick(WHEN)).replace(/\{p\}/g, pick(PEOPLE));
  for (let k = 0; k < times(700); k++) {
    const g = pick(GROUP_NOUNS);
    const [c, n] = pick(CLAIMS);
    const fill = (f: string) => f.replace('{g}', g).replace('{c}', c).replace('{n}', n);
    addV22(fill(pick(CLAIM_ATTACK)), ATTACK_GROUP, 'claim-attack', 2);
    addV22(fill(pick(CLAIM_ATTACK)), ATTACK_GROUP, 'claim-attack', 2);
    addV22(fill(pick(CLAIM_NEGATED)), CIVIL, 'claim-negated');
    addV22(fill(pick(CLAIM_COUNTER)), COUNTER, 'claim-counter');
  }
  for (let k = 0; k < times(500); k++) addV22(fillVeiled(pick(VEILED_V22)), THREAT, 'threat-veiled-v22');
  for (let k = 0; k < times(400); k++) addV22(fillVeiled(harmVerb(pick(HARM), pick(DIRECT_V22))), THREAT, 'threat-direct-v22');
  for (let k = 0; k < times(150); k++) addV22(pick(PROFANE_FRAMES).replace('{x}', pick(INTERJECTIONS)).replace('{s}', pick(SITUATIONS)), CIVIL, 'profanity-untargeted');
  for (let k = 0; k < times(60); k++) addV22(pick(INTENSIFIED).replace('{x}', pick(INTENSIFIERS)), CIVIL, 'profanity-untargeted');
  for (const s of HARMLESS_VIOLENT_V22) add(s, CIVIL, 'violent-words-harmless');
  for (const s of HARMLESS_VEILED_V22) add(s, CIVIL, 'veiled-words-harmless');
  for (let k = 0; k < times(250); k++) addV22(pick(HEATED_FRAMES).replace('{a}', pick(ACTORS)).replace('{c}', pick(CRITICISMS)), CIVIL, 'heated-civil');
  return out;
}
