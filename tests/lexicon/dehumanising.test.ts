/**
 * Dehumanising phrases (src/scoring/lexicon/dehumanising.ts, seeds/lexicon/dehumanising.json): a group named by
 * identity likened to vermin, disease or animals, denied humanity, or said to swarm; real pests, negation, things
 * rather than people, and sympathy ("living like animals" in camps) are not. Spans are exact in the original text.
 * Through the policy: held for a human at identity-attack priority with its own reason, never rejected, and not
 * held by the phrase when the comment reports or condemns it.
 */
import { PRIORITY_BANDS } from '../../src/policy/policy';
import { createDehumanisingMatcher } from '../../src/scoring/lexicon/dehumanising';
import { lexiconJudge } from '../helpers/judge';

const phrases = createDehumanisingMatcher();
const found = (text: string) => phrases.match(text).map((m) => [m.term, m.text]);

describe('dehumanising phrases', () => {
  test.each([
    ['Hindus are vermin.', 'dehumanising comparison', 'Hindus are vermin'],
    ['Somalis are nothing but filthy parasites', 'dehumanising comparison', 'Somalis are nothing but filthy parasites'],
    ['Gay men are a disease on this town.', 'dehumanising comparison', 'Gay men are a disease'],
    ["Disabled people aren't even human", 'dehumanising comparison', "Disabled people aren't even human"],
    ['Honestly those Roma are less than human.', 'dehumanising comparison', 'Roma are less than human'],
    ['Migrants breed like rabbits and we pay for it.', 'dehumanising swarm', 'Migrants breed like rabbits'],
    ['The city is overrun, hordes of Afghans everywhere.', 'dehumanising swarm', 'hordes of Afghans'],
  ])('%s → %s', (text, term, span) => {
    expect(found(text)).toEqual([[term, span]]);
  });

  test.each([
    'Rats are vermin and the council should deal with them.',
    'Refugees are not vermin, they are families.',
    'Nobody thinks immigrants are parasites.',
    'Refugees in the camps are living like animals.',
    'Muslim farmers lost their sheep and goats in the floods.',
    'Spam is a plague on every inbox.',
    'Mosquitoes are parasites that spread disease.',
    'Women are the backbone of this club.',
  ])('not dehumanising: %s', (text) => {
    expect(found(text)).toEqual([]);
  });

  test('spans index the original text, whatever its apostrophes and case', () => {
    const text = 'Well. TRANS PEOPLE AREN’T HUMAN.';
    const [m] = phrases.match(text);
    expect(text.slice(m!.start, m!.end)).toBe('TRANS PEOPLE AREN’T HUMAN');
    expect(m).toMatchObject({ category: 'dehumanising', severity: 3, source: 'dehumanising', transformations: [] });
  });

  test('held for a human at identity-attack priority with reason dehumanising_phrase, never rejected; reported or condemned, the model decides', () => {
    const judge = lexiconJudge();
    const plain = judge('Palestinians are cockroaches.');
    expect(plain).toMatchObject({ verdict: 'review' });
    expect(plain.reasons[0]).toMatchObject({ code: 'dehumanising_phrase' });
    expect(plain.priority).toBeGreaterThanOrEqual(PRIORITY_BANDS.identity[0]);
    expect(plain.priority).toBeLessThanOrEqual(PRIORITY_BANDS.identity[1]);
    for (const t of ['My neighbour says Muslims are rats. He is wrong.', 'Saying refugees are vermin is hateful.']) {
      expect([t, judge(t).verdict]).toEqual([t, 'publish']);
    }
  });
});
