/**
 * The Perspective-compatible API (`/v1alpha1/comments:analyze`, `/v1alpha1/comments:suggestscore`), so a site,
 * Coral or `perspective-api-client` switches from Google's Perspective API by changing one URL.
 *
 * Requests and answers follow conversationai/perspectiveapi `2-api/methods.md`; errors have Google's shape
 * (`{"error": {"code": 400, "message": ..., "status": "INVALID_ARGUMENT"}}`, rendered by app.ts for every
 * `/v1alpha1` path). Scoring is synchronous through the workers (src/queue/sync-scoring.ts): the API never
 * loads a scorer. `analyze` keeps nothing of the text: the job that carries it is deleted when it is scored.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Config } from '../../config';
import { SyncTimeoutError, type SyncScoringClient, type SyncTextScore } from '../../queue/sync-scoring';
import type { SuggestionStore } from '../../store/suggestions';
import type { LearningRecord } from '../../review/quality/record';
import type { ApiMetrics } from '../../ops/metrics';
import type { Authenticator } from '../auth';
import { ApiError, formatPath, type ApiErrorCode } from '../errors';
import { ATTRIBUTE_NAMES, PERSPECTIVE_ATTRIBUTES, SUPPORTED_LANGUAGES, isAttribute, isServed, type AttributeSource, type PerspectiveAttribute } from '../perspective/attributes';
import type { Quotas } from '../quotas';

export interface PerspectiveRoutesDeps {
  config: Pick<Config, 'MAX_TEXT_LENGTH' | 'SYNC_TIMEOUT_MS' | 'SCORERS' | 'MODEL_PROVIDER'>;
  auth: Authenticator;
  quotas: Quotas;
  /** The synchronous scoring client (made on first use). */
  sync: () => SyncScoringClient;
  suggestions: SuggestionStore;
  /** Where suggestions are also kept as labelled examples (the learning record); absent = not kept as examples. */
  learning?: Pick<LearningRecord, 'addSuggestion'>;
  metrics: ApiMetrics;
}

/** Most sentences scored one by one for `spanAnnotations` (each costs a model pass); the rest share the last span. */
export const MAX_SPANS = 50;

const textEntry = z.object({ text: z.string(), type: z.string().optional() }).strict();
const attributeOptions = z.object({ scoreType: z.string().optional(), scoreThreshold: z.number().min(0).max(1).optional() }).strict();
const common = {
  comment: textEntry,
  context: z.object({ entries: z.array(textEntry).optional() }).strict().optional(),
  languages: z.array(z.string()).optional(),
  clientToken: z.string().optional(),
  sessionId: z.string().optional(),
  doNotStore: z.boolean().optional(),
  communityId: z.string().optional(),
};
const analyzeBody = z.object({
  ...common,
  requestedAttributes: z.record(z.string(), attributeOptions.nullable()),
  spanAnnotations: z.boolean().optional(),
}).strict();
const scoreValue = z.object({ value: z.number().min(0).max(1), type: z.string().optional() }).strict();
const suggestBody = z.object({
  ...common,
  attributeScores: z.record(z.string(), z.object({
    summaryScore: scoreValue.optional(),
    spanScores: z.array(z.object({ begin: z.number().int().min(0), end: z.number().int().min(0), score: scoreValue }).strict()).optional(),
  }).strict()),
}).strict();

const invalid = (message: string, code: ApiErrorCode = 'invalid_value', field?: string) => new ApiError(400, code, message, field);

function parse<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    // Google's own wording for a field it does not know.
    const path = formatPath([...issue.path, issue.keys[0]!]);
    throw invalid(`Invalid JSON payload received. Unknown name "${issue.keys[0]}" at '${formatPath(issue.path) || 'request'}': Cannot find field.`, 'unknown_field', path);
  }
  const field = formatPath(issue.path);
  if (field === 'comment' || field === 'comment.text') throw invalid('Comment must be non-empty: send comment.text.', 'text_empty', 'comment.text');
  if (field === 'requestedAttributes') throw invalid('Request must specify at least one requested attribute in requestedAttributes.', 'missing_attributes', field);
  throw invalid(`${field || 'request'}: ${issue.message}`, 'invalid_value', field || undefined);
}

function checkText(text: string, maxLength: number): void {
  if (text.trim().length === 0) throw invalid('Comment must be non-empty.', 'text_empty', 'comment.text');
  const length = [...text].length;
  if (length > maxLength) throw invalid(`Comment text too long: ${length} characters; the limit is ${maxLength}.`, 'text_too_long', 'comment.text');
  if (!text.isWellFormed()) throw invalid('Comment text is not well-formed Unicode (a lone surrogate).', 'invalid_unicode', 'comment.text');
}

