/**
 * Shadow scoring's shapes (issue #13): what a shadow configuration is, and one comment scored both ways. The
 * worker makes them (src/scoring/shadow.ts), the record keeps them, the quality figures compare them.
 */
import type { ScoreResult } from './score';

/** What a shadow is, in words an operator recognises (stored with its scores and shown on the quality page). */
export interface ShadowDescription {
  scorers: string[];
  modelProvider: 'sieve' | 'google';
  modelDir: string | null;
  policyFile: string | null;
  sampleRate: number;
}

/** One comment scored both ways. */
export interface ShadowScore {
  commentId: string;
  live: ScoreResult;
  shadow: ScoreResult;
}

/** A stable key for a description: the same shadow configuration always gets the same key. */
export function shadowKey(d: ShadowDescription): string {
  return JSON.stringify([d.scorers, d.modelProvider, d.modelDir, d.policyFile]);
}
