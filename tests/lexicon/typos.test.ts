/** Typos of the strongest identity slurs: two letters swapped, a letter doubled or an h slipped in. */
import { createLexiconScorer } from '../../src/scoring/lexicon/scorer';
import { describeSlur } from '../../src/policy/reasons';

const lexicon = createLexiconScorer();

test('swapped and added letters of the strongest identity slurs are found, with the disguise named', () => {
  for (const [text, term, how] of [['Get lost, you fgagot.', 'faggot', 'swapped'], ['No nigegr here.', 'nigger', 'swapped'], ['shut up kikke', 'kike', 'added'], ['another spihc', 'spic', 'added'], ['trnany', 'tranny', 'swapped']] as const) {
    const [m] = lexicon.match(text);
    expect([text, m?.term, m?.transformations]).toEqual([text, term, [how]]);
  }
  expect(describeSlur(lexicon.match('fgagot')[0]!)).toBe("slur on sexual orientation or gender 'faggot' (severity 3), written with letters swapped");
});

test('innocent words a typo away are not (Niger, pollack, spice, think), nor typos of swearing', () => {
  for (const text of ['Niger and Nigeria', 'a pollack for dinner', 'spice', 'I think so', 'chin up', 'a choon', 'shti happens']) {
    expect([text, lexicon.match(text)]).toEqual([text, []]);
  }
});
