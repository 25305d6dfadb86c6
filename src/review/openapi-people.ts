/**
 * The routes of issue #11 (moderating people). PEOPLE_PATHS are served and part of /openapi.json; the
 * PEOPLE_PATHS_DRAFT ones (appeals, reader reports, one group's page) are documented before they are served and
 * kept out of it (tests/api/openapi.test.ts insists that every documented route is served): each moves into
 * PEOPLE_PATHS in the commit that serves it. tests/people/openapi-draft.test.ts checks the draft stays well-formed.
 *
 * Shapes follow the review API: the same error body, pages with `cursor`/`limit`, refusals as stable codes.
 */
import { AUTHOR_ACTIONS } from '../domain/authors';
import { REPORT_REASONS } from '../domain/reports';
import { REVIEW_ACTIONS, REVIEW_STATES } from '../domain/review';
import { SECTION_PATTERN } from '../domain/sections';
import { REJECT_REASON_CODES } from '../domain/statements';
import { MAX_BULK_ITEMS, MAX_NOTE_LENGTH } from './service';
import { MAX_PAGE } from './store';

type Json = Record<string, unknown>;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json) => ({ content: { 'application/json': { schema } } });
const err = (description: string) => ({ description, ...json(ref('Error')) });
const str = { type: 'string' };
const nullableStr = { type: ['string', 'null'] };
const dateTime = { type: 'string', format: 'date-time' };
const note = { type: 'string', maxLength: MAX_NOTE_LENGTH, description: 'internal; kept in the audit log, never sent to the site' };
const moderator = { security: [{ bearer: [] }, { session: [] }], tags: ['review'] };
const ingest = { security: [{ bearer: [] }], tags: ['ingest'] };
const AUTH = { 401: err('no valid API key or session'), 403: err('`forbidden` (role) or `section_forbidden` (the key is limited to other sections)') };
const itemId = { name: 'id', in: 'path', required: true, schema: str, description: 'The review item id = the comment id.' };
const commentId = { name: 'id', in: 'path', required: true, schema: str, description: "The site's comment id." };
const authorId = { name: 'authorId', in: 'path', required: true, schema: str };
const groupId = { name: 'groupId', in: 'path', required: true, schema: str, description: 'The id of the group\'s first comment.' };
const page = [
  { name: 'cursor', in: 'query', schema: str, description: 'nextCursor of the previous page, unchanged' },
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
];
const itemResponse = (description: string) => ({ description, ...json({ type: 'object', required: ['item'], properties: { item: ref('ReviewItem') } }) });
const bulkResponse = {
  description: 'per-item results (each item decided by itself and audited); always 200 when the request is valid',
  ...json({ type: 'object', required: ['results', 'summary'], properties: { results: { type: 'array', items: ref('BulkResult') }, summary: { type: 'object', properties: { ok: { type: 'integer' }, failed: { type: 'integer' } } } } }),
};
const decisionBody = {
  type: 'object', required: ['action'], additionalProperties: false,
  properties: { action: { enum: REVIEW_ACTIONS.filter((a) => a !== 'escalate') }, reason: { enum: REJECT_REASON_CODES, description: 'required with reject' }, note },
};

