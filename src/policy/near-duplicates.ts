/**
 * When two comments are one raid: the rule the store applies when a scored comment arrives with a near-duplicate
 * signature (src/domain/score.ts, computed by src/scoring/near-duplicate.ts). Pure functions, so the store's
 * query only has to find the candidates (comments in the window sharing a band key) and this decides.
 *
 * A comment joins the group of the candidates it is near — same scheme, within the window, MinHash agreement at
 * least the configured similarity — and bridges groups it is near to. The group id is the id of its first comment.
 * `NearDuplicateIndex` is the same rule over an in-memory index: the reference the store's tests and the bench
 * compare with.
 */
import type { NearDuplicateSignature } from '../domain/score';

export interface NearDuplicateRule {
  /** NEAR_DUPLICATE_SIMILARITY. */
  similarity: number;
  /** NEAR_DUPLICATE_WINDOW_SECONDS in ms: how far apart in time two comments of one raid may be. */
  windowMs: number;
}

export interface GroupCandidate {
  commentId: string;
  /** The group it belongs to (its own id when it started one). */
  groupId: string;
  signature: NearDuplicateSignature;
  /** When it was accepted, ms since the epoch. */
  at: number;
}

const decoded = new WeakMap<NearDuplicateSignature, Int32Array>();
function values(s: NearDuplicateSignature): Int32Array {
  let v = decoded.get(s);
  if (!v) {
    const b = Buffer.from(s.minhash, 'base64');
    v = new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    decoded.set(s, v);
  }
  return v;
}

/** Estimated Jaccard similarity of the two texts' shingle sets: the share of MinHash positions that agree. 0 across schemes. */
export function similarity(a: NearDuplicateSignature, b: NearDuplicateSignature): number {
  if (a.scheme !== b.scheme) return 0;
  const x = values(a);
  const y = values(b);
  if (x.length !== y.length || x.length === 0) return 0;
  let same = 0;
  for (let i = 0; i < x.length; i++) if (x[i] === y[i]) same++;
  return same / x.length;
}

/**
 * The group a new comment joins, or null when no candidate is near enough (it then starts its own). When it is
 * near members of several groups it bridges them: it joins the oldest group (the one whose near member came
 * first) and `merge` lists the others, which the store folds into it — a raid whose first comments happened to
 * differ more from each other than from later ones still ends up one group.
 */
export function pickGroup(signature: NearDuplicateSignature, at: number, candidates: readonly GroupCandidate[], rule: NearDuplicateRule): { groupId: string; similarity: number; merge: string[] } | null {
  const near = new Map<string, { at: number; similarity: number }>();
  for (const c of candidates) {
    if (Math.abs(at - c.at) > rule.windowMs) continue;
    const s = similarity(signature, c.signature);
    if (s < rule.similarity) continue;
    const seen = near.get(c.groupId);
    near.set(c.groupId, { at: Math.min(seen?.at ?? Infinity, c.at), similarity: Math.max(seen?.similarity ?? 0, s) });
  }
  if (near.size === 0) return null;
  const [first, ...rest] = [...near.entries()].sort((a, b) => a[1].at - b[1].at || (a[0] < b[0] ? -1 : 1));
  return { groupId: first![0], similarity: Math.max(...[...near.values()].map((n) => n.similarity)), merge: rest.map(([g]) => g) };
}

/** In-memory index of recent signatures by band key, applying pickGroup; entries older than the window are dropped. */
export class NearDuplicateIndex {
  private readonly byBand = new Map<string, GroupCandidate[]>();
  private readonly entries = new Map<string, GroupCandidate>();
  private readonly members = new Map<string, GroupCandidate[]>();
  private readonly order: GroupCandidate[] = [];
  private head = 0;

  constructor(private readonly rule: NearDuplicateRule) {}

  /** The group a comment is in now (groups merge as bridging comments arrive); undefined once it left the window. */
  groupOf(commentId: string): string | undefined {
    return this.entries.get(commentId)?.groupId;
  }

  /** Adds a comment (in arrival order) and returns the id of the group it belongs to. */
  add(commentId: string, signature: NearDuplicateSignature | undefined, at: number): string {
    this.evict(at);
    if (!signature) return commentId;
    const seen = new Set<string>();
    const candidates: GroupCandidate[] = [];
    for (const band of signature.bands) {
      for (const c of this.byBand.get(band) ?? []) {
        if (!seen.has(c.commentId)) {
          seen.add(c.commentId);
          candidates.push(c);
        }
      }
    }
    const picked = pickGroup(signature, at, candidates, this.rule);
    const groupId = picked?.groupId ?? commentId;
    const entry: GroupCandidate = { commentId, groupId, signature, at };
    const members = this.members.get(groupId) ?? [];
    for (const merged of picked?.merge ?? []) {
      for (const m of this.members.get(merged) ?? []) {
        m.groupId = groupId;
        members.push(m);
      }
      this.members.delete(merged);
    }
    members.push(entry);
    this.members.set(groupId, members);
    this.entries.set(commentId, entry);
    for (const band of signature.bands) {
      const list = this.byBand.get(band);
      if (list) list.push(entry);
      else this.byBand.set(band, [entry]);
    }
    this.order.push(entry);
    return groupId;
  }

  private evict(now: number): void {
    while (this.head < this.order.length && now - this.order[this.head]!.at > this.rule.windowMs) {
      const old = this.order[this.head++]!;
      this.entries.delete(old.commentId);
      const members = this.members.get(old.groupId)?.filter((c) => c !== old);
      if (members && members.length > 0) this.members.set(old.groupId, members);
      else this.members.delete(old.groupId);
      for (const band of old.signature.bands) {
        const list = this.byBand.get(band)?.filter((c) => c !== old);
        if (list && list.length > 0) this.byBand.set(band, list);
        else this.byBand.delete(band);
      }
    }
    if (this.head > 1024 && this.head * 2 > this.order.length) {
      this.order.splice(0, this.head);
      this.head = 0;
    }
  }
}
