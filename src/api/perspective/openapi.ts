/**
 * OpenAPI for the Perspective-compatible API and the Coral phase (src/api/routes/perspective.ts, coral.ts).
 */
import { ATTRIBUTE_NAMES, PERSPECTIVE_ATTRIBUTES } from './attributes';

type Json = Record<string, unknown>;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json) => ({ content: { 'application/json': { schema } } });
const googleErrors = (...codes: number[]): Json => Object.fromEntries(codes.map((c) => [String(c), { description: GOOGLE_TEXT[c] ?? 'error', ...json(ref('GoogleError')) }]));
const GOOGLE_TEXT: Record<number, string> = {
  400: 'INVALID_ARGUMENT: missing or empty text, no or unknown attributes, an attribute this server does not serve, a language other than English, text over MAX_TEXT_LENGTH, an unknown field',
  403: 'PERMISSION_DENIED: no key, an unknown key, or a key without the ingest role',
  429: 'RESOURCE_EXHAUSTED: over the key\'s quota; Retry-After says when to retry',
  503: 'UNAVAILABLE: scoring failed',
  504: 'DEADLINE_EXCEEDED: no worker scored it within SYNC_TIMEOUT_MS',
};
const keyParam = { name: 'key', in: 'query', required: false, schema: { type: 'string' }, description: 'A Sieve ingest key, as Perspective clients send theirs (or use Authorization: Bearer). Never logged.' };
const probability = { type: 'object', properties: { value: { type: 'number', minimum: 0, maximum: 1 }, type: { const: 'PROBABILITY' } } };
const textEntry = { type: 'object', required: ['text'], properties: { text: { type: 'string' }, type: { enum: ['PLAIN_TEXT'] } } };
const attributeDoc = ATTRIBUTE_NAMES.map((a) => `\`${a}\`: ${PERSPECTIVE_ATTRIBUTES[a].answeredBy}`).join('; ');
const coralAction = { type: 'object', properties: { actionType: { const: 'FLAG' }, reason: { const: 'COMMENT_DETECTED_TOXIC' } } };

