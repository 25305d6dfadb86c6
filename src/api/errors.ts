/**
 * Errors are data: every route answers failures with the same JSON shape
 *   { "error": { "code": "text_too_long", "message": "...", "field": "comments[3].text" } }
 * Throw an ApiError anywhere in a handler, or let a layer below throw its own typed error (ReviewError); the
 * error middleware in app.ts renders either through toApiError, the one place codes meet HTTP statuses.
 */
import { z } from 'zod';
import { isStoreUnavailable } from '../redis/connection';
import { isDatabaseUnavailable } from '../db';
import { ReviewError, type ReviewErrorCode } from '../review/errors';
import { QuotaExceeded } from './quotas';

/**
 * Every code the API itself answers with (the review layer's are REVIEW_ERROR_CODES): clients branch on these, so a
 * route can only throw one listed here, and tests/api/fuzz.test.ts accepts no other.
 */
export const API_ERROR_CODES = [
  // the request: body, URL, media type, JSON shape (validation.ts, body-parser)
  'missing_field', 'wrong_type', 'unknown_field', 'invalid_value', 'invalid_json', 'invalid_unicode', 'too_deep', 'reserved_key',
  'body_too_large', 'unsupported_media_type', 'request_aborted', 'bad_request', 'route_not_found',
  // comments and batches
  'text_empty', 'text_too_long', 'batch_too_large', 'duplicate_in_batch', 'thread_mismatch', 'id_conflict', 'author_mismatch', 'invalid_range',
  // who may: keys, sessions, sections, signatures, quotas
  'unauthorized', 'forbidden', 'section_forbidden', 'csrf_failed', 'no_session', 'signature_missing', 'signature_invalid',
  'quota_exceeded', 'signin_throttled',
  // the Perspective-compatible API (routes/perspective.ts)
  'missing_attributes', 'unknown_attribute', 'attribute_not_served', 'language_not_supported',
  // the record and its admin
  'not_found', 'already_reverted', 'not_latest', 'not_revertible',
  // the service (5xx) and integrations
  'integration_not_configured', 'scoring_unavailable', 'scoring_failed', 'scoring_timeout', 'store_unavailable', 'sessions_unavailable',
  'policy_unavailable', 'ui_missing', 'internal',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number] | ReviewErrorCode;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}), ...(this.details ?? {}) } };
  }
}

export const notFound = (what: string, id: string) => new ApiError(404, 'not_found', `${what} ${JSON.stringify(id)} does not exist`);

/** The review layer's codes as HTTP: 409 for a state conflict, 403 for escalated items, 404 for unknown ids. */
const REVIEW_STATUS: Record<ReviewErrorCode, number> = {
  not_found: 404,
  escalated_admin_only: 403,
  invalid_action: 400,
  already_decided: 409,
  claimed_by_other: 409,
  lease_expired: 409,
  not_claimed: 409,
  already_escalated: 409,
  invalid_reason: 400,
  note_too_long: 400,
  invalid_ids: 400,
  too_many_items: 400,
  invalid_cursor: 400,
  invalid_value: 400,
  no_rule: 409,
  not_removed: 409,
  appeal_decided: 409,
  same_decider: 403,
  not_decider: 403,
  not_decided: 409,
  invalid_query: 400,
  admin_only: 403,
  already_claimed_by_you: 409,
};

export const STORE_UNAVAILABLE: ApiErrorCode = 'store_unavailable';
/** The API reconnects to Redis every 100-500 ms: a client may try again after a second. */
export const RETRY_AFTER_SECONDS = 1;
export const storeUnavailable = () => new ApiError(503, STORE_UNAVAILABLE, `the store (Redis or PostgreSQL) is unavailable or too slow: try again in ${RETRY_AFTER_SECONDS} s (sending the same comments again is safe)`);

/**
 * Any failure as the one error shape: an ApiError as it is, a ReviewError with its status, a zod validation
 * error as its first issue (`input` is what was parsed, to tell a missing field from a wrong type), body-parser's
 * errors by type, Redis being unavailable 503 `store_unavailable`, anything else 500.
 */
