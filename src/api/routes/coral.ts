/**
 * Coral's external moderation phase: `POST /v1/integrations/coral/phase`.
 *
 * Coral (coralproject/talk, services/comments/pipeline/phases/external.ts) POSTs every new or edited comment,
 * JSON-serialised with two-space indentation, signed in `X-Coral-Signature` as `sha256=<hex HMAC-SHA256 of the
 * raw body>` — one per active signing secret, comma-separated while a secret is being rotated. We check the raw
 * bytes against every secret in CORAL_PHASE_SECRETS (constant time) before reading anything.
 *
 * The answer is what Coral's phase understands: 204 (nothing to say: the comment goes on through Coral's own
 * pipeline) when the policy would publish; `{status: SYSTEM_WITHHELD, actions: [FLAG COMMENT_DETECTED_TOXIC]}`
 * when it would hold the comment for review; `REJECTED` with the same action when it would reject it.
 *
 * Unless CORAL_PHASE_RECORD=false the comment is recorded like an ingested one (thread = story id, author = the
 * Coral user), so Sieve's review queue, history and calibration see it; it is scored through the workers within
 * SYNC_TIMEOUT_MS. Past the deadline Coral gets a 504 (its phase then carries on without us) and the recorded
 * comment is still scored, and held in Sieve's review queue if the policy says so.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Config } from '../../config';
import type { CommentInput } from '../../domain/comment';
import type { Verdict } from '../../domain/verdicts';
import type { ApiMetrics } from '../../ops/metrics';
import { SyncTimeoutError, type SyncScoringClient } from '../../queue/sync-scoring';
import type { CommentStore } from '../../store/comments';
import { ApiError } from '../errors';
import type { Quotas } from '../quotas';
import { ID_PATTERN } from '../validation';
import { remaining, scoreOrAnswerError } from './perspective';

export interface CoralRoutesDeps {
  config: Pick<Config, 'CORAL_PHASE_SECRETS' | 'CORAL_PHASE_RECORD' | 'SYNC_TIMEOUT_MS' | 'MAX_TEXT_LENGTH' | 'SCORERS' | 'MODEL_PROVIDER'>;
  quotas: Quotas;
  /** The synchronous scoring client (made on first use). */
  sync: () => SyncScoringClient;
  store: CommentStore;
  metrics: ApiMetrics;
}

export const CORAL_PHASE_PATH = '/v1/integrations/coral/phase';
export const SIGNATURE_HEADER = 'X-Coral-Signature';

/**
 * What Coral sends (ExternalModerationRequest). Fields we do not use are allowed through: Coral adds fields over
 * time, and refusing them would silently switch the phase off for every comment.
 */
const phaseRequest = z.object({
  action: z.enum(['NEW', 'EDIT']),
  comment: z.object({ body: z.string(), parentID: z.string().nullable().optional() }).passthrough(),
  author: z.object({ id: z.string().min(1), role: z.string().optional() }).passthrough(),
  story: z.object({ id: z.string().min(1), url: z.string().optional() }).passthrough(),
  site: z.object({ id: z.string().optional() }).passthrough().optional(),
  tenantID: z.string().min(1),
  tenantDomain: z.string().optional(),
}).passthrough();
type PhaseRequest = z.output<typeof phaseRequest>;

/** True when one of the header's `sha256=<hex>` signatures is the HMAC of the body under one of the secrets. */
export function verifyCoralSignature(header: string | undefined, rawBody: Buffer, secrets: readonly string[]): boolean {
  if (!header) return false;
  const given = header.split(',').map((s) => s.trim()).filter((s) => s.startsWith('sha256=')).map((s) => s.slice('sha256='.length));
  let ok = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    for (const hex of given) {
      if (!/^[0-9a-f]{64}$/i.test(hex)) continue;
      // Every pair is compared (no early exit), in constant time.
      if (timingSafeEqual(expected, Buffer.from(hex, 'hex'))) ok = true;
    }
  }
  return ok;
}

const hash = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex');
/** Coral's ids are UUIDs (fine as they are); anything else is hashed into our id alphabet. */
const safeId = (value: string, kind: string) => (ID_PATTERN.test(value) ? value : `coral-${kind}-${hash(value).slice(0, 32)}`);

/**
 * The phase runs before Coral has a comment id, so the record's id is derived from what identifies the comment:
 * tenant, story, author, parent, action and text. Coral calling again for the same comment finds the record.
 */
