/**
 * What the model scorer needs from a provider (Sieve's heads or Google's toxicity model): a tokenizer, a
 * batched predictor over token ids.
 */
import type { LabelScores } from '../../domain/labels';

export interface LabelModel {
  /** Recorded with every result: "model:sieve" or "model:google". */
  readonly name: string;
  /** The clean-up this model was trained with (Sieve's lower-cases and drops tweet artefacts; Google's keeps case). */
  prepare(text: string): string;
  tokenize(prepared: string): number[];
  /** One LabelScores per token list, in order. `texts` are the prepared texts the tokens came from. */
  predict(tokens: readonly number[][], texts: readonly string[]): Promise<LabelScores[]>;
  dispose(): void;
}