export function toApiError(err: unknown, input?: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof ReviewError) return new ApiError(REVIEW_STATUS[err.code], err.code, err.message, err.field, err.details);
  if (err instanceof QuotaExceeded) return new ApiError(429, err.code, err.message, undefined, { limit: err.kind, retryAfterSeconds: err.retryAfterSeconds });
  if (err instanceof z.ZodError) return fromIssue(err.issues[0]!, input);
  // Redis unreachable, hung, or refusing writes: 503 with Retry-After (app.ts adds the header).
  if (isStoreUnavailable(err) || isDatabaseUnavailable(err)) return storeUnavailable();
  // The router could not decode a path parameter: malformed percent-encoding, or bytes that are not UTF-8.
  if (err instanceof URIError) return new ApiError(400, 'invalid_value', `the URL path is not valid percent-encoded UTF-8 (${err.message})`);
  const e = err as { type?: string; status?: number; message?: string; limit?: number };
  switch (e?.type) {
    case 'entity.too.large':
      return new ApiError(413, 'body_too_large', `the body is larger than ${e.limit} bytes`);
    case 'entity.parse.failed':
      return new ApiError(400, 'invalid_json', `the body is not valid JSON: ${e.message}`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError(415, 'unsupported_media_type', e.message ?? 'unsupported encoding');
    case 'request.aborted':
      return new ApiError(400, 'request_aborted', 'the client aborted the request');
  }
  // body-parser wraps errors thrown in `verify` (ours are ApiErrors) in its own.
  const inner = (err as { cause?: unknown })?.cause;
  if (inner instanceof ApiError) return inner;
  if (e?.status && e.status >= 400 && e.status < 500) return new ApiError(e.status, 'bad_request', e.message ?? 'bad request');
  return new ApiError(500, 'internal', 'internal error');
}

/** Google's canonical status for an HTTP status (google.rpc.Code), as Perspective's errors carry it. */
const GOOGLE_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 409: 'ABORTED',
  413: 'INVALID_ARGUMENT', 415: 'INVALID_ARGUMENT', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE', 504: 'DEADLINE_EXCEEDED',
};

/**
 * The same error in Google's shape, for the Perspective-compatible routes (`/v1alpha1`): `{"error": {"code": 400,
 * "message": ..., "status": "INVALID_ARGUMENT", "details": [google.rpc.ErrorInfo whose reason is Sieve's code]}}`.
 */
export function googleError(e: ApiError) {
  return {
    error: {
      code: e.status,
      message: e.message,
      status: GOOGLE_STATUS[e.status] ?? (e.status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT'),
      details: [{
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: e.code,
        domain: 'sieve',
        metadata: { ...(e.field ? { field: e.field } : {}), ...(typeof e.details?.retryAfterSeconds === 'number' ? { retryAfterSeconds: String(e.details.retryAfterSeconds) } : {}) },
      }],
    },
  };
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '');
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

function fromIssue(issue: z.core.$ZodIssue, input: unknown): ApiError {
  const field = formatPath(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0]!;
      const full = field ? `${field}.${key}` : key;
      return new ApiError(400, 'unknown_field', `${full} is not a known field`, full);
    }
    case 'invalid_type': {
      const missing = valueAt(input, issue.path) === undefined;
      return missing
        ? new ApiError(400, 'missing_field', `${field || 'body'} is required`, field || undefined)
        : new ApiError(400, 'wrong_type', `${field || 'body'} must be ${issue.expected === 'record' ? 'an object' : `a ${issue.expected}`}`, field || undefined);
    }
    case 'custom': {
      const code = (issue.params as { sieveCode?: ApiErrorCode } | undefined)?.sieveCode ?? 'invalid_value';
      return new ApiError(400, code, `${field}: ${issue.message}`, field || undefined);
    }
    default:
      return new ApiError(400, 'invalid_value', `${field || 'body'}: ${issue.message}`, field || undefined);
  }
}
