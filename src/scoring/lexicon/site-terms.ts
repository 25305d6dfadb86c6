/**
 * Terms a site adds at runtime (like Coral's banned/suspect words and Discourse's watched words): stored in the
 * PostgreSQL table `site_lexicon_terms` (part of the durable record), and every change is announced on a Redis
 * pub/sub channel so running workers rebuild their matcher without a restart. The table is the truth; the message
 * only says "reload" (a worker that reconnects to Redis reloads too, in case it missed one).
 */
import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import type { Db } from '../../db';
import { z } from 'zod';
import type { RedisKeys } from '../../redis/keys';
import type { Severity, SlurCategory, TermAction } from '../../domain/slurs';
import { patternText } from './lexicon';
import type { LexiconEntry } from './types';
import { categorySchema, severitySchema } from './sources/schema';

export interface SiteTerm {
  term: string;
  category: SlurCategory;
  severity: Severity;
  action: TermAction;
  addedAt: string;
  addedBy?: string;
}

export const siteTermInputSchema = z
  .object({
    term: z.string().trim().min(1).max(100).refine((t) => patternText(t).length > 0, 'must contain a letter or digit'),
    category: categorySchema,
    severity: severitySchema,
    action: z.enum(['flag', 'block']).default('flag'),
  })
  .strict();

export type SiteTermInput = z.input<typeof siteTermInputSchema>;

const storedSchema = z.object({
  term: z.string(),
  category: categorySchema,
  severity: severitySchema,
  action: z.enum(['flag', 'block']),
  addedAt: z.string(),
  addedBy: z.string().optional(),
});

export class SiteTermStore {
  constructor(private readonly redis: Redis, private readonly keys: Pick<RedisKeys, 'siteLexicon' | 'lexiconEvents'>, private readonly db: Db) {}

  /** The row key for a term: its matcher form, so "F-U-C-K" and "fuck" are one term. */
  static keyOf(term: string): string {
    return patternText(term);
  }

  /** Adds or replaces a term (committed first), then tells the workers. */
  async add(input: SiteTermInput, addedBy?: string): Promise<SiteTerm> {
    const parsed = siteTermInputSchema.parse(input);
    const term: SiteTerm = { ...parsed, severity: parsed.severity as Severity, addedAt: new Date().toISOString(), ...(addedBy ? { addedBy } : {}) };
    await this.db.insertInto('site_lexicon_terms')
      .values({ term: SiteTermStore.keyOf(term.term), entry: JSON.stringify(term) })
      .onConflict((oc) => oc.column('term').doUpdateSet({ entry: JSON.stringify(term), updated_at: sql`now()` }))
      .execute();
    await this.announce({ op: 'add', term: term.term });
    return term;
  }

  async list(): Promise<SiteTerm[]> {
    const rows = await this.db.selectFrom('site_lexicon_terms').select('entry').execute();
    const out: SiteTerm[] = [];
    for (const { entry } of rows) {
      const r = storedSchema.safeParse(entry);
      if (r.success) out.push(r.data as SiteTerm); // a malformed entry (hand-edited row) is skipped, not fatal
    }
    return out.sort((a, b) => a.term.localeCompare(b.term));
  }

  /** Removes a term; false if the site had no such term. */
  async remove(term: string): Promise<boolean> {
    const removed = await this.db.deleteFrom('site_lexicon_terms').where('term', '=', SiteTermStore.keyOf(term)).returning('term').execute();
    if (removed.length > 0) await this.announce({ op: 'remove', term });
    return removed.length > 0;
  }

  /**
   * The change is committed; telling the workers is best effort (a worker that missed it reloads when its Redis
   * connection comes back), but a Redis error still reaches the caller so the admin sees the reload may lag.
   */
  private async announce(msg: { op: 'add' | 'remove'; term: string }): Promise<void> {
    await this.redis.publish(this.keys.lexiconEvents, JSON.stringify(msg));
  }

  /**
   * Calls `onChange` on every change, from any process. Uses its own connection (a subscribed connection can do
   * nothing else); the returned function unsubscribes and closes it.
   */
  async subscribe(onChange: () => void): Promise<() => Promise<void>> {
    const sub = this.redis.duplicate();
    sub.on('message', (channel: string) => {
      if (channel === this.keys.lexiconEvents) onChange();
    });
    // After a reconnect we may have missed messages: treat it as a change.
    sub.on('ready', () => onChange());
    await sub.subscribe(this.keys.lexiconEvents);
    return async () => {
      await sub.unsubscribe().catch(() => undefined);
      sub.disconnect();
    };
  }
}

/** Site terms as lexicon entries: whole words, found however they are disguised. */
export function siteTermEntries(terms: readonly SiteTerm[]): LexiconEntry[] {
  return terms.map((t) => ({ term: t.term, category: t.category, severity: t.severity, action: t.action, wholeWord: true, source: 'site' }));
}