export const PERSPECTIVE_PATHS: Json = {
  '/v1alpha1/comments:analyze': {
    post: {
      summary: 'Perspective AnalyzeComment: scores one text synchronously through the workers; keeps nothing of it', tags: ['perspective'],
      description: `Attributes: ${attributeDoc}. An attribute nothing here predicts is refused (400). Languages: English only.`,
      security: [{ perspectiveKey: [] }, { bearer: [] }], parameters: [keyParam],
      requestBody: { required: true, ...json({
        type: 'object', required: ['comment', 'requestedAttributes'], additionalProperties: false,
        properties: {
          comment: textEntry,
          requestedAttributes: { type: 'object', description: `Map of ${ATTRIBUTE_NAMES.join(', ')} (optionally NAME@version) to options`, additionalProperties: { type: 'object', properties: { scoreType: { const: 'PROBABILITY' }, scoreThreshold: { type: 'number', minimum: 0, maximum: 1 } } } },
          languages: { type: 'array', items: { type: 'string' }, description: 'Only en (en-US, …); default en' },
          spanAnnotations: { type: 'boolean', description: 'Per-sentence spanScores (UTF-16 offsets in comment.text, end exclusive)' },
          doNotStore: { type: 'boolean', description: 'Accepted; analyze never keeps the text whatever its value' },
          clientToken: { type: 'string', description: 'Echoed back' },
          sessionId: { type: 'string' }, communityId: { type: 'string' },
          context: { type: 'object', description: 'Accepted and ignored' },
        },
      }) },
      responses: {
        200: { description: 'scores', ...json({
          type: 'object',
          properties: {
            attributeScores: { type: 'object', additionalProperties: { type: 'object', properties: { summaryScore: probability, spanScores: { type: 'array', items: { type: 'object', properties: { begin: { type: 'integer' }, end: { type: 'integer' }, score: probability } } } } } },
            languages: { type: 'array', items: { type: 'string' } },
            clientToken: { type: 'string' },
          },
        }) },
        ...googleErrors(400, 403, 429, 503, 504),
      },
    },
  },
  '/v1alpha1/comments:suggestscore': {
    post: {
      summary: 'Perspective SuggestCommentScore: stores a labelled example (text unless doNotStore) for calibration', tags: ['perspective'],
      security: [{ perspectiveKey: [] }, { bearer: [] }], parameters: [keyParam],
      requestBody: { required: true, ...json({
        type: 'object', required: ['comment', 'attributeScores'], additionalProperties: false,
        properties: {
          comment: textEntry, context: { type: 'object' }, languages: { type: 'array', items: { type: 'string' } },
          attributeScores: { type: 'object', additionalProperties: { type: 'object', properties: { summaryScore: probability, spanScores: { type: 'array' } } } },
          communityId: { type: 'string' }, clientToken: { type: 'string' }, sessionId: { type: 'string' },
          doNotStore: { type: 'boolean', description: 'true: the text is not kept, only the attribute and value' },
        },
      }) },
      responses: { 200: { description: '{clientToken}', ...json({ type: 'object', properties: { clientToken: { type: 'string' } } }) }, ...googleErrors(400, 403, 429) },
    },
  },
  '/v1/integrations/coral/phase': {
    post: {
      summary: 'Coral external moderation phase: verifies X-Coral-Signature, scores the comment synchronously, records it (unless CORAL_PHASE_RECORD=false)', tags: ['integrations'],
      parameters: [{ name: 'X-Coral-Signature', in: 'header', required: true, schema: { type: 'string' }, description: 'sha256=<hex HMAC-SHA256 of the raw body>, comma-separated for several secrets' }],
      requestBody: { required: true, ...json({
        type: 'object', required: ['action', 'comment', 'author', 'story', 'tenantID'],
        properties: {
          action: { enum: ['NEW', 'EDIT'] },
          comment: { type: 'object', properties: { body: { type: 'string' }, parentID: { type: ['string', 'null'] } } },
          author: { type: 'object', properties: { id: { type: 'string' }, role: { type: 'string' } } },
          story: { type: 'object', properties: { id: { type: 'string' }, url: { type: 'string' } } },
          site: { type: 'object', properties: { id: { type: 'string' } } },
          tenantID: { type: 'string' }, tenantDomain: { type: 'string' },
        },
      }) },
      responses: {
        200: { description: 'hold (SYSTEM_WITHHELD) or reject (REJECTED), flagged as toxic', ...json({ type: 'object', properties: { status: { enum: ['SYSTEM_WITHHELD', 'REJECTED'] }, actions: { type: 'array', items: coralAction } } }) },
        204: { description: 'the policy would publish it (or there is no text): Coral carries on' },
        400: { description: 'invalid body or text over MAX_TEXT_LENGTH', ...json(ref('Error')) },
        401: { description: '`signature_missing` or `signature_invalid`', ...json(ref('Error')) },
        404: { description: '`integration_not_configured`: CORAL_PHASE_SECRETS is empty', ...json(ref('Error')) },
        429: { description: '`quota_exceeded` (the quota named `coral`); Retry-After', ...json(ref('Error')) },
        503: { description: '`scoring_failed`', ...json(ref('Error')) },
        504: { description: '`scoring_timeout`: not scored within SYNC_TIMEOUT_MS (a recorded comment is still scored later)', ...json(ref('Error')) },
      },
    },
  },
};

export const PERSPECTIVE_SCHEMAS: Json = {
  GoogleError: {
    type: 'object', required: ['error'],
    properties: {
      error: {
        type: 'object', required: ['code', 'message', 'status'],
        properties: {
          code: { type: 'integer', description: 'the HTTP status' }, message: { type: 'string' },
          status: { enum: ['INVALID_ARGUMENT', 'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'UNAVAILABLE', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'INTERNAL'] },
          details: { type: 'array', items: { type: 'object', description: 'google.rpc.ErrorInfo: reason = Sieve\'s stable code, domain "sieve"' } },
        },
      },
    },
  },
};
