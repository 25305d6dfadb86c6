/**
 * The scoring pipeline: the one entry point the workers and the CLI share.
 *
 * An ordered list of small phases over a batch (like Coral's moderation phases), each with the reason it sits
 * where it does:
 *   0. sign                      — when raid grouping is on: the near-duplicate signature of the normalised text
 *                                  (near-duplicate.ts); first, as it reads only the original text;
 *   1. normalise + match lexicon — the lexicon scorer(s): spans in the original text, de-obfuscated text;
 *   2. detect context            — how each term is used (quoted, reported, condemned, reclaimed, homonym); before
 *                                  the model, so the model reads such terms masked, and untargeted swearing
 *                                  left out, and judges the rest;
 *   3. score model               — the model scorer(s): label probabilities;
 *   4. combine                   — lexicon-derived labels (matches in context imply none) merged with the model's
 *                                  by maximum, for the client; the policy decides on model labels and matches;
 *   5. decide                    — the policy turns them into a verdict, priority and reasons (src/policy).
 */
import { maxLabelScores } from '../domain/labels';
import type { ScoreResult } from '../domain/score';
import { decide } from '../policy/policy';
import type { Policy } from '../policy/defaults';
import { DEFAULT_POLICY } from '../policy/defaults';
import { createContextDetector, type ContextDetector } from './context';
import { labelsFromMatches } from './lexicon/labels';
import { createNearDuplicateSigner, type NearDuplicateOptions } from './near-duplicate';
import type { Scorer, ScorerOutput, ScoringItem } from './types';

export interface Pipeline {
  readonly scorers: readonly string[];
  /** Scores texts in one pass; results are in input order. Throws if any scorer fails. */
  scoreBatch(texts: readonly string[]): Promise<ScoreResult[]>;
  close(): Promise<void>;
}

export interface PipelineOptions {
  /** The context phase's rules; default: seeds/lexicon/context.json. */
  context?: ContextDetector;
  /** Sign every text for raid grouping (the workers do: NEAR_DUPLICATE_*); absent = no signatures. */
  nearDuplicates?: NearDuplicateOptions;
}

type Phase = (items: ScoringItem[]) => Promise<void> | void;

/** Scorers that only read text (the lexicon) run before the context phase; the model's scorers after it. */
const readsContext = (s: Scorer) => s.name.startsWith('model');

/**
 * `policy`: the policy, or a function giving the one in force at each batch (a worker swaps in thresholds an admin
 * accepted without a restart).
 */
export function createPipeline(scorers: readonly Scorer[], policy: Policy | (() => Policy) = DEFAULT_POLICY, opts: PipelineOptions = {}): Pipeline {
  const policyNow = typeof policy === 'function' ? policy : () => policy;
  const names = scorers.map((s) => s.name);
  const context = opts.context ?? createContextDetector();
  const scorerPhase = (scorer: Scorer): Phase => async (items) => {
    const outputs = await scorer.scoreBatch(items);
    if (outputs.length !== items.length) {
      throw new Error(`scorer ${scorer.name} returned ${outputs.length} results for ${items.length} texts`);
    }
    outputs.forEach((out, i) => merge(items[i]!, out));
  };
  const detectContext: Phase = (items) => {
    for (const item of items) {
      item.slurs = context.detect(item.text, item.slurs);
      const masked = context.modelText(item.text, item.slurs);
      if (masked !== null) item.normalized = masked;
    }
  };
  const signer = opts.nearDuplicates && createNearDuplicateSigner(opts.nearDuplicates);
  const sign: Phase = (items) => {
    for (const item of items) item.nearDuplicate = signer!.sign(item.text);
  };
  const phases: Phase[] = [
    ...(signer ? [sign] : []),
    ...scorers.filter((s) => !readsContext(s)).map(scorerPhase),
    detectContext,
    ...scorers.filter(readsContext).map(scorerPhase),
  ];

  return {
    scorers: names,
    async scoreBatch(texts) {
      const items: ScoringItem[] = texts.map((text) => ({ text, slurs: [], labels: {} }));
      if (items.length === 0) return [];
      for (const phase of phases) await phase(items);
      const policy = policyNow();
      return items.map((item) => ({
        labels: maxLabelScores(labelsFromMatches(item.slurs), item.labels),
        modelLabels: item.labels,
        slurs: item.slurs,
        ...decide(item.labels, item.slurs, policy),
        scorers: names,
        ...(item.nearDuplicate ? { nearDuplicate: item.nearDuplicate } : {}),
      }));
    },
    async close() {
      await Promise.all(scorers.map((s) => s.close?.()));
    },
  };
}

function merge(item: ScoringItem, out: ScorerOutput): void {
  if (out.normalized !== undefined) item.normalized = out.normalized;
  if (out.slurs) item.slurs.push(...out.slurs);
  if (out.labels) item.labels = maxLabelScores(item.labels, out.labels);
}
