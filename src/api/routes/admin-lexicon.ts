/**
 * Admin routes for the site's own lexicon terms. Mount behind the admin role:
 *   GET    /v1/admin/lexicon/terms           → 200 { terms: SiteTerm[] }
 *   POST   /v1/admin/lexicon/terms           → 201 SiteTerm   body { term, category, severity, action? }
 *   DELETE /v1/admin/lexicon/terms/:term     → 204, or 404 not_found
 * A change reaches running workers through the store's pub/sub channel (no restart).
 */
import { Router, type Request, type RequestHandler } from 'express';
import { ApiError, notFound, toApiError } from '../errors';
import { siteTermInputSchema, type SiteTermStore } from '../../scoring/lexicon/site-terms';

export interface AdminLexiconDeps {
  store: SiteTermStore;
  /** Who is acting (recorded as addedBy), e.g. the API key's name set by the auth middleware. */
  actor?: (req: Request) => string | undefined;
  /** Auth for /v1/admin (the app passes requireRole('admin')). */
  guard?: RequestHandler;
}

export function createAdminLexiconRouter(deps: AdminLexiconDeps): Router {
  const router = Router();
  if (deps.guard) router.use('/v1/admin', deps.guard);

  router.get('/v1/admin/lexicon/terms', async (_req, res) => {
    res.json({ terms: await deps.store.list() });
  });

  router.post('/v1/admin/lexicon/terms', async (req, res) => {
    const body: unknown = req.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new ApiError(400, 'wrong_type', 'body must be a JSON object');
    }
    const parsed = siteTermInputSchema.safeParse(body);
    if (!parsed.success) throw toApiError(parsed.error, body);
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