/** Served: merged into /openapi.json (src/api/openapi.ts). */
export const PEOPLE_PATHS: Json = {
  '/v1/review/items/{id}/reopen': {
    post: {
      ...moderator, parameters: [itemId],
      summary: 'Return a decided item to the queue (pending). The moderator who decided it, or an admin; a reason is required. The comment record shows `review.state: pending` again and a `comment.reviewed` webhook says so.',
      requestBody: { required: true, ...json({ type: 'object', required: ['reason'], additionalProperties: false, properties: { reason: { type: 'string', minLength: 1, maxLength: MAX_NOTE_LENGTH, description: 'why it is reopened (audit log)' }, note } }) },
      responses: {
        200: itemResponse('reopened; the audit log has a `reopen` entry'),
        400: err('`invalid_reason` (reason missing or empty), `note_too_long`, `unknown_field`'),
        ...AUTH, 403: err('`not_decider`: only the moderator who decided it or an admin may reopen it; `forbidden`; `section_forbidden`'),
        404: err('`not_found`'), 409: err('`not_decided`: the item is not approved or rejected'),
      },
    },
  },
  '/v1/review/items/{id}/overturn': {
    post: {
      ...moderator, parameters: [itemId],
      summary: 'Change a decision approve ↔ reject in one step (the decider or an admin). Overturning to reject needs a reject reason; the comment record, the statement of reasons and a `comment.reviewed` webhook show the new outcome.',
      requestBody: { required: true, ...json({ type: 'object', required: ['why'], additionalProperties: false, properties: { reason: { enum: REJECT_REASON_CODES, description: 'required when the new outcome is reject' }, why: { type: 'string', minLength: 1, maxLength: MAX_NOTE_LENGTH }, note } }) },
      responses: {
        200: itemResponse('overturned; the audit log has an `overturn` entry from the old to the new state'),
        400: err('`invalid_reason`, `missing_field`, `note_too_long`'),
        ...AUTH, 403: err('`not_decider`, `forbidden`, `section_forbidden`'), 404: err('`not_found`'), 409: err('`not_decided`'),
      },
    },
  },
  '/v1/review/authors/{authorId}': {
    get: {
      ...moderator, parameters: [authorId],
      summary: 'The author record: what Sieve has seen of the author (comments, verdicts, decisions, reports), the rule in force, notes, and whether the recent-history rule holds them now',
      responses: { 200: { description: 'the record', ...json(ref('AuthorRecord')) }, ...AUTH, 404: err('`not_found`: Sieve has seen no comment of this author') },
    },
  },
  '/v1/review/authors/{authorId}/actions': {
    post: {
      ...moderator, parameters: [authorId],
      summary: 'Act on an author (audited): `note`; `premoderate` (every new comment held); `suspend` until a date (new comments rejected, reason `author_suspended`); `ban` (rejected, `author_banned`); `lift` ends the rule. Applies from the next comment the workers score.',
      requestBody: { required: true, ...json({ type: 'object', required: ['action'], additionalProperties: false, properties: { action: { enum: AUTHOR_ACTIONS }, until: { ...dateTime, description: 'required with suspend; in the future' }, note: { ...note, description: 'required with note; else optional' } } }) },
      responses: { 200: { description: 'the record after the action', ...json(ref('AuthorRecord')) }, 400: err('`invalid_value` (e.g. `until` in the past), `missing_field`'), ...AUTH, 409: err('`no_rule`: lift with no rule in force') },
    },
  },
  '/v1/review/authors/{authorId}/decisions': {
    post: {
      ...moderator, parameters: [authorId],
      summary: 'Decide all pending items of this author at once (unclaimed and own claims; at most ' + MAX_BULK_ITEMS + ' per call), each audited as if decided alone',
      requestBody: { required: true, ...json({ ...decisionBody, properties: { ...decisionBody.properties, since: { ...dateTime, description: 'only comments created since then (e.g. "everything this author posted today")' } } }) },
      responses: { 200: bulkResponse, 400: err('`invalid_action`, `invalid_reason`, `note_too_long`'), ...AUTH },
    },
  },
  '/v1/review/groups': {
    get: {
      ...moderator, summary: 'Near-duplicate groups with pending items, largest first: each shown once, with its size, authors and threads',
      parameters: [{ name: 'section', in: 'query', schema: str }, { name: 'minSize', in: 'query', schema: { type: 'integer', minimum: 2, default: 2 } }, ...page],
      responses: { 200: { description: 'one page', ...json({ type: 'object', properties: { groups: { type: 'array', items: ref('RaidGroup') }, nextCursor: nullableStr } }) }, 400: err('`invalid_value`, `invalid_cursor`'), ...AUTH },
    },
  },
  '/v1/review/groups/{groupId}': {
    get: {
      ...moderator, parameters: [groupId], summary: 'One group with its pending items in queue order (at most ' + MAX_PAGE + '; a section-limited key sees its sections only)',
      responses: { 200: { description: 'the group', ...json({ type: 'object', properties: { group: ref('RaidGroup'), items: { type: 'array', items: ref('ReviewItem') } } }) }, ...AUTH, 404: err('`not_found`: no pending item in this group') },
    },
  },
  '/v1/review/items/{id}/reports': {
    get: {
      ...moderator, parameters: [itemId, ...page], summary: "The readers' reports on an item's comment, newest first; `counts` are over all of them",
      responses: {
        200: { description: 'one page', ...json({ type: 'object', properties: { counts: ref('ReportCounts'), reports: { type: 'array', items: ref('Report') }, nextCursor: nullableStr } }) },
        400: err('`invalid_value` (limit), `invalid_cursor`, `unknown_field`'), ...AUTH, 404: err('`not_found`: no such item (or outside a section-limited key\'s sections)'),
      },
    },
  },
  '/v1/review/groups/{groupId}/decision': {
    post: {
      ...moderator, parameters: [groupId],
      summary: "One decision for all of the group's pending members (claimed by others and escalated ones are reported, not touched); each member audited",
      requestBody: { required: true, ...json(decisionBody) },
      responses: { 200: bulkResponse, 400: err('`invalid_action`, `invalid_reason`, `note_too_long`'), ...AUTH, 404: err('`not_found`') },
    },
  },
  '/v1/comments/{id}/reports': {
    post: {
      ...ingest, parameters: [commentId],
      summary: 'A reader reports a comment (one report per reporter per comment). A published comment reaching REPORT_THRESHOLDS enters the review queue with origin `reported`; reports on a held comment raise its priority (REPORT_PRIORITY_STEP, at most REPORT_PRIORITY_MAX).',
      requestBody: { required: true, ...json({ type: 'object', required: ['reporterId', 'reason'], additionalProperties: false, properties: { reporterId: { type: 'string', minLength: 1, maxLength: 128 }, reason: { enum: REPORT_REASONS }, note: { type: 'string', maxLength: 1000, description: "the reader's words; shown to moderators" } } }) },
      responses: {
        201: { description: 'report recorded', ...json(ref('ReportOutcome')) },
        200: { description: 'this reporter already reported this comment: nothing changed', ...json(ref('ReportOutcome')) },
        400: err('`missing_field`, `invalid_value`, `unknown_field`'), ...AUTH, 404: err('`not_found`: no such comment (or outside a section-limited key\'s sections)'),
      },
    },
  },
  '/v1/comments/{id}/appeals': {
    post: {
      ...ingest, parameters: [commentId],
      summary: "The site submits its author's appeal of a removed comment. Appeals form their own queue (GET /v1/review/appeals); the outcome reaches the site by a `comment.appeal_decided` webhook.",
      requestBody: { required: true, ...json({ type: 'object', required: ['text'], additionalProperties: false, properties: { text: { type: 'string', minLength: 1, maxLength: 5000, description: "the author's own words" }, authorId: { type: 'string', description: 'must match the comment\'s author when given' } } }) },
      responses: {
        201: { description: 'appeal received', ...json(ref('Appeal')) },
        200: { description: 'the same appeal again (idempotent): the open appeal', ...json(ref('Appeal')) },
        400: err('`missing_field`, `invalid_value`, `author_mismatch`'), ...AUTH, 404: err('`not_found`: no such comment'),
        409: err('`not_removed`: only a removed comment can be appealed; `appeal_decided`: its appeal was already decided'),
      },
    },
  },
  '/v1/review/appeals': {
    get: {
      ...moderator, summary: 'The appeals queue, oldest first (at most `limit`; a section-limited key sees its sections only); with `comment`, that comment\'s appeal (the item view)',
      parameters: [{ name: 'state', in: 'query', schema: { enum: ['pending', 'upheld', 'overturned'] }, description: 'default `pending`; with `comment`, any state unless given' },
        { name: 'comment', in: 'query', schema: str, description: 'only the appeal of this comment (its review item has the same id)' }, { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } }],
      responses: { 200: { description: 'the appeals', ...json({ type: 'object', properties: { appeals: { type: 'array', items: ref('Appeal') } } }) }, 400: err('`invalid_value`'), ...AUTH },
    },
  },
  '/v1/review/appeals/{appealId}/decision': {
    post: {
      ...moderator, parameters: [{ name: 'appealId', in: 'path', required: true, schema: str }],
      summary: 'Decide an appeal: `uphold` keeps the removal, `overturn` publishes the comment (its review item becomes approved, audited). Never by the moderator who made the decision appealed.',
      requestBody: { required: true, ...json({ type: 'object', required: ['outcome'], additionalProperties: false, properties: { outcome: { enum: ['uphold', 'overturn'] }, message: { type: 'string', maxLength: 2000, description: 'for the author (sent in the webhook)' }, note } }) },
      responses: {
        200: { description: 'decided; `comment.appeal_decided` webhook queued', ...json(ref('Appeal')) },
        400: err('`invalid_value`, `missing_field`'), ...AUTH, 403: err('`same_decider`: the moderator who made the appealed decision may not decide its appeal'),
        404: err('`not_found`'), 409: err('`appeal_decided`'),
      },
    },
  },
};

