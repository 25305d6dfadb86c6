/**
 * The moderator API's part of the OpenAPI document (src/api/openapi.ts merges it): exact request and response
 * shapes of /v1/review. Kept beside the review code so a change to a shape and to its documentation is one diff.
 */
import { LABELS } from '../domain/labels';
import { ITEM_ACTION_NAMES, REVIEW_ACTIONS, REVIEW_LIST_STATES, REVIEW_STATES } from '../domain/review';
import { SLUR_CATEGORIES } from '../domain/slurs';
import { VERDICTS } from '../domain/verdicts';
import { MAX_BULK_ITEMS, MAX_NOTE_LENGTH, MAX_QUERY_LENGTH } from './service';
import { MAX_PAGE } from './store';
import { MAX_AUDIT_SCAN, MAX_STATS_DAYS } from './stats';
import { AUDIT_ACTIONS, REVIEW_REFUSALS } from './types';
import { PEOPLE_ITEM_FIELDS, PEOPLE_PATHS, PEOPLE_SCHEMAS } from './openapi-people';

type Json = Record<string, unknown>;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json) => ({ content: { 'application/json': { schema } } });
const err = (description: string) => ({ description, ...json(ref('Error')) });
const security = [{ bearer: [] }];
const tags = ['review'];
const str = { type: 'string' };
const nullableStr = { type: ['string', 'null'] };
const dateTime = { type: 'string', format: 'date-time' };

const itemId = { name: 'id', in: 'path', required: true, schema: str, description: 'The review item id = the comment id.' };
const pageParams = [
  { name: 'cursor', in: 'query', schema: str, description: 'nextCursor of the previous page, passed back unchanged (opaque; a cursor from another list or altered in any way is 400 `invalid_cursor`).' },
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 50 } },
];
const AUTH_ERRORS = { 401: err('no valid API key'), 403: err('the key lacks the moderator/admin role') };
const TRANSITION_ERRORS = {
  ...AUTH_ERRORS,
  403: err('the key lacks the role, or `escalated_admin_only`: the item is escalated and only admins may take or decide it'),
  404: err('`not_found`: no review item with this id'),
  409: err('state conflict: `not_claimed`, `claimed_by_other` (error.claimedBy, error.leaseUntil), `lease_expired`, `already_decided`, `already_escalated`; error.itemId and error.state say where the item is'),
};
const itemResponse = (description: string) => ({ description, ...json({ type: 'object', required: ['item'], properties: { item: ref('ReviewItem') } }) });

