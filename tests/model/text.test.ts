import { prepareText } from '../../src/scoring/model/prepare';
import { textKind, wordWindows } from '../../src/scoring/model/textChecks';
import { mapDavidson, mapHatEval, mapOlid } from '../../scripts/training/data';

describe('text preparation shared by training and scoring', () => {
  it('drops tweet artefacts the comments will not have, decodes entities and lower-cases', () => {
    expect(prepareText('RT @someone: Go home @USER you are DRUNK &amp; loud URL https://t.co/x #MAGA'))
      .toBe('go home you are drunk & loud maga');
  });

  it('classifies what the encoder cannot judge', () => {
    expect(textKind('')).toBe('empty');
    expect(textKind('😀 🎉 123')).toBe('no_letters');
    expect(textKind('это комментарий о погоде')).toBe('non_latin');
    expect(textKind('a comment about the weather')).toBe('scorable');
  });

  it('splits long texts by sentence, and cuts over-long sentences into overlapping windows that cover every word', () => {
    const words = Array.from({ length: 100 }, (_, i) => `w${i}`);
    const windows = wordWindows(words.join(' '), 48, 8);
    expect(windows.length).toBe(3);
    expect(windows.at(-1)!.split(' ')).toHaveLength(48);
    expect(windows.at(-1)!.split(' ').at(-1)).toBe('w99');
    expect(wordWindows('short text', 48)).toEqual(['short text']);
    const civil = 'The bus timetable changes next month and the evening routes look sensible to me. ';
    const long = `${civil.repeat(3)}Ok. And you are an idiot.`;
    expect(wordWindows(long, 24).at(-1)).toBe('Ok. And you are an idiot.');
  });

});

describe('one label definition across the training sets', () => {
  it('OLID: targeted offence at a person is an insult; untargeted swearing is not called toxic or civil', () => {
    expect(mapOlid('OFF', 'TIN', 'IND')).toEqual({ toxicity: 1, insult: 1, identity_attack: 0, threat: null });
    expect(mapOlid('OFF', 'UNT', 'NULL')).toEqual({ toxicity: null, insult: 0, identity_attack: 0, threat: null });
    expect(mapOlid('NOT', 'NULL', 'NULL')).toEqual({ toxicity: 0, insult: 0, identity_attack: 0, threat: 0 });
  });

  it('Davidson and HatEval hate are identity attacks; their non-hate is not evidence of civility', () => {
    expect(mapDavidson('0')).toEqual({ toxicity: 1, insult: null, identity_attack: 1, threat: null });
    expect(mapDavidson('1').toxicity).toBeNull();
    expect(mapHatEval('1').identity_attack).toBe(1);
    expect(mapHatEval('0', true)).toEqual({ toxicity: null, insult: null, identity_attack: 0, threat: null });
    // Not hate and no profanity: a civil tweet on the same topics, the negative the toxicity head needs.
    expect(mapHatEval('0', false)).toEqual({ toxicity: 0, insult: 0, identity_attack: 0, threat: 0 });
  });
});
