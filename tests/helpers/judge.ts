/**
 * The judgement without the model: the lexicon (words and phrases), the context phase and the default policy. For
 * tests of what a lexicon rule does on its own — the model's part is tested through the pipeline (tests/judgement).
 */
import { decide, type Decision } from '../../src/policy/policy';
import { createContextDetector } from '../../src/scoring/context';
import { createLexiconScorer } from '../../src/scoring/lexicon/scorer';

export function lexiconJudge(): (text: string) => Decision {
  const lexicon = createLexiconScorer();
  const context = createContextDetector();
  return (text) => decide({}, context.detect(text, lexicon.match(text)));
}
