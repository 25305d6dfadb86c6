/**
 * Threat phrases: threats of violence or harm found by a small grammar and a list of intimidation idioms
 * (seeds/lexicon/threats.json says what each part is), for what the model misses — its threat head was trained
 * on few threats, and veiled ones ("I know where you live") name no violence at all. Each is reported as a
 * lexicon match of category `threat`: the policy holds it for a human at threat priority by default, and the
 * context phase treats a threat phrase quoted, reported or condemned like any other term.
 *
 * Matching follows the rules of every phrase kind (phrases.ts): the original text, exact spans, no disguise undone,
 * never across a sentence end, broken by a negation just before.
 */
import { z } from 'zod';
import type { Severity, SlurMatch } from '../../domain/slurs';
import { matchPhrases, patternsWithExamples, phraseAlternation as alt, phraseWords as words, spacedPattern, WORD_END, WORD_START, wordBounded, type PhraseKind } from './phrases';
import { readJson, seedsDir } from './sources/seeds';

const threatsSchema = z
  .object({
    $comment: z.string().optional(),
    violence: words,
    harmOnly: words,
    harmComplements: words,
    bodyParts: words,
    relatives: words,
    participles: words,
    personNouns: words,
    places: words,
    idioms: patternsWithExamples,
  })
  .strict();

export type ThreatPhrases = z.infer<typeof threatsSchema>;

export function loadThreatPhrases(dir = seedsDir()): ThreatPhrases {
  return readJson(dir, 'threats.json', threatsSchema);
}

/** Direct threats and calls for violence are graver than intimidation that names no harm. */
const KIND_SEVERITY: Record<'direct' | 'call' | 'veiled', Severity> = { direct: 3, call: 3, veiled: 2 };

const B = WORD_START;
const E = WORD_END;
const S = '\\s+';
/** The reader, a person or people, someone's body or family. */
const PERSON = "(?:you|u|ya|y'?all|yourself|him|her|them|'em|every\\s*(?:one|body)|any\\s*(?:one|body)|all\\s+of\\s+(?:you|them)|every\\s+(?:last\\s+|single\\s+)?[\\p{L}-]+|the\\s+next|the\\s+(?:lot|whole\\s+lot|rest)\\s+of\\s+(?:you|them)|the\\s+(?:whole|entire)\\s+(?:bunch|lot|family|tribe|gang)(?:\\s+of\\s+(?:you|them))?)";
/** Someone's: your, ur, his, her, their (+ both, little). */
const OWNER = "(?:(?:both\\s+)?(?:your|ur|his|her|their)(?:\\s+(?:little|whole|entire|precious))?)";
/** Who announces: the writer, the writer's side, someone. */
const AGENT = "(?:i|we|someone|somebody|some\\s+one|they|people|(?:me\\s+and\\s+)?(?:my|the)\\s+(?:boys|lads|friends|mates|guys|brothers|family))";
/** The writer's intent spelled informally, with no separate agent: "im gonna", "imma", "ill". */
const INFORMAL = "(?:im\\s+(?:gonna|going\\s+to)|imma|ima|ill)";
/** Will, shall, going to, want to, should … after the agent (contracted or not). */
const INTENT = [
  "'ll", '\\s+will', "(?:\\s+would|'d)(?=\\s+(?:\\w+ly\\s+|fucking\\s+|just\\s+|gladly\\s+)?(?:kill|shoot|stab|murder|strangle))", '\\s+shall', '\\s+wanna', '\\s+want\\s+to', '\\s+(?:would|\'d)\\s+(?:love|like)\\s+to',
  "(?:\\s+am|\\s+are|\\s+is|'m|'re|'s)?\\s+(?:going\\s+to|gonna|about\\s+to|coming\\s+to|gon)",
  '\\s+(?:should|must|need\\s+to|needs\\s+to|ought\\s+to|have\\s+to|has\\s+to|gotta|got\\s+to)',
].join('|');
/** Words that may stand between intent and verb: "I will personally …", "we're going to come and …". */
const FILLER = '(?:\\s+(?:\\w+ly|just|really|fucking|freaking|literally|also|still|soon|then|come|go|and|all|both|one\\s+day|someday|eventually|gladly|happily))';
/** Getting to someone first: "find you and …", "come to your house and …", "track you down and …". */
const APPROACH = "(?:\\s+(?:find|catch|get|meet|visit|track|hunt|wait\\s+for|come\\s+(?:to|round\\s+to|over\\s+to|for)|go\\s+to|show\\s+up\\s+at)(?:\\s+(?:you|u|him|her|them|your\\s+\\w+|ur\\s+\\w+|his\\s+\\w+|her\\s+\\w+))?(?:\\s+(?:down|outside|after\\s+\\w+(?:\\s+\\w+)?))?\\s+and)";

export interface ThreatMatcher {
  /** Threat phrases in `text`, as lexicon matches of category `threat` (spans in `text`), in text order. */
  match(text: string): SlurMatch[];
}

