/**
 * Threat phrases (src/scoring/lexicon/threats.ts, seeds/lexicon/threats.json): the grammar finds direct threats and
 * calls for violence, the idiom list finds veiled intimidation; negation, banter with no person as object, harm
 * verbs with no harm, advice and debate are not threats. Spans are exact in the original text.
 */
import { createThreatMatcher, loadThreatPhrases } from '../../src/scoring/lexicon/threats';

const threats = createThreatMatcher();
const found = (text: string) => threats.match(text).map((m) => [m.term, m.text]);

describe('threat phrases', () => {
  test.each([
    ['I will beat you until you can\'t stand.', 'direct threat', 'I will beat you until'],
    ['We are going to burn your house down.', 'direct threat', 'We are going to burn your house'],
    ['I’m gonna personally put a bullet in you', 'direct threat', 'I’m gonna personally put a bullet in you'],
    ['Someone should shoot him.', 'direct threat', 'Someone should shoot him'],
    ['Traitors should all be hanged.', 'call threat', 'Traitors should all be hanged'],
    ['This journalist should be shot', 'call threat', 'This journalist should be shot'],
    ['These people deserve to die.', 'call threat', 'These people deserve to die'],
    ['I hope you get hit by a bus', 'call threat', 'I hope you get hit by a'],
    ['Kill them all.', 'call threat', 'Kill them'],
    ['Just go kill yourself', 'call threat', 'Just go kill yourself'],
    ['I know where you live.', 'veiled threat', 'I know where you live'],
    ['Nice family. Would be a shame if something happened to them.', 'veiled threat', 'Would be a shame if something happened'],
    ['Sleep well tonight, while you still can.', 'veiled threat', 'Sleep well tonight, while you still can'],
  ])('%s → %s', (text, term, span) => {
    expect(found(text)).toEqual([[term, span]]);
  });

  test.each([
    'I am not going to hurt you.',
    'Nobody deserves to die over a comment.',
    'Please don\'t kill yourself, talk to someone.',
    'We will beat them in the election.',
    'I could murder a burger right now.',
    'This traffic is killing me.',
    'Beat the eggs until stiff.',
    'Be careful on the stairs, they are icy.',
    'The bill should be killed in committee.',
    'Police say the man threatened to kill his neighbour.',
    'I know where you can buy that.',
    'Enjoy it while it lasts.',
    'You\'re dead wrong about the budget.',
    'We need to be using every death to blame guns.',
  ])('not a threat: %s', (text) => {
    expect(found(text)).toEqual([]);
  });

  test('spans index the original text, whatever its apostrophes and case', () => {
    const text = 'Well. WE’LL FIND YOU.';
    const [m] = threats.match(text);
    expect(text.slice(m!.start, m!.end)).toBe('WE’LL FIND YOU');
    expect(m).toMatchObject({ category: 'threat', severity: 2, source: 'threats', transformations: [] });
  });

  test('every idiom in the data matches its own example, and a phrase never crosses a sentence end', () => {
    for (const idiom of loadThreatPhrases().idioms) expect([idiom.example, threats.match(idiom.example).length]).toEqual([idiom.example, 1]);
    expect(found('I know where. You live?')).toEqual([]);
  });
});
