/**
 * Score suggestions (`comments:suggestscore`): labelled examples a site sends when it disagrees with a score.
 * One row of PostgreSQL table `perspective_suggestions` per suggested attribute (src/db/migrations/0001_record.ts),
 * append-only, written in one statement per request, for the calibration work to read. They are part of the
 * record: losing Redis loses none. The text is kept unless the caller said `doNotStore`.
 */
import type { Db } from '../db';

export interface Suggestion {
  attribute: string;
  /** The score the caller believes is right, in [0, 1]; absent when only span scores were suggested. */
  value?: number;
  spans?: { begin: number; end: number; value: number }[];
  text?: string;
  communityId?: string;
  clientToken?: string;
  languages?: string[];
  /** Name of the API key that sent it. */
  by: string;
}

/** A stored suggestion: what was sent and when it arrived. */
export type StoredSuggestion = Suggestion & { at: string };

export class SuggestionStore {
  constructor(private readonly db: Db) {}

  async add(suggestions: readonly Suggestion[]): Promise<void> {
    if (suggestions.length === 0) return;
    // JSON drops the fields that are undefined (no text under doNotStore); empty lists are left out too.
    await this.db.insertInto('perspective_suggestions')
      .values(suggestions.map((s) => ({
        suggestion: JSON.stringify({ ...s, spans: s.spans?.length ? s.spans : undefined, languages: s.languages?.length ? s.languages : undefined }),
      })))
      .execute();
  }

  /** Newest first (for tests and the calibration tooling). */
  async latest(count: number): Promise<StoredSuggestion[]> {
    const rows = await this.db.selectFrom('perspective_suggestions').select(['at', 'suggestion'])
      .orderBy('id', 'desc').limit(count).execute();
    return rows.map((r) => ({ ...(r.suggestion as Suggestion), at: r.at.toISOString() }));
  }
}