/** `en`, `en-US`, `EN` all mean English; anything else is a language no attribute here serves. */
function checkLanguages(languages: string[] | undefined, attributes: string[]): string[] {
  if (!languages || languages.length === 0) return ['en'];
  const other = languages.filter((l) => !(SUPPORTED_LANGUAGES as readonly string[]).includes(l.toLowerCase().split(/[-_]/)[0]!));
  if (other.length > 0) {
    throw invalid(`Attribute ${attributes[0]} does not support request languages: ${other.join(',')}`, 'language_not_supported', 'languages');
  }
  return languages;
}

/** `TOXICITY` or `TOXICITY@6` → the attribute, or a 400 naming what is wrong with it. */
function resolveAttribute(requested: string, config: PerspectiveRoutesDeps['config']): PerspectiveAttribute {
  const name = requested.split('@')[0]!.toUpperCase();
  if (!isAttribute(name)) {
    throw invalid(`Unknown attribute: ${requested}. This server answers ${ATTRIBUTE_NAMES.join(', ')}.`, 'unknown_attribute', `requestedAttributes.${requested}`);
  }
  if (!isServed(name, config)) {
    throw invalid(`Attribute ${requested} is not served here: it is answered by ${PERSPECTIVE_ATTRIBUTES[name].answeredBy}, and this server runs ${config.SCORERS.join(' + ')} (model provider ${config.MODEL_PROVIDER}).`, 'attribute_not_served', `requestedAttributes.${requested}`);
  }
  return name;
}

/** Sentences with their offsets in the text (UTF-16 code units, end exclusive, trailing spaces left out). */
export function sentenceSpans(text: string): { begin: number; end: number }[] {
  const spans: { begin: number; end: number }[] = [];
  for (const s of new Intl.Segmenter('en', { granularity: 'sentence' }).segment(text)) {
    const trimmed = s.segment.trimEnd();
    const lead = trimmed.length - trimmed.trimStart().length;
    if (trimmed.trim().length === 0) continue;
    spans.push({ begin: s.index + lead, end: s.index + trimmed.length });
  }
  if (spans.length > MAX_SPANS) {
    const last = spans[MAX_SPANS - 1]!;
    last.end = spans[spans.length - 1]!.end;
    spans.length = MAX_SPANS;
  }
  return spans;
}

const probability = (value: number) => ({ value, type: 'PROBABILITY' });

