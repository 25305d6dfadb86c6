/**
 * Score suggestions (`comments:suggestscore`): labelled examples a site sends when it disagrees with a score.
 * One Redis stream entry per suggested attribute, append-only and capped, for the calibration work to read.
 * The text is kept unless the caller said `doNotStore`.
 */
import type { Redis } from 'ioredis';
import type { RedisKeys } from '../redis/keys';

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

/** Roughly how many suggestions are kept (oldest dropped first). */
export const SUGGESTIONS_KEPT = 100_000;

export class SuggestionStore {
  constructor(private readonly redis: Redis, private readonly keys: Pick<RedisKeys, 'perspectiveSuggestions'>) {}

  async add(suggestions: readonly Suggestion[]): Promise<void> {
    const at = new Date().toISOString();
    const pipe = this.redis.pipeline();
    for (const s of suggestions) {
      const fields: string[] = ['at', at, 'by', s.by, 'attribute', s.attribute];
      if (s.value !== undefined) fields.push('value', String(s.value));
      if (s.spans?.length) fields.push('spans', JSON.stringify(s.spans));
      if (s.text !== undefined) fields.push('text', s.text);
      if (s.communityId !== undefined) fields.push('communityId', s.communityId);
      if (s.clientToken !== undefined) fields.push('clientToken', s.clientToken);
      if (s.languages?.length) fields.push('languages', s.languages.join(','));
      pipe.xadd(this.keys.perspectiveSuggestions, 'MAXLEN', '~', String(SUGGESTIONS_KEPT), '*', ...fields);
    }
    const res = (await pipe.exec()) ?? [];
    for (const [err] of res) if (err) throw err;
  }

  /** Newest first (for tests and the calibration tooling). */
  async latest(count: number): Promise<Record<string, string>[]> {
    const rows = await this.redis.xrevrange(this.keys.perspectiveSuggestions, '+', '-', 'COUNT', count);
    return rows.map(([, fields]) => {
      const o: Record<string, string> = {};
      for (let i = 0; i + 1 < fields.length; i += 2) o[fields[i]!] = fields[i + 1]!;
      return o;
    });
  }
}
