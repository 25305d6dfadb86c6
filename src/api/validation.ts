/**
 * Input validation for the ingest API, and the check every JSON body passes first (checkJsonBody). Schemas are
 * strict (unknown fields are errors) and every failure becomes one ApiError with a stable code and the exact field
 * path, e.g. `comments[3].author.id`.
 */
import { z } from 'zod';
import { ID_PATTERN, type CommentInput } from '../domain/comment';
import { SECTION_PATTERN, SECTION_RULE } from '../domain/sections';
import { ApiError, toApiError } from './errors';

export { ID_PATTERN };

const id = z.string().regex(ID_PATTERN, 'must be 1-128 characters of A-Z a-z 0-9 . _ ~ - (starting with a letter or digit)');
export const sectionSchema = z.string().regex(SECTION_PATTERN, `must be ${SECTION_RULE}`);

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
    section: sectionSchema.optional(),
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

/** Keys that name an object's prototype machinery: refused anywhere in a body (see checkJsonBody). */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Text the record can hold: well-formed Unicode without U+0000. */
export function storable(s: string): boolean {
  return s.isWellFormed() && !s.includes('\u0000');
}

/**
 * What every URL must be before any route looks at it: its path segments and query values, decoded, are storable
 * text — an id or a search term reaches PostgreSQL, which cannot hold U+0000 (`/v1/review/items/%00/claim` was a
 * 500) → 400 `invalid_value`. Percent-encoding that is not UTF-8 throws a URIError here, which errors.ts answers
 * with the same 400 as the router's own. Express 5's query parser gives each name a string or an array of them.
 */
export function checkUrl(path: string, query: Record<string, unknown>): void {
  if (!storable(decodeURIComponent(path))) throw new ApiError(400, 'invalid_value', 'the URL path contains U+0000 or a lone surrogate');
  for (const [name, value] of Object.entries(query)) {
    if (!storable(name)) throw new ApiError(400, 'invalid_value', 'a query parameter name contains U+0000 or a lone surrogate');
    if ([value].flat().some((v) => typeof v === 'string' && !storable(v))) {
      throw new ApiError(400, 'invalid_value', `query parameter ${name} contains U+0000 or a lone surrogate`, name);
    }
  }
}

/**
 * What every JSON body must be before any route looks at it, checked without recursion (an explicit stack), so a
 * body nested 100,000 levels deep costs one quick walk and a 400, never a stack overflow:
 *  - at most `maxDepth` nested objects/arrays (the body itself is level 1) → 400 `too_deep`;
 *  - no key `__proto__`, `constructor` or `prototype` → 400 `reserved_key` (`__proto__` would otherwise be
 *    dropped silently when the body is copied, and such keys are a trap for every consumer of stored metadata);
 *  - no lone UTF-16 surrogate ("\ud800" in JSON) in any string or key → 400 `invalid_unicode`: it is not text;
 *  - no U+0000 ("\u0000") in any string or key → 400 `invalid_unicode`: PostgreSQL's text and jsonb, which hold
 *    the record, cannot store it.
 * Every refusal names the field path, e.g. `comments[3].metadata.a.b`.
 */
export function checkJsonBody(body: unknown, maxDepth: number): void {
  if (body === null || typeof body !== 'object') {
    if (typeof body === 'string' && !storable(body)) throw new ApiError(400, 'invalid_unicode', 'body contains invalid Unicode (a lone surrogate or U+0000)');
    return;
  }
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 1 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (!storable(value)) throw new ApiError(400, 'invalid_unicode', `${path || 'body'} contains invalid Unicode (a lone surrogate or U+0000)`, path || undefined);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth > maxDepth) {
      throw new ApiError(400, 'too_deep', `${path || 'body'} is nested more than ${maxDepth} levels deep (objects and arrays); the limit is ${maxDepth}`, path || undefined);
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: `${path}[${i}]`, depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i]!;
      const p = path ? `${path}.${k}` : k;
      if (!storable(k)) throw new ApiError(400, 'invalid_unicode', `a field name in ${path || 'body'} contains invalid Unicode`, path || undefined);
      if (RESERVED_KEYS.has(k)) throw new ApiError(400, 'reserved_key', `${p}: the keys __proto__, constructor and prototype are not accepted`, p);
      stack.push({ value: (value as Record<string, unknown>)[k], path: p, depth: depth + 1 });
    }
  }
}
