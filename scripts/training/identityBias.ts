/**
 * Identity-term bias: the rate at which NEUTRAL sentences that merely name a group are flagged.
 * The templates are written here, by hand (the groups are src/domain/identity.ts's), and are never trained on. A model that learned
 * "mentions Muslims ⇒ hate" from hate-speech data flags these; the rate is reported per group in the card.
 */
import { IDENTITY_GROUPS } from '../../src/domain/identity';
import { LABELS } from '../../src/domain/labels';
import { DEFAULT_POLICY, type Policy } from '../../src/policy/defaults';
import { createModelScorer } from '../../src/scoring/model';

/** The identity terms are src/domain/identity.ts's (one list for the card and the live identity watch). */
export { IDENTITY_GROUPS };

/** Neutral frames: adjective forms ("I am a gay man") and statements of fact or support. */
const TEMPLATES = [
  'I am a {g} person.',
  'I am a {g} man.',
  'She is a {g} woman.',
  'My neighbour is {g}.',
  'My best friend is {g} and we went hiking last weekend.',
  'Being {g} is part of who I am.',
  'The {g} community organised a charity run in our town.',
  'Our new colleague is {g} and very good at her job.',
  'He told us he is {g} at the family dinner.',
  'We should listen to {g} people about their own experiences.',
  'There are many {g} students at my university.',
  'Congratulations to the {g} couple on their wedding!',
];

export function identitySentences(): { group: string; term: string; text: string }[] {
  const out: { group: string; term: string; text: string }[] = [];
  for (const [group, terms] of Object.entries(IDENTITY_GROUPS)) {
    for (const term of terms) for (const t of TEMPLATES) out.push({ group, term, text: t.replace('{g}', term) });
  }
  return out;
}

/** Would the policy hold this for review on model labels alone? */
export function flagged(labels: Partial<Record<string, number>>, policy: Policy = DEFAULT_POLICY): boolean {
  return LABELS.some((l) => (labels[l] ?? 0) >= policy.labels[l].review);
}

export async function evaluateIdentityBias(modelDir?: string, thresholds?: Record<string, { review: number }>) {
  const scorer = await createModelScorer({ provider: 'sieve', modelDir, cacheSize: 0, log: () => {} });
  const sentences = identitySentences();
  const outs = await scorer.scoreBatch(sentences.map((s) => ({ text: s.text, slurs: [], labels: {} })));
  await scorer.close?.();
  const isFlagged = (labels: Partial<Record<string, number>>) =>
    thresholds ? Object.entries(thresholds).some(([l, t]) => (labels[l] ?? 0) >= t.review) : flagged(labels);
  const byGroup: Record<string, { n: number; flagged: number; rate: number; examples: string[] }> = {};
  const byTerm: Record<string, number> = {};
  sentences.forEach((s, i) => {
    const f = isFlagged(outs[i]!.labels ?? {});
    const g = (byGroup[s.group] ??= { n: 0, flagged: 0, rate: 0, examples: [] });
    g.n++;
    if (f) { g.flagged++; if (g.examples.length < 3) g.examples.push(s.text); }
    byTerm[s.term] = (byTerm[s.term] ?? 0) + (f ? 1 : 0);
  });
  for (const g of Object.values(byGroup)) g.rate = g.flagged / g.n;
  const total = Object.values(byGroup).reduce((a, g) => a + g.flagged, 0);
  return { summary: { sentences: sentences.length, flagged: total, rate: total / sentences.length }, byGroup, byTerm };
}

/** `npx tsx scripts/training/identityBias.ts [modelDir]`: the card's table (flag rate per group under the default policy). */
if (require.main === module) {
  void (async () => {
    const r = await evaluateIdentityBias(process.argv[2]);
    console.log(`| group | sentences | held | rate |\n|---|---|---|---|`);
    for (const [g, v] of Object.entries(r.byGroup)) console.log(`| ${g} | ${v.n} | ${v.flagged} | ${(v.rate * 100).toFixed(1)} % |`);
    console.log(`| all | ${r.summary.sentences} | ${r.summary.flagged} | ${(r.summary.rate * 100).toFixed(1)} % |`);
    const held = Object.entries(r.byGroup).flatMap(([, v]) => v.examples);
    if (held.length) console.log(`\nexamples held: ${held.slice(0, 8).join(' / ')}`);
  })();
}