export function createPerspectiveRouter(deps: PerspectiveRoutesDeps): Router {
  const { config, auth, quotas } = deps;
  const router = Router();

  /** Perspective clients send `?key=`; Bearer works too. A missing or bad key is 403 PERMISSION_DENIED, as Google answers. */
  const authenticate = (req: Request) => {
    const fromQuery = typeof req.query.key === 'string' ? req.query.key : undefined;
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1];
    const key = fromQuery ?? bearer;
    if (!key) throw new ApiError(403, 'unauthorized', 'The request is missing a valid API key: pass ?key=<Sieve ingest key> or Authorization: Bearer <key>.');
    const found = auth.lookupKey(key);
    if (!found) throw new ApiError(403, 'unauthorized', 'API key not valid. Please pass a valid API key.');
    if (found.actor.role !== 'ingest' && found.actor.role !== 'admin') {
      throw new ApiError(403, 'forbidden', `The key "${found.actor.name}" has the ${found.actor.role} role; scoring needs an ingest key.`);
    }
    return { id: found.keyDigest, name: found.actor.name };
  };

  const analyzeRoute = '/v1alpha1/comments:analyze';
  router.post('/v1alpha1/comments\\:analyze', async (req: Request, res: Response) => {
    const arrived = Date.now();
    const subject = authenticate(req);
    await quotas.requests(subject, analyzeRoute);
    const body = parse(analyzeBody, req.body);
    const requested = Object.keys(body.requestedAttributes);
    if (requested.length === 0) throw invalid('Request must specify at least one requested attribute in requestedAttributes.', 'missing_attributes', 'requestedAttributes');
    const attributes = requested.map((name) => {
      const opts = body.requestedAttributes[name] ?? {};
      if (opts.scoreType !== undefined && opts.scoreType !== 'PROBABILITY') {
        throw invalid(`Attribute ${name}: scoreType ${opts.scoreType} is not supported; only PROBABILITY is.`, 'invalid_value', `requestedAttributes.${name}.scoreType`);
      }
      return { name, attribute: resolveAttribute(name, config), threshold: opts.scoreThreshold };
    });
    if (body.comment.type !== undefined && body.comment.type !== 'PLAIN_TEXT') {
      throw invalid(`comment.type ${body.comment.type} is not supported; only PLAIN_TEXT is.`, 'invalid_value', 'comment.type');
    }
    const text = body.comment.text;
    checkText(text, config.MAX_TEXT_LENGTH);
    const languages = checkLanguages(body.languages, requested);
    await quotas.comments(subject, 1, analyzeRoute);

    const spans = body.spanAnnotations ? sentenceSpans(text) : [];
    // One job: the whole text, then each sentence (a single sentence is the whole text: no second pass).
    const texts = [text, ...(spans.length > 1 ? spans.map((s) => text.slice(s.begin, s.end)) : [])];
    const scores = await scoreOrAnswerError(deps, texts, arrived);
    const labelOf = (s: SyncTextScore, a: PerspectiveAttribute) => {
      const source: AttributeSource = PERSPECTIVE_ATTRIBUTES[a];
      return Math.max(s.labels[source.label] ?? 0, ...(source.impliedBy ?? []).map((l) => s.labels[l] ?? 0));
    };

    const attributeScores: Record<string, unknown> = {};
    for (const { name, attribute, threshold } of attributes) {
      const summary = labelOf(scores[0]!, attribute);
      if (threshold !== undefined && summary < threshold) continue;
      attributeScores[name] = {
        summaryScore: probability(summary),
        ...(body.spanAnnotations ? {
          spanScores: spans.length > 1
            ? spans.map((s, i) => ({ begin: s.begin, end: s.end, score: probability(labelOf(scores[i + 1]!, attribute)) }))
            : spans.map((s) => ({ begin: s.begin, end: s.end, score: probability(summary) })),
        } : {}),
      };
    }
    res.json({ attributeScores, languages, ...(body.clientToken !== undefined ? { clientToken: body.clientToken } : {}) });
  });

  const suggestRoute = '/v1alpha1/comments:suggestscore';
  router.post('/v1alpha1/comments\\:suggestscore', async (req: Request, res: Response) => {
    const subject = authenticate(req);
    await quotas.requests(subject, suggestRoute);
    const body = parse(suggestBody, req.body);
    checkText(body.comment.text, config.MAX_TEXT_LENGTH);
    const entries = Object.entries(body.attributeScores);
    if (entries.length === 0) throw invalid('Request must suggest a score for at least one attribute in attributeScores.', 'missing_attributes', 'attributeScores');
    const suggestions = entries.map(([name, score]) => {
      const attribute = name.split('@')[0]!.toUpperCase();
      if (!isAttribute(attribute)) throw invalid(`Unknown attribute: ${name}. This server takes suggestions for ${ATTRIBUTE_NAMES.join(', ')}.`, 'unknown_attribute', `attributeScores.${name}`);
      if (!score.summaryScore && !score.spanScores?.length) throw invalid(`attributeScores.${name}: suggest a summaryScore or spanScores.`, 'missing_field', `attributeScores.${name}.summaryScore`);
      return {
        attribute,
        value: score.summaryScore?.value,
        spans: score.spanScores?.map((s) => ({ begin: s.begin, end: s.end, value: s.score.value })),
        text: body.doNotStore ? undefined : body.comment.text,
        communityId: body.communityId,
        clientToken: body.clientToken,
        languages: body.languages,
        by: subject.name,
      };
    });
    await deps.suggestions.add(suggestions);
    // Also a labelled example for the site's retraining (issue #13), unless the caller asked us not to keep the text.
    if (!body.doNotStore && deps.learning) {
      const humanLabels = Object.fromEntries(suggestions.filter((x) => x.value !== undefined)
        .map((x) => [PERSPECTIVE_ATTRIBUTES[x.attribute as PerspectiveAttribute].label, x.value!]));
      await deps.learning.addSuggestion({ text: body.comment.text, humanLabels, section: body.communityId ?? null, by: subject.name });
    }
    res.json(body.clientToken !== undefined ? { clientToken: body.clientToken } : {});
  });

  return router;
}

/**
 * Scores through the workers; past the deadline a 504, a scoring failure a 503 — never a hang. The deadline runs
 * from the request's arrival (`arrived`), so the work done before the wait counts against it too.
 */
export async function scoreOrAnswerError(deps: Pick<PerspectiveRoutesDeps, 'sync' | 'config' | 'metrics'>, texts: string[], arrived: number): Promise<SyncTextScore[]> {
  const end = deps.metrics.sync.startTimer();
  try {
    const scores = await deps.sync().scoreTexts(texts, remaining(deps.config.SYNC_TIMEOUT_MS, arrived));
    end({ outcome: 'scored' });
    return scores;
  } catch (err) {
    if (err instanceof SyncTimeoutError) {
      end({ outcome: 'timeout' });
      throw new ApiError(504, 'scoring_timeout', `Not scored within ${deps.config.SYNC_TIMEOUT_MS} ms (SYNC_TIMEOUT_MS); retry later.`, undefined, { retryAfterSeconds: 1 });
    }
    end({ outcome: 'failed' });
    throw new ApiError(503, 'scoring_failed', `Scoring failed: ${(err as Error).message}`, undefined, { retryAfterSeconds: 1 });
  }
}

/** What is left of the deadline for a request that arrived at `arrived` (0 or less: already past). */
export const remaining = (timeoutMs: number, arrived: number) => timeoutMs - (Date.now() - arrived);
