/**
 * Entry point of the TF.js toxicity scorer: initialise the backend, load the configured provider, wrap it in
 * the batching/caching/windowing scorer.
 */
import { loadGoogleModel } from './googleModel';
import { initRuntime, type BackendChoice, type RuntimeInfo } from './runtime';
import { createModelScorerFrom, type ModelScorer, type ModelScorerOptions } from './scorer';
import { loadSieveModel } from './sieveModel';

export interface CreateModelScorerOptions extends ModelScorerOptions {
  provider?: 'sieve' | 'google';
  backend?: BackendChoice;
  /** Google provider: file:// directory, path, or URL (TOXICITY_MODEL_URL). */
  toxicityModelUrl?: string;
  /** Sieve provider: directory of the trained model (models/sieve-toxicity). */
  modelDir?: string;
  log?: (msg: string, info: RuntimeInfo) => void;
}

/** Without a logger the backend choice still reaches the process's log stream, as one JSON line on stderr. */
const stderrLog = (msg: string, info: RuntimeInfo) => process.stderr.write(JSON.stringify({ component: 'model', msg, ...info }) + '\n');

export async function createModelScorer(opts: CreateModelScorerOptions = {}): Promise<ModelScorer & { runtime: RuntimeInfo }> {
  const runtime = await initRuntime(opts.backend ?? 'auto', { log: opts.log ?? stderrLog });
  const model = opts.provider === 'google'
    ? await loadGoogleModel(opts.toxicityModelUrl)
    : await loadSieveModel({ modelDir: opts.modelDir });
  return Object.assign(createModelScorerFrom(model, opts), { runtime });
}

export type { ModelScorer, ModelScorerOptions } from './scorer';
export { initRuntime } from './runtime';
