/**
 * Deterministic sampling by id: the same comment is always in (or out of) a sample, whichever process asks and
 * however often a job is retried. `salt` keeps samples independent: the audit sample and the shadow sample are
 * drawn with different salts, so a comment's being in one says nothing about the other.
 */
import { createHash } from 'node:crypto';

/** A number in [0, 1) fixed by (salt, id): the first 48 bits of SHA-256, which is uniform enough for sampling. */
export function unitHash(salt: string, id: string): number {
  return createHash('sha256').update(salt).update('\0').update(id).digest().readUIntBE(0, 6) / 2 ** 48;
}

/** Is this id in a sample drawn at `rate` (0 = none, 1 = all)? */
export function inSample(salt: string, id: string, rate: number): boolean {
  return rate > 0 && unitHash(salt, id) < rate;
}

export const SAMPLE_SALTS = { audit: 'sieve-audit', shadow: 'sieve-shadow' } as const;