export const REVIEW_PATHS: Json = {
  '/v1/review/items': {
    get: {
      summary: 'The review queue of one state, in order (highest priority, then oldest comment; decided states: newest decision first), with filters and a cursor',
      tags, security,
      parameters: [
        { name: 'state', in: 'query', schema: { enum: REVIEW_LIST_STATES, default: 'pending' }, description: '`open` = pending and claimed items together, in one order.' },
        { name: 'label', in: 'query', schema: { enum: LABELS }, description: 'Items flagged for this label.' },
        { name: 'slur', in: 'query', schema: { enum: SLUR_CATEGORIES }, description: 'Items with a match in this slur category.' },
        { name: 'thread', in: 'query', schema: str },
        { name: 'author', in: 'query', schema: str, description: 'Author id (exactly).' },
        { name: 'who', in: 'query', schema: { type: 'string', minLength: 1, maxLength: 128 }, description: 'Author search: items whose author id starts with this, or whose author\'s display name has a word starting with it (case-insensitive; `jo` finds `jo-77` and "Jo Park").' },
        {
          name: 'q', in: 'query', schema: { type: 'string', minLength: 1, maxLength: MAX_QUERY_LENGTH },
          description: 'Search the comments\' text. Both the text and the query are normalised the way the lexicon reads disguises (look-alike letters, zero-width characters, spaced-out letters, leetspeak, repeated letters, separators inside a word), so `1d10t`, `i d i o t` and `idiot` find each other. Every word of the query must occur in the text (as a word or part of one). A query with no letter or digit is 400 `invalid_query`.',
        },
        { name: 'section', in: 'query', schema: str, description: 'The site section the comment was posted in (a section-limited key sees only its sections in any case).' },
        { name: 'group', in: 'query', schema: str, description: 'Items of this near-duplicate group (GET /v1/review/groups).' },
        { name: 'appeal', in: 'query', schema: { enum: ['pending', 'upheld', 'overturned'] }, description: 'Items whose comment has an appeal in this state (`state=rejected&appeal=pending`: removals appealed and not yet decided).' },
        { name: 'from', in: 'query', schema: { type: 'string' }, description: 'Written at or after: a day (`2026-11-29`, from 00:00 UTC) or a date-time with offset.' },
        { name: 'to', in: 'query', schema: { type: 'string' }, description: 'Written at or before: a day (`2026-11-29`, the whole day, UTC) or a date-time with offset. `from` after `to` is 400 `invalid_range`.' },
        ...pageParams,
      ],
      responses: {
        200: {
          description: 'one page; a page may be shorter than `limit` (filters on a big queue): follow nextCursor until it is null',
          ...json({ type: 'object', required: ['items', 'nextCursor'], properties: { items: { type: 'array', items: ref('ReviewItem') }, nextCursor: nullableStr } }),
        },
        400: err('`invalid_value` or `unknown_field` (field names the parameter), `invalid_cursor`, `invalid_query` (q has nothing to search for), `invalid_range` (from after to)'),
        ...AUTH_ERRORS,
      },
    },
  },
  '/v1/review/counts': {
    get: {
      summary: 'How many items are in each state', tags, security,
      responses: {
        200: { description: 'counts', ...json({ type: 'object', properties: { counts: { type: 'object', required: [...REVIEW_STATES], properties: Object.fromEntries(REVIEW_STATES.map((s) => [s, { type: 'integer' }])) } } }) },
        ...AUTH_ERRORS,
      },
    },
  },
  '/v1/review/reasons': {
    get: {
      summary: 'Reason codes a rejection may give (REVIEW_REASON_CODES)', tags, security,
      responses: { 200: { description: 'codes', ...json({ type: 'object', properties: { reasons: { type: 'array', items: str } } }) }, ...AUTH_ERRORS },
    },
  },
  '/v1/review/items/{id}': {
    get: { summary: 'One review item with its comment', tags, security, parameters: [itemId], responses: { 200: itemResponse('the item'), ...AUTH_ERRORS, 404: err('`not_found`') } },
  },
  '/v1/review/items/{id}/history': {
    get: {
      summary: "The item's full history, oldest first (the same entries as the audit log)", tags, security, parameters: [itemId],
      responses: {
        200: { description: 'history', ...json({ type: 'object', properties: { itemId: str, state: { enum: REVIEW_STATES }, entries: { type: 'array', items: ref('AuditEntry') } } }) },
        ...AUTH_ERRORS, 404: err('`not_found`'),
      },
    },
  },
  '/v1/review/items/{id}/claim': {
    post: {
      summary: 'Claim an item: a lease of REVIEW_LEASE_SECONDS; claiming your own claim renews it. Admins may claim escalated items.',
      tags, security, parameters: [itemId],
      responses: { 200: itemResponse('claimed (item.claim.until = lease expiry)'), ...TRANSITION_ERRORS },
    },
  },
  '/v1/review/items/{id}/extend': {
    post: {
      summary: 'Extend your live claim by REVIEW_LEASE_SECONDS from now', tags, security, parameters: [itemId],
      responses: { 200: itemResponse('extended'), ...TRANSITION_ERRORS },
    },
  },
  '/v1/review/items/{id}/release': {
    post: {
      summary: 'Give a claimed item back to its queue (the holder; admins may release any claim)', tags, security, parameters: [itemId],
      requestBody: { required: false, ...json({ type: 'object', additionalProperties: false, properties: { note: { type: 'string', maxLength: MAX_NOTE_LENGTH } } }) },
      responses: { 200: itemResponse('released'), ...TRANSITION_ERRORS },
    },
  },
  '/v1/review/items/{id}/takeover': {
    post: {
      summary: "Admins: take over a colleague's live claim (the workspace asks first). The claim becomes yours with a fresh lease; the audit entry (action `takeover`) names the former holder in `reason` and carries your note.",
      tags, security, parameters: [itemId],
      requestBody: { required: false, ...json({ type: 'object', additionalProperties: false, properties: { note: { type: 'string', maxLength: MAX_NOTE_LENGTH } } }) },
      responses: {
        200: itemResponse('taken over (item.claim.by = you)'),
        400: err('`note_too_long`, `unknown_field`'),
        ...TRANSITION_ERRORS,
        403: err('`admin_only`: the key is not an admin\'s'),
        409: err('`not_claimed` (nobody holds it, or the claim ran out: claim it instead), `already_claimed_by_you`, `already_decided`'),
      },
    },
  },
  '/v1/review/items/{id}/decision': {
    post: {
      summary: 'Decide an item you hold a claim on: approve, reject (with a reason code) or escalate to admins',
      tags, security, parameters: [itemId],
      requestBody: { required: true, ...json(ref('ReviewDecision')) },
      responses: {
        200: itemResponse('decided; the comment record (GET /v1/comments/{id}) shows `review` and a `comment.reviewed` webhook is queued'),
        400: err('`invalid_action`, `invalid_reason` (missing on reject, or not in REVIEW_REASON_CODES), `note_too_long`, `unknown_field`, `wrong_type`, `invalid_value`'),
        ...TRANSITION_ERRORS,
      },
    },
  },
  '/v1/review/decisions': {
    post: {
      summary: 'Bulk decision: the same action on many items. Unclaimed items are taken directly (atomically, per item); each item gets its own result.',
      tags, security,
      requestBody: { required: true, ...json(ref('BulkDecision')) },
      responses: {
        200: {
          description: 'per-item results in request order (duplicates removed); always 200 when the request itself is valid',
          ...json({
            type: 'object', required: ['results', 'summary'],
            properties: {
              results: { type: 'array', items: ref('BulkResult') },
              summary: { type: 'object', properties: { ok: { type: 'integer' }, failed: { type: 'integer' } } },
            },
          }),
        },
        400: err('`invalid_action`, `invalid_reason`, `note_too_long`, `unknown_field`, `wrong_type`, `missing_field`, `invalid_value` (field `ids`: 1 to ' + MAX_BULK_ITEMS + ' ids)'),
        ...AUTH_ERRORS,
      },
    },
  },
  '/v1/review/audit': {
    get: {
      summary: 'The audit log across items, newest first (append-only)', tags, security, parameters: pageParams,
      responses: {
        200: { description: 'one page', ...json({ type: 'object', required: ['entries', 'nextCursor'], properties: { entries: { type: 'array', items: ref('AuditEntry') }, nextCursor: nullableStr } }) },
        400: err('`invalid_cursor`'), ...AUTH_ERRORS,
      },
    },
  },
  '/v1/review/stats': {
    get: {
      summary: 'Moderator statistics (admins): per moderator and UTC day, items decided, median time from claim to decision, overturned decisions — read from the audit log',
      tags, security,
      parameters: [{ name: 'days', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_STATS_DAYS, default: 7 }, description: 'this many UTC days, today included' }],
      responses: {
        200: {
          description: 'one row per moderator and day, newest day first',
          ...json({
            type: 'object', required: ['from', 'to', 'days', 'overturnTracked', 'complete', 'entriesRead'],
            properties: {
              from: dateTime, to: dateTime,
              overturnTracked: { type: 'boolean', description: 'false until the audit log can hold a reopen/overturn (overturnRate is then null)' },
              complete: { type: 'boolean', description: `false when more than ${MAX_AUDIT_SCAN} audit entries would have to be read` },
              entriesRead: { type: 'integer' },
              days: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    day: { type: 'string', format: 'date' }, actor: str, decided: { type: 'integer' }, approved: { type: 'integer' }, rejected: { type: 'integer' }, escalated: { type: 'integer' },
                    medianSecondsToDecision: { type: ['number', 'null'], description: "from the moderator's own claim to the decision" },
                    timed: { type: 'integer', description: 'decisions with a claim before them (the median is over these)' },
                    overturned: { type: 'integer' }, overturnRate: { type: ['number', 'null'] },
                  },
                },
              },
            },
          }),
        },
        400: err('`invalid_value`: days out of range'), 401: err('no valid API key'), 403: err('`forbidden`: statistics are for admins'),
      },
    },
  },
  '/v1/review/authors/{authorId}/history': {
    get: {
      summary: "An author's previous comments (newest first) with verdicts and decisions, and totals per review state",
      tags, security, parameters: [{ name: 'authorId', in: 'path', required: true, schema: str }, ...pageParams],
      responses: {
        200: {
          description: 'one page',
          ...json({
            type: 'object',
            properties: {
              authorId: str,
              summary: {
                type: 'object', description: 'comments = all stored comments of the author; reviewItems = how many were held for review; then per state',
                properties: { comments: { type: 'integer' }, reviewItems: { type: 'integer' }, ...Object.fromEntries(REVIEW_STATES.map((s) => [s, { type: 'integer' }])) },
              },
              comments: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: str, threadId: nullableStr, createdAt: nullableStr, text: { ...nullableStr, description: 'null once retention dropped it' },
                    textRedacted: { type: 'boolean' }, verdict: { enum: [...VERDICTS, null] }, score: { type: ['number', 'null'] },
                    reasons: { type: 'array', items: ref('Reason') },
                    review: {
                      type: ['object', 'null'], description: 'null when the comment was never held for review',
                      properties: { state: { enum: REVIEW_STATES }, decision: ref('ReviewDecisionRecord'), escalation: ref('ReviewEscalation') },
                    },
                  },
                },
              },
              nextCursor: nullableStr,
            },
          }),
        },
        400: err('`invalid_cursor`'), ...AUTH_ERRORS,
      },
    },
  },
  '/v1/review/events': {
    get: {
      summary: 'Live queue changes as server-sent events: `event: review`, `id: <audit id>`, `data: <ReviewEvent JSON>`; a `: subscribed` comment line once events flow',
      tags, security,
      responses: { 200: { description: 'an endless text/event-stream', content: { 'text/event-stream': { schema: ref('ReviewEvent') } } }, ...AUTH_ERRORS },
    },
  },
};

