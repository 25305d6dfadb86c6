/** Typos of the strongest identity slurs: two letters swapped, a letter doubled, an h slipped in or a vowel left out. */
import { createLexiconScorer } from '../../src/scoring/lexicon/scorer';
import { describeSlur } from '../../src/policy/reasons';

const lexicon = createLexiconScorer();

test('swapped, added and left-out letters of the strongest identity slurs are found, with the disguise named', () => {
  for (const [text, term, how] of [['Get lost, you fgagot.', 'faggot', 'swapped'], ['No nigegr here.', 'nigger', 'swapped'], ['shut up kikke', 'kike', 'added'], ['another spihc', 'spic', 'added'], ['trnany', 'tranny', 'swapped'],
    ['Another chnk on the council', 'chink', 'omitted'], ['go home wtbacks', 'wetbacks', 'omitted'], ['No twelheads here.', 'towelhead', 'omitted']] as const) {
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

test('a left-out letter counts only for a vowel of a 5+ letter slur, never when the rest is a word, a name on the allow-list or an abbreviation', () => {
  // English words (chin, niger, dye), consonants left out (Polak, Rusia, Faggin), names (Boone, Cisse, Macca) and
  // three-letter leftovers of four-letter slurs, which are abbreviations far more often (PKI, SPC).
  for (const text of ['a dimple in her chin', 'the Niger delta', 'hair dye', 'Roman Polak scored', 'Rusia y China', 'Federico Faggin',
    'Daniel Boone', 'Papiss Cisse', 'Macca on bass', 'PKI certificates', 'SPC charts', 'the goo on the floor']) {
    expect([text, lexicon.match(text)]).toEqual([text, []]);
  }
});
