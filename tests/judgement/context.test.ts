/**
 * The context phase: a slur quoted, reported or condemned is counter-speech; one a speaker uses for their own group
 * is reclaimed; "a bundle of faggots for the fire" is the word's innocent sense. Addressing someone turns any of
 * them back into plain use. Lexicon only (fast); the model's part is in judgement.test.ts.
 */
import { createContextDetector, quoteSpans, textForModel } from '../../src/scoring/context';
import { createLexiconScorer } from '../../src/scoring/lexicon/scorer';

const lexicon = createLexiconScorer();
const context = createContextDetector();
const contexts = (text: string) => context.detect(text, lexicon.match(text)).map((m) => [m.text, m.context ?? 'plain']);
/** What the model reads of `text` (null: the lexicon's own de-obfuscated text). */
const modelText = (text: string) => context.modelText(text, context.detect(text, lexicon.match(text)));

describe('the context phase recognises how a term is used', () => {
  test.each([
    ['Calling people faggots is disgusting.', 'faggots', 'condemned'],
    ['Stop calling them ragheads, it is racist.', 'ragheads', 'condemned'],
    ['He called me a kike on the bus this morning.', 'kike', 'reported'],
    ['I got called a dyke at work today and HR did nothing.', 'dyke', 'reported'],
    ['A man yelled "chink" at my sister. I reported him.', 'chink', 'reported'],
    ['Someone wrote “nigger” on the fence.', 'nigger', 'reported'],
    ['The book uses “nigger” as the sheriff said it.', 'nigger', 'quoted'],
    ['Using the word spic is never okay.', 'spic', 'quoted'],
    ["I'm a proud dyke and I love my wife.", 'dyke', 'reclaimed'],
    ['We fags have danced here since 1985.', 'fags', 'reclaimed'],
    ['Gather a bundle of faggots for the fire.', 'faggots', 'homonym'],
    ['The Dutch built a dyke to hold back the sea.', 'dyke', 'homonym'],
    ['Our Labrador bitch had eight puppies.', 'bitch', 'homonym'],
  ])('%s → %s is %s', (text, term, want) => {
    expect(contexts(text)).toContainEqual([term, want]);
  });

  test.each([
    ['You\'re a "faggot" and everyone knows it.'],
    ['I\'d call you a kike to your face.'],
    ['Get lost, you dyke.'],
    ['You dyke, go back to the sea.'],
    ['Faggots like you are disgusting.'],
    ['No kikes allowed here.'],
    // The writer's own words are no mention: a speech verb after "I", or a "condemnation" the writer shrugs off.
    ['I called him a kike and I would again.'],
    ['Call me racist, I say Jews are vermin.'],
  ])('address or plain use stays plain: %s', (text) => {
    const found = contexts(text);
    expect(found.length).toBeGreaterThan(0);
    for (const [, c] of found) expect(c).toBe('plain');
  });

  test('a word the speaker has claimed keeps its context for the rest of the comment, unless it addresses someone', () => {
    expect(contexts("I'm a dyke, my wife is a dyke, our dog is confused.").map(([, c]) => c)).toEqual(['reclaimed', 'reclaimed']);
    expect(contexts("I'm a dyke. And you are a dyke too.").map(([, c]) => c)).toEqual(['reclaimed', 'plain']);
  });

  test("quotation marks at word edges only: apostrophes of don't and people's never open a quotation", () => {
    expect(quoteSpans("don't say 'that' to people's faces")).toEqual([[10, 15]]);
    expect(quoteSpans('he said “x” and "y"')).toEqual([[8, 10], [16, 18]]);
  });

  test('the model reads terms in context masked, other terms spelled out, untargeted swearing left out', () => {
    const t1 = 'He called me a k1ke. You f a g g o t.';
    expect(modelText(t1)).toBe('He called me a name. You faggot.');
    expect(contexts('He called me a kike, those faggots.')).toEqual([['kike', 'reported'], ['faggots', 'plain']]);
    const t2 = 'This fucking policy is a disaster.';
    expect(modelText(t2)).toBe('This policy is a disaster.');
    const t3 = 'Fuck you, you idiot.';
    expect(modelText(t3)).toBeNull(); // swearing at someone: the model judges it
    expect(textForModel('plain text', [])).toBeNull();
    // A thing sworn at, not a person: "fuck it", "fuck this" before a pause.
    const t4 = 'Fuck it, I am buying the bigger flat.';
    expect(modelText(t4)).toBe('it, I am buying the bigger flat.');
  });

  test('mild swearing: "hell" and intensifiers are left out when nobody is sworn at; curses and swear nouns said of someone stay', () => {
    expect(modelText('What the hell is going on with the trains?')).toBe('What the is going on with the trains?');
    expect(modelText('Bloody hell, that is a lot of money.')).toBe(', that is a lot of money.');
    expect(modelText('Goddamn potholes cost me a tyre.')).toBe('potholes cost me a tyre.');
    expect(modelText('Damn! The ferry is late again.')).toBe('! The ferry is late again.');
    // A curse wishes the word on someone; a swear noun ending a sentence is said of someone, not an interjection.
    for (const t of ['Go to hell.', 'The mayor can rot in hell.', 'The weatherman can kiss my ass.', 'He has his head up his arse.']) {
      expect([t, modelText(t)]).toEqual([t, null]);
    }
    expect(contexts('Go to hell.')).toEqual([['hell', 'addressed']]);
  });

  test('vulgar body words are profanity, not sexual content; "hell" is matched although cuss rates it harmless', () => {
    const categories = (t: string) => lexicon.match(t).map((m) => [m.term, m.category]);
    expect(categories('A pain in the arse.')).toEqual([['arse', 'profanity']]);
    expect(categories('It has been pissing down all day.')).toEqual([['pissing', 'profanity']]);
    expect(categories('What the hell?')).toEqual([['hell', 'profanity']]);
    expect(categories('Hello from the shell beach, hellfire preacher.')).toEqual([]);
  });

  test('a reporting verb in a relative clause the term is said of is no report: "whoever wrote this is a moron"', () => {
    expect(contexts('Whoever wrote this headline is a moron.')).toEqual([['moron', 'plain']]);
    expect(contexts('The man who called her a slut is a disgrace.')).toEqual([['slut', 'reported']]);
    expect(contexts('He called me a moron.')).toEqual([['moron', 'reported']]);
  });

  test('a statement quoted to be condemned or reported reaches the model as "that"; endorsed, addressed or neutral quotations stay', () => {
    expect(modelText('Someone wrote "kill all Jews" on the bus stop. I reported it to the police.')).toBe('Someone wrote "that" on the bus stop. I reported it to the police.');
    expect(modelText('My uncle said “Muslims are ruining this country” and I told him he was wrong.')).toBe('My uncle said “that” and I told him he was wrong.');
    expect(modelText('He said "immigrants are rats". Disgusting.')).toBe('He said "that". Disgusting.');
    // "You said …" reports the reader's words; it does not address them.
    expect(modelText('You said "refugees are rats" and that is disgusting.')).toBe('You said "that" and that is disgusting.');
    // A term quoted inside the condemned statement goes with it.
    expect(modelText('A man shouted "go home you chinks" at us. Racist.')).toBe('A man shouted "that" at us. Racist.');
    for (const t of [
      'He said "Jews are vermin" and he is right.', // nothing condemns it
      '"Gays are disgusting" is what I always say.', // the condemning word is inside the quotation
      'You are "a disgusting animal", that is what you are.', // addressed
      'He said "immigrants are rats". Not disgusting at all, just true.', // negated
      'I read "The Old Man and the Sea" last week.',
    ]) expect([t, modelText(t)]).toEqual([t, null]);
  });

  test('a claim reported without quotation marks and named as bigotry reaches the model as "that"; doubted, negated, asked or the speaker\'s own stays', () => {
    expect(modelText('Saying refugees are a plague is nothing but xenophobia.')).toBe('Saying that is nothing but xenophobia.');
    expect(modelText('Anyone who claims Hindus are dirty is a bigot.')).toBe('Anyone who claims that is a bigot.');
    expect(modelText('It is antisemitic to say Jews control the press, full stop.')).toBe('It is antisemitic to say that, full stop.');
    expect(modelText('The notion that Roma steal is an ugly old prejudice.')).toBe('The notion that that is an ugly old prejudice.');
    for (const t of [
      "It's racist to say Muslims are terrorists, but it's true.", // endorsed
      'Apparently it is racist to say immigrants commit crimes.', // sarcasm
      'Why is it racist to say immigrants commit crimes?', // asked
      "It isn't racist to say Muslims are terrorists.", // negated
      'Call me racist, I say Jews are vermin.', // the speaker's own claim
      'You get called a bigot whenever you say refugees are criminals.', // the complaint of being called one
      'Comments claiming trans people are predators are disgusting.', // not named as bigotry: the model judges it whole
    ]) expect([t, modelText(t)]).toEqual([t, null]);
    // A dehumanising phrase the comment condemns is read as "that" whatever the condemning word.
    expect(modelText('Comments claiming trans people are subhuman are disgusting.')).toBe('Comments claiming that are disgusting.');
  });
});
