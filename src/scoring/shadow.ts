/**
 * Shadow scoring (issue #13): a second scorer configuration — Google's provider, a retrained model
 * (SHADOW_MODEL_DIR), other thresholds (SHADOW_POLICY_FILE) — scores a sample of comments beside the live one, so
 * the quality page can compare both with what moderators decided before anyone switches. Its results NEVER act:
 * the worker runs it only after the live verdict is saved and its listeners have run, catches everything it
 * throws, and hands its scores to a sink (stored with the review record) — nothing else reads them.
 *
 * What the live pipeline already loaded is reused: a shadow that differs only in its policy costs one more pass
 * through the same scorers (the model's cache answers repeated texts), not a second model in memory.
 */
import type { Config } from '../config';
import type { ScoreResult } from '../domain/score';
import type { ShadowDescription, ShadowScore } from '../domain/shadow';
import { inSample, SAMPLE_SALTS } from '../domain/sampling';
import { SCORER_NAMES, type ScorerName } from '../domain/scorers';
import type { Policy } from '../policy/defaults';
import { loadPolicy } from '../policy/policy';
import { createPipeline, type Pipeline } from './pipeline';
import { createScorers, type ScorerConfig, type ScorerDeps } from './scorers';
import type { Scorer } from './types';

export type ShadowConfig = ScorerConfig & Pick<Config, 'SCORERS' | 'POLICY_FILE' | 'SHADOW_SAMPLE_RATE' | 'SHADOW_SCORERS'
  | 'SHADOW_MODEL_PROVIDER' | 'SHADOW_MODEL_DIR' | 'SHADOW_POLICY_FILE'>;

export type { ShadowDescription, ShadowScore };

/** Where shadow scores go (the review record, once it can keep them). Must not throw for the live path's sake: the worker catches anyway. */
export type ShadowSink = (scores: readonly ShadowScore[], shadow: ShadowDescription) => Promise<void>;

export interface Shadow {
  readonly description: ShadowDescription;
  /** Is this comment in the shadow's sample (deterministic per id, independent of the audit sample)? */
  sampled(commentId: string): boolean;
  scoreBatch(texts: readonly string[]): Promise<ScoreResult[]>;
  /** Closes only the scorers the shadow loaded itself; the live ones stay the live pipeline's. */
  close(): Promise<void>;
}

/** A shadow from its parts (tests plant scorers this way). */
export function shadowFrom(pipeline: Pipeline, description: ShadowDescription, owned: readonly Scorer[] = []): Shadow {
  return {
    description,
    sampled: (id) => inSample(SAMPLE_SALTS.shadow, id, description.sampleRate),
    scoreBatch: (texts) => pipeline.scoreBatch(texts),
    async close() {
      await Promise.all(owned.map((s) => s.close?.()));
    },
  };
}

/**
 * The shadow SHADOW_* describe, or null when SHADOW_SAMPLE_RATE is 0. `live` = the live pipeline's scorers in
 * pipeline order, loaded from `config.SCORERS`: the ones the shadow would load the same way are reused.
 */
export async function createShadow(config: ShadowConfig, live: readonly Scorer[], deps: ScorerDeps = {}, livePolicy?: () => Policy): Promise<Shadow | null> {
  if (config.SHADOW_SAMPLE_RATE <= 0) return null;
  const names: readonly ScorerName[] = config.SHADOW_SCORERS.length > 0 ? config.SHADOW_SCORERS : config.SCORERS;
  const provider = config.SHADOW_MODEL_PROVIDER ?? config.MODEL_PROVIDER;
  const sameModel = provider === config.MODEL_PROVIDER && (config.SHADOW_MODEL_DIR ?? config.modelDir) === config.modelDir;
  const liveByName = new Map(SCORER_NAMES.filter((n) => config.SCORERS.includes(n)).map((n, i) => [n, live[i]!] as const));
  const scorers: Scorer[] = [];
  const owned: Scorer[] = [];
  for (const name of SCORER_NAMES.filter((n) => names.includes(n))) {
    const reuse = liveByName.get(name);
    if (reuse && (name !== 'model' || sameModel)) {
      scorers.push(reuse);
      continue;
    }
    const [loaded] = await createScorers([name], { ...config, MODEL_PROVIDER: provider, modelDir: config.SHADOW_MODEL_DIR ?? config.modelDir }, deps);
    scorers.push(loaded!);
    owned.push(loaded!);
  }
  // Its own thresholds (SHADOW_POLICY_FILE), or the live policy in force (accepted thresholds included).
  const policy: Policy | (() => Policy) = config.SHADOW_POLICY_FILE ? loadPolicy(config.SHADOW_POLICY_FILE) : livePolicy ?? loadPolicy(config.POLICY_FILE);
  return shadowFrom(createPipeline(scorers, policy), {
    scorers: scorers.map((s) => s.name),
    modelProvider: provider,
    modelDir: config.SHADOW_MODEL_DIR ?? null,
    policyFile: config.SHADOW_POLICY_FILE ?? null,
    sampleRate: config.SHADOW_SAMPLE_RATE,
  }, owned);
}
