/**
 * Derogation tropes (src/scoring/lexicon/derogation.ts, seeds/lexicon/derogation.json): the stock phrases of
 * implicit derogation of a group named by identity; travel, sport, crime figures, negation and policy positions are
 * not. Through the policy: held for a human at identity-attack priority below dehumanising phrases, with its own
 * reason, never rejected.
 */
import { PRIORITY_BANDS } from '../../src/policy/policy';
import { createDerogationMatcher, loadDerogationTropes } from '../../src/scoring/lexicon/derogation';
import { lexiconJudge } from '../helpers/judge';

const tropes = createDerogationMatcher();
const found = (text: string) => tropes.match(text).map((m) => m.text);

describe('derogation tropes', () => {
  test('every trope in the data matches its own example', () => {
    for (const t of loadDerogationTropes().tropes) expect([t.example, tropes.match(t.example).length]).toEqual([t.example, 1]);
  });

  test.each([
    ['Pakistanis should just go back where they came from.', 'Pakistanis should just go back where they came from'],
    ['Since the Afghans moved in, burglaries went up everywhere', 'Since the Afghans moved in, burglaries went up'],
    ['Our street was quiet until the Roma moved in.', 'quiet until the Roma moved in'],
    ['Trans people should not be allowed to teach.', 'Trans people should not be allowed to teach'],
  ])('%s', (text, span) => {
    expect(found(text)).toEqual([span]);
  });

  test.each([
    'I would love to go back to your country one day, the food was wonderful.',
    'I cannot wait to go back to where I grew up.',
    'The visitors took over the second half and deserved the win.',
    'Crime went up in the city centre last year, the report says.',
    'Muslims are not all the same, any more than Christians are.',
    'Our town was fine until the floods arrived.',
    'Deport the lot of them, I say, and fix the asylum backlog.', // a policy position: the model and moderators judge it
  ])('not a trope: %s', (text) => {
    expect(found(text)).toEqual([]);
  });

  test('held for a human at identity-attack priority, below a dehumanising phrase, with reason derogation_phrase', () => {
    const judge = lexiconJudge();
    const trope = judge('Israelis simply cannot be trusted.');
    expect(trope).toMatchObject({ verdict: 'review' });
    expect(trope.reasons[0]).toMatchObject({ code: 'derogation_phrase' });
    expect(trope.priority).toBeGreaterThanOrEqual(PRIORITY_BANDS.identity[0]);
    expect(trope.priority).toBeLessThan(judge('Israelis are vermin.').priority);
    expect(judge('My uncle said Israelis cannot be trusted, and I told him that is racist.').verdict).toBe('publish');
  });
});