/** Not served yet: kept out of /openapi.json (nothing drafted at the moment). */
export const PEOPLE_PATHS_DRAFT: Json = {};

export const PEOPLE_SCHEMAS: Json = {
  StatementOfReasons: {
    type: 'object', required: ['reason', 'text', 'automated', 'appealable'],
    properties: {
      reason: { enum: REJECT_REASON_CODES }, text: { type: 'string', description: "the site's template (POLICY_FILE `statements`), rendered" },
      automated: { type: 'boolean', description: 'true when no human decided (policy verdict or author rule)' }, appealable: { type: 'boolean' },
    },
  },
  Appeal: {
    type: 'object', required: ['id', 'commentId', 'state', 'text', 'createdAt'],
    properties: {
      id: { type: 'string', description: 'the comment id (one appeal per comment)' }, commentId: str, state: { enum: ['pending', 'upheld', 'overturned'] },
      text: { type: 'string', description: "the author's appeal" }, createdAt: dateTime,
      originalDecider: { ...nullableStr, description: 'the moderator whose decision is appealed (null: the policy or an author rule); never decides the appeal' },
      section: nullableStr, decidedBy: nullableStr, decidedAt: { type: ['string', 'null'], format: 'date-time' }, message: { ...nullableStr, description: 'for the author' },
    },
  },
  ReportCounts: { type: 'object', properties: Object.fromEntries(REPORT_REASONS.map((r) => [r, { type: 'integer' }])) },
  Report: { type: 'object', properties: { reporterId: str, reason: { enum: REPORT_REASONS }, note: nullableStr, at: dateTime } },
  ReportOutcome: {
    type: 'object', required: ['commentId', 'duplicate', 'counts', 'queued'],
    properties: {
      commentId: str, duplicate: { type: 'boolean' }, counts: ref('ReportCounts'),
      queued: { type: 'boolean', description: 'the comment is in the review queue now (entered as `reported`, or was already held)' },
      priority: { type: ['integer', 'null'] },
    },
  },
  AuthorRule: {
    type: ['object', 'null'],
    properties: { kind: { enum: ['premoderate', 'suspend', 'ban'] }, by: str, at: dateTime, until: { ...dateTime, description: 'suspend only' } },
  },
  AuthorRecord: {
    type: 'object', required: ['authorId', 'rule', 'offered', 'held', 'counts', 'recent', 'notes', 'actions'],
    properties: {
      authorId: str,
      rule: ref('AuthorRule'),
      offered: { type: 'array', items: { enum: AUTHOR_ACTIONS }, description: 'the actions worth offering now (the workspace renders these): note; a rule other than the one in force; lift when one is' },
      held: { type: 'boolean', description: 'new comments are held now: pre-moderated, or by the recent-history rule (AUTHOR_HISTORY_*)' },
      counts: {
        type: 'object', description: 'comments = all stored comments of the author; then review items per state',
        properties: { comments: { type: 'integer' }, ...Object.fromEntries(REVIEW_STATES.map((st) => [st, { type: 'integer' }])) },
      },
      recent: {
        type: 'object', description: 'within AUTHOR_HISTORY_WINDOW_DAYS: comments published (or approved) and rejected (by the policy or a moderator)',
        properties: { published: { type: 'integer' }, rejected: { type: 'integer' }, rejectionRate: { type: 'number' }, windowDays: { type: 'integer' } },
      },
      notes: { type: 'array', items: { type: 'object', properties: { by: str, at: dateTime, action: { enum: AUTHOR_ACTIONS }, note: str } } },
      actions: { type: 'array', description: 'newest first (at most 50)', items: ref('AuthorActionEntry') },
    },
  },
  AuthorActionEntry: {
    type: 'object', properties: { id: str, authorId: str, at: dateTime, actor: str, role: str, action: { enum: AUTHOR_ACTIONS }, until: { type: ['string', 'null'], format: 'date-time' }, note: nullableStr },
  },
  RaidGroup: {
    type: 'object', required: ['id', 'size', 'pending', 'priority', 'authors', 'threads', 'sections', 'firstAt', 'lastAt'],
    properties: {
      id: str, size: { type: 'integer', description: 'comments signed into the group' }, pending: { type: 'integer', description: 'its pending review items' },
      priority: { type: 'integer', description: 'the highest of its pending items' },
      authors: { type: 'object', properties: { count: { type: 'integer' }, sample: { type: 'array', items: str, maxItems: 10 } } },
      threads: { type: 'object', properties: { count: { type: 'integer' }, sample: { type: 'array', items: str, maxItems: 10 } } },
      sections: { type: 'array', items: { type: 'string', pattern: SECTION_PATTERN.source } },
      firstAt: { ...dateTime, description: 'the oldest pending comment' }, lastAt: dateTime,
    },
  },
};

/** Fields ReviewItem gains (src/review/openapi.ts merges them). */
export const PEOPLE_ITEM_FIELDS: Json = {
  section: { ...nullableStr, description: "the comment's section" },
  origin: { enum: ['verdict', 'reported'], description: '`reported`: a published comment that reader reports put in the queue' },
  groupId: { ...nullableStr, description: 'its near-duplicate group (its own id when alone; GET /v1/review/groups lists groups of 2 or more)' },
  reports: { type: 'integer', description: 'reader reports on the comment (GET /v1/review/items/{id}/reports lists them)' },
  appeal: {
    type: ['object', 'null'], description: "the author's appeal of the removal (GET /v1/review/appeals?comment={id} has its text)",
    properties: { state: { enum: ['pending', 'upheld', 'overturned'] }, createdAt: dateTime },
  },
};
