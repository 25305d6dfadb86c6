/**
 * The model scorer (`model:sieve` / `model:google`): turns a batch of ScoringItems into label scores.
 *
 * Per batch: prepare each text (the lexicon's de-obfuscated text when there is one) → collapse repeated
 * patterns and cut giant words → skip what the model cannot judge (empty, emoji-only, non-Latin) → reuse cached results for texts
 * seen before → split long texts into windows → pick at most `maxWindows` of them per comment for the encoder
 * (the first and the last, then the ones holding the lexicon's matches, then spread evenly) → run them
 * through the encoder in micro-batches of similar length → combine windows by max per label.
 *
 * The cost of one comment is bounded: at most `maxWindows` encoder windows of at most `windowWords` words (each
 * cut to `maxWindowTokens` tokens), plus windowing work linear in the text's length.
 */
import { LRUCache } from 'lru-cache';
import { maxLabelScores, type LabelScores } from '../../domain/labels';
import type { Scorer, ScorerOutput, ScoringItem } from '../types';
import type { LabelModel } from './labelModel';
import { collapseRepeats, splitLongWords } from './prepare';
import { textKind, wordWindows } from './textChecks';

export interface ModelScorerOptions {
  /** Texts per encoder call. Measured by `npm run bench:model`. */
  microBatch?: number;
  /** Distinct prepared texts whose scores are remembered. 0 disables the cache. */
  cacheSize?: number;
  /** Words per window for long comments. */
  windowWords?: number;
  /** Most windows of one comment the encoder reads (MODEL_MAX_WINDOWS); 0 = no limit. */
  maxWindows?: number;
  /** Collapse a pattern repeated many times to a few copies and cut giant words before windowing (default true). */
  collapse?: boolean;
}

/**
 * An English window of `windowWords` (24) words is 25–40 tokens; gibberish can be three times that. Cutting a
 * window at 64 tokens keeps the encoder's cost per window bounded whatever the text.
 */
const MAX_WINDOW_TOKENS = 64;

export interface ModelScorerStats {
  texts: number; cached: number; skipped: number; encoded: number;
  /** Windows of all texts scored, windows the encoder read, windows over the per-comment limit left unread. */
  windows: number; encodedWindows: number; overLimit: number;
}

export interface ModelScorer extends Scorer {
  readonly stats: ModelScorerStats;
}

interface Candidate { index: number; w: string; suspicion: number }

export function createModelScorerFrom(model: LabelModel, opts: ModelScorerOptions = {}): ModelScorer {
  const microBatch = opts.microBatch ?? 8;
  const windowWords = opts.windowWords ?? 24;
  const maxWindows = opts.maxWindows ?? 8;
  const collapse = opts.collapse !== false;
  const cache = opts.cacheSize === 0 ? null : new LRUCache<string, LabelScores>({ max: opts.cacheSize ?? 10_000 });
  const stats: ModelScorerStats = { texts: 0, cached: 0, skipped: 0, encoded: 0, windows: 0, encodedWindows: 0, overLimit: 0 };

  async function scoreBatch(items: readonly ScoringItem[]): Promise<ScorerOutput[]> {
    const prepared = items.map((it) => {
      const p = model.prepare(it.normalized ?? it.text);
      return collapse ? splitLongWords(collapseRepeats(p)) : p;
    });
    // What the lexicon (which runs first) found in each text, each term once: a window holding one is suspicious.
    const lexiconTerms = new Map<string, Map<string, number>>();
    items.forEach((it, i) => {
      if (it.slurs.length === 0) return;
      const terms = lexiconTerms.get(prepared[i]!) ?? new Map<string, number>();
      // Untargeted swearing is the weakest sign: terms aimed at people (insults, slurs) rank above it.
      for (const m of it.slurs) {
        const term = m.term.toLowerCase();
        terms.set(term, Math.max(terms.get(term) ?? 0, m.severity + (m.category === 'profanity' ? 0 : 2)));
      }
      lexiconTerms.set(prepared[i]!, terms);
    });
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
      const terms = lexiconTerms.get(text);
      const candidates: Candidate[] = wordWindows(text, windowWords).map((w, index) => ({
        index, w, suspicion: terms ? lexiconSuspicion(w, terms) : 0,
      }));
      stats.windows += candidates.length;
      const chosen = chooseWindows(candidates, maxWindows, terms !== undefined);
      for (const c of candidates) {
        if (chosen.has(c)) {
          const tokens = model.tokenize(c.w);
          toEncode.push({ text, w: c.w, tokens: tokens.length > MAX_WINDOW_TOKENS ? tokens.slice(0, MAX_WINDOW_TOKENS) : tokens });
        } else {
          // Over the limit: less suspicious to the lexicon than every window the encoder reads.
          stats.overLimit++;
        }
      }
      stats.encodedWindows += chosen.size;
      if (chosen.size > 0) stats.encoded++;
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

/** How suspicious one window is to the lexicon: the weights of the lexicon's terms it holds. */
function lexiconSuspicion(window: string, terms: ReadonlyMap<string, number>): number {
  let s = 0;
  for (const [term, weight] of terms) if (window.includes(term)) s += weight;
  return s;
}

/**
 * Which of a comment's windows the encoder reads when there are more than `max`: the first and the last (abuse
 * at the start and the end), then the ones the lexicon's matches make most suspicious — abuse anywhere in
 * between — and any places left spread evenly over the text. Without anything to rank by, the rest are spread
 * evenly.
 */
export function chooseWindows<T extends { suspicion: number }>(candidates: readonly T[], max: number, bySuspicion: boolean): Set<T> {
  if (max <= 0 || candidates.length <= max) return new Set(candidates);
  const chosen = new Set<T>([candidates[0]!, candidates.at(-1)!].slice(0, max));
  if (bySuspicion) {
    const ranked = candidates.slice(1, -1).filter((c) => c.suspicion > 0).sort((a, b) => b.suspicion - a.suspicion);
    for (const c of ranked) {
      if (chosen.size >= max) break;
      chosen.add(c);
    }
  }
  // Places left: evenly spread over the text (skipping windows already chosen), then in order.
  const steps = max - 1;
  for (let j = 1; j < steps && chosen.size < max; j++) chosen.add(candidates[Math.round((j * (candidates.length - 1)) / steps)]!);
  for (const c of candidates) {
    if (chosen.size >= max) break;
    chosen.add(c);
  }
  return chosen;
}
