import { normalizeWithTrace } from '../../src/scoring/lexicon/normalize';
import { patternText } from '../../src/scoring/lexicon/lexicon';

const trace = (s: string) => normalizeWithTrace(s);

describe('normalisation keeps a trace of what it undid and where each character came from', () => {
  test('case folding', () => {
    const t = trace('FuCk');
    expect(t.text).toBe('fuck');
    expect(t.chars[0]!.transformations).toEqual(['case']);
    expect(t.chars[1]!.transformations).toEqual([]);
  });

  test('NFKC: fullwidth and mathematical letters become plain letters', () => {
    expect(trace('ｆｕｃｋ').text).toBe('fuck');
    expect(trace('ｆｕｃｋ').chars[0]!.transformations).toContain('nfkc');
    expect(trace('𝐟𝐮𝐜𝐤').text).toBe('fuck');
  });

  test('combining marks are stripped and widen the span of their base character', () => {
    const t = trace('fu\u0301\u0308ck');
    expect(t.text).toBe('fuck');
    expect(t.chars[1]).toMatchObject({ char: 'u', start: 1, end: 4, transformations: ['combining'] });
    expect(t.chars[2]).toMatchObject({ char: 'c', start: 4, end: 5 });
    expect(trace('fúck').chars[1]!.transformations).toEqual(['combining']); // precomposed
  });

  test('zero-width characters are removed and recorded on the next character', () => {
    const t = trace('f\u200Bu\u200Dc\uFEFFk');
    expect(t.text).toBe('fuck');
    expect(t.chars[1]).toMatchObject({ char: 'u', start: 2, end: 3, transformations: ['zero_width'] });
  });

  test('confusables from Unicode data: Cyrillic, Greek and Cherokee look-alikes', () => {
    expect(trace('fаck').text).toBe('fack'); // Cyrillic а
    expect(trace('nіggеr').text).toBe('nigger'); // Cyrillic і, е
    expect(trace('ѕhіt').chars[0]!.transformations).toEqual(['confusables']);
    expect(trace('Ꭰ').text).toBe('d'); // Cherokee letter A looks like D
  });

  test('a look-alike that compatibility folding would move away is resolved from the original (Greek ϲ → c)', () => {
    expect(trace('ϲunt').text).toBe('cunt');
    expect(trace('ϲunt').chars[0]!.transformations).toEqual(['confusables']);
  });

  test('a ligature becomes two letters that both point at it; long expansions grow the buffer', () => {
    const t = trace('ﬁne');
    expect(t.text).toBe('fine');
    expect(t.chars.slice(0, 2).map((c) => [c.char, c.start, c.end])).toEqual([['f', 0, 1], ['i', 0, 1]]);
    const long = trace('ﬃ'.repeat(400) + ' x');
    expect(long.text).toHaveLength(1202);
    expect(long.chars.at(-1)).toMatchObject({ char: 'x', start: 401, end: 402 });
  });

  test('astral characters keep UTF-16 spans of two units', () => {
    const t = trace('😀𝐟x');
    expect(t.chars.map((c) => [c.start, c.end])).toEqual([[0, 2], [2, 4], [4, 5]]);
    expect(t.text).toBe('😀fx');
  });

  test('letters spread apart with spaces or punctuation are joined (three or more)', () => {
    expect(trace('f u c k off').text).toBe('fuck off');
    expect(trace('f u c k').chars[1]!.transformations).toEqual(['spacing']);
    expect(trace('f.u.c.k').chars[1]!.transformations).toEqual(['separators']);
    expect(trace('f - u - c - k').text).toBe('fuck');
    // Two single letters are not a spaced word; normal words are left alone.
    expect(trace('a b testing').text).toBe('a b testing');
    expect(trace('I am a bot').text).toBe('i am a bot');
  });

  test('leetspeak, repeats and masks are left in the stream for the matcher to read several ways', () => {
    expect(trace('sh1t fuuuck f*ck').text).toBe('sh1t fuuuck f*ck');
  });

  test('combined: fullwidth + zero-width + combining + spacing', () => {
    const t = trace('Ｆ \u200Bú c k');
    expect(t.text).toBe('fuck');
    const bits = new Set(t.chars.flatMap((c) => c.transformations));
    expect([...bits].sort()).toEqual(['case', 'combining', 'nfkc', 'spacing', 'zero_width']);
  });
});

test('a lexicon term is normalised like a text: the same transformers in the same order, zero-width included', () => {
  for (const s of ['fo\u200Bo', 'ｆｕ\u0301ck', 'ЅСUМ', 'Straße']) expect(patternText(s)).toBe(trace(s).text);
});