Object.assign(REVIEW_PATHS, PEOPLE_PATHS);

export const REVIEW_SCHEMAS: Json = {
  ...PEOPLE_SCHEMAS,
  ReviewItem: {
    type: 'object',
    required: ['id', 'state', 'baseState', 'priority', 'verdict', 'createdAt', 'claim', 'decision', 'escalation', 'comment', 'actions'],
    properties: {
      id: { type: 'string', description: 'the comment id' },
      state: { enum: REVIEW_STATES },
      baseState: { enum: ['pending', 'escalated'], description: 'where the item returns when a claim ends without a decision' },
      priority: { type: 'integer', minimum: 0, maximum: 100 },
      verdict: { enum: VERDICTS, description: "the policy's verdict that put it here (`publish` for an audit item)" },
      queue: { enum: ['review', 'audit'], description: '`audit`: a published comment drawn into the audit sample (AUDIT_SAMPLE_RATE), after every held one' },
      unscored: { type: 'boolean', description: 'scoring kept failing' },
      threadId: str, authorId: str,
      labels: { type: 'array', items: { enum: LABELS }, description: 'labels that flagged it' },
      slurCategories: { type: 'array', items: { enum: SLUR_CATEGORIES } },
      createdAt: { ...dateTime, description: 'when it entered the queue' },
      commentCreatedAt: dateTime,
      claim: { type: ['object', 'null'], properties: { by: str, role: str, at: dateTime, until: { ...dateTime, description: 'lease expiry' } } },
      decision: ref('ReviewDecisionRecord'),
      escalation: ref('ReviewEscalation'),
      textRedacted: { type: 'boolean' },
      version: { type: 'integer', description: 'number of transitions so far' },
      ...PEOPLE_ITEM_FIELDS,
      actions: {
        type: 'array', items: { enum: ITEM_ACTION_NAMES },
        description: 'what the asking user may do with the item now (claim, extend, release: the lease routes; the rest: decisions); a colleague may still act first',
      },
      comment: {
        type: ['object', 'null'], description: 'the comment (null if it is no longer stored)',
        properties: {
          id: str, threadId: str, parentId: nullableStr, author: { type: 'object', properties: { id: str, name: str } },
          text: { ...nullableStr, description: 'null once retention dropped it' }, textRedacted: { type: 'boolean' }, createdAt: str,
          score: { type: ['number', 'null'] }, labels: { type: 'object', additionalProperties: { type: 'number' } },
          slurs: { type: 'array', items: ref('SlurMatch') }, reasons: { type: 'array', items: ref('Reason') },
        },
      },
    },
  },
  ReviewDecisionRecord: {
    type: ['object', 'null'],
    properties: { by: str, role: str, at: dateTime, action: { enum: ['approve', 'reject'] }, reason: nullableStr, note: nullableStr },
  },
  ReviewEscalation: { type: ['object', 'null'], properties: { by: str, at: dateTime, reason: nullableStr, note: nullableStr } },
  ReviewDecision: {
    type: 'object', required: ['action'], additionalProperties: false,
    properties: {
      action: { enum: REVIEW_ACTIONS },
      reason: { type: 'string', description: 'one of REVIEW_REASON_CODES (GET /v1/review/reasons); required with reject' },
      note: { type: 'string', maxLength: MAX_NOTE_LENGTH, description: 'internal; kept in the audit log, never sent to the site' },
    },
  },
  BulkDecision: {
    type: 'object', required: ['ids', 'action'], additionalProperties: false,
    properties: {
      ids: { type: 'array', minItems: 1, maxItems: MAX_BULK_ITEMS, items: str },
      action: { enum: REVIEW_ACTIONS }, reason: str, note: { type: 'string', maxLength: MAX_NOTE_LENGTH },
    },
  },
  BulkResult: {
    oneOf: [
      { type: 'object', required: ['id', 'ok', 'state'], properties: { id: str, ok: { const: true }, state: { enum: REVIEW_STATES } } },
      {
        type: 'object', required: ['id', 'ok', 'error'],
        properties: { id: str, ok: { const: false }, error: { type: 'object', properties: { code: { enum: REVIEW_REFUSALS }, message: str } } },
      },
    ],
  },
  AuditEntry: {
    type: 'object', required: ['id', 'itemId', 'at', 'actor', 'role', 'action', 'from', 'to'],
    properties: {
      id: { type: 'string', description: 'audit stream id, e.g. 1764230000000-0' },
      itemId: str, at: dateTime,
      actor: { type: 'string', description: 'API key name; `sieve` for ingest, `system` for lease expiry and retention' },
      role: { type: 'string', description: 'moderator | admin | system' },
      action: { enum: AUDIT_ACTIONS },
      from: { enum: [...REVIEW_STATES, null] }, to: { enum: REVIEW_STATES },
      reason: nullableStr, note: nullableStr,
    },
  },
  ReviewEvent: {
    type: 'object',
    properties: {
      type: { const: 'review.changed' }, auditId: str, itemId: str, action: { enum: AUDIT_ACTIONS },
      from: { enum: [...REVIEW_STATES, null] }, to: { enum: REVIEW_STATES }, actor: str, at: dateTime,
    },
  },
  CommentReview: {
    type: ['object', 'null'], description: 'the review state the site sees on the comment record',
    properties: {
      state: { enum: ['pending', 'escalated', 'approved', 'rejected'] }, decidedBy: str, decidedAt: dateTime,
      action: { enum: REVIEW_ACTIONS }, reason: str,
    },
  },
};
