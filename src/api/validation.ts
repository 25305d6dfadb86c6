/**
 * Input validation for the ingest API. Schemas are strict (unknown fields are errors) and every failure becomes
 * one ApiError with a stable code and the exact field path, e.g. `comments[3].author.id`.
 */
import { z } from 'zod';
import type { CommentInput } from '../domain/comment';
import { ApiError, toApiError } from './errors';

/** Ids end up in Redis keys and BullMQ job ids: BullMQ forbids ':' in custom ids, so we keep to a safe set. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$/;
const id = z.string().regex(ID_PATTERN, 'must be 1-128 characters of A-Z a-z 0-9 . _ ~ - (starting with a letter or digit)');

export interface IngestLimits {
  maxTextLength: number;
  maxBatchSize: number;
}

export function commentSchemas(limits: IngestLimits) {
  const text = z.string().superRefine((s, ctx) => {
    if (s.trim().length === 0) ctx.addIssue({ code: 'custom', message: 'text is empty', params: { sieveCode: 'text_empty' } });
    const length = [...s].length;
    if (length > limits.maxTextLength) {
      ctx.addIssue({ code: 'custom', message: `text is ${length} characters; the limit is ${limits.maxTextLength}`, params: { sieveCode: 'text_too_long' } });
    }
  });
  const author = z.object({ id: z.string().min(1).max(128), name: z.string().max(200).optional() }).strict();
  const fields = {
    id,
    author,
    text,
    parentId: id.optional(),
    createdAt: z.iso.datetime({ offset: true }).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  };
  const single = z.object({ threadId: id, ...fields }).strict();
  // In a batch the thread comes from the path; a comment may repeat it but not contradict it.
  const batchItem = z.object({ threadId: id.optional(), ...fields }).strict();
  const batch = z.object({ comments: z.array(batchItem).min(1, 'at least one comment') }).strict();
  return { single, batch };
}

/** Parses a single comment body or throws the first problem as an ApiError. */
export function parseComment(schemas: ReturnType<typeof commentSchemas>, body: unknown): CommentInput {
  assertWellFormed(body, '');
  const r = schemas.single.safeParse(body);
  if (!r.success) throw toApiError(r.error, body);
  return withDefaults(r.data);
}

export function parseBatch(schemas: ReturnType<typeof commentSchemas>, limits: IngestLimits, threadId: string, body: unknown): CommentInput[] {
  if (!ID_PATTERN.test(threadId)) throw new ApiError(400, 'invalid_value', 'threadId: must be 1-128 characters of A-Z a-z 0-9 . _ ~ -', 'threadId');
  const count = (body as { comments?: unknown })?.comments;
  if (Array.isArray(count) && count.length > limits.maxBatchSize) {
    throw new ApiError(413, 'batch_too_large', `${count.length} comments in one batch; the limit is ${limits.maxBatchSize}`, 'comments');
  }
  assertWellFormed(body, '');
  const r = schemas.batch.safeParse(body);
  if (!r.success) throw toApiError(r.error, body);
  const seen = new Set<string>();
  return r.data.comments.map((c, i) => {
    if (c.threadId !== undefined && c.threadId !== threadId) {
      throw new ApiError(400, 'thread_mismatch', `comment threadId ${JSON.stringify(c.threadId)} differs from the path's ${JSON.stringify(threadId)}`, `comments[${i}].threadId`);
    }
    if (seen.has(c.id)) throw new ApiError(400, 'duplicate_in_batch', `comment id ${JSON.stringify(c.id)} appears twice in the batch`, `comments[${i}].id`);
    seen.add(c.id);
    return withDefaults({ ...c, threadId });
  });
}

function withDefaults<T extends Omit<CommentInput, 'createdAt'> & { createdAt?: string }>(c: T): CommentInput {
  return { ...c, createdAt: c.createdAt ?? new Date().toISOString() };
}

/** Lone UTF-16 surrogates ("\ud800" in JSON) are not text: refuse them before they reach a scorer. */
function assertWellFormed(value: unknown, path: string): void {
  if (typeof value === 'string') {
    if (!value.isWellFormed()) throw new ApiError(400, 'invalid_unicode', `${path || 'body'} contains invalid Unicode (a lone surrogate)`, path || undefined);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => assertWellFormed(v, `${path}[${i}]`));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = path ? `${path}.${k}` : k;
      if (!k.isWellFormed()) throw new ApiError(400, 'invalid_unicode', `a field name in ${path || 'body'} contains invalid Unicode`, path || undefined);
      assertWellFormed(v, p);
    }
  }
}
