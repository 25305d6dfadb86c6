/**
 * The OpenAPI 3.1 document served at /openapi.json. Each area contributes its paths as one group below;
 * tests/api/openapi.test.ts checks that every route the app serves is documented and every documented
 * operation is routed.
 */
import { LABELS } from '../domain/labels';
import { SECTION_PATTERN } from '../domain/sections';
import { SLUR_CATEGORIES, SLUR_CONTEXTS, TRANSFORMATION_NAMES } from '../domain/slurs';
import { COMMENT_STATUSES, REASON_CODES, VERDICTS } from '../domain/verdicts';
import { REVIEW_PATHS, REVIEW_SCHEMAS } from '../review/openapi';
import { PERSPECTIVE_PATHS, PERSPECTIVE_SCHEMAS } from './perspective/openapi';

type Json = Record<string, unknown>;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json) => ({ content: { 'application/json': { schema } } });
export const errorResponses = (...codes: number[]): Json =>
  Object.fromEntries(codes.map((c) => [String(c), { description: ERROR_TEXT[c] ?? 'error', ...json(ref('Error')) }]));
const ERROR_TEXT: Record<number, string> = {
  400: 'invalid input (code, message and field say what; every JSON body: `too_deep`, `reserved_key`, `invalid_unicode`)', 401: 'no valid API key', 403: '`forbidden`: the key lacks the role; `section_forbidden`: the key is limited to other sections',
  404: 'not found', 409: 'conflict with the current state', 413: 'body or batch too large', 415: 'not JSON',
  429: '`quota_exceeded` (the key\'s requests/s or comments/s) or `signin_throttled`; Retry-After says when to retry',
};

const idParam = (name: string, where = 'path') => ({ name, in: where, required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$' } });

const commentInputFields = {
  id: { type: 'string', description: "The site's own comment id (idempotency key)." },
  threadId: { type: 'string' },
  author: { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'string' }, name: { type: 'string' } } },
  text: { type: 'string', minLength: 1, description: 'At most MAX_TEXT_LENGTH characters; well-formed Unicode.' },
  parentId: { type: 'string' },
  section: { type: 'string', pattern: SECTION_PATTERN.source, description: "The site section of the comment's thread (e.g. `politics`): queues filter by it and API keys may be limited to sections (a limited ingest key gets 403 `section_forbidden` for a comment outside its sections)." },
  createdAt: { type: 'string', format: 'date-time', description: 'Defaults to the time of acceptance.' },
  metadata: { type: 'object', additionalProperties: true },
};

const INGEST_PATHS: Json = {
  '/v1/comments': {
    post: {
      summary: 'Submit one comment for scoring', tags: ['ingest'], security: [{ bearer: [] }],
      requestBody: { required: true, ...json(ref('CommentInput')) },
      responses: {
        202: { description: 'accepted and queued', ...json(ref('Accepted')) },
        200: { description: 'already submitted (idempotent): the existing record', ...json(ref('Accepted')) },
        ...errorResponses(400, 401, 403, 409, 413, 415, 429),
      },
    },
  },
  '/v1/threads/{threadId}/comments': {
    post: {
      summary: 'Submit a batch of comments of one thread (queued with one bulk call)', tags: ['ingest'], security: [{ bearer: [] }],
      parameters: [idParam('threadId')],
      requestBody: { required: true, ...json({ type: 'object', required: ['comments'], additionalProperties: false, properties: { comments: { type: 'array', minItems: 1, description: 'At most MAX_BATCH_SIZE; threadId optional per comment (must match the path).', items: ref('CommentInput') } } }) },
      responses: {
        202: { description: 'accepted', ...json({ type: 'object', properties: { threadId: { type: 'string' }, accepted: { type: 'integer' }, duplicates: { type: 'integer' }, comments: { type: 'array', items: ref('Accepted') }, links: { type: 'object' } } }) },
        ...errorResponses(400, 401, 403, 409, 413, 415, 429),
      },
    },
  },
  '/v1/comments/{id}': {
    get: {
      summary: "A comment's status, scores, verdict, reasons and review state (404 for a section-limited key when the comment is outside its sections)", tags: ['ingest'], security: [{ bearer: [] }],
      parameters: [idParam('id')],
      responses: { 200: { description: 'the comment', ...json(ref('Comment')) }, ...errorResponses(401, 403, 404) },
    },
  },
  '/v1/threads/{threadId}': {
    get: {
      summary: "A thread's comments with their verdicts, in thread order (a section-limited key sees only its sections' comments)", tags: ['ingest'], security: [{ bearer: [] }],
      parameters: [idParam('threadId')],
      responses: { 200: { description: 'the thread', ...json({ type: 'object', properties: { threadId: { type: 'string' }, count: { type: 'integer' }, comments: { type: 'array', items: ref('Comment') } } }) }, ...errorResponses(401, 403, 404) },
    },
  },
};