function toComment(r: PhaseRequest): CommentInput {
  return {
    id: `coral-${hash(r.tenantID, r.story.id, r.author.id, r.comment.parentID ?? '', r.action, r.comment.body).slice(0, 40)}`,
    threadId: safeId(r.story.id, 'story'),
    author: { id: r.author.id.slice(0, 128) },
    text: r.comment.body,
    createdAt: new Date().toISOString(),
    metadata: {
      source: 'coral',
      action: r.action,
      tenantID: r.tenantID,
      ...(r.tenantDomain ? { tenantDomain: r.tenantDomain } : {}),
      ...(r.site?.id ? { siteID: r.site.id } : {}),
      storyID: r.story.id,
      ...(r.story.url ? { storyURL: r.story.url } : {}),
      ...(r.author.role ? { authorRole: r.author.role } : {}),
      ...(r.comment.parentID ? { parentID: r.comment.parentID } : {}),
    },
  };
}

const FLAG_TOXIC = [{ actionType: 'FLAG', reason: 'COMMENT_DETECTED_TOXIC' }];

function answer(res: Response, verdict: Verdict): void {
  if (verdict === 'publish') return void res.status(204).end();
  res.json({ status: verdict === 'reject' ? 'REJECTED' : 'SYSTEM_WITHHELD', actions: FLAG_TOXIC });
}

export function createCoralRouter(deps: CoralRoutesDeps): Router {
  const { config } = deps;
  const router = Router();

  router.post(CORAL_PHASE_PATH, async (req: Request, res: Response) => {
    const arrived = Date.now();
    if (config.CORAL_PHASE_SECRETS.length === 0) {
      throw new ApiError(404, 'integration_not_configured', 'the Coral phase is off: set CORAL_PHASE_SECRETS to the phase\'s signing secret');
    }
    const raw = (req as Request & { rawBody?: Buffer }).rawBody;
    const header = req.get(SIGNATURE_HEADER);
    if (!header) throw new ApiError(401, 'signature_missing', `an unsigned call: Coral signs every phase request in ${SIGNATURE_HEADER}`);
    if (!raw || !verifyCoralSignature(header, raw, config.CORAL_PHASE_SECRETS)) {
      throw new ApiError(401, 'signature_invalid', `${SIGNATURE_HEADER} does not match the body under any secret in CORAL_PHASE_SECRETS`);
    }
    await deps.quotas.requests({ id: 'coral', name: 'coral' }, CORAL_PHASE_PATH);

    const parsed = phaseRequest.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.');
      throw new ApiError(400, 'invalid_value', `${field || 'body'}: ${issue.message}`, field || undefined);
    }
    const request = parsed.data;
    // Nothing to read (an image-only comment): nothing to say, as Coral's own toxicity phase does.
    if (request.comment.body.trim().length === 0) return void res.status(204).end();
    const length = [...request.comment.body].length;
    if (length > config.MAX_TEXT_LENGTH) {
      throw new ApiError(400, 'text_too_long', `text is ${length} characters; the limit is ${config.MAX_TEXT_LENGTH}`, 'comment.body');
    }
    await deps.quotas.comments({ id: 'coral', name: 'coral' }, 1, CORAL_PHASE_PATH);

    if (!config.CORAL_PHASE_RECORD) {
      const [score] = await scoreOrAnswerError(deps, [request.comment.body], arrived);
      return answer(res, score!.verdict);
    }

    const [outcome] = await deps.store.accept([toComment(request)]);
    const record = outcome!.record;
    if (record.status !== 'queued' && record.result) return answer(res, record.result.verdict);
    const end = deps.metrics.sync.startTimer();
    try {
      const result = await deps.sync().scoreComment(record.id, remaining(config.SYNC_TIMEOUT_MS, arrived));
      if (!('verdict' in result)) throw new Error('the recorded comment is gone');
      end({ outcome: 'scored' });
      answer(res, result.verdict);
    } catch (err) {
      if (err instanceof SyncTimeoutError) {
        end({ outcome: 'timeout' });
        throw new ApiError(504, 'scoring_timeout', `not scored within ${config.SYNC_TIMEOUT_MS} ms (SYNC_TIMEOUT_MS); the comment is recorded and will be scored`, undefined, { retryAfterSeconds: 1 });
      }
      end({ outcome: 'failed' });
      throw new ApiError(503, 'scoring_failed', `scoring failed: ${(err as Error).message}`, undefined, { retryAfterSeconds: 1 });
    }
  });

  return router;
}