export function createThreatMatcher(data: ThreatPhrases = loadThreatPhrases()): ThreatMatcher {
  const owned = `${OWNER}\\s+${alt([...data.bodyParts, ...data.relatives])}`;
  const place = `(?:${OWNER}|this|that|the|every|their|our)\\s+${alt(data.places)}`;
  const person = `(?:${PERSON}|${owned}|${place})`;
  const harmObject = `(?:${PERSON}(?:\\s+(?:${alt(data.harmComplements)}))|${owned}|the\\s+(?:shit|crap|hell|living\\s+daylights)\\s+(?:out\\s+of|outta)\\s+${PERSON})`;
  /** A verb and its object; phrasal verbs also split round it ("run him over", "track you down"). */
  const violentAct = `(?:${alt(data.violence)}${S}${person}|${alt(data.harmOnly)}${S}${harmObject}|(?:run|track|hunt|beat|string|rip|blow|burn|take)${S}${PERSON}${S}(?:over|down|up|out|apart)|put${S}${PERSON}${S}(?:in|into|under)${S}(?:the\\s+|a\\s+)?(?:hospital|ground|grave|coffin|morgue|wheelchair|body\\s*bag|ICU|six\\s+feet\\s+under))`;
  const direct = `${B}(?:${AGENT}(?:${INTENT})|${INFORMAL})${FILLER}{0,2}${APPROACH}?${FILLER}{0,1}\\s+${violentAct}${E}`;
  const subject = `(?:you|he|she|they|them|y'?all|(?:these|those|all|such)\\s+[\\p{L}'-]+|the\\s+[\\p{L}-]+s|(?:this|that|the)\\s+${alt(data.personNouns)}|people\\s+like\\s+(?:you|him|her|them|that|this)|[\\p{L}-]+s)`;
  const should = '(?:should|must|need\\s+to|needs\\s+to|ought\\s+to|deserve\\s+to|deserves\\s+to|have\\s+to|has\\s+to|gotta)';
  const call = [
    // One subject, three predicates (the subject is read once per word, not three times).
    `${B}${subject}(?:${[
      `(?:\\s+all)?\\s+${should}(?:\\s+all)?(?:\\s+(?:be|get))\\s+(?:\\w+ly\\s+)?(?:(?:[\\p{L}]+\\s+){1,5}?and\\s+)?${alt(data.participles)}${E}`,
      `(?:\\s+all)?\\s+${should}(?:\\s+all)?\\s+(?:die|hang|rot\\s+and\\s+die)${E}`,
      `\\s+(?:need|needs|deserve|deserves)\\s+(?:a|to\\s+get\\s+a)\\s+(?:punch|bullet|beating|kicking|slap|knife|noose|rope)${E}`,
    ].join('|')})`,
    `${B}(?:i\\s+)?(?:hope|wish|pray)\\s+(?:that\\s+)?(?:you|u|he|she|they|someone|somebody)\\s+(?:\\w+\\s+)?(?:die|dies|gets?\\s+(?:killed|shot|raped|stabbed|murdered|lynched|hit\\s+by\\s+a|run\\s+over)|(?:is|are)\\s+(?:killed|shot|raped|murdered)|kills?\\s+(?:you|him|her|them|yourself|himself|herself|themselves)|shoots?\\s+(?:you|him|her|them))${E}`,
    `(?:^|(?<=[.!?;:]\\s*)|${B}(?:let'?s|lets|just|go|and)\\s+)(?:(?:kill|shoot|hang|lynch|gas|exterminate|nuke|behead|slaughter|execute)\\s+the\\s+\\w+s|(?:kill|shoot|hang|lynch|gas|exterminate|nuke|behead|slaughter|execute|end|drown|murder|stab|torch|string\\s+up)\\s+(?:all|every\\s+[\\p{L}-]+|them|'em|these|those|him|her|the\\s+${alt(data.personNouns)}|the\\s+(?:lot|whole\\s+lot|whole\\s+bunch|entire\\s+bunch)|${place}))${E}`,
    `(?:^|(?<=[.!?;:,]\\s*)|(?<=${B}(?:and|say|says|said|chant|chanting|shout|shouting|yell|yelling)\\s+))death\\s+to\\s+(?:all\\s+|the\\s+)?[\\p{L}-]+`,
    `(?:${B}(?:go|just|should|please)\\s+(?:\\w+\\s+)?|^|(?<=[.!?;:,]\\s*))(?:kill|hang|shoot)\\s+(?:yourself|urself|yourselves|himself|herself|themselves)${E}|${B}kys${E}|${B}(?:go|please)\\s+(?:and\\s+)?die(?:\\s+in\\s+a\\s+(?:fire|hole|ditch))?(?=\\s*(?:[.!,]|$))`,
  ].join('|');
  const veiled = wordBounded(data.idioms.map((i) => spacedPattern(i.pattern)));
  const kinds: PhraseKind[] = [
    { term: 'direct threat', re: new RegExp(direct, 'giu'), severity: KIND_SEVERITY.direct },
    { term: 'call threat', re: new RegExp(call, 'gimu'), severity: KIND_SEVERITY.call },
    { term: 'veiled threat', re: new RegExp(veiled, 'giu'), severity: KIND_SEVERITY.veiled },
  ];
  return { match: (text) => matchPhrases(text, kinds, 'threat', 'threats') };
}
