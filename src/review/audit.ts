/**
 * The audit sample (issue #13): 1 in 1/AUDIT_SAMPLE_RATE of the comments Sieve PUBLISHES goes to a low-priority
 * `audit` review queue, so moderators also judge comments the checks let through, and the quality figures can
 * say how much abuse is missed (src/review/quality/quality.ts `missRate`, `recall`) — not only how precise the
 * holds are.
 *
 * The draw is deterministic per comment id (src/domain/sampling.ts): a retried job, a second worker or a
 * re-score decides the same way, and the sample is independent of the shadow sample.
 */
import type { ScoreResult } from '../domain/score';
import { inSample, SAMPLE_SALTS } from '../domain/sampling';

/** Is this scored comment drawn into the audit sample? Only published, scored comments are: the rest are held anyway. */
export function drawnForAudit(commentId: string, result: Pick<ScoreResult, 'verdict' | 'unscored'>, rate: number): boolean {
  return result.verdict === 'publish' && result.unscored !== true && inSample(SAMPLE_SALTS.audit, commentId, rate);
}

/**
 * How many published comments one audited comment stands for: its weight in the quality figures. Read when the
 * item is decided (AUDIT_SAMPLE_RATE then); an item drawn before the sample was switched off counts once.
 */
export const auditWeight = (rate: number): number => (rate > 0 ? 1 / rate : 1);
