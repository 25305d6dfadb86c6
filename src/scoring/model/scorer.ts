/**
 * The model scorer (`model:sieve` / `model:google`): turns a batch of ScoringItems into label scores.
 *
 * Per batch: prepare each text (the lexicon's de-obfuscated text when there is one) → skip what the model
 * cannot judge (empty, emoji-only, non-Latin) → reuse cached results for texts seen before → let the cheap
 * first stage settle clearly civil texts → split long texts into windows → run the rest through the encoder
 * in micro-batches of similar length → combine windows by max per label.
 */
import { LRUCache } from 'lru-cache';
import { maxLabelScores, type LabelScores } from '../../domain/labels';
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
  const windowWords = opts.windowWords ?? 24;
  const cache = opts.cacheSize === 0 ? null : new LRUCache<string, LabelScores>({ max: opts.cacheSize ?? 10_000 });
  const stats: ModelScorerStats = { texts: 0, cached: 0, skipped: 0, gated: 0, encoded: 0, windows: 0 };

  async function scoreBatch(items: readonly ScoringItem[]): Promise<ScorerOutput[]> {
    const prepared = items.map((it) => model.prepare(it.normalized ?? it.text));
    const results = new Map<string, LabelScores>();
    const combined = new Map<string, LabelScores>();
    const pending: string[] = [];
    const toEncode: { text: string; w: string; tokens: number[] }[] = [];
    for (const text of new Set(prepared)) {
      stats.texts++;
      if (textKind(text) !== 'scorable') { stats.skipped++; results.set(text, {}); continue; }
      const hit = cache?.get(text);
      if (hit) { stats.cached++; results.set(text, hit); continue; }
      pending.push(text);
      // The first stage judges each window, not the whole text: a civil page with one insult at the end must
      // not be waved through because the civil words dilute the insult's n-grams.
      let encoded = 0;
      for (const w of wordWindows(text, windowWords)) {
        stats.windows++;
        const quick = model.quick?.(w);
        if (quick) combined.set(text, maxLabelScores(combined.get(text), quick));
        else { toEncode.push({ text, w, tokens: model.tokenize(w) }); encoded++; }
      }
      if (encoded === 0) stats.gated++;
      else stats.encoded++;
    }

    // Windows of all texts that need the encoder, scored together; sorted by token count so a micro-batch pads little.
    toEncode.sort((a, b) => a.tokens.length - b.tokens.length);
    for (let i = 0; i < toEncode.length; i += microBatch) {
      const chunk = toEncode.slice(i, i + microBatch);
      const scores = await model.predict(chunk.map((c) => c.tokens), chunk.map((c) => c.w));
      chunk.forEach((c, k) => combined.set(c.text, maxLabelScores(combined.get(c.text), scores[k]!)));
    }
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
