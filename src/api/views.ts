/**
 * How a stored comment is shown to the site: its scores, its verdict and — what the site acts on — whether it
 * may be shown now. A human decision overrides the policy's verdict.
 */
import type { CommentRecord } from '../domain/comment';

export type Visibility = 'visible' | 'hidden' | 'pending';

export function visibilityOf(c: CommentRecord): { visibility: Visibility; final: boolean } {
  const state = c.review?.state;
  if (state === 'approved') return { visibility: 'visible', final: true };
  if (state === 'rejected') return { visibility: 'hidden', final: true };
  if (!c.result) return { visibility: 'pending', final: false };
  if (c.result.verdict === 'publish') return { visibility: 'visible', final: true };
  if (c.result.verdict === 'reject') return { visibility: 'hidden', final: false };
  return { visibility: 'pending', final: false };
}

export function commentLinks(c: { id: string; threadId: string }) {
  return { self: `/v1/comments/${encodeURIComponent(c.id)}`, thread: `/v1/threads/${encodeURIComponent(c.threadId)}` };
}

/** The full public view of a comment (GET /v1/comments/:id and the thread view). */
export function commentView(c: CommentRecord) {
  const r = c.result;
  return {
    id: c.id,
    threadId: c.threadId,
    parentId: c.parentId ?? null,
    section: c.section ?? null,
    author: c.author,
    text: c.textRedacted ? null : c.text,
    textRedacted: c.textRedacted ?? false,
    createdAt: c.createdAt,
    metadata: c.metadata ?? {},
    status: c.status,
    acceptedAt: c.acceptedAt,
    scoredAt: c.scoredAt ?? null,
    verdict: r?.verdict ?? null,
    score: r?.score ?? null,
    priority: r?.priority ?? null,
    labels: r?.labels ?? {},
    slurs: r?.slurs ?? [],
    reasons: r?.reasons ?? [],
    unscored: r?.unscored ?? false,
    review: c.review ?? null,
    ...visibilityOf(c),
    links: commentLinks(c),
  };
}

/** The short answer to a submission. */
export function acceptedView(c: CommentRecord, created: boolean) {
  return { id: c.id, threadId: c.threadId, status: c.status, duplicate: !created, verdict: c.result?.verdict ?? null, ...visibilityOf(c), links: commentLinks(c) };
}
