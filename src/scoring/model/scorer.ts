/**
 * The model scorer (`model:sieve` / `model:google`): turns a batch of ScoringItems into label scores.
 *
 * Per batch: prepare each text (the lexicon's de-obfuscated text when there is one) → skip what the model
 * cannot judge (empty, emoji-only, non-Latin) → reuse cached results for texts seen before → let the cheap
 * first stage settle clearly civil texts → split long texts into windows → run the rest through the encoder
 * in micro-batches of similar length → combine windows by max per label.
 */
import { LRUCache } from 'lru-cache';
import type { LabelScores } from '../../domain/labels';
import type { Scorer, ScorerOutput, ScoringItem } from '../types';
import type { LabelModel } from './labelModel';
import { textKind, wordWindows } from './textChecks';

export interface ModelScorerOptions {
  /** Texts per encoder call. Measured by `npm run bench:model`. */
  microBatch?: number;
  /** Distinct prepared texts whose scores are remembered. 0 disables the cache. */
  cacheSize?: number;
  /** Words per window for long comments. */
  windowWords?: number;
}

export interface ModelScorerStats { texts: number; cached: number; skipped: number; gated: number; encoded: number; windows: number }

export interface ModelScorer extends Scorer {
  readonly stats: ModelScorerStats;
}

export function createModelScorerFrom(model: LabelModel, opts: ModelScorerOptions = {}): ModelScorer {
  const microBatch = opts.microBatch ?? 8;
  const windowWords = opts.windowWords ?? 48;
  const cache = opts.cacheSize === 0 ? null : new LRUCache<string, LabelScores>({ max: opts.cacheSize ?? 10_000 });
  const stats: ModelScorerStats = { texts: 0, cached: 0, skipped: 0, gated: 0, encoded: 0, windows: 0 };

  async function scoreBatch(items: readonly ScoringItem[]): Promise<ScorerOutput[]> {
    const prepared = items.map((it) => model.prepare(it.normalized ?? it.text));
    const results = new Map<string, LabelScores>();
    const pending: string[] = [];
    for (const text of new Set(prepared)) {
      stats.texts++;
      if (textKind(text) !== 'scorable') { stats.skipped++; results.set(text, {}); continue; }
      const hit = cache?.get(text);
      if (hit) { stats.cached++; results.set(text, hit); continue; }
      const quick = model.quick?.(text);
      if (quick) { stats.gated++; remember(text, quick); continue; }
      pending.push(text);
    }

    // Windows of all pending texts, scored together; sorted by token count so a micro-batch pads little.
    const windows = pending.flatMap((text) => wordWindows(text, windowWords).map((w) => ({ text, w, tokens: model.tokenize(w) })));
    windows.sort((a, b) => a.tokens.length - b.tokens.length);
    const combined = new Map<string, LabelScores>();
    for (let i = 0; i < windows.length; i += microBatch) {
      const chunk = windows.slice(i, i + microBatch);
      const scores = await model.predict(chunk.map((c) => c.tokens), chunk.map((c) => c.w));
      chunk.forEach((c, k) => combined.set(c.text, maxScores(combined.get(c.text), scores[k]!)));
    }
    stats.encoded += pending.length;
    stats.windows += windows.length;
    for (const text of pending) remember(text, combined.get(text) ?? {});

    return prepared.map((text) => ({ labels: results.get(text) ?? {} }));

    function remember(text: string, scores: LabelScores) {
      results.set(text, scores);
      cache?.set(text, scores);
    }
  }

  return {
    name: model.name,
    stats,
    scoreBatch,
    async close() {
      cache?.clear();
      model.dispose();
    },
  };
}

function maxScores(a: LabelScores | undefined, b: LabelScores): LabelScores {
  if (!a) return b;
  const out: LabelScores = { ...a };
  for (const [k, v] of Object.entries(b) as [keyof LabelScores, number][]) out[k] = Math.max(out[k] ?? 0, v);
  return out;
}
