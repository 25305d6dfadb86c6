import type { ScoreResult } from './score';
import type { CommentStatus } from './verdicts';

/**
 * Comment and thread ids: they end up in Redis keys and BullMQ job ids (BullMQ forbids ':' in custom ids), so
 * they keep to a safe set.
 */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$/;

export interface Author {
  id: string;
  name?: string;
}

/** A comment as the site submitted it (validated). `id` is the site's own comment id. */
export interface CommentInput {
  id: string;
  threadId: string;
  author: Author;
  text: string;
  parentId?: string;
  /** The site section the thread belongs to (src/domain/sections.ts); absent = none. */
  section?: string;
  createdAt: string;
  metadata?: Record<string, unknown>;
}

/** A stored comment with where it is on the path. */
export interface CommentRecord extends CommentInput {
  status: CommentStatus;
  acceptedAt: string;
  scoredAt?: string;
  result?: ScoreResult;
  /** Final state after a human decision, when there was one (owned by the review store). */
  review?: { state: string; decidedBy?: string; decidedAt?: string; action?: string; reason?: string };
  /** True once retention dropped the text. */
  textRedacted?: boolean;
}