const ADMIN_PATHS: Json = {
  '/v1/admin/lexicon/terms': {
    get: {
      summary: "The site's own lexicon terms", tags: ['admin'], security: [{ bearer: [] }],
      responses: { 200: { description: 'the terms', ...json({ type: 'object', properties: { terms: { type: 'array', items: ref('SiteTerm') } } }) }, ...errorResponses(401, 403) },
    },
    post: {
      summary: 'Add or replace a term; running workers pick it up without a restart', tags: ['admin'], security: [{ bearer: [] }],
      requestBody: { required: true, ...json({
        type: 'object', required: ['term', 'category', 'severity'], additionalProperties: false,
        properties: { term: { type: 'string', minLength: 1, maxLength: 100 }, category: { enum: SLUR_CATEGORIES }, severity: { type: 'integer', minimum: 1, maximum: 4 }, action: { enum: ['flag', 'block'], default: 'flag', description: 'flag = hold for review; block = reject' } },
      }) },
      responses: { 201: { description: 'the stored term', ...json(ref('SiteTerm')) }, ...errorResponses(400, 401, 403, 415) },
    },
  },
  '/v1/admin/quality': {
    get: {
      summary: "Live quality from moderators' decisions: precision of holds per label and lexicon category (95 % Wilson intervals), outright rejections overturned, the audit sample's miss rate and recall, threshold suggestions, and the same over time",
      tags: ['admin'], security: [{ bearer: [] }],
      parameters: [
        { name: 'since', in: 'query', schema: { type: 'string', format: 'date-time' }, description: 'decisions from (default: 30 days before until)' },
        { name: 'until', in: 'query', schema: { type: 'string', format: 'date-time' }, description: 'decisions before (default: now); at most 366 days after since' },
        { name: 'section', in: 'query', schema: { type: 'string', minLength: 1, maxLength: 128 }, description: "only comments of this section (a comment's metadata.section)" },
        { name: 'targetPrecision', in: 'query', schema: { type: 'number', exclusiveMinimum: 0, maximum: 1 }, description: 'suggest, per label, the lowest review threshold whose holds moderators reject this often' },
        { name: 'targetPerDay', in: 'query', schema: { type: 'number', minimum: 0 }, description: 'or: the lowest review threshold that keeps held comments under this many a day (not with targetPrecision)' },
      ],
      responses: { 200: { description: 'the figures (src/review/quality/overview.ts QualityOverview)', ...json({ type: 'object', required: ['since', 'until', 'examples', 'holds', 'byLabel', 'byCategory', 'missRate', 'suggestions', 'series'] }) }, ...errorResponses(400, 401, 403) },
    },
  },
  '/v1/admin/quality/identity': {
    get: {
      summary: 'Identity watch: per identity group named (the model card\'s terms), the share of scored comments held, and a neutralised re-score of the held ones (only the group word swapped, through the workers); a group whose holds fall away is flagged as a likely bias. At most the 5,000 newest comments with text',
      tags: ['admin'], security: [{ bearer: [] }],
      parameters: [
        { name: 'since', in: 'query', schema: { type: 'string', format: 'date-time' } },
        { name: 'until', in: 'query', schema: { type: 'string', format: 'date-time' } },
        { name: 'section', in: 'query', schema: { type: 'string', minLength: 1, maxLength: 128 } },
      ],
      responses: { 200: { description: 'the report (src/scoring/identity-watch.ts IdentityWatchReport)', ...json({ type: 'object', required: ['held', 'groups'] }) }, ...errorResponses(400, 401, 403, 504) },
    },
  },
  '/v1/admin/quality/thresholds': {
    get: {
      summary: 'The label thresholds in force and every threshold change admins made (newest first; an accepted one says which revert undid it)', tags: ['admin'], security: [{ bearer: [] }],
      responses: { 200: { description: 'inForce and changes', ...json({ type: 'object', required: ['inForce', 'changes'], properties: { inForce: { type: 'object' }, changes: { type: 'array', items: ref('PolicyChange') } } }) }, ...errorResponses(401, 403) },
    },
    post: {
      summary: "Accept a label's review (and reject) threshold, e.g. a suggestion from GET /v1/admin/quality: recorded with who and why, in force for every worker at once", tags: ['admin'], security: [{ bearer: [] }],
      requestBody: { required: true, ...json({
        type: 'object', required: ['label', 'review'], additionalProperties: false,
        properties: { label: { enum: LABELS }, review: { type: 'number', minimum: 0, maximum: 1 }, reject: { type: ['number', 'null'], minimum: 0, maximum: 1, description: 'omitted: the reject threshold in force, raised to review if below it' }, note: { type: 'string', maxLength: 2000 } },
      }) },
      responses: { 201: { description: 'the change', ...json({ type: 'object', required: ['change'], properties: { change: ref('PolicyChange') } }) }, ...errorResponses(400, 401, 403, 415) },
    },
  },
  '/v1/admin/quality/thresholds/{id}/revert': {
    post: {
      summary: 'Undo an accepted threshold: the label goes back to what was in force before it (recorded as a change of its own)', tags: ['admin'], security: [{ bearer: [] }],
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { 201: { description: 'the revert', ...json({ type: 'object', required: ['change'], properties: { change: ref('PolicyChange') } }) }, ...errorResponses(401, 403, 404), 409: { description: '`already_reverted`, `not_latest` (a later change to the label came after it), `not_revertible` (a revert)', ...json(ref('Error')) } },
    },
  },
  '/v1/admin/lexicon/terms/{term}': {
    delete: {
      summary: 'Remove a term', tags: ['admin'], security: [{ bearer: [] }],
      parameters: [{ name: 'term', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { 204: { description: 'removed' }, ...errorResponses(401, 403, 404) },
    },
  },
};

const OPS_PATHS: Json = {
  '/healthz': { get: { summary: 'Liveness', tags: ['ops'], responses: { 200: { description: 'alive' } } } },
  '/readyz': { get: { summary: 'Readiness (Redis reachable)', tags: ['ops'], responses: { 200: { description: 'ready' }, 503: { description: 'not ready' } } } },
  '/metrics': { get: { summary: 'Prometheus metrics', tags: ['ops'], responses: { 200: { description: 'text exposition format' } } } },
  '/openapi.json': { get: { summary: 'This document', tags: ['ops'], responses: { 200: { description: 'OpenAPI 3.1' } } } },
};

/** The moderator workspace (src/api/routes/ui.ts): the page, its files, sign-in, and the policy the page draws. */
const SESSION_BODY = {
  type: 'object', required: ['actor', 'csrfToken', 'expiresAt'],
  properties: {
    actor: { type: 'object', properties: { name: { type: 'string' }, role: { enum: ['moderator', 'admin'] } } },
    csrfToken: { type: 'string', description: 'send it as X-Sieve-CSRF on every POST/DELETE made with the session cookie' },
    expiresAt: { type: 'string', format: 'date-time' },
  },
};
const thresholds = (props: Json) => ({ type: 'object', properties: props });
const UI_PATHS: Json = {
  '/moderate': {
    get: { summary: 'The moderator workspace page (HTML; signs in with a moderator key, then uses the session cookie)', tags: ['workspace'], responses: { 200: { description: 'text/html' }, 503: { description: '`ui_missing`: the page files are not installed' } } },
  },
  '/moderate/quality': {
    get: { summary: "The admin quality page (HTML): GET /v1/admin/quality as tables, with the workspace's session cookie", tags: ['workspace'], responses: { 200: { description: 'text/html' }, 503: { description: '`ui_missing`: the page files are not installed' } } },
  },
  '/moderate/assets/{file}': {
    get: {
      summary: "The page's scripts, styles and icon (same-origin only; the page loads nothing from elsewhere)", tags: ['workspace'],
      parameters: [{ name: 'file', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z][a-z0-9-]*\\.(js|css|svg)$' } }],
      responses: { 200: { description: 'the file' }, ...errorResponses(404) },
    },
  },
  '/v1/session': {
    post: {
      summary: 'Sign in to the workspace: trade a moderator or admin key for a session cookie (HttpOnly, SameSite=Strict, Path=/, Secure over TLS; expires after SESSION_TTL_SECONDS)',
      tags: ['workspace'],
      requestBody: { required: true, ...json({ type: 'object', required: ['key'], additionalProperties: false, properties: { key: { type: 'string' } } }) },
      responses: {
        201: { description: 'signed in; Set-Cookie carries the session', ...json(SESSION_BODY) },
        ...errorResponses(400, 401, 429), 403: { description: '`forbidden`: not a moderator or admin key', ...json(ref('Error')) },
      },
    },
    get: {
      summary: 'The signed-in session (by cookie): who, its CSRF token, when it expires', tags: ['workspace'], security: [{ session: [] }],
      responses: { 200: { description: 'the session', ...json(SESSION_BODY) }, ...errorResponses(401) },
    },
    delete: {
      summary: 'Sign out: the session ends and the cookie is cleared (needs X-Sieve-CSRF)', tags: ['workspace'], security: [{ session: [] }],
      responses: { 204: { description: 'signed out' }, ...errorResponses(400, 401), 403: { description: '`csrf_failed`', ...json(ref('Error')) } },
    },
  },
  '/v1/review/vocabulary': {
    get: {
      summary: 'Labels, lexicon categories and disguises (transformations) in plain words, as the workspace shows them', tags: ['workspace'],
      security: [{ bearer: [] }, { session: [] }],
      responses: {
        200: {
          description: 'from the label table (src/domain/labels.ts LABEL_INFO), CATEGORY_NAMES and the reasons\' disguise phrases',
          ...json({
            type: 'object',
            properties: {
              labels: { type: 'object', properties: Object.fromEntries(LABELS.map((l) => [l, { type: 'object', properties: { name: { type: 'string' }, meaning: { type: 'string' } } }])) },
              categories: { type: 'object', properties: Object.fromEntries(SLUR_CATEGORIES.map((c) => [c, { type: 'object', properties: { name: { type: 'string' } } }])) },
              transformations: { type: 'object', additionalProperties: { type: 'object', properties: { name: { type: 'string' } } } },
            },
          }),
        },
        ...errorResponses(401, 403),
      },
    },
  },
  '/v1/review/policy': {
    get: {
      summary: 'The policy in force: per-label score thresholds (review, reject) and per-slur-category severity thresholds (read-only)', tags: ['review'],
      security: [{ bearer: [] }, { session: [] }],
      responses: {
        200: {
          description: 'the policy (POLICY_FILE over the defaults)',
          ...json({
            type: 'object',
            properties: {
              policy: {
                type: 'object',
                properties: {
                  labels: thresholds(Object.fromEntries(LABELS.map((l) => [l, { type: 'object', properties: { review: { type: 'number' }, reject: { type: ['number', 'null'] } } }]))),
                  categories: thresholds(Object.fromEntries(SLUR_CATEGORIES.map((c) => [c, { type: 'object', properties: { review: { type: ['integer', 'null'] }, reject: { type: ['integer', 'null'] } } }]))),
                  unscoredVerdict: { enum: ['review', 'reject'] },
                },
              },
            },
          }),
        },
        ...errorResponses(401, 403), 503: { description: '`policy_unavailable`: POLICY_FILE could not be read', ...json(ref('Error')) },
      },
    },
  },
};

const SCHEMAS: Json = {
  Error: {
    type: 'object', required: ['error'],
    properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string', description: 'stable, machine-readable' }, message: { type: 'string' }, field: { type: 'string', description: 'e.g. comments[3].text' } } } },
  },
  CommentInput: { type: 'object', required: ['id', 'threadId', 'author', 'text'], additionalProperties: false, properties: commentInputFields },
  Links: { type: 'object', properties: { self: { type: 'string' }, thread: { type: 'string' } } },
  Accepted: {
    type: 'object',
    properties: {
      id: { type: 'string' }, threadId: { type: 'string' }, status: { enum: COMMENT_STATUSES }, duplicate: { type: 'boolean' },
      verdict: { enum: [...VERDICTS, null] }, visibility: { enum: ['visible', 'hidden', 'pending'] }, final: { type: 'boolean' }, links: ref('Links'),
    },
  },
  SlurMatch: {
    type: 'object',
    properties: {
      term: { type: 'string' }, category: { enum: SLUR_CATEGORIES }, severity: { type: 'integer', minimum: 1, maximum: 4 },
      start: { type: 'integer', description: 'UTF-16 offset in the original text' }, end: { type: 'integer' }, text: { type: 'string' },
      transformations: { type: 'array', items: { enum: TRANSFORMATION_NAMES } }, action: { enum: ['flag', 'block'] }, source: { type: 'string' },
      context: { enum: SLUR_CONTEXTS, description: 'how the term is used when recognised: quoted/reported/condemned (counter-speech, never auto-rejected), reclaimed/homonym (not held by default)' },
    },
  },
  PolicyChange: {
    type: 'object', required: ['id', 'at', 'actor', 'kind', 'label', 'review', 'reject', 'previous', 'reverts', 'note'],
    properties: {
      id: { type: 'string' }, at: { type: 'string', format: 'date-time' }, actor: { type: 'string' },
      kind: { enum: ['apply', 'revert'] }, label: { enum: LABELS },
      review: { type: ['number', 'null'] }, reject: { type: ['number', 'null'] },
      previous: { type: 'object', properties: { review: { type: 'number' }, reject: { type: ['number', 'null'] } }, description: 'the threshold in force before' },
      reverts: { type: ['string', 'null'], description: 'the change a revert undid' },
      revertedBy: { type: ['string', 'null'], description: 'an accepted change: the revert that undid it' },
      note: { type: ['string', 'null'] },
    },
  },
  SiteTerm: {
    type: 'object',
    properties: { term: { type: 'string' }, category: { enum: SLUR_CATEGORIES }, severity: { type: 'integer' }, action: { enum: ['flag', 'block'] }, addedAt: { type: 'string' }, addedBy: { type: 'string' } },
  },
  Reason: { type: 'object', properties: { code: { enum: REASON_CODES }, message: { type: 'string' }, label: { type: 'string' }, term: { type: 'string' } } },
  Comment: {
    type: 'object',
    properties: {
      ...commentInputFields,
      text: { type: ['string', 'null'], description: 'null once retention dropped it' },
      textRedacted: { type: 'boolean' },
      status: { enum: COMMENT_STATUSES }, acceptedAt: { type: 'string' }, scoredAt: { type: ['string', 'null'] },
      verdict: { enum: [...VERDICTS, null] }, score: { type: ['number', 'null'] }, priority: { type: ['integer', 'null'] },
      labels: { type: 'object', properties: Object.fromEntries(LABELS.map((l) => [l, { type: 'number' }])) },
      slurs: { type: 'array', items: ref('SlurMatch') }, reasons: { type: 'array', items: ref('Reason') },
      unscored: { type: 'boolean', description: 'scoring kept failing; held for review' },
      review: ref('CommentReview'),
      visibility: { enum: ['visible', 'hidden', 'pending'], description: 'what the site should do now' },
      final: { type: 'boolean', description: 'true when no further change is expected' },
      links: ref('Links'),
    },
  },
};

/** Path groups by area; add an area's group here. */
const PATH_GROUPS: Json[] = [OPS_PATHS, INGEST_PATHS, ADMIN_PATHS, REVIEW_PATHS, UI_PATHS, PERSPECTIVE_PATHS];
const SCHEMA_GROUPS: Json[] = [SCHEMAS, REVIEW_SCHEMAS, PERSPECTIVE_SCHEMAS];

/** Every /v1 operation may answer 503 `store_unavailable` (Redis or PostgreSQL unreachable or too slow) with Retry-After. */
const STORE_UNAVAILABLE: Json = {
  description: '`store_unavailable`: Redis or PostgreSQL is unreachable (or slower than STORE_TIMEOUT_MS; a PostgreSQL statement past DB_STATEMENT_TIMEOUT_MS); nothing answered so is stored later. Retry after `Retry-After` seconds.',
  headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'seconds' } },
  ...json(ref('Error')),
};

/** Adds the 503 to every /v1 operation of a path group, in place (the groups stay the objects their areas export). */
function addStoreUnavailable(paths: Json): void {
  for (const [path, ops] of Object.entries(paths)) {
    if (!path.startsWith('/v1/')) continue;
    for (const op of Object.values(ops as Record<string, { responses?: Json }>)) {
      if (op.responses && !op.responses['503']) op.responses['503'] = STORE_UNAVAILABLE;
    }
  }
}
PATH_GROUPS.forEach(addStoreUnavailable);

export function openApiDocument(): Json {
  return {
    openapi: '3.1.0',
    info: { title: 'Sieve', version: '0.1.0', description: 'Self-hosted comment moderation and toxicity triage.' },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'API_KEYS entry; roles ingest, moderator, admin' },
        perspectiveKey: { type: 'apiKey', in: 'query', name: 'key', description: 'An ingest key as a query parameter, as Perspective clients send it (Perspective-compatible routes only)' },
        session: { type: 'apiKey', in: 'cookie', name: 'sieve_session', description: 'Workspace session from POST /v1/session (`__Host-sieve_session` over TLS); accepted wherever a moderator key is, with X-Sieve-CSRF on POST/DELETE' },
      },
      schemas: Object.assign({}, ...SCHEMA_GROUPS),
    },
    paths: Object.assign({}, ...PATH_GROUPS),
  };
}
