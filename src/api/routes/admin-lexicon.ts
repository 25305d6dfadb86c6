/**
 * Admin routes for the site's own lexicon terms. Mount behind the admin role:
 *   GET    /v1/admin/lexicon/terms           → 200 { terms: SiteTerm[] }
 *   POST   /v1/admin/lexicon/terms           → 201 SiteTerm   body { term, category, severity, action? }
 *   DELETE /v1/admin/lexicon/terms/:term     → 204, or 404 not_found
 * A change reaches running workers through the store's pub/sub channel (no restart).
 */
import { Router, type Request } from 'express';
import type { z } from 'zod';
import { ApiError, notFound } from '../errors';
import { siteTermInputSchema, type SiteTermStore } from '../../scoring/lexicon/site-terms';

export interface AdminLexiconDeps {
  store: SiteTermStore;
  /** Who is acting (recorded as addedBy), e.g. the API key's name set by the auth middleware. */
  actor?: (req: Request) => string | undefined;
}

export function createAdminLexiconRouter(deps: AdminLexiconDeps): Router {
  const router = Router();

  router.get('/v1/admin/lexicon/terms', async (_req, res) => {
    res.json({ terms: await deps.store.list() });
  });

  router.post('/v1/admin/lexicon/terms', async (req, res) => {
    const body: unknown = req.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new ApiError(400, 'wrong_type', 'body must be a JSON object');
    }
    const parsed = siteTermInputSchema.safeParse(body);
    if (!parsed.success) throw issueToApiError(parsed.error.issues[0]!, body as Record<string, unknown>);
    const term = await deps.store.add(parsed.data, deps.actor?.(req));
    res.status(201).json(term);
  });

  router.delete('/v1/admin/lexicon/terms/:term', async (req, res) => {
    const term = String(req.params.term);
    if (!(await deps.store.remove(term))) throw notFound('lexicon term', term);
    res.status(204).end();
  });

  return router;
}

function issueToApiError(issue: z.core.$ZodIssue, body: Record<string, unknown>): ApiError {
  const field = issue.path.map(String).join('.');
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0]!;
      return new ApiError(400, 'unknown_field', `${key} is not a known field`, key);
    }
    case 'invalid_type':
      return body[field] === undefined
        ? new ApiError(400, 'missing_field', `${field} is required`, field)
        : new ApiError(400, 'wrong_type', `${field} must be a ${issue.expected}`, field);
    default:
      return new ApiError(400, 'invalid_value', `${field}: ${issue.message}`, field);
  }
}
